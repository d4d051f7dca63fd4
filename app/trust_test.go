package app

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Tests of what a new user tripped over (issue 8), one per item.

// codeNamed is the stored code at path, read from the project, not the window.
func codeNamed(t *testing.T, wb *Workbench, path string) (coding.Code, bool) {
	t.Helper()
	cb, err := wb.project.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	return cb.ByPath(path)
}

// 1. Code details are stored as the user edits: Enter, leaving the field,
// or selecting another code; each edit is undoable.
func TestCodeDetailsAreStoredWithoutApply(t *testing.T) {
	wb, w := newTestWorkbench(t)
	norms, _ := wb.st.codebook.ByPath("Norms")
	trust, _ := wb.st.codebook.ByPath("Trust")
	d := wb.Codes.Details

	// Rename, Enter.
	test.Tap(codeRowFor(t, w, wb, "Norms"))
	w.Canvas().Focus(d.Name)
	d.Name.SetText("International norms")
	d.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := codeNamed(t, wb, "International norms"); !ok {
		t.Fatal("Enter in the name field did not store the rename")
	}
	if got := codeRowFor(t, w, wb, "International norms").name.Text; got != "International norms" {
		t.Errorf("the tree shows %q after the rename", got)
	}

	// Rename, then select another code without pressing anything.
	w.Canvas().Focus(d.Name)
	d.Name.SetText("Cyber norms")
	test.Tap(codeRowFor(t, w, wb, "Trust"))
	if _, ok := codeNamed(t, wb, "Cyber norms"); !ok {
		t.Fatal("a rename followed by a click on another code was thrown away")
	}
	if d.Name.Text != "Trust" || d.id != trust.ID {
		t.Errorf("after selecting Trust the details show %q", d.Name.Text)
	}

	// A definition, then Tab (the field loses the focus).
	w.Canvas().Focus(d.Definition)
	d.Definition.SetText("Confidence that the other side keeps its word.")
	w.Canvas().FocusNext()
	if c, _ := codeNamed(t, wb, "Trust"); c.Description.Definition != "Confidence that the other side keeps its word." {
		t.Errorf("leaving the definition did not store it: %q", c.Description.Definition)
	}

	// A pause while typing stores the edit too.
	var later func()
	d.after = func(_ time.Duration, f func()) { later = f }
	w.Canvas().Focus(d.Memo)
	test.Type(d.Memo, "check with bob")
	if later == nil {
		t.Fatal("typing in the memo scheduled no save")
	}
	later()
	if c, _ := codeNamed(t, wb, "Trust"); c.Memo != "check with bob" {
		t.Errorf("the memo after a pause: %q", c.Memo)
	}
	if d.Memo.Text != "check with bob" {
		t.Errorf("storing the memo changed the field to %q", d.Memo.Text)
	}

	// Each edit is one undo step; the first undo takes the memo back.
	w.Canvas().Unfocus()
	wb.editUndo()
	if c, _ := codeNamed(t, wb, "Trust"); c.Memo != "" || c.Description.Definition == "" {
		t.Errorf("undo took back %q / %q; want only the memo", c.Memo, c.Description.Definition)
	}
	if !strings.Contains(wb.LastAction.Text, "Undid: Edit code Trust") {
		t.Errorf("status after undo: %q", wb.LastAction.Text)
	}

	// An empty name is refused in place and nothing is stored.
	test.Tap(codeRowFor(t, w, wb, "Cyber norms"))
	d.Name.SetText("")
	d.commit()
	if _, ok := codeNamed(t, wb, "Cyber norms"); !ok || !d.Problem.Visible() {
		t.Errorf("an empty name: stored %v, problem shown %v (%q)", !ok, d.Problem.Visible(), d.Problem.Text)
	}
	_ = norms
}

