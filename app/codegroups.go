package app

// Code groups in the window (the codebook's Group choice shows them):
// Code → Add selected code to group…, and the group editor (Code → Edit
// code groups…, or the pencil beside the Group choice) that renames a
// group, edits its description, ticks and unticks its codes and deletes
// it. Each save is one storage action, undoable; a name the project
// refuses (empty, taken) is said in the editor, which stays open.

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// codeGroupsRefusal says why this user may not change code groups now
// (they belong to the codebook), or nil.
func (wb *Workbench) codeGroupsRefusal() error {
	var why string
	switch t := wb.project.Team(); {
	case wb.canEditCodebook():
		return nil
	case wb.offline != "":
		why = "the server cannot be reached, so nothing can be saved until it answers"
	default:
		why = "the team's lead has not allowed " + t.Login + " to change the codebook, which code groups belong to"
	}
	return errors.New("code groups cannot be changed: " + why)
}

// groupsRefused says on the status line why code groups cannot be changed
// now, if they cannot, and reports whether.
func (wb *Workbench) groupsRefused() bool {
	err := wb.codeGroupsRefusal()
	if err != nil {
		wb.done("C" + err.Error()[1:])
	}
	return err != nil
}

// codeGroupByID finds one of the window's code groups.
func (wb *Workbench) codeGroupByID(id string) (coding.CodeSet, bool) {
	i := slices.IndexFunc(wb.st.CodeSets(), func(g coding.CodeSet) bool { return g.ID == id })
	if i < 0 {
		return coding.CodeSet{}, false
	}
	return wb.st.CodeSets()[i], true
}

// AddSelectedCodeToGroup adds the code selected in the codebook to the
// code group named name (ignoring case), or makes a group of that name
// holding it: one action, undoable.
func (wb *Workbench) AddSelectedCodeToGroup(name string) error {
	if err := wb.codeGroupsRefusal(); err != nil {
		return err
	}
	id := wb.Codes.selectedID
	if id == "" {
		return errors.New("select a code in the codebook first")
	}
	path := wb.st.codebook.Path(id)
	name = strings.TrimSpace(name)
	var err error
	if i := indexNamed(wb.st.CodeSets(), func(g coding.CodeSet) string { return g.Name }, name); i >= 0 {
		g := wb.st.CodeSets()[i].Clone()
		name = g.Name
		if g.Has(id) {
			wb.done("Code group " + name + " holds " + path + " already")
			return nil
		}
		g.Codes = append(g.Codes, id)
		err = wb.project.UpdateCodeSet(g)
	} else {
		_, err = wb.project.AddCodeSet(coding.CodeSet{Name: name, Codes: []string{id}})
	}
	wb.sync()
	if err == nil {
		wb.done(fmt.Sprintf("Added %s to code group %s (Undo takes it out)", path, name))
	}
	return err
}

// addToGroupDialog is Code → Add selected code to group…: it asks for a
// code group, among the project's or a new name, suggesting the first
// that does not hold the code yet and naming those that do.
func (wb *Workbench) addToGroupDialog() {
	if wb.groupsRefused() {
		return
	}
	id := wb.Codes.selectedID
	if id == "" {
		wb.done("Select a code in the codebook first, then add it to a group")
		return
	}
	var names, holding []string
	suggest := ""
	for _, g := range wb.st.CodeSets() {
		names = append(names, g.Name)
		switch {
		case g.Has(id):
			holding = append(holding, g.Name)
		case suggest == "":
			suggest = g.Name
		}
	}
	note := ""
	if len(holding) > 0 {
		note = "Already in " + strings.Join(holding, ", ")
	}
	wb.askAddTo("Add "+wb.st.codebook.Path(id)+" to a code group", "Group", "a code group, or the name of a new one",
		names, suggest, note, wb.AddSelectedCodeToGroup)
}

// editCodeGroupsDialog is Code → Edit code groups…: the editor of the
// group chosen in the codebook, else of the project's only group, else of
// the one the user picks first.
func (wb *Workbench) editCodeGroupsDialog() {
	if _, ok := wb.codeGroupByID(wb.Codes.groupID); ok {
		wb.editCodeGroup(wb.Codes.groupID)
		return
	}
	wb.pickCodeGroup()
}

