package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// ApplyCode codes the selected passage of the open document with the code,
// for the current coder, as one undoable action.
func (wb *Workbench) ApplyCode(codeID string) {
	sel := wb.Viewer.Selection()
	code, ok := wb.codebook.Code(codeID)
	switch {
	case wb.doc.ID == "":
		wb.done("Open a document first")
		return
	case sel.Empty():
		wb.done("Select a passage first, then choose a code")
		return
	case !ok:
		return
	case !code.Codable:
		wb.done(fmt.Sprintf("%q is a category: choose one of its codes", code.Name))
		return
	case wb.coder.ID == "":
		wb.askCoderName()
		return
	}
	c, err := wb.project.AddCoding(coding.Coding{DocumentID: wb.doc.ID, CodeID: codeID, CoderID: wb.coder.ID, Span: sel})
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.selected = c
	wb.codingChanged(c, +1)
	wb.done(fmt.Sprintf("Coded %q with %s", excerpt(coding.Slice(wb.doc.Text, sel), 40), wb.codebook.Path(codeID)))
}

// ApplyNumbered applies the n-th code (1–9) of the codebook tree.
func (wb *Workbench) ApplyNumbered(n int) {
	codes := wb.codableInOrder()
	if n < 1 || n > len(codes) || n > 9 {
		return
	}
	wb.ApplyCode(codes[n-1].ID)
}

// RemoveSelectedCoding removes the coding last clicked in the viewer.
func (wb *Workbench) RemoveSelectedCoding() {
	if wb.selected.ID == "" {
		wb.done("Click a highlight to select a coding first")
		return
	}
	if err := wb.project.RemoveCoding(wb.selected.ID); err != nil {
		showError(wb.win, err)
		return
	}
	wb.done("Removed coding " + wb.codebook.Path(wb.selected.CodeID))
	removed := wb.selected
	wb.selected = coding.Coding{}
	wb.codingChanged(removed, -1)
}

// Undo undoes the last coding or codebook action.
func (wb *Workbench) Undo() { wb.replay(wb.project.Undo, "Undid") }

// Redo redoes the last undone action.
func (wb *Workbench) Redo() { wb.replay(wb.project.Redo, "Redid") }

func (wb *Workbench) replay(step func() (string, error), verb string) {
	label, err := step()
	if errors.Is(err, storage.ErrNothingToUndo) || errors.Is(err, storage.ErrNothingToRedo) {
		wb.done(strings.ToUpper(err.Error()[:1]) + err.Error()[1:])
		return
	}
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.selected = coding.Coding{}
	wb.reload()
	wb.done(verb + ": " + label)
}

// InVivo creates a code named after the selected words and applies it.
func (wb *Workbench) InVivo() {
	sel := wb.Viewer.Selection()
	if sel.Empty() {
		wb.done("Select the words to use as the code's name")
		return
	}
	wb.codeSelectionAs(inVivoName(coding.Slice(wb.doc.Text, sel)))
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
	if wb.coder.ID == "" {
		wb.askCoderName()
		return
	}
	sel := wb.Viewer.Selection()
	c, err := wb.project.Code(storage.CodeRequest{Coder: wb.coder.Name, Document: wb.doc.Name, CodePath: name, Span: sel})
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.selected = c
	wb.reload()
	wb.Codes.reveal(c.CodeID)
	wb.done(fmt.Sprintf("Coded %q with new code %s", excerpt(coding.Slice(wb.doc.Text, sel), 40), wb.codebook.Path(c.CodeID)))
}

// NewCodeFromSelection asks for a name (suggesting the selected words) and
// codes the selection with a new code of that name.
func (wb *Workbench) NewCodeFromSelection() {
	sel := wb.Viewer.Selection()
	if sel.Empty() {
		wb.Codes.newCode("")
		return
	}
	wb.askText("New code from selection", "Create and apply", "Name", "", inVivoName(coding.Slice(wb.doc.Text, sel)), wb.codeSelectionAs, nil)
}