// 2. Ctrl+Z with the cursor in a text field edits that field; it never
// undoes a coding elsewhere.
func TestUndoInTextFieldEditsTheField(t *testing.T) {
	wb, w := newTestWorkbench(t)
	setback, err := wb.project.DocumentNamed("setback-cyber-cooperation.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "bob", Document: setback.Name, CodePath: "Trust", Span: coding.Span{Start: 0, End: 10}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	undoItem := menuItemNamed(t, wb.MainMenu(), "Edit", "Undo")
	for name, e := range map[string]fyne.Focusable{"Find": wb.Search, "Definition": wb.Codes.Details.Definition} {
		if name == "Definition" {
			test.Tap(codeRowFor(t, w, wb, "Trust"))
		}
		w.Canvas().Focus(e)
		test.Type(e, "trust")
		undoItem.Action() // Ctrl+Z: the menu's shortcut comes first in the desktop driver
		if n, _ := wb.project.CodingCount(); n != 1 {
			t.Errorf("Ctrl+Z in the %s box removed a coding: %d left, want 1", name, n)
		}
	}
	if wb.Search.Text == "trust" {
		t.Errorf("Ctrl+Z in the Find box did not undo the typing: %q", wb.Search.Text)
	}
	// With the focus outside text fields, Ctrl+Z undoes the project's last
	// action and says what and where.
	w.Canvas().Unfocus()
	undoItem.Action()
	if n, _ := wb.project.CodingCount(); n != 0 {
		t.Errorf("Ctrl+Z outside a text field: %d codings, want 0", n)
	}
	if !strings.Contains(wb.LastAction.Text, "in setback-cyber-cooperation.txt, not on screen") {
		t.Errorf("status %q does not say where the undone coding was", wb.LastAction.Text)
	}
}

func menuItemNamed(t *testing.T, m *fyne.MainMenu, menu, label string) *fyne.MenuItem {
	t.Helper()
	var find func(items []*fyne.MenuItem) *fyne.MenuItem
	find = func(items []*fyne.MenuItem) *fyne.MenuItem { // in sub-menus too
		for _, it := range items {
			if it.Label == label {
				return it
			}
			if it.ChildMenu != nil {
				if found := find(it.ChildMenu.Items); found != nil {
					return found
				}
			}
		}
		return nil
	}
	for _, mm := range m.Items {
		if mm.Label == menu {
			if it := find(mm.Items); it != nil {
				return it
			}
		}
	}
	t.Fatalf("no %s → %s", menu, label)
	return nil
}

// 3. File → Import opens the imported document, selected in the list;
// list, viewer, status and title agree, and clicking another entry opens it.
func TestImportOpensTheImportedDocument(t *testing.T) {
	wb, w := newTestWorkbench(t)
	path := filepath.Join(t.TempDir(), "aaa-interview.txt")
	if err := os.WriteFile(path, []byte("An interview about trust."), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan []storage.FileImport, 1)
	wb.ImportFiles([]string{path}, func(r []storage.FileImport) { got <- r })
	await(t, got, "the import")
	if wb.st.doc.Name != "aaa-interview.txt" || wb.Viewer.Length() != len("An interview about trust.") {
		t.Fatalf("after importing, the open document is %q (%d characters)", wb.st.doc.Name, wb.Viewer.Length())
	}
	agree := func() {
		t.Helper()
		name := wb.st.doc.Name
		i := slices.IndexFunc(wb.Documents.shown, func(d coding.Document) bool { return d.Name == name })
		if i < 0 || !listSelected(wb, i) {
			t.Errorf("the list does not select the open document %q", name)
		}
		if !strings.Contains(w.Title(), name) || !strings.HasPrefix(wb.Status.Text, name) {
			t.Errorf("title %q / status %q do not name %q", w.Title(), wb.Status.Text, name)
		}
	}
	agree()
	for i, d := range wb.Documents.shown {
		if d.Name == sonyArticle {
			wb.Documents.List.Select(i)
		}
	}
	if wb.st.doc.Name != sonyArticle {
		t.Errorf("clicking the Sony article opened %q", wb.st.doc.Name)
	}
	agree()
}

// listSelected reports whether row i of the documents list is selected.
func listSelected(wb *Workbench, i int) bool { return wb.Documents.selected == i }

// 4. A code keeps its number key when codes are added; the key can be
// changed in the details and shows in the tree.
func TestNumberKeysStayWithTheirCodes(t *testing.T) {
	wb, w := newTestWorkbench(t)
	trust, _ := wb.st.codebook.ByPath("Trust")
	if _, err := wb.project.AddCode(coding.Code{Name: "Distrust", ParentID: trust.ID, Codable: true}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if got := codeRowFor(t, w, wb, "Norms").key.Text; got != "2" {
		t.Errorf("after adding a sub-code under Trust, Norms shows key %q, want 2", got)
	}
	span := spanOf(t, wb, "cyber vandalism")
	wb.Viewer.SetSelection(span)
	test.Type(wb.Viewer, "2")
	if cs := codingsOf(t, wb); len(cs) != 1 || wb.st.codebook.Path(cs[0].CodeID) != "Norms" {
		t.Fatalf("key 2 coded %+v, want Norms", cs)
	}
	// Give Distrust the key 2: Norms loses it.
	test.Tap(codeRowFor(t, w, wb, "Trust > Distrust"))
	wb.Codes.Details.Key.SetSelected("2")
	if got := codeRowFor(t, w, wb, "Trust > Distrust").key.Text; got != "2" {
		t.Errorf("Distrust shows key %q after choosing 2", got)
	}
	if got := codeRowFor(t, w, wb, "Norms").key.Text; got != " " {
		t.Errorf("Norms still shows key %q", got)
	}
}

// 5. A moved code shows under its new parent at once, and back after undo.
func TestMovedCodeShowsUnderItsParentAtOnce(t *testing.T) {
	wb, w := newTestWorkbench(t)
	trust, _ := wb.st.codebook.ByPath("Trust")
	norms, _ := wb.st.codebook.ByPath("Norms")
	test.Tap(codeRowFor(t, w, wb, "Norms")) // selected, as when moving it with Move…
	moved := norms
	moved.ParentID = trust.ID
	if err := wb.saveCode(moved); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(wb.Codes.childIDs(trust.ID), norms.ID) || slices.Contains(wb.Codes.childIDs(""), norms.ID) {
		t.Fatalf("after the move the tree has Norms under %v", wb.Codes.childIDs(""))
	}
	if !wb.Codes.Tree.IsBranchOpen(trust.ID) {
		t.Error("Trust, now a branch, is closed: Norms cannot be seen")
	}
	indent := func(path string) float32 {
		row := codeRowFor(t, w, wb, path)
		return row.Position().X // within its tree node, after the indent
	}
	if in, top := indent("Trust > Norms"), indent("Trust"); in <= top {
		t.Errorf("Norms under Trust is drawn at x=%v, Trust at x=%v: not indented", in, top)
	}
	wb.Undo()
	if !slices.Contains(wb.Codes.childIDs(""), norms.ID) {
		t.Error("after undo Norms is not back at the top level")
	}
	if in, top := indent("Norms"), indent("Trust"); in != top {
		t.Errorf("after undo Norms is drawn at x=%v, Trust at x=%v: still indented as a sub-code", in, top)
	}
}

// 11. Buttons that cannot act now are disabled, and say why when used.
func TestCodeButtonsSayWhyTheyCannotAct(t *testing.T) {
	wb, w := newTestWorkbench(t)
	cp := wb.Codes
	if !cp.AllHits.Disabled() || !cp.CodeIt.Disabled() {
		t.Error("with no code selected, Code all hits and Code selection are enabled")
	}
	test.Tap(codeRowFor(t, w, wb, "Trust"))
	if !cp.CodeIt.Disabled() {
		t.Error("with no passage selected, Code selection is enabled")
	}
	cp.AllHits.OnTapped()
	if !strings.Contains(wb.LastAction.Text, "Search first") {
		t.Errorf("Code all hits without a search says %q", wb.LastAction.Text)
	}
	wb.Viewer.SetSelection(spanOf(t, wb, "cyber vandalism"))
	if cp.CodeIt.Disabled() {
		t.Fatal("with a code and a passage selected, Code selection is disabled")
	}
	test.Tap(cp.CodeIt)
	if n := len(codingsOf(t, wb)); n != 1 {
		t.Errorf("Code selection made %d codings", n)
	}
}

// 12. Words: plurals and the delete question.
func TestWords(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{plural(1, "coding"), "1 coding"},
		{plural(2, "disagreement"), "2 disagreements"},
		{plural(0, "hit"), "0 hits"},
		{deleteQuestion("Norms", 0, 1), "Delete \"Norms\"?\n1 coding goes with it (Undo brings it back)."},
		{deleteQuestion("Trust", 2, 3), "Delete \"Trust\" and its 2 sub-codes?\n3 codings go with them (Undo brings them back)."},
		{deleteQuestion("Norms", 0, 0), "Delete \"Norms\"?\nNo coding goes with it (Undo brings it back)."},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}

// Live refresh: a coding another process adds shows in the open window,
// with its coder offered, without any action in the window.
func TestAnotherProcessesCodingShows(t *testing.T) {
	wb, w := newTestWorkbench(t)
	other, err := storage.Open(wb.project.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	span := spanOf(t, wb, "cyber vandalism")
	if _, err := other.Code(storage.CodeRequest{Coder: "carol", Document: sonyArticle, CodePath: "Sovereignty", Span: span}); err != nil {
		t.Fatal(err)
	}
	if err := other.RenameDocument(wb.st.doc.ID, "Sony.txt"); err != nil {
		t.Fatal(err)
	}
	sets, err := wb.project.ChangesSince(wb.seen.Load()) // what the watcher reads
	wb.applyOthers(sets, err)
	if hs := wb.Viewer.Highlights(); len(hs) != 1 || hs[0].Span != span || !strings.Contains(hs[0].Tooltip, "carol") {
		t.Errorf("highlights after carol coded elsewhere: %+v", hs)
	}
	if !slices.Contains(wb.CoderPick.Options, "carol") {
		t.Errorf("Coding as offers %v, not carol", wb.CoderPick.Options)
	}
	if got := codeRowFor(t, w, wb, "Sovereignty").count.Text; got != "1" {
		t.Errorf("Sovereignty count %s, want 1", got)
	}
	if wb.st.doc.Name != "Sony.txt" || !strings.Contains(w.Title(), "Sony.txt") {
		t.Errorf("the renamed open document shows as %q (title %q)", wb.st.doc.Name, w.Title())
	}
	if !strings.Contains(wb.LastAction.Text, "another window") {
		t.Errorf("status %q does not say the change came from elsewhere", wb.LastAction.Text)
	}
	// The window's own next action follows on from the other's.
	wb.Viewer.SetSelection(spanOf(t, wb, "Sony hack"))
	test.Type(wb.Viewer, "1")
	if n := len(wb.Viewer.Highlights()); n != 2 {
		t.Errorf("%d highlights after coding here too, want 2", n)
	}
}

// When the change log no longer holds what the window missed (another
// process made more changes than it keeps, or the journal forgot an undone
// action), the window reads the project again and shows it whole.
func TestWindowReadsAgainWhenChangesAreForgotten(t *testing.T) {
	wb, w := newTestWorkbench(t)
	other, err := storage.Open(wb.project.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	span := spanOf(t, wb, "cyber vandalism")
	if _, err := other.Code(storage.CodeRequest{Coder: "carol", Document: sonyArticle, CodePath: "Norms", Span: span}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Code(storage.CodeRequest{Coder: "carol", Document: sonyArticle, CodePath: "Trust", Span: span}); err != nil {
		t.Fatal(err) // forgets the undone action: its journal entry is gone
	}
	if _, err := wb.project.ChangesSince(wb.seen.Load()); !errors.Is(err, storage.ErrChangesForgotten) {
		t.Fatalf("the change log still holds everything (%v): the test sets up nothing", err)
	}
	o, codings, err := wb.readOverview(wb.st.doc.ID) // what reloadLater reads in the background
	wb.reloaded(wb.st.doc.ID, o, codings, err)
	if hs := wb.Viewer.Highlights(); len(hs) != 1 || !strings.Contains(hs[0].Tooltip, "Trust — carol") {
		t.Errorf("after reading again: highlights %+v, want carol's Trust coding", hs)
	}
	if got := codeRowFor(t, w, wb, "Trust").count.Text; got != "1" {
		t.Errorf("Trust count %s, want 1", got)
	}
	if got := codeRowFor(t, w, wb, "Norms").count.Text; got != "0" {
		t.Errorf("Norms count %s, want 0 (the coding was undone)", got)
	}
}

// The keyboard commands are one table: the menus show its shortcuts, Help
// lists every command, and the window's keys run them.
func TestShortcutsComeFromOneTable(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	help := wb.shortcutsText()
	menu := wb.MainMenu()
	for _, c := range wb.commands() {
		if !strings.Contains(help, c.keys) || !strings.Contains(help, c.help) {
			t.Errorf("Help does not list %s (%s)", c.keys, c.help)
		}
		if c.label == "" || len(c.shortcuts) == 0 {
			continue
		}
		found := false
		for _, m := range menu.Items {
			for _, it := range m.Items {
				if it.Label == c.label && it.Shortcut != nil && it.Shortcut.ShortcutName() == c.shortcuts[0].ShortcutName() {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no menu item %q with the shortcut %s", c.label, c.keys)
		}
	}
	for _, g := range gestures {
		if !strings.Contains(help, g[1]) {
			t.Errorf("Help does not explain %q", g[0])
		}
	}
	if !strings.Contains(help, "it codes nothing") {
		t.Error("Help still says a click on a code codes")
	}
}