// pickCodeGroup asks which code group to edit, then opens its editor.
func (wb *Workbench) pickCodeGroup() {
	if wb.groupsRefused() {
		return
	}
	groups := wb.st.CodeSets()
	switch len(groups) {
	case 0:
		showInformation("Code groups", "The project has no code groups yet.\nSelect a code in the codebook, then Code → Add selected code to group… makes one.", wb.win)
		return
	case 1:
		wb.editCodeGroup(groups[0].ID)
		return
	}
	var names []string
	for _, g := range groups {
		names = append(names, fmt.Sprintf("%s (%s)", g.Name, plural(len(g.Codes), "code")))
	}
	pick := widget.NewSelect(names, nil)
	pick.SetSelected(names[0])
	showForm("Edit code group", "Edit…", "Cancel", []*widget.FormItem{widget.NewFormItem("Group", pick)}, func(ok bool) {
		if i := slices.Index(names, pick.Selected); ok && i >= 0 {
			wb.editCodeGroup(groups[i].ID)
		}
	}, wb.win, 420)
}

// codeGroupEditor edits one code group: its name, its description and
// which codes it holds (its codes come first, ticked; the codebook's
// other codes follow, unticked). Save stores what the user changed as one
// action; Delete group… asks, then deletes it. Its widgets are fields so
// that tests can drive it.
type codeGroupEditor struct {
	wb     *Workbench
	opened coding.CodeSet    // the group as the editor showed it
	codeOf map[string]string // option (a code's path) → code ID

	Name        *dialogEntry
	Description *dialogEntry
	Codes       *widget.CheckGroup
	Error       *widget.Label // why the last Save was refused
	Save        *widget.Button
	Cancel      *widget.Button
	Delete      *widget.Button
	dialog      *dialog.CustomDialog
}

// editCodeGroup opens the editor of the code group with this ID.
func (wb *Workbench) editCodeGroup(id string) *codeGroupEditor {
	if wb.groupsRefused() {
		return nil
	}
	g, ok := wb.codeGroupByID(id)
	if !ok {
		return nil
	}
	e := &codeGroupEditor{wb: wb, opened: g.Clone(), codeOf: map[string]string{}}
	c := wb.win.Canvas()
	e.Name = newDialogEntry(c, false)
	e.Name.SetText(g.Name)
	e.Name.OnChanged = func(string) { e.Error.Hide() }
	e.Description = newDialogEntry(c, true)
	e.Description.SetText(g.Description)
	e.Description.SetPlaceHolder("what the group gathers, and why")
	e.Description.SetMinRowsVisible(2)
	e.Description.OnSubmitted = func(string) { e.save() } // Shift+Enter; Enter is a new line
	e.Codes = widget.NewCheckGroup(nil, nil)
	cb := wb.st.codebook
	for _, id := range g.Codes {
		path := cb.Path(id)
		e.codeOf[path] = id
		e.Codes.Options = append(e.Codes.Options, path)
		e.Codes.Selected = append(e.Codes.Selected, path)
	}
	for _, code := range cb.Codes() {
		if !g.Has(code.ID) {
			path := cb.Path(code.ID)
			e.codeOf[path] = code.ID
			e.Codes.Options = append(e.Codes.Options, path)
		}
	}
	codes := container.NewVScroll(e.Codes)
	codes.SetMinSize(fyne.NewSize(380, min(float32(len(e.Codes.Options))*36, 180)))
	e.Error = widget.NewLabel("")
	e.Error.Importance = widget.DangerImportance
	e.Error.Wrapping = fyne.TextWrapWord
	e.Error.Hide()
	form := widget.NewForm(
		widget.NewFormItem("Name", e.Name),
		widget.NewFormItem("Description", e.Description),
		widget.NewFormItem("Codes", codes),
	)
	hint := widget.NewLabel("Ticked codes are in the group: tick a code to add it, untick one to take it out. The codes themselves stay in the codebook.")
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	content := container.NewVBox(form, hint, e.Error)
	e.Save = widget.NewButton("Save", e.save)
	e.Save.Importance = widget.HighImportance
	e.Cancel = widget.NewButton("Cancel", func() { e.dialog.Hide() })
	e.Delete = widget.NewButtonWithIcon("Delete group…", theme.DeleteIcon(), e.askDelete)
	e.Delete.Importance = widget.DangerImportance
	e.dialog = dialog.NewCustomWithoutButtons("Edit code group "+g.Name, content, wb.win)
	e.dialog.SetButtons([]fyne.CanvasObject{e.Delete, e.Cancel, e.Save})
	e.resize()
	releaseFocusOnChoice(c, content)
	showKeyed(wb.win, e.dialog, e.save, e.dialog.Hide)
	c.Focus(e.Name)
	return e
}