// Find marks every case-insensitive occurrence of query in the open document.
func (wb *Workbench) Find(query string) {
	wb.hits = findAll(wb.doc.Text, query)
	wb.Viewer.SetMarks(wb.hits)
	if len(wb.hits) > 0 {
		wb.Viewer.ScrollTo(wb.hits[0].Start)
	}
	wb.updateStatus()
	if query != "" {
		wb.done(fmt.Sprintf("%d hits for %q", len(wb.hits), query))
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
	if len(wb.hits) == 0 || wb.coder.ID == "" {
		wb.done("Search first (Ctrl+F), then code all hits")
		return
	}
	batch := make([]coding.Coding, len(wb.hits))
	for i, h := range wb.hits {
		batch[i] = coding.Coding{DocumentID: wb.doc.ID, CodeID: codeID, CoderID: wb.coder.ID, Span: h}
	}
	n, err := wb.project.AddCodings(fmt.Sprintf("Code %d hits", len(batch)), batch)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.reload()
	wb.done(fmt.Sprintf("Coded %d hits with %s", n, wb.codebook.Path(codeID)))
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// typedRune handles keys typed in the viewer: 1–9 apply the numbered codes.
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
		if id := wb.Codes.selectedID; id != "" {
			wb.ApplyCode(id)
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		wb.RemoveSelectedCoding()
	}
}

// shortcuts are the workbench's keyboard shortcuts, shared by the menus
// and the window canvas.
func (wb *Workbench) shortcuts() []struct {
	sc fyne.Shortcut
	fn func()
} {
	ctrl := fyne.KeyModifierShortcutDefault
	return []struct {
		sc fyne.Shortcut
		fn func()
	}{
		// The desktop driver turns Ctrl+Z and Ctrl+Y into Fyne's own undo and redo shortcuts.
		{&fyne.ShortcutUndo{}, wb.Undo},
		{&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}, wb.Redo},
		{&fyne.ShortcutRedo{}, wb.Redo},
		{&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: ctrl}, wb.InVivo},
		{&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}, wb.NewCodeFromSelection},
		{&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}, func() { wb.win.Canvas().Focus(wb.Search) }},
	}
}

// bindKeys registers the shortcuts on the canvas, and lets the viewer pass
// on the ones it does not handle itself. Keys that reach the canvas while
// a dialog or pop-up is open are meant for it: they do nothing behind it.
func (wb *Workbench) bindKeys() {
	c := wb.win.Canvas()
	open := func() bool { return c.Overlays().Top() != nil }
	for _, s := range wb.shortcuts() {
		c.AddShortcut(s.sc, func(fyne.Shortcut) {
			if !open() {
				s.fn()
			}
		})
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

// TypedShortcut runs the workbench shortcut matching s, if any.
func (wb *Workbench) TypedShortcut(s fyne.Shortcut) {
	for _, known := range wb.shortcuts() {
		if known.sc.ShortcutName() == s.ShortcutName() {
			known.fn()
			return
		}
	}
}

// askCoderName asks who is coding; the answer is remembered.
func (wb *Workbench) askCoderName() {
	wb.askText("Who is coding?", "Start coding", "Coder", "your name or initials", "", wb.SetCoder, wb.reload)
}

// chooseShownCoders asks which coders' codings to show.
func (wb *Workbench) chooseShownCoders() {
	var names []string
	var chosen []string
	for _, c := range wb.coders {
		names = append(names, c.Name)
		if wb.shown[c.ID] {
			chosen = append(chosen, c.Name)
		}
	}
	group := widget.NewCheckGroup(names, nil)
	group.SetSelected(chosen)
	showCustomConfirm("Show codings of", "Show", "Cancel", group, func(ok bool) {
		if !ok {
			return
		}
		wb.shown = map[string]bool{}
		for _, c := range wb.coders {
			wb.shown[c.ID] = slices.Contains(group.Selected, c.Name)
		}
		wb.refreshShown()
	}, wb.win, fyne.Size{})
}
