package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// canCode says why the selected passage cannot be coded with code id now,
// or "" when it can.
func (wb *Workbench) canCode(id string) string {
	code, ok := wb.st.codebook.Code(id)
	switch {
	case wb.project.ReadOnly():
		return (&storage.ReadOnlyError{Path: wb.project.Path(), Reason: wb.project.ReadOnlyReason()}).Error()
	case wb.offline != "":
		return wb.offline
	case wb.st.doc.ID == "":
		return "Open a document first"
	case wb.Viewer.Selection().Empty():
		return "Select a passage first, then choose a code"
	case !ok:
		return "Select a code in the codebook first"
	case !code.Codable:
		return fmt.Sprintf("%q is a category: choose one of its codes", code.Name)
	}
	return ""
}

// refuseReadOnly reports whether the project is read-only and, when it
// is, says so before any dialog opens: an action that cannot be saved
// never asks for input first.
func (wb *Workbench) refuseReadOnly() bool {
	if !wb.project.ReadOnly() {
		return false
	}
	showError(wb.win, &storage.ReadOnlyError{Path: wb.project.Path(), Reason: wb.project.ReadOnlyReason()})
	return true
}

// ApplyCode codes the selected passage of the open document with the code,
// for the current coder, as one undoable action.
func (wb *Workbench) ApplyCode(codeID string) {
	if why := wb.canCode(codeID); why != "" {
		wb.done(why)
		return
	}
	if wb.st.coder.ID == "" {
		wb.askCoderName(func() { wb.ApplyCode(codeID) })
		return
	}
	sel := wb.Viewer.Selection()
	what := fmt.Sprintf("%q", excerpt(coding.Slice(wb.st.doc.Text, sel), 40))
	_, added, err := wb.project.AddCodingIfNew(coding.Coding{DocumentID: wb.st.doc.ID, CodeID: codeID, CoderID: wb.st.coder.ID, Span: sel})
	if err != nil {
		showError(wb.win, err)
		return
	}
	if !added {
		wb.done(fmt.Sprintf("Already coded: %s has %s by %s; nothing added", what, wb.st.codebook.Path(codeID), wb.st.coder.Name))
		return
	}
	wb.sync()
	wb.done(fmt.Sprintf("Coded %s with %s", what, wb.st.codebook.Path(codeID)))
}

// ApplyNumbered applies the code that has number key n (1–9).
func (wb *Workbench) ApplyNumbered(n int) {
	c, ok := wb.st.CodeWithKey(n)
	if !ok {
		wb.done(fmt.Sprintf("No code has the key %d: select a code and choose its key in the details", n))
		return
	}
	wb.ApplyCode(c.ID)
}

// RemoveSelectedCoding removes the coding last clicked in the viewer.
func (wb *Workbench) RemoveSelectedCoding() {
	if wb.selected.ID == "" {
		wb.done("Click a highlight to select a coding first")
		return
	}
	removed := wb.selected
	if err := wb.project.RemoveCoding(removed.ID); err != nil {
		showError(wb.win, err)
		return
	}
	wb.selected = coding.Coding{}
	wb.sync()
	wb.done("Removed coding " + wb.st.codebook.Path(removed.CodeID))
}

// Undo undoes the user's (the current coder's) own last action. Another
// coder's or another process's action is undone only when the user has
// none of their own left, after a question that names whose it is.
func (wb *Workbench) Undo() {
	if wb.refuseReadOnly() {
		return
	}
	me := wb.st.coder.Name
	last, ok := wb.project.LastAction()
	if wb.project.Team() != nil || !ok || strings.EqualFold(last.Author, me) {
		wb.replay(wb.project.Undo, "Undid")
		return
	}
	if _, mine := wb.project.UndoLabel(); mine { // ActAs(me): the label of my own last action
		wb.replay(wb.project.Undo, "Undid")
		wb.done(wb.LastAction.Text + " (" + authorName(last.Author) + "'s later “" + last.Label + "” stays)")
		return
	}
	you := "You have"
	if me != "" {
		you = "You (" + me + ") have"
	}
	showConfirm("Undo "+authorName(last.Author)+"'s action?",
		fmt.Sprintf("%s nothing of your own to undo.\nThe last action, “%s”, was made by %s.\nUndo it?", you, last.Label, authorName(last.Author)),
		func(yes bool) {
			if yes {
				wb.replay(func() (string, error) { return wb.project.UndoEntry(last.Seq) }, "Undid "+authorName(last.Author)+"'s action")
			}
		}, wb.win).SetConfirmText("Undo " + authorName(last.Author) + "'s")
}