// resize fits the dialog to its content, at most the window's size.
func (e *codeGroupEditor) resize() {
	size := e.dialog.MinSize().Max(fyne.NewSize(520, 0))
	e.dialog.Resize(size.Min(e.wb.win.Canvas().Size()))
}

// save stores the group as edited (only what the user changed, over what
// the group holds now, so a colleague's change meanwhile stays) and
// closes the editor; a refusal stays in the editor with its reason.
func (e *codeGroupEditor) save() {
	if err := e.wb.saveCodeGroup(e.opened, e.edited()); err != nil {
		e.fail("Not saved", err)
		return
	}
	e.dialog.Hide()
}

// fail says in the editor what was refused ("Not saved") and why; the
// editor stays open.
func (e *codeGroupEditor) fail(what string, err error) {
	e.Error.SetText(what + ": " + err.Error())
	e.Error.Show()
	e.resize()
}

// edited is the group as the editor shows it.
func (e *codeGroupEditor) edited() coding.CodeSet {
	g := e.opened.Clone()
	g.Name = strings.TrimSpace(e.Name.Text)
	g.Description = strings.TrimSpace(e.Description.Text)
	g.Codes = nil
	for _, option := range e.Codes.Options { // the group's order, then the codebook's
		if slices.Contains(e.Codes.Selected, option) {
			g.Codes = append(g.Codes, e.codeOf[option])
		}
	}
	return g
}

// askDelete asks, then deletes the group and closes the editor.
func (e *codeGroupEditor) askDelete() {
	g := e.opened
	showConfirm("Delete code group", fmt.Sprintf("Delete the code group %s?\nIts %s stay in the codebook, with their codings (Edit → Undo brings the group back).", g.Name, plural(len(g.Codes), "code")), func(ok bool) {
		if !ok {
			return
		}
		if err := e.wb.deleteCodeGroup(g.ID); err != nil {
			e.fail("Not deleted", err)
			return
		}
		e.dialog.Hide()
	}, e.wb.win).SetConfirmText("Delete")
}

// saveCodeGroup stores the changes from opened to edited over the group as
// the window holds it now: one action, undoable. Nothing changed, nothing
// is stored.
func (wb *Workbench) saveCodeGroup(opened, edited coding.CodeSet) error {
	if err := wb.codeGroupsRefusal(); err != nil {
		return err
	}
	now, ok := wb.codeGroupByID(opened.ID)
	if !ok {
		return fmt.Errorf("the code group %s was deleted meanwhile (Edit → Undo brings it back)", opened.Name)
	}
	after := now.Clone()
	if edited.Name != opened.Name {
		after.Name = edited.Name
	}
	if edited.Description != opened.Description {
		after.Description = edited.Description
	}
	var added, removed int
	after.Codes = slices.DeleteFunc(after.Codes, func(id string) bool {
		out := opened.Has(id) && !edited.Has(id)
		if out {
			removed++
		}
		return out
	})
	for _, id := range edited.Codes {
		if !opened.Has(id) && !after.Has(id) {
			after.Codes = append(after.Codes, id)
			added++
		}
	}
	if after.Name == now.Name && after.Description == now.Description && slices.Equal(after.Codes, now.Codes) {
		wb.done("Code group " + now.Name + " is unchanged")
		return nil
	}
	err := wb.project.UpdateCodeSet(after)
	wb.sync()
	if err != nil {
		return err
	}
	var what []string
	if after.Name != now.Name {
		what = append(what, "renamed "+after.Name)
	}
	if after.Description != now.Description {
		what = append(what, "description edited")
	}
	if added > 0 {
		what = append(what, plural(added, "code")+" added")
	}
	if removed > 0 {
		what = append(what, plural(removed, "code")+" taken out")
	}
	wb.done(fmt.Sprintf("Saved code group %s: %s (Undo reverts it)", now.Name, strings.Join(what, ", ")))
	return nil
}

// deleteCodeGroup deletes a code group (its codes stay): one action,
// undoable.
func (wb *Workbench) deleteCodeGroup(id string) error {
	if err := wb.codeGroupsRefusal(); err != nil {
		return err
	}
	g, _ := wb.codeGroupByID(id)
	err := wb.project.DeleteCodeSet(id)
	wb.sync()
	if err == nil {
		wb.done("Deleted code group " + g.Name + "; its codes stay (Undo brings it back)")
	}
	return err
}
