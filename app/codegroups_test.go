package app

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// codeID is the ID of the code at path in the window's codebook.
func codeID(t *testing.T, wb *Workbench, path string) string {
	t.Helper()
	c, ok := wb.st.codebook.ByPath(path)
	if !ok {
		t.Fatalf("no code %s", path)
	}
	return c.ID
}

// storedGroup is the code group named name as the project file holds it,
// its codes as paths.
func storedGroup(t *testing.T, wb *Workbench, name string) (coding.CodeSet, []string) {
	t.Helper()
	g, err := wb.project.CodeSetNamed(name)
	if err != nil {
		return g, nil
	}
	var paths []string
	for _, id := range g.Codes {
		paths = append(paths, wb.st.codebook.Path(id))
	}
	return g, paths
}

// addToPick is the name field of the add-to dialog on top.
func addToPick(t *testing.T, w fyne.Window) *dialogSelectEntry {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*dialogSelectEntry); ok {
			return e
		}
	}
	t.Fatal("the dialog has no name field")
	return nil
}

// Code → Add selected code to group…: a new group by name, then the same
// group (suggested) for a second code, Escape changing nothing, the group
// showing in the codebook's Group choice; each addition one action that
// Undo takes back and Redo brings again.
func TestAddSelectedCodeToGroup(t *testing.T) {
	wb, w := newTestWorkbench(t)
	if wb.Codes.groupRow.Visible() {
		t.Error("the Group choice shows before the project has groups")
	}
	wb.addToGroupDialog() // nothing selected: says so, no dialog
	if !strings.Contains(wb.LastAction.Text, "Select a code") || w.Canvas().Overlays().Top() != nil {
		t.Errorf("Add to group with no code selected: %q", wb.LastAction.Text)
	}

	wb.Codes.reveal(codeID(t, wb, "Trust"))
	wb.addToGroupDialog()
	if text := dialogText(w); !strings.Contains(text, "Add Trust to a code group") {
		t.Errorf("the dialog shows %q", text)
	}
	pick := addToPick(t, w)
	if w.Canvas().Focused() != pick || pick.Text != "" {
		t.Errorf("the name field has focus %v, text %q", w.Canvas().Focused() == pick, pick.Text)
	}
	test.Type(pick, "Pilot")
	pressKey(w, fyne.KeyReturn)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Enter left the dialog open")
	}
	if g, paths := storedGroup(t, wb, "Pilot"); !slices.Equal(paths, []string{"Trust"}) {
		t.Fatalf("after adding Trust to Pilot the project holds %+v (%v)", g, paths)
	}
	if !wb.Codes.groupRow.Visible() || !slices.Contains(wb.Codes.Group.Options, "Pilot") {
		t.Errorf("the codebook offers groups %v (shown %v)", wb.Codes.Group.Options, wb.Codes.groupRow.Visible())
	}
	if want := "Added Trust to code group Pilot"; !strings.Contains(wb.LastAction.Text, want) {
		t.Errorf("status %q, want %q", wb.LastAction.Text, want)
	}

	// A second code: Pilot is suggested; Enter adds it there.
	wb.Codes.reveal(codeID(t, wb, "Norms"))
	wb.addToGroupDialog()
	if pick := addToPick(t, w); pick.Text != "Pilot" {
		t.Errorf("suggested %q, want Pilot", pick.Text)
	}
	pressKey(w, fyne.KeyReturn)
	if _, paths := storedGroup(t, wb, "Pilot"); !slices.Equal(paths, []string{"Trust", "Norms"}) {
		t.Fatalf("after adding Norms the project's Pilot holds %v", paths)
	}
	// Again: the dialog says where it is; Escape cancels, nothing changes.
	wb.addToGroupDialog()
	if text := dialogText(w); !strings.Contains(text, "Already in Pilot") {
		t.Errorf("the dialog for a code in Pilot shows %q", text)
	}
	pressKey(w, fyne.KeyEscape)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the dialog open")
	}
	if err := wb.AddSelectedCodeToGroup("pilot"); err != nil || !strings.Contains(wb.LastAction.Text, "already") {
		t.Errorf("adding Norms to pilot again: %v, %q", err, wb.LastAction.Text)
	}
	// An empty name is refused with its reason.
	if err := wb.AddSelectedCodeToGroup("  "); err == nil || !strings.Contains(err.Error(), "name is empty") {
		t.Errorf("an empty group name: %v", err)
	}

	wb.Undo()
	if _, paths := storedGroup(t, wb, "Pilot"); !slices.Equal(paths, []string{"Trust"}) {
		t.Errorf("after Undo Pilot holds %v", paths)
	}
	if want := "Undid: Edit code group Pilot"; wb.LastAction.Text != want {
		t.Errorf("status after Undo %q, want %q", wb.LastAction.Text, want)
	}
	wb.Undo()
	if _, err := wb.project.CodeSetNamed("Pilot"); err == nil || len(wb.st.CodeSets()) != 0 || wb.Codes.groupRow.Visible() {
		t.Errorf("after undoing its making Pilot is still there (%v, window %v)", err, wb.st.CodeSets())
	}
	wb.Redo()
	wb.Redo()
	if _, paths := storedGroup(t, wb, "Pilot"); !slices.Equal(paths, []string{"Trust", "Norms"}) {
		t.Errorf("after two Redos Pilot holds %v", paths)
	}
}