// authorName names the author of a journal entry for the user.
func authorName(author string) string {
	if author == "" {
		return "another program"
	}
	return author
}

// Redo redoes the user's own earliest undone action.
func (wb *Workbench) Redo() {
	if wb.refuseReadOnly() {
		return
	}
	wb.replay(wb.project.Redo, "Redid")
}

// textEditor is a focused text field: Ctrl+Z edits its text, not the project.
type textEditor interface {
	Undo()
	Redo()
}

// editUndo is Ctrl+Z and Edit → Undo: the text field's own undo when one
// has the focus, else the project's.
func (wb *Workbench) editUndo() {
	if e, ok := wb.win.Canvas().Focused().(textEditor); ok {
		e.Undo()
		return
	}
	wb.Undo()
}

// editRedo is Ctrl+Shift+Z, Ctrl+Y and Edit → Redo, as editUndo.
func (wb *Workbench) editRedo() {
	if e, ok := wb.win.Canvas().Focused().(textEditor); ok {
		e.Redo()
		return
	}
	wb.Redo()
}

func (wb *Workbench) replay(step func() (string, error), verb string) {
	_, err := step()
	if errors.Is(err, storage.ErrNothingToUndo) || errors.Is(err, storage.ErrNothingToRedo) {
		msg := strings.ToUpper(err.Error()[:1]) + err.Error()[1:]
		if who := wb.st.coder.Name; who != "" {
			action := map[string]string{"Undid": "Undo", "Redid": "Redo"}[verb]
			msg += " of " + who + "'s: " + action + " takes only your own actions; other coders' and other programs' stay"
		}
		wb.done(msg)
		return
	}
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.sync()
	wb.done(verb + ": " + wb.describe(wb.lastSet))
}

// describe names what a change set did and, for codings, where, when
// that is not the open document: "Code passage (Trust, “cyber
// vandalism”, in setback.txt)".
func (wb *Workbench) describe(cs storage.ChangeSet) string {
	text := cs.Label
	var c coding.Coding
	switch r := cs.Codings; {
	case len(r.Added) > 0:
		c = r.Added[0]
	case len(r.Removed) > 0:
		c = r.Removed[0]
	case len(r.Updated) > 0:
		c = r.Updated[0].After
	default:
		return text
	}
	if n := cs.Codings.Len(); n > 1 {
		return text + " (" + wb.whereCodings(cs.Codings) + ")"
	}
	parts := []string{wb.st.codebook.Path(c.CodeID), coderNameIn(wb.st, cs, c.CoderID)}
	if c.DocumentID == wb.st.doc.ID {
		parts = append(parts, "“"+excerpt(coding.Slice(wb.st.doc.Text, c.Span), 30)+"”")
	} else if d, ok := wb.st.DocumentByID(c.DocumentID); ok {
		parts = append(parts, "in "+d.Name+", not on screen")
	}
	return text + " (" + strings.Join(parts, ", ") + ")"
}

// whereCodings says how many codings a change touched and where: "7
// codings, 4 in this document, 3 in other.txt, not on screen".
func (wb *Workbench) whereCodings(r storage.Rows[coding.Coding]) string {
	byDoc := map[string]int{}
	for _, c := range r.Added {
		byDoc[c.DocumentID]++
	}
	for _, c := range r.Removed {
		byDoc[c.DocumentID]++
	}
	for _, u := range r.Updated {
		byDoc[u.After.DocumentID]++
	}
	parts := []string{plural(r.Len(), "coding")}
	if n := byDoc[wb.st.doc.ID]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d in this document", n))
	}
	var others []string // the names of the other documents
	rest := 0
	for id, n := range byDoc {
		if id == wb.st.doc.ID {
			continue
		}
		rest += n
		name := "(removed)"
		if d, ok := wb.st.DocumentByID(id); ok {
			name = d.Name
		}
		others = append(others, name)
	}
	switch {
	case len(others) == 1:
		parts = append(parts, fmt.Sprintf("%d in %s, not on screen", rest, others[0]))
	case len(others) > 1:
		parts = append(parts, fmt.Sprintf("%d in %s, not on screen", rest, plural(len(others), "other document")))
	}
	return strings.Join(parts, ", ")
}

