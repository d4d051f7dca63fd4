package app

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// inDialog is the window's top dialog's entry and its button labelled button.
func inDialog(t *testing.T, w fyne.Window, button string) (*dialogEntry, *widget.Button) {
	t.Helper()
	var entry *dialogEntry
	var b *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		switch x := o.(type) {
		case *dialogEntry:
			entry = x
		case *widget.Button:
			if x.Text == button {
				b = x
			}
		}
	}
	if entry == nil || b == nil {
		t.Fatalf("no dialog with an entry and %q: %s", button, dialogText(w))
	}
	return entry, b
}

// menuText is the text of the items of the pop-up menu on top.
func menuText(w fyne.Window) string {
	var parts []string
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if t, ok := o.(*canvas.Text); ok {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, " | ")
}

// waitForFile waits until the background writer has put path in place
// (it is written whole, then renamed).
func waitForFile(t *testing.T, path string) []byte {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil {
			return b
		}
	}
	t.Fatalf("%s was not written within 20 s", path)
	return nil
}

// TestAnalyseReports writes the codebook report (.html, then .docx with
// one example passage per code) and the project summary (.json) from the
// Analyse tab's Reports… menu and the File menu, through the Save as
// dialog, as a user would.
func TestAnalyseReports(t *testing.T) {
	wb, w := newTestWorkbench(t)
	codeAs(t, wb, "alice", "Conflict", "cyber vandalism")
	codeAs(t, wb, "bob", "Conflict", "cyber vandalism")
	showAnalyse(t, wb, analyseFrequencies)
	dir := t.TempDir()

	test.Tap(wb.Analyse.Reports)
	if text := menuText(w); !strings.Contains(text, "Codebook report (.html, .docx)…") || !strings.Contains(text, "Project summary (.html, .json)…") {
		t.Errorf("Reports… offers %q", text)
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	wb.Analyse.CodebookReport.Action()
	examples, next := inDialog(t, w, "Next…")
	if examples.Text != "3" {
		t.Errorf("example passages offered: %q, want 3", examples.Text)
	}
	test.Tap(next)
	path, save := inDialog(t, w, "Save")
	if !strings.HasSuffix(path.Text, " codebook.html") {
		t.Errorf("suggested %q", path.Text)
	}
	page := filepath.Join(dir, "codebook.html")
	path.SetText(page)
	test.Tap(save)
	html := string(waitForFile(t, page))
	for _, want := range []string{`<span class="path">Conflict</span>`, "cyber vandalism</blockquote>", `<span class="path">Trust</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("the codebook page lacks %q", want)
		}
	}

	wb.Analyse.CodebookReport.Action()
	examples, next = inDialog(t, w, "Next…")
	examples.SetText("1")
	test.Tap(next)
	path, save = inDialog(t, w, "Save")
	doc := filepath.Join(dir, "codebook.docx")
	path.SetText(doc)
	test.Tap(save)
	waitForFile(t, doc)
	z, err := zip.OpenReader(doc)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	r, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(body), "cyber vandalism</w:t>"); got != 1 {
		t.Errorf("the .docx shows %d passages of Conflict, want 1 (one example per code)", got)
	}

	// File → Export project summary… is the same as Reports… → Project summary….
	menuItemNamed(t, wb.MainMenu(), "File", "Export project summary (.html, .json)…").Action()
	path, save = inDialog(t, w, "Save")
	summary := filepath.Join(dir, "summary.json")
	path.SetText(summary)
	test.Tap(save)
	var s struct {
		Codings   int
		Agreement []struct{ A, B string }
	}
	if err := json.Unmarshal(waitForFile(t, summary), &s); err != nil || s.Codings != 2 || len(s.Agreement) != 1 || s.Agreement[0].A != "alice" {
		t.Errorf("summary %+v, %v", s, err)
	}
}
