package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Importing a folder where some files are already in the project says so
// per file, instead of "Imported 3 of 4 files".
func TestImportReportPerFile(t *testing.T) {
	wb, w := newTestWorkbench(t)
	dir := t.TempDir()
	sony, err := wb.project.DocumentNamed(sonyArticle)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a-new.txt":     "An interview about trust and treaties.",
		"b-same.txt":    sony.Text, // the sample article under another name
		"c-new.md":      "# Notes\n\nSovereignty comes first.",
		"d-broken.docx": "not a zip",
	}
	var paths []string
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	got := make(chan *importReport, 1)
	wb.importFiles(paths, nil, func(r *importReport) { got <- r })
	r := await(t, got, "the import")
	if r == nil {
		t.Fatal("no report after importing four files")
	}
	if want := "Import: 2 added, 1 already in the project, 1 failed"; r.Summary.Text != want || wb.LastAction.Text != want {
		t.Errorf("summary %q, status %q; want %q", r.Summary.Text, wb.LastAction.Text, want)
	}
	lines := map[string]string{}
	for _, l := range r.Lines {
		lines[strings.SplitN(l.Text, ":", 2)[0]] = l.Text
	}
	for name, want := range map[string]string{
		"✓ a-new.txt":     `added as "a-new.txt" (`,
		"= b-same.txt":    `already in the project as "` + sonyArticle + `"`,
		"✓ c-new.md":      "added",
		"✗ d-broken.docx": "failed: ",
	} {
		if !strings.Contains(lines[name], want) {
			t.Errorf("line for %s: %q, want it to contain %q (lines %q)", name, lines[name], want, lines)
		}
	}
	if !strings.Contains(overlayText(w), "2 added, 1 already in the project, 1 failed") {
		t.Error("the report is not on screen")
	}
	if len(wb.st.docs) != 4 {
		t.Errorf("%d documents, want the 2 sample articles and 2 new ones", len(wb.st.docs))
	}
}
