package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// The codebook actions the codebook panel asks for: each one storage
// action, then the change set it made is applied (sync).

// saveCode stores an edited code (from the details panel).
func (wb *Workbench) saveCode(c coding.Code) error {
	// Only what the user changed in the window's copy is written: a field
	// a colleague changed meanwhile keeps their value.
	seen, _ := wb.st.codebook.Code(c.ID)
	// A key another code has moves to this one, in the same action: say so.
	holder, taken := wb.st.CodeWithKey(c.Key)
	taken = taken && c.Key != seen.Key && holder.ID != c.ID
	if err := wb.project.UpdateCode(seen, c); err != nil {
		return err
	}
	wb.sync()
	msg := "Saved code " + wb.st.codebook.Path(c.ID)
	if taken {
		msg = fmt.Sprintf("Gave %s the key %d, taken from %s, which now has none (Undo gives it back)", wb.st.codebook.Path(c.ID), c.Key, wb.st.codebook.Path(holder.ID))
	}
	wb.done(msg)
	return nil
}

// newCode asks for a name and adds a code under parentID ("" for the top level).
func (wb *Workbench) newCode(parentID string) {
	if wb.refuseReadOnly() {
		return
	}
	title := "New code"
	if parentID != "" {
		title = "New sub-code of " + wb.st.codebook.Path(parentID)
	}
	wb.askText(title, "Create", "Name", "", "", func(name string) {
		c, err := wb.project.AddCode(coding.Code{Name: name, ParentID: parentID, Codable: true})
		if err != nil {
			showError(wb.win, err)
			return
		}
		wb.sync()
		wb.Codes.reveal(c.ID)
		msg := "Added code " + wb.st.codebook.Path(c.ID)
		if c.Key > 0 {
			msg += fmt.Sprintf(" (key %d)", c.Key)
		}
		wb.done(msg)
	}, nil)
}

// deleteCode asks, then deletes a code with its sub-codes and codings.
func (wb *Workbench) deleteCode(id string) {
	n, err := wb.project.CountCodingsUnder(id)
	if err != nil {
		showError(wb.win, err)
		return
	}
	cb := wb.st.codebook
	path := cb.Path(id)
	showConfirm("Delete code", deleteQuestion(path, len(cb.Descendants(id)), n), func(ok bool) {
		if !ok {
			return
		}
		if _, err := wb.project.DeleteCode(id); err != nil {
			showError(wb.win, err)
			return
		}
		wb.sync()
		wb.done(fmt.Sprintf("Deleted %s and %s", path, plural(n, "coding")))
	}, wb.win)
}

// pickCode asks the user to choose a code other than id (and, when
// allowRoot, "(top level)"), then calls then with the chosen ID.
func (wb *Workbench) pickCode(title, confirm string, id string, allowRoot bool, then func(target string)) {
	var options []string
	ids := map[string]string{}
	if allowRoot {
		options = append(options, "(top level)")
		ids["(top level)"] = ""
	}
	cb := wb.st.codebook
	for _, c := range cb.Codes() {
		if c.ID != id {
			p := cb.Path(c.ID)
			options = append(options, p)
			ids[p] = c.ID
		}
	}
	pick := widget.NewSelect(options, nil)
	f := showForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem("Code", pick)}, func(ok bool) {
		if ok {
			then(ids[pick.Selected])
		}
	}, wb.win, 0)
	f.SetCheck(func() error {
		if pick.Selected == "" {
			return fmt.Errorf("choose a code first (%s: nothing is chosen)", strings.ToLower(confirm))
		}
		return nil
	})
}

// moveCode asks where to, then moves a code (with its sub-codes).
func (wb *Workbench) moveCode(id string) {
	c, ok := wb.st.codebook.Code(id)
	if !ok {
		return
	}
	wb.pickCode("Move "+c.Name+" under", "Move", id, true, func(parent string) {
		moved := c
		moved.ParentID = parent
		if err := wb.project.UpdateCode(c, moved); err != nil {
			showError(wb.win, err)
			return
		}
		wb.sync()
		wb.Codes.reveal(id)
		wb.done("Moved to " + wb.st.codebook.Path(id))
	})
}

// mergeCode asks into which code, then merges a code into it.
func (wb *Workbench) mergeCode(id string) {
	c, ok := wb.st.codebook.Code(id)
	if !ok {
		return
	}
	wb.pickCode("Merge "+c.Name+" into", "Merge", id, false, func(into string) {
		n, err := wb.project.MergeCode(id, into)
		if err != nil {
			showError(wb.win, err)
			return
		}
		wb.sync()
		wb.Codes.reveal(into)
		wb.done(fmt.Sprintf("Merged %s into %s (%s moved)", c.Name, wb.st.codebook.Path(into), plural(n, "coding")))
	})
}

// deleteQuestion asks whether to delete the code at path, which has subs
// sub-codes and n codings (its sub-codes' included).
func deleteQuestion(path string, subs, n int) string {
	what, them := fmt.Sprintf("Delete %q?", path), "it"
	if subs > 0 {
		what, them = fmt.Sprintf("Delete %q and its %s?", path, plural(subs, "sub-code")), "them"
	}
	switch n {
	case 0:
		return what + "\nNo coding goes with " + them + " (Undo brings " + them + " back)."
	case 1:
		return what + "\n1 coding goes with " + them + " (Undo brings it back)."
	}
	return what + "\n" + plural(n, "coding") + " go with " + them + " (Undo brings them back)."
}
