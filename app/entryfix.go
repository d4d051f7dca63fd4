package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.7.1's Entry has no caret position for a space typed where a
// word-wrapped line breaks at the end of the text (or of a paragraph):
// the wrap drops that space from every row, so Entry puts the caret
// before it, and the next character typed goes in before the space:
// "agencies and" was stored as "agenciesand " (issue 26, item 2; the same
// family of defects as fyne-io/fyne#2698). wrapTyping works around it in
// the entries that wrap (the code details, the dialogs' multi-line
// fields): it remembers where the caret should be, and puts the next
// character typed (or a Backspace) there.
type wrapTyping struct {
	want int    // the text position the caret belongs at; -1 when it is where Entry says
	text string // the text when want was noted: any other edit forgets it
}

// typeRune types r into e as Entry.TypedRune does, at the position the
// caret belongs at.
func (w *wrapTyping) typeRune(e *widget.Entry, r rune) {
	pos, fix := w.pending(e)
	w.want = -1
	if !fix {
		if e.Wrapping == fyne.TextWrapOff || e.SelectedText() != "" {
			e.TypedRune(r)
			return
		}
		e.TypedRune(r)
		if got := e.CursorTextOffset(); got != pos+1 {
			w.want, w.text = pos+1, e.Text
		}
		return
	}
	text := []rune(e.Text)
	e.SetText(string(text[:pos]) + string(r) + string(text[pos:]))
	placeCaret(e, pos+1)
}

// typedKey handles Backspace where the caret belongs after a dropped
// space, and reports whether it did; a key that moves the caret forgets
// that place. (The desktop driver sends every key here too, a letter's
// just before its rune.)
func (w *wrapTyping) typedKey(e *widget.Entry, k *fyne.KeyEvent) bool {
	pos, fix := w.pending(e)
	switch k.Name {
	case fyne.KeyBackspace:
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd,
		fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyDelete, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
		w.want = -1
		return false
	default:
		return false
	}
	w.want = -1
	if !fix {
		return false
	}
	text := []rune(e.Text)
	e.SetText(string(text[:pos-1]) + string(text[pos:]))
	placeCaret(e, pos-1)
	return true
}

// pending is where the caret belongs, and whether that is not where Entry
// has it (after a space the wrap dropped, with nothing edited since).
func (w *wrapTyping) pending(e *widget.Entry) (int, bool) {
	if w.want > 0 && e.Text == w.text && e.SelectedText() == "" && e.CursorTextOffset() == w.want-1 {
		return w.want, true
	}
	return e.CursorTextOffset(), false
}

// placeCaret puts e's caret at text position pos, or as near as its rows
// allow. Entry keeps the caret as a row and column and offers no way to
// set it by position, so each row's start is read through
// CursorTextOffset (row start + column) from the top: the caret goes on
// the last row starting at or before pos.
func placeCaret(e *widget.Entry, pos int) {
	row, start := 0, 0
	for r := 1; ; r++ {
		e.CursorRow, e.CursorColumn = r, 0
		begin := e.CursorTextOffset() // 0 past the last row
		if begin <= start || begin > pos {
			break
		}
		row, start = r, begin
	}
	e.CursorRow, e.CursorColumn = row, pos-start
	e.Refresh()
}
