package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestResolveSavePath(t *testing.T) {
	dir := filepath.Join("/", "data", "study")
	home := filepath.Join("/", "home", "ana")
	tests := []struct {
		typed, want, err string
	}{
		{"codings.csv", filepath.Join(dir, "codings.csv"), ""},
		{"codings", filepath.Join(dir, "codings.csv"), ""},
		{"  codings  ", filepath.Join(dir, "codings.csv"), ""},
		{"Codings.CSV", filepath.Join(dir, "Codings.CSV"), ""},
		{"notes.v2", filepath.Join(dir, "notes.v2.csv"), ""},
		{"/tmp/x/codings.csv", filepath.Join("/", "tmp", "x", "codings.csv"), ""},
		{"/tmp/x/codings", filepath.Join("/", "tmp", "x", "codings.csv"), ""},
		{"~/exports/codings.csv", filepath.Join(home, "exports", "codings.csv"), ""},
		{"~/codings", filepath.Join(home, "codings.csv"), ""},
		{"sub/codings.csv", filepath.Join(dir, "sub", "codings.csv"), ""},
		{"../codings.csv", filepath.Join("/", "data", "codings.csv"), ""},
		{"", "", "type a file name"},
		{"   ", "", "type a file name"},
		{"~", "", "after ~/"},
		{"/tmp/x/", "", "is a folder"},
	}
	for _, tt := range tests {
		got, err := resolveSavePath(tt.typed, dir, home, ".csv")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("resolveSavePath(%q) = %q, %v; want an error containing %q", tt.typed, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("resolveSavePath(%q) = %q, %v; want %q", tt.typed, got, err, tt.want)
		}
	}
}

// The Save as dialog: a full path typed in the entry is honoured (Fyne's
// own dialog joined it to its folder), Enter saves, an existing file is
// replaced only after "Replace X?", a missing folder is named, and the
// folder is remembered for next time.
func TestSaveAsDialog(t *testing.T) {
	wb, w := newTestWorkbench(t)
	projectDir := filepath.Dir(wb.project.Path())
	other := t.TempDir()

	var saved []string
	save := func(p string) { saved = append(saved, p) }

	s := wb.newSaveAs("sample codings", ".csv", save)
	if want := filepath.Join(projectDir, "sample codings.csv"); s.Path.Text != want {
		t.Errorf("first suggestion %q, want %q (the project's folder)", s.Path.Text, want)
	}
	if w.Canvas().Focused() != s.Path {
		t.Error("the path entry does not have focus")
	}
	s.Path.SetText(filepath.Join(other, "x", "codings.csv"))
	s.Path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(saved) != 0 || !s.Error.Visible() || !strings.Contains(s.Error.Text, filepath.Join(other, "x")) {
		t.Fatalf("saving into a missing folder: saved %q, error %q (visible %v); want an error naming %s", saved, s.Error.Text, s.Error.Visible(), filepath.Join(other, "x"))
	}
	s.Path.SetText(filepath.Join(other, "codings"))
	s.Path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if want := filepath.Join(other, "codings.csv"); len(saved) != 1 || saved[0] != want {
		t.Fatalf("typed a full path and pressed Enter: saved %q, want [%s]", saved, want)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the dialog is still open after saving")
	}

	// Next time: the folder saved to, and an existing file asks first.
	if err := os.WriteFile(filepath.Join(other, "sample codings.csv"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = wb.newSaveAs("sample codings", ".csv", save)
	if want := filepath.Join(other, "sample codings.csv"); s.Path.Text != want {
		t.Errorf("second suggestion %q, want %q (the folder last saved to)", s.Path.Text, want)
	}
	test.Tap(s.Save)
	if len(saved) != 1 {
		t.Fatalf("an existing file was replaced without asking: %q", saved)
	}
	if msg := overlayText(w); !strings.Contains(msg, "Replace sample codings.csv?") {
		t.Fatalf("overlay says %q, want Replace sample codings.csv?", msg)
	}
	pressKey(w, fyne.KeyEscape) // no: back to the Save as dialog
	if len(saved) != 1 || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("Escape on Replace?: saved %q, dialog open %v; want nothing saved and Save as still open", saved, w.Canvas().Overlays().Top() != nil)
	}
	test.Tap(s.Save)
	pressKey(w, fyne.KeyReturn) // yes
	if len(saved) != 2 || saved[1] != filepath.Join(other, "sample codings.csv") {
		t.Fatalf("Enter on Replace?: saved %q", saved)
	}

	// A relative name goes in the folder shown; Browse replaces the folder part.
	s = wb.newSaveAs("c", ".csv", save)
	sub := filepath.Join(other, "sub")
	os.Mkdir(sub, 0o755)
	s.setFolder(sub)
	if want := filepath.Join(sub, "c.csv"); s.Path.Text != want {
		t.Errorf("after choosing a folder: %q, want %q", s.Path.Text, want)
	}
	s.Path.SetText("renamed")
	pressKey(w, fyne.KeyReturn)
	if want := filepath.Join(sub, "renamed.csv"); len(saved) != 3 || saved[2] != want {
		t.Errorf("a relative name: saved %q, want …%s", saved, want)
	}

	// Escape (typed in the focused entry) cancels.
	s = wb.newSaveAs("d", ".csv", save)
	s.Path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(saved) != 3 || w.Canvas().Overlays().Top() != nil {
		t.Errorf("Escape: saved %q, dialog open %v", saved, w.Canvas().Overlays().Top() != nil)
	}
}

// pressKey sends a key as the window does: to the focused widget, or to the
// canvas when nothing has focus.
func pressKey(w fyne.Window, k fyne.KeyName) {
	e := &fyne.KeyEvent{Name: k}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(e)
		return
	}
	if h := w.Canvas().OnTypedKey(); h != nil {
		h(e)
	}
}