// Both add-to dialogs (a coding to a case, a code to a group) answer Enter
// and Escape typed in their name field.
func TestAddToDialogKeys(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		wb, w := newTestWorkbench(t)
		c, err := wb.project.Code(storage.CodeRequest{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "build trust")})
		if err != nil {
			t.Fatal(err)
		}
		wb.sync()
		wb.selected = c
		wb.addToCaseDialog()
		test.Type(addToPick(t, w), "Speaker A")
		pressKey(w, key)
		if _, made := wb.st.CaseNamed("Speaker A"); made != (key == fyne.KeyReturn) || w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s in the case dialog: case made %v, dialog open %v", key, made, w.Canvas().Overlays().Top() != nil)
		}
		wb.Codes.reveal(c.CodeID)
		wb.addToGroupDialog()
		test.Type(addToPick(t, w), "Pilot")
		pressKey(w, key)
		if _, made := wb.st.CodeSetNamed("Pilot"); made != (key == fyne.KeyReturn) || w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s in the group dialog: group made %v, dialog open %v", key, made, w.Canvas().Overlays().Top() != nil)
		}
	}
}

// tick sets which of the editor's codes are ticked.
func tick(e *codeGroupEditor, paths ...string) { e.Codes.SetSelected(paths) }

// The code group editor: a refused name (empty, another group's) is said
// in the editor and changes nothing; a rename, a description and an
// unticked code are saved as one action that Undo reverts; a ticked code
// joins; Delete group… asks, deletes, and Undo brings the group back. The
// codebook's Group choice follows a rename, and its pencil opens the
// editor of the chosen group, or asks which.
func TestEditCodeGroups(t *testing.T) {
	wb, w := newTestWorkbench(t)
	if _, err := wb.project.AddCodeSet(coding.CodeSet{Name: "Pilot", Codes: []string{codeID(t, wb, "Trust"), codeID(t, wb, "Norms")}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()

	// The only group: Code → Edit code groups… opens its editor.
	wb.editCodeGroupsDialog()
	if text := dialogText(w); !strings.Contains(text, "Edit code group Pilot") {
		t.Fatalf("Edit code groups… shows %q", text)
	}
	w.Canvas().Overlays().Top().Hide()

	g, _ := wb.st.CodeSetNamed("Pilot")
	e := wb.editCodeGroup(g.ID)
	if !slices.Equal(e.Codes.Selected, []string{"Trust", "Norms"}) || len(e.Codes.Options) != 5 || w.Canvas().Focused() != e.Name {
		t.Fatalf("the editor ticks %v of %v (name focused %v)", e.Codes.Selected, e.Codes.Options, w.Canvas().Focused() == e.Name)
	}
	if _, err := wb.project.AddCodeSet(coding.CodeSet{Name: "Later", Codes: []string{codeID(t, wb, "Sovereignty")}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	for _, c := range []struct{ name, why string }{{"  ", "name is empty"}, {"later", `a code group named "later" already exists`}} {
		e.Name.SetText(c.name)
		tick(e, "Trust")
		test.Tap(e.Save)
		if !e.Error.Visible() || !strings.Contains(e.Error.Text, c.why) || w.Canvas().Overlays().Top() == nil {
			t.Errorf("Save with the name %q: error %q (shown %v), want %q, the editor open", c.name, e.Error.Text, e.Error.Visible(), c.why)
		}
		if _, paths := storedGroup(t, wb, "Pilot"); !slices.Equal(paths, []string{"Trust", "Norms"}) {
			t.Errorf("a refused Save changed Pilot: %v", paths)
		}
	}

	// Renamed, described, Norms unticked: one action.
	e.Name.SetText("Pilot study")
	e.Description.SetText("first round of coding")
	tick(e, "Trust")
	pressKey(w, fyne.KeyReturn) // in the name field: Enter saves
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the editor stays open after Save")
	}
	if got, paths := storedGroup(t, wb, "Pilot study"); got.Description != "first round of coding" || !slices.Equal(paths, []string{"Trust"}) {
		t.Fatalf("after Save the project holds %+v (%v)", got, paths)
	}
	if want := "Saved code group Pilot: renamed Pilot study, description edited, 1 code taken out"; !strings.Contains(wb.LastAction.Text, want) {
		t.Errorf("status %q, want %q", wb.LastAction.Text, want)
	}
	wb.Undo()
	if got, paths := storedGroup(t, wb, "Pilot"); got.Description != "" || !slices.Equal(paths, []string{"Trust", "Norms"}) {
		t.Errorf("after Undo the project holds %+v (%v)", got, paths)
	}
	if want := "Undid: Edit code group Pilot study"; wb.LastAction.Text != want {
		t.Errorf("status after Undo %q, want %q", wb.LastAction.Text, want)
	}

	// Chosen in the codebook, the group stays chosen when renamed; the
	// pencil opens its editor, where ticking a code adds it.
	wb.Codes.Group.SetSelected("Pilot")
	test.Tap(wb.Codes.EditGroup)
	if text := dialogText(w); !strings.Contains(text, "Edit code group Pilot") {
		t.Fatalf("the pencil shows %q", text)
	}
	w.Canvas().Overlays().Top().Hide()
	e = wb.editCodeGroup(g.ID)
	e.Name.SetText("Round one")
	tick(e, "Trust", "Norms", "Conflict")
	test.Tap(e.Save)
	if _, paths := storedGroup(t, wb, "Round one"); !slices.Equal(paths, []string{"Trust", "Norms", "Conflict"}) {
		t.Errorf("after ticking Conflict the group holds %v", paths)
	}
	if wb.Codes.Group.Selected != "Round one" {
		t.Errorf("the codebook's Group choice reads %q after the rename", wb.Codes.Group.Selected)
	}
	var shown []string
	for _, id := range wb.Codes.childIDs("") {
		shown = append(shown, wb.st.codebook.Path(id))
	}
	if !slices.Equal(shown, []string{"Trust", "Norms", "Conflict"}) {
		t.Errorf("the codebook narrowed to the group shows %v", shown)
	}
	// Saving with nothing changed stores nothing.
	e = wb.editCodeGroup(g.ID)
	test.Tap(e.Save)
	if !strings.Contains(wb.LastAction.Text, "unchanged") {
		t.Errorf("a Save changing nothing says %q", wb.LastAction.Text)
	}

	// Delete group… asks; Escape keeps it, Enter deletes it.
	e = wb.editCodeGroup(g.ID)
	test.Tap(e.Delete)
	if text := overlayText(w); !strings.Contains(text, "Delete the code group Round one?") {
		t.Errorf("the delete question reads %q", text)
	}
	pressKey(w, fyne.KeyEscape)
	if _, err := wb.project.CodeSetNamed("Round one"); err != nil {
		t.Fatalf("Escape on the question deleted the group: %v", err)
	}
	test.Tap(e.Delete)
	pressKey(w, fyne.KeyReturn)
	if _, err := wb.project.CodeSetNamed("Round one"); err == nil || w.Canvas().Overlays().Top() != nil {
		t.Errorf("after Delete the group is there (%v) or a dialog open", err)
	}
	if wb.Codes.Group.Selected != noGroup || len(wb.Codes.childIDs("")) != 5 {
		t.Errorf("after deleting the chosen group the codebook shows %q", wb.Codes.Group.Selected)
	}
	if c, ok := wb.st.codebook.ByPath("Conflict"); !ok || c.ID == "" {
		t.Error("deleting the group deleted its codes")
	}
	wb.Undo()
	if _, paths := storedGroup(t, wb, "Round one"); !slices.Equal(paths, []string{"Trust", "Norms", "Conflict"}) {
		t.Errorf("after undoing the delete the group holds %v", paths)
	}
	if want := "Undid: Delete code group Round one"; wb.LastAction.Text != want {
		t.Errorf("status after Undo %q, want %q", wb.LastAction.Text, want)
	}

	// With no group chosen and two in the project, the pencil asks which;
	// Enter edits the first (by name: Later).
	wb.Codes.Group.SetSelected(noGroup)
	test.Tap(wb.Codes.EditGroup)
	if text := dialogText(w); !strings.Contains(text, "Edit code group") || !strings.Contains(text, "Later (1 code)") {
		t.Errorf("the group picker shows %q", text)
	}
	pressKey(w, fyne.KeyReturn)
	if text := overlayText(w); !strings.Contains(dialogText(w), "Edit code group Later") {
		t.Errorf("Enter on the picker shows %q", text)
	}
}

// A saved edit keeps what a colleague changed meanwhile: the editor writes
// only what its user changed.
func TestEditCodeGroupKeepsOthersChanges(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	g, err := wb.project.AddCodeSet(coding.CodeSet{Name: "Pilot", Codes: []string{codeID(t, wb, "Trust"), codeID(t, wb, "Norms")}})
	if err != nil {
		t.Fatal(err)
	}
	wb.sync()
	e := wb.editCodeGroup(g.ID)
	// Meanwhile (another window): Conflict joins, the description changes.
	other := g.Clone()
	other.Codes = append(other.Codes, codeID(t, wb, "Conflict"))
	other.Description = "theirs"
	if err := wb.project.UpdateCodeSet(other); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	tick(e, "Trust")
	test.Tap(e.Save)
	if got, paths := storedGroup(t, wb, "Pilot"); got.Description != "theirs" || !slices.Equal(paths, []string{"Trust", "Conflict"}) {
		t.Errorf("after the edit the project holds %+v (%v)", got, paths)
	}
}

// A team coder the lead has not allowed to change the codebook, and the
// lead while the server cannot be reached, are refused with the reason,
// and the codebook's pencil is disabled for them.
func TestCodeGroupsRefusedInTeam(t *testing.T) {
	tp := teamtest.New(t, "groups", "lead", "anna")
	anna := "anna" + tp.Suffix
	lead := tp.Open(t, tp.Lead)
	trust, err := lead.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lead.AddCodeSet(coding.CodeSet{Name: "Pilot", Codes: []string{trust.ID}}); err != nil {
		t.Fatal(err)
	}
	check := func(wb *Workbench, w fyne.Window, why string) {
		t.Helper()
		if !wb.Codes.EditGroup.Disabled() {
			t.Error("the pencil beside the Group choice is enabled")
		}
		wb.Codes.reveal(trust.ID)
		for name, open := range map[string]func(){"add": wb.addToGroupDialog, "edit": wb.editCodeGroupsDialog} {
			wb.LastAction.SetText("")
			open()
			if !strings.Contains(wb.LastAction.Text, why) || w.Canvas().Overlays().Top() != nil {
				t.Errorf("%s: status %q (want it to say %q), dialog open %v", name, wb.LastAction.Text, why, w.Canvas().Overlays().Top() != nil)
			}
		}
		if err := wb.AddSelectedCodeToGroup("Other"); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("AddSelectedCodeToGroup: %v", err)
		}
		if sets, _ := lead.CodeSets(); len(sets) != 1 {
			t.Errorf("the project holds %d groups", len(sets))
		}
	}
	aw, w := openTeamWorkbench(t, tp, anna)
	check(aw, w, "has not allowed "+anna)

	lw, w := openTeamWorkbench(t, tp, tp.Lead)
	if lw.Codes.EditGroup.Disabled() {
		t.Error("the lead's pencil is disabled")
	}
	lw.setOffline(errors.New("connection refused"))
	check(lw, w, "cannot be reached")
	lw.setOffline(nil)
	lw.Codes.reveal(trust.ID)
	if err := lw.AddSelectedCodeToGroup("Other"); err != nil {
		t.Errorf("the lead adding Trust to a new group: %v", err)
	}
	if sets, _ := lead.CodeSets(); len(sets) != 2 {
		t.Errorf("after the lead's addition the server holds %+v", sets)
	}
}