// coderNameIn names a coder the state knows or the change set carries (a
// coder the action added, or that undoing it removed), never "?" for
// one the window has not yet shown.
func coderNameIn(st *State, cs storage.ChangeSet, id string) string {
	for _, c := range append(append(slices.Clone(cs.Coders.Added), cs.Coders.Removed...), st.Coders()...) {
		if c.ID == id {
			return c.Name
		}
	}
	return st.CoderName(id)
}

// InVivo creates a code named after the selected words and applies it.
func (wb *Workbench) InVivo() {
	sel := wb.Viewer.Selection()
	if sel.Empty() {
		wb.done("Select the words to use as the code's name")
		return
	}
	wb.codeSelectionAs(inVivoName(coding.Slice(wb.st.doc.Text, sel)))
}

// inVivoName makes a code name from selected words: whitespace collapsed,
// ">" (the path separator) replaced, at most 60 characters.
func inVivoName(text string) string {
	name := strings.Join(strings.Fields(text), " ")
	name = strings.ReplaceAll(name, ">", "›")
	name = strings.TrimFunc(name, func(r rune) bool { return unicode.IsPunct(r) && r != '’' && r != '\'' || unicode.IsSpace(r) })
	if r := []rune(name); len(r) > 60 {
		name = strings.TrimSpace(string(r[:60])) + "…"
	}
	return name
}

// codeSelectionAs creates (or finds) a top-level code with this name and
// codes the selection with it, as one action.
func (wb *Workbench) codeSelectionAs(name string) {
	if wb.st.coder.ID == "" {
		wb.askCoderName(func() { wb.codeSelectionAs(name) })
		return
	}
	sel := wb.Viewer.Selection()
	c, err := wb.project.Code(storage.CodeRequest{Coder: wb.st.coder.Name, Document: wb.st.doc.Name, CodePath: name, Span: sel})
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.sync()
	wb.Codes.reveal(c.CodeID)
	wb.done(fmt.Sprintf("Coded %q with new code %s", excerpt(coding.Slice(wb.st.doc.Text, sel), 40), wb.st.codebook.Path(c.CodeID)))
}

// NewCodeFromSelection asks for a name (suggesting the selected words) and
// codes the selection with a new code of that name.
func (wb *Workbench) NewCodeFromSelection() {
	sel := wb.Viewer.Selection()
	if sel.Empty() {
		wb.newCode("")
		return
	}
	wb.askText("New code from selection", "Create and apply", "Name", "", inVivoName(coding.Slice(wb.st.doc.Text, sel)), wb.codeSelectionAs, nil)
}

// Find marks every case-insensitive occurrence of query in the open document.
func (wb *Workbench) Find(query string) {
	wb.hits = findAll(wb.st.doc.Text, query)
	wb.showMarks()
	if len(wb.hits) > 0 {
		wb.Viewer.ScrollTo(wb.hits[0].Start)
	}
	wb.updateStatus()
	if query != "" {
		wb.done(fmt.Sprintf("%s for %q", plural(len(wb.hits), "hit"), query))
	}
}

// findAll returns the rune spans of every case-insensitive, non-overlapping
// occurrence of query in text.
func findAll(text, query string) []coding.Span {
	q := []rune(strings.ToLower(query))
	if len(q) == 0 {
		return nil
	}
	t := []rune(strings.ToLower(text))
	if len(t) != len([]rune(text)) { // lower-casing changed the length: match exactly
		t, q = []rune(text), []rune(query)
	}
	var hits []coding.Span
	for i := 0; i+len(q) <= len(t); i++ {
		if string(t[i:i+len(q)]) == string(q) {
			hits = append(hits, coding.Span{Start: i, End: i + len(q)})
			i += len(q) - 1
		}
	}
	return hits
}

// CodeAllHits applies a code to every hit of the last search, as one action.
func (wb *Workbench) CodeAllHits(codeID string) {
	code, ok := wb.st.codebook.Code(codeID)
	switch {
	case len(wb.hits) == 0:
		wb.done("Search first (Ctrl+F), then code all hits")
		return
	case !ok:
		wb.done("Select a code in the codebook, then code all hits with it")
		return
	case !code.Codable:
		wb.done(fmt.Sprintf("%q is a category: choose one of its codes", code.Name))
		return
	case wb.st.coder.ID == "":
		wb.askCoderName(func() { wb.CodeAllHits(codeID) })
		return
	}
	batch := make([]coding.Coding, len(wb.hits))
	for i, h := range wb.hits {
		batch[i] = coding.Coding{DocumentID: wb.st.doc.ID, CodeID: codeID, CoderID: wb.st.coder.ID, Span: h}
	}
	n, err := wb.project.AddCodings(fmt.Sprintf("Code %s", plural(len(batch), "hit")), batch)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.sync()
	wb.done(fmt.Sprintf("Coded %s with %s", plural(n, "hit"), wb.st.codebook.Path(codeID)))
}