// overlayText is the text of the labels in the top overlay.
func overlayText(w fyne.Window) string {
	var texts []string
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	for _, o := range test.LaidOutObjects(top) {
		switch l := o.(type) {
		case *widget.Label:
			texts = append(texts, l.Text)
		case *widget.RichText:
			texts = append(texts, l.String())
		}
	}
	return strings.Join(texts, "\n")
}

// Every kind of dialog answers Enter and Escape: Enter confirms (or closes
// a message), Escape cancels, whether the key reaches the canvas (nothing
// focused) or an entry in the dialog.
func TestDialogKeys(t *testing.T) {
	type result struct{ answered, confirmed bool }
	kinds := []struct {
		name string
		show func(wb *Workbench, r *result)
		// what Enter and Escape should leave in r
		enter, escape result
	}{
		{"error", func(wb *Workbench, r *result) { showError(wb.win, os.ErrNotExist) }, result{}, result{}},
		{"information", func(wb *Workbench, r *result) { showInformation("About", "text", wb.win) }, result{}, result{}},
		{"confirm", func(wb *Workbench, r *result) {
			showConfirm("Delete code", "Sure?", func(ok bool) { *r = result{true, ok} }, wb.win)
		}, result{true, true}, result{true, false}},
		{"custom confirm", func(wb *Workbench, r *result) {
			showCustomConfirm("Show codings of", "Show", "Cancel", widget.NewCheckGroup([]string{"alice"}, nil), func(ok bool) { *r = result{true, ok} }, wb.win, fyne.Size{})
		}, result{true, true}, result{true, false}},
		{"custom", func(wb *Workbench, r *result) {
			showCustom("Keyboard shortcuts", "Close", widget.NewLabel("x"), wb.win, fyne.Size{})
		}, result{}, result{}},
		{"form, entry focused", func(wb *Workbench, r *result) {
			wb.askText("New code", "Create", "Name", "", "Risk", func(string) { *r = result{true, true} }, func() { *r = result{true, false} })
		}, result{true, true}, result{true, false}},
		{"form, nothing focused", func(wb *Workbench, r *result) {
			wb.askText("New code", "Create", "Name", "", "Risk", func(string) { *r = result{true, true} }, func() { *r = result{true, false} })
			wb.win.Canvas().Unfocus()
		}, result{true, true}, result{true, false}},
		{"memo form (multi-line)", func(wb *Workbench, r *result) {
			wb.documentMemoDialog()
			wb.win.Canvas().Unfocus()
		}, result{}, result{}},
		{"export project options", func(wb *Workbench, r *result) { wb.exportProjectDialog() }, result{}, result{}},
	}
	for _, k := range kinds {
		for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
			t.Run(k.name+"/"+string(key), func(t *testing.T) {
				wb, w := newTestWorkbench(t)
				var r result
				k.show(wb, &r)
				first := w.Canvas().Overlays().Top()
				if first == nil {
					t.Fatal("no dialog shown")
				}
				pressKey(w, key)
				want := k.enter
				if key == fyne.KeyEscape {
					want = k.escape
				}
				if r != want {
					t.Errorf("after %s: answered %v, confirmed %v; want %v, %v", key, r.answered, r.confirmed, want.answered, want.confirmed)
				}
				if k.name == "export project options" && key == fyne.KeyReturn {
					// Enter chose "Choose file…": the Save as dialog replaces the options.
					if !strings.Contains(overlayText(w), "") || w.Canvas().Overlays().Top() == first || w.Canvas().Overlays().Top() == nil {
						t.Error("Enter on the export options did not go on to Save as")
					}
					return
				}
				if top := w.Canvas().Overlays().Top(); top == first {
					t.Errorf("%s left the dialog open", key)
				}
			})
		}
	}
}

