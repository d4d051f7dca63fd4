package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// The window's actions on attributes and sets: each is one storage action
// (undoable), whose change set the window then applies.

func (wb *Workbench) setAttributeValue(docID, attrID, value string) error {
	name := attrID
	for _, a := range wb.st.Attributes() {
		if a.ID == attrID {
			name = a.Name
		}
	}
	err := wb.project.SetValues("Set "+name, []coding.AttributeValue{{DocumentID: docID, AttributeID: attrID, Value: value}})
	wb.sync()
	if err == nil {
		d, _ := wb.st.DocumentByID(docID)
		wb.done("Set " + name + " of " + d.Name)
	}
	return err
}

func (wb *Workbench) addAttribute(a coding.Attribute) error {
	a, err := wb.project.AddAttribute(a)
	wb.sync()
	if err == nil {
		wb.done("Added attribute " + a.Name + " (" + string(a.Type) + ")")
	}
	return err
}

func (wb *Workbench) editAttribute(attr coding.Attribute) error {
	err := wb.project.UpdateAttribute(attr)
	wb.sync()
	if err == nil {
		wb.done("Edited attribute " + attr.Name)
	}
	return err
}

func (wb *Workbench) deleteAttribute(id string) error {
	err := wb.project.DeleteAttribute(id)
	wb.sync()
	if err == nil {
		wb.done("Deleted an attribute (Undo brings it back)")
	}
	return err
}

func (wb *Workbench) addSet(s coding.DocumentSet) error {
	s, err := wb.project.AddSet(s)
	wb.sync()
	if err == nil {
		what := plural(len(s.Documents), "document")
		if s.IsFilter() {
			what = "documents where " + s.Where
		}
		wb.done("Saved set " + s.Name + ": " + what)
	}
	return err
}

func (wb *Workbench) editSet(s coding.DocumentSet) error {
	err := wb.project.UpdateSet(s)
	wb.sync()
	if err == nil {
		wb.done("Edited set " + s.Name)
	}
	return err
}

func (wb *Workbench) deleteSet(id string) error {
	name := id
	for _, s := range wb.st.Sets() {
		if s.ID == id {
			name = s.Name
		}
	}
	err := wb.project.DeleteSet(id)
	wb.sync()
	if err == nil {
		wb.done("Deleted set " + name + " (Undo brings it back)")
	}
	return err
}

func (wb *Workbench) addCase(c coding.Case) error {
	c, err := wb.project.AddCase(c)
	wb.sync()
	if err == nil {
		wb.done("Added case " + c.Name + ": " + plural(len(c.Documents), "document"))
	}
	return err
}

func (wb *Workbench) editCase(c coding.Case) error {
	err := wb.project.UpdateCase(c)
	wb.sync()
	if err == nil {
		wb.done("Edited case " + c.Name + ": " + plural(len(c.Documents), "document"))
	}
	return err
}

func (wb *Workbench) deleteCase(id string) error {
	name := id
	if i := slices.IndexFunc(wb.st.Cases(), func(c coding.Case) bool { return c.ID == id }); i >= 0 {
		name = wb.st.Cases()[i].Name
	}
	err := wb.project.DeleteCase(id)
	wb.sync()
	if err == nil {
		wb.done("Deleted case " + name + " (Undo brings it back)")
	}
	return err
}

// AddSelectedToCase adds the selected coding's passage to the case named
// name (ignoring case), or makes a case of that name gathering it: one
// action, undoable.
func (wb *Workbench) AddSelectedToCase(name string) error {
	c := wb.selected
	if c.ID == "" {
		return errors.New("click a highlight to select a coding first")
	}
	name = strings.TrimSpace(name)
	var err error
	if i := indexNamed(wb.st.Cases(), func(x coding.Case) string { return x.Name }, name); i >= 0 {
		name = wb.st.Cases()[i].Name
		if wb.st.Cases()[i].HasPassage(c.ID) {
			wb.done("Case " + name + " has this passage already")
			return nil
		}
		err = wb.project.AddCasePassages(wb.st.Cases()[i].ID, c.ID)
	} else {
		_, err = wb.project.AddCase(coding.Case{Name: name, Passages: []string{c.ID}})
	}
	wb.sync()
	if err == nil {
		wb.done(fmt.Sprintf("Added “%s” (%s) to case %s (Undo takes it out)", excerpt(coding.Slice(wb.st.doc.Text, c.Span), 30), wb.st.codebook.Path(c.CodeID), name))
	}
	return err
}

// indexNamed is the index of the item whose name (nameOf) is name,
// ignoring case and surrounding spaces, or -1.
func indexNamed[T any](items []T, nameOf func(T) string, name string) int {
	name = strings.TrimSpace(name)
	return slices.IndexFunc(items, func(x T) bool { return strings.EqualFold(nameOf(x), name) })
}

// addToCaseDialog is Code → Add selected coding to case…: it asks for a
// case, among the project's or a new name.
func (wb *Workbench) addToCaseDialog() {
	c := wb.selected
	if c.ID == "" {
		wb.done("Click a highlight to select a coding first")
		return
	}
	var names []string
	for _, cs := range wb.st.Cases() {
		names = append(names, cs.Name)
	}
	suggest := ""
	if len(names) > 0 {
		suggest = names[0]
	}
	title := fmt.Sprintf("Add %q (%s · %s) to a case", excerpt(coding.Slice(wb.st.doc.Text, c.Span), 30), wb.st.codebook.Path(c.CodeID), wb.st.CoderName(c.CoderID))
	wb.askAddTo(title, "Case", "a case, or the name of a new one", names, suggest, "", wb.AddSelectedToCase)
}

// askAddTo asks what to add something to: one of names (the project's
// cases, its code groups), picked or typed, or the name of a new one. The
// field starts with suggest; note, when not empty, shows under it. Enter
// or the Add button runs add with the name typed (its error is shown),
// Escape or Cancel does nothing.
func (wb *Workbench) askAddTo(title, label, placeholder string, names []string, suggest, note string, add func(name string) error) {
	pick := newDialogSelectEntry(wb.win.Canvas(), names)
	pick.SetPlaceHolder(placeholder)
	pick.SetText(suggest)
	items := []*widget.FormItem{widget.NewFormItem(label, pick)}
	if note != "" {
		hint := widget.NewLabel(note)
		hint.Wrapping = fyne.TextWrapWord
		hint.Importance = widget.LowImportance
		items = append(items, widget.NewFormItem("", hint))
	}
	showForm(title, "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := add(pick.Text); err != nil {
			showError(wb.win, err)
		}
	}, wb.win, 480)
	wb.win.Canvas().Focus(pick)
}