func excerpt(s string, n int) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// oneLine is s with every run of white space (line breaks included) one
// space, for a list row of one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// typedRune handles keys typed in the viewer: 1–9 apply the code with that key.
func (wb *Workbench) typedRune(r rune) {
	if r >= '1' && r <= '9' {
		wb.ApplyNumbered(int(r - '0'))
	}
}

// typedKey handles Enter (apply the selected code) and Delete (remove the
// selected coding) in the viewer.
func (wb *Workbench) typedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		wb.applySelectedCode()
	case fyne.KeyDelete, fyne.KeyBackspace:
		wb.RemoveSelectedCoding()
	}
}

// applySelectedCode codes the selected passage with the code selected in
// the codebook.
func (wb *Workbench) applySelectedCode() {
	if id := wb.Codes.selectedID; id != "" {
		wb.ApplyCode(id)
	} else {
		wb.done("Select a code in the codebook first (or press its number key)")
	}
}

// bindKeys registers the shortcuts on the canvas, and lets the viewer pass
// on the ones it does not handle itself. Keys that reach the canvas while
// a dialog or pop-up is open are meant for it: they do nothing behind it.
func (wb *Workbench) bindKeys() {
	c := wb.win.Canvas()
	open := func() bool { return c.Overlays().Top() != nil }
	for _, cmd := range wb.commands() {
		for _, sc := range cmd.shortcuts {
			c.AddShortcut(sc, func(fyne.Shortcut) {
				if !open() {
					cmd.run()
				}
			})
		}
	}
	wb.Viewer.OnShortcut = wb.TypedShortcut
	c.SetOnTypedRune(func(r rune) {
		if !open() {
			wb.typedRune(r)
		}
	})
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if !open() {
			wb.typedKey(e)
		}
	})
}

// TypedShortcut runs the workbench command with shortcut s, if any.
func (wb *Workbench) TypedShortcut(s fyne.Shortcut) {
	for _, cmd := range wb.commands() {
		for _, sc := range cmd.shortcuts {
			if sc.ShortcutName() == s.ShortcutName() {
				cmd.run()
				return
			}
		}
	}
}

// askCoderName asks who is coding; the answer is remembered. then, if
// not nil, is what the user was doing when asked (coding a passage): it
// runs once the coder is set; a cancelled question says it was not done.
func (wb *Workbench) askCoderName(then func()) {
	wb.askText("Who is coding?", "Start coding", "Coder", "your name or initials", "", func(name string) {
		wb.SetCoder(name)
		if then != nil && wb.st.coder.ID != "" {
			then()
		}
	}, func() {
		if then != nil {
			wb.done("Nothing coded: say who is coding first")
		}
	})
}

// chooseShownCoders asks which coders' codings to show.
func (wb *Workbench) chooseShownCoders() {
	var names, chosen []string
	for _, c := range wb.st.coders {
		names = append(names, c.Name)
		if wb.st.Chosen(c.ID) {
			chosen = append(chosen, c.Name)
		}
	}
	group := widget.NewCheckGroup(names, nil)
	group.SetSelected(chosen)
	previous := wb.st.show
	showCustomConfirm("Show codings of", "Show", "Cancel", group, func(ok bool) {
		if !ok {
			wb.ShowPick.Selected = previous
			wb.ShowPick.Refresh()
			return
		}
		shown := map[string]bool{}
		for _, c := range wb.st.coders {
			shown[c.ID] = slices.Contains(group.Selected, c.Name)
		}
		wb.redraw(wb.st.setShow(ShowChosen, shown, wb.st.blind))
	}, wb.win, fyne.Size{})
}

// showPassage opens a document with a passage marked and in view, and
// nothing selected, so that the next key or click codes nothing by accident.
func (wb *Workbench) showPassage(docID string, span coding.Span) {
	if docID != wb.st.doc.ID {
		wb.OpenDocument(docID)
	}
	wb.Tabs.SelectIndex(0)
	wb.Viewer.SetSelection(coding.Span{})
	wb.passage = span
	wb.showMarks()
	wb.Viewer.ScrollTo(span.Start)
	wb.updateStatus()
}