// The codebook preview imports on Enter and closes on Escape.
func TestCodebookPreviewKeys(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		wb, w := newTestWorkbench(t)
		path := filepath.Join(t.TempDir(), "book.qdc")
		if err := os.WriteFile(path, []byte(`<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>
<Code guid="5b2a3f8e-2c1d-4e5f-9a7b-0c1d2e3f4a5b" name="Risk" isCodable="true"/>
</Codes></CodeBook>`), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wb.previewCodebook(path); err != nil {
			t.Fatal(err)
		}
		pressKey(w, key)
		_, added := wb.st.codebook.ByPath("Risk")
		if added != (key == fyne.KeyReturn) {
			t.Errorf("%s on the codebook preview: Risk imported %v", key, added)
		}
		if w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s left the preview open", key)
		}
	}
}

// After choosing in a drop-down or ticking a box in a dialog (which gives
// that widget the focus), Enter still confirms the dialog.
func TestEnterConfirmsAfterAChoice(t *testing.T) {
	wb, w := newTestWorkbench(t)
	norms, _ := wb.st.codebook.ByPath("Norms")
	wb.moveCode(norms.ID)
	var pick *widget.Select
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			pick = s
		}
	}
	if pick == nil {
		t.Fatal("the Move dialog has no code choice")
	}
	w.Canvas().Focus(pick)
	pick.SetSelected("Trust")
	if w.Canvas().Focused() != nil {
		t.Fatalf("the choice keeps the focus (%T): Enter would not reach the dialog", w.Canvas().Focused())
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := wb.st.codebook.Path(norms.ID); got != "Trust > Norms" {
		t.Errorf("Enter after choosing Trust: Norms is at %q", got)
	}
}

// TestSaveAsTypes: a dialog offering .xlsx and .csv swaps the extension
// when the type is chosen, and takes a name typed with either.
func TestSaveAsTypes(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	dir := t.TempDir()
	var saved []string
	save := func(p string) { saved = append(saved, p) }
	s := wb.newSaveAs("frequencies", ".xlsx", save, ".csv")
	if s.Format == nil || !strings.HasSuffix(s.Path.Text, "frequencies.xlsx") {
		t.Fatalf("suggested %q, type choice %v", s.Path.Text, s.Format)
	}
	s.Format.SetSelected(".csv")
	if !strings.HasSuffix(s.Path.Text, "frequencies.csv") {
		t.Errorf("after choosing .csv the name reads %q", s.Path.Text)
	}
	s.Path.SetText(filepath.Join(dir, "table"))
	s.submit()
	s = wb.newSaveAs("frequencies", ".xlsx", save, ".csv")
	s.Path.SetText(filepath.Join(dir, "typed.csv"))
	s.submit()
	if want := []string{filepath.Join(dir, "table.csv"), filepath.Join(dir, "typed.csv")}; strings.Join(saved, "|") != strings.Join(want, "|") {
		t.Errorf("saved %q, want %q", saved, want)
	}
}
