package textview

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/go-text/typesetting/segmenter"
)

// Interfaces the viewer and its page implement.
var (
	_ fyne.Focusable         = (*Viewer)(nil)
	_ fyne.Shortcutable      = (*Viewer)(nil)
	_ desktop.Keyable        = (*Viewer)(nil)
	_ fyne.Draggable         = (*page)(nil)
	_ fyne.Tappable          = (*page)(nil)
	_ fyne.DoubleTappable    = (*page)(nil)
	_ desktop.Mouseable      = (*page)(nil)
	_ desktop.Hoverable      = (*page)(nil)
	_ desktop.Cursorable     = (*page)(nil)
	_ fyne.SecondaryTappable = (*page)(nil)
	_ fyne.Scrollable        = (*page)(nil)
)

// MouseDown places the caret at the pointer, or with Shift extends the
// selection to it, and focuses the viewer.
func (p *page) MouseDown(e *desktop.MouseEvent) {
	v := p.v
	v.requestFocus()
	if e.Button != desktop.MouseButtonPrimary {
		return
	}
	v.pressed = true
	v.clickShift = e.Modifier&fyne.KeyModifierShift != 0
	off := v.OffsetAt(e.Position)
	if v.clickShift {
		v.setSelection(v.anchor, off)
	} else {
		v.setSelection(off, off)
	}
}

// MouseUp ends a press.
func (p *page) MouseUp(*desktop.MouseEvent) { p.v.pressed = false }

// Dragged selects from where the drag started to the pointer, scrolling when
// the pointer leaves the view. Without a preceding MouseDown (touch, or
// fyne/test's Drag) the drag is taken to start at Position - Dragged.
func (p *page) Dragged(e *fyne.DragEvent) {
	v := p.v
	if !v.dragging {
		v.dragging = true
		if !v.pressed && !v.shiftDown {
			start := v.OffsetAt(e.Position.Subtract(e.Dragged))
			v.anchor, v.caret = start, start
		}
	}
	v.autoScroll(e.Position)
	v.setSelection(v.anchor, v.OffsetAt(e.Position))
}

// DragEnd ends a drag selection.
func (p *page) DragEnd() {
	p.v.dragging = false
	p.v.pressed = false
}

// Tapped tells OnHighlightTapped about the topmost highlight under the
// pointer (a click with Shift only extends the selection).
func (p *page) Tapped(e *fyne.PointEvent) {
	v := p.v
	v.requestFocus()
	if v.clickShift {
		v.clickShift = false
		return
	}
	if f := v.OnHighlightTapped; f != nil {
		if hs := v.highlightsAt(e.Position); len(hs) > 0 {
			f(v.hs[hs[len(hs)-1]])
		}
	}
}

// TappedSecondary focuses the viewer without changing the selection, so that
// a context menu can act on it.
func (p *page) TappedSecondary(*fyne.PointEvent) { p.v.requestFocus() }

// DoubleTapped selects the word under the pointer.
func (p *page) DoubleTapped(e *fyne.PointEvent) {
	v := p.v
	v.requestFocus()
	i := v.runeAtPos(e.Position)
	if i < 0 {
		return
	}
	start, end := wordAround(v.text, i)
	v.setSelection(start, end)
}

// MouseIn shows the tooltip of what is under the pointer.
func (p *page) MouseIn(e *desktop.MouseEvent) { p.v.hover(e.Position) }

// MouseMoved shows the tooltip of what is under the pointer.
func (p *page) MouseMoved(e *desktop.MouseEvent) { p.v.hover(e.Position) }

// MouseOut hides the tooltip.
func (p *page) MouseOut() { p.v.setHover("", fyne.Position{}) }

// Cursor is the text cursor.
func (p *page) Cursor() desktop.Cursor { return desktop.TextCursor }

// requestFocus gives the keyboard focus to the viewer.
func (v *Viewer) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

// autoScroll scrolls towards pos (a content position) if it is outside the
// view, and goes on scrolling, extending the selection, while the drag
// holds the pointer there (the driver sends no events while the mouse
// stands still).
func (v *Viewer) autoScroll(pos fyne.Position) {
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	v.dragAt = pos.Subtract(v.scroll.Offset) // where the pointer is; it stays there as the text scrolls
	switch {
	case pos.Y < top:
		v.scrollToY(pos.Y)
	case pos.Y > top+h:
		v.scrollToY(pos.Y - h)
	}
	if v.dragOutside() && !v.autoScrolling {
		v.autoScrolling = true
		v.spawn(func() {
			tick := time.NewTicker(autoScrollEvery)
			defer tick.Stop()
			for range tick.C {
				more := true
				fyne.DoAndWait(func() { more = v.autoScrollStep() })
				if !more {
					return
				}
			}
		})
	}
}

// autoScrollEvery is how often a drag held past the view's edge scrolls.
const autoScrollEvery = 40 * time.Millisecond

// dragOutside reports whether the dragging pointer is above or below the
// view.
func (v *Viewer) dragOutside() bool {
	return v.dragging && (v.dragAt.Y < 0 || v.dragAt.Y > v.scroll.Size().Height)
}

// autoScrollStep scrolls one step towards the dragging pointer held
// outside the view (further the further out it is: half a line to three
// lines) and extends the selection to it; it reports whether to go on.
func (v *Viewer) autoScrollStep() bool {
	if !v.dragOutside() || !v.ensureLayout() {
		v.autoScrolling = false
		return false
	}
	h := v.scroll.Size().Height
	out := -v.dragAt.Y
	if v.dragAt.Y > h {
		out = v.dragAt.Y - h
	}
	step := min(max(out/2, v.m.lineHeight/2), 3*v.m.lineHeight)
	if v.dragAt.Y < 0 {
		step = -step
	}
	v.scrollToY(v.scroll.Offset.Y + step)
	v.setSelection(v.anchor, v.OffsetAt(v.dragAt.Add(v.scroll.Offset)))
	return true
}

// wheelLines is how many lines one notch of a mouse wheel scrolls.
const wheelLines = 3

// wheelNotch is how far Fyne's desktop driver says one notch scrolls
// (its scrollSpeed on Linux and Windows; a Mac's is 10, and trackpads
// send fractions).
const wheelNotch = 25

// Scrolled scrolls wheelLines lines a notch (Fyne's scroll container
// would scroll about one line).
func (p *page) Scrolled(e *fyne.ScrollEvent) {
	v := p.v
	if !v.ensureLayout() {
		return
	}
	v.scrollToY(v.scroll.Offset.Y - e.Scrolled.DY/wheelNotch*wheelLines*v.m.lineHeight)
}

// runeAtPos is the offset of the rune drawn at content position pos, or -1.
func (v *Viewer) runeAtPos(pos fyne.Position) int {
	if !v.ensureLayout() {
		return -1
	}
	y := pos.Y - padTop
	if y < 0 || y >= v.height {
		return -1
	}
	l := v.lines[lineAtY(v.lines, y)]
	if y >= l.y+v.m.lineHeight {
		return -1 // in the gap after a paragraph
	}
	return runeAt(v.text, l, pos.X-textLeft, v.widths)
}

// highlightsAt are the positions in v.hs (drawing order, topmost last) of the
// highlights under content position pos: on the text, those covering the
// rune there; in the margin, those whose stripe is there.
func (v *Viewer) highlightsAt(pos fyne.Position) []int {
	if pos.X >= textLeft-marginText/2 {
		i := v.runeAtPos(pos)
		if i < 0 {
			return nil
		}
		return v.hsIndex.overlapping(i, i+1, nil)
	}
	if !v.ensureLayout() || pos.Y < padTop || pos.Y >= padTop+v.height {
		return nil
	}
	y := pos.Y - padTop
	l := v.lines[lineAtY(v.lines, y)]
	var out []int
	for _, i := range v.hsIndex.overlapping(l.start, l.end+1, nil) {
		x, w := v.stripeX(v.lanes[i])
		if pos.X < x-1 || pos.X >= x+w+1 {
			continue
		}
		s := v.hsIndex.spans[i]
		top := v.lines[lineOf(v.lines, s.Start)].y
		bottom := v.lines[lineOf(v.lines, s.End-1)].y + v.m.lineHeight
		if y >= top && y < bottom {
			out = append(out, i)
		}
	}
	return out
}

// hover shows the tooltips of the highlights at content position pos.
func (v *Viewer) hover(pos fyne.Position) {
	var tips []string
	for _, i := range v.highlightsAt(pos) {
		if t := v.hs[i].Tooltip; t != "" && !containsString(tips, t) {
			tips = append(tips, t)
		}
	}
	v.setHover(strings.Join(tips, "\n"), pos.Subtract(v.scroll.Offset))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// setHover shows text as a tooltip near at (a viewer position), or hides
// the tooltip if text is empty.
func (v *Viewer) setHover(text string, at fyne.Position) {
	if text == "" {
		if v.hoverText != "" {
			v.hoverText = ""
			v.tip.hide()
			v.repaint()
		}
		return
	}
	v.hoverText = text
	v.tip.show(v.Theme(), text, at, v.Size())
	v.repaint()
}

// repaint asks the viewer's canvas to redraw. (The tooltip's own objects are
// unknown to the canvas while hidden, so refreshing them is not enough.)
func (v *Viewer) repaint() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Refresh(v.tip.box)
	}
}

// wordAround is the word (UAX #29) holding rune i, or just rune i if it is
// not part of a word. Only the paragraph around i, at most wordWindow runes
// either side, is segmented.
func wordAround(text []rune, i int) (start, end int) {
	const wordWindow = 200
	lo, hi := i, i+1
	for lo > 0 && i-lo < wordWindow && !isHardBreak(text[lo-1]) {
		lo--
	}
	for hi < len(text) && hi-i < wordWindow && !isHardBreak(text[hi]) {
		hi++
	}
	var seg segmenter.Segmenter
	seg.Init(text[lo:hi])
	it := seg.WordIterator()
	for it.Next() {
		w := it.Word()
		if s, e := lo+w.Offset, lo+w.Offset+len(w.Text); s <= i && i < e {
			return s, e
		}
	}
	return i, i + 1
}

// FocusGained is called when the viewer gets the keyboard focus.
func (v *Viewer) FocusGained() { v.setFocused(true) }

// FocusLost is called when the viewer loses the keyboard focus.
func (v *Viewer) FocusLost() {
	v.setFocused(false)
	v.shiftDown = false
}

// setFocused records the focus and redraws the caret.
func (v *Viewer) setFocused(f bool) {
	v.focused = f
	v.page.dirty |= dirtySelection
	v.page.update()
}

// KeyDown tracks the Shift keys (for Shift+arrow selection).
func (v *Viewer) KeyDown(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		v.shiftDown = true
	}
}

// KeyUp tracks the Shift keys.
func (v *Viewer) KeyUp(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		v.shiftDown = false
	}
}

// TypedKey scrolls with the arrows, Page Up/Down, Home and End, or with
// Shift held extends the selection; other keys go to OnTypedKey.
func (v *Viewer) TypedKey(e *fyne.KeyEvent) {
	if v.shiftDown && v.extendByKey(e.Name) {
		return
	}
	if !v.shiftDown && v.scrollByKey(e.Name) {
		return
	}
	if f := v.OnTypedKey; f != nil {
		f(e)
	}
}

// scrollByKey scrolls for a navigation key and reports whether it was one.
func (v *Viewer) scrollByKey(key fyne.KeyName) bool {
	y, page := v.scroll.Offset.Y, max(v.scroll.Size().Height-v.m.lineHeight, v.m.lineHeight)
	switch key {
	case fyne.KeyUp:
		v.scrollToY(y - v.m.lineHeight)
	case fyne.KeyDown:
		v.scrollToY(y + v.m.lineHeight)
	case fyne.KeyPageUp:
		v.scrollToY(y - page)
	case fyne.KeyPageDown:
		v.scrollToY(y + page)
	case fyne.KeyHome:
		v.scrollToY(0)
	case fyne.KeyEnd:
		v.scrollToY(v.contentHeight())
	default:
		return false
	}
	return true
}

// extendByKey moves the selection's moving end for a navigation key with
// Shift and reports whether it was one.
func (v *Viewer) extendByKey(key fyne.KeyName) bool {
	if !v.ensureLayout() {
		return false
	}
	caret := v.caret
	l := v.lines[lineOf(v.lines, caret)]
	switch key {
	case fyne.KeyLeft:
		caret--
	case fyne.KeyRight:
		caret++
	case fyne.KeyUp, fyne.KeyDown:
		pos := v.PositionOf(caret)
		k := lineOf(v.lines, caret)
		if key == fyne.KeyUp {
			k--
		} else {
			k++
		}
		switch {
		case k < 0:
			caret = 0
		case k >= len(v.lines):
			caret = len(v.text)
		default:
			caret = caretAt(v.text, v.lines[k], pos.X-textLeft, v.widths)
		}
	case fyne.KeyHome:
		caret = l.start
	case fyne.KeyEnd:
		caret = l.end
	default:
		return false
	}
	v.setSelection(v.anchor, caret)
	v.ScrollTo(v.caret)
	return true
}

// TypedShortcut copies the selection (Copy), selects all (Select All),
// goes to the start or end of the text (Ctrl+Home, Ctrl+End; with Shift
// extending the selection there), or passes the shortcut to OnShortcut.
func (v *Viewer) TypedShortcut(s fyne.Shortcut) {
	if c, ok := s.(*desktop.CustomShortcut); ok && c.Modifier&fyne.KeyModifierShortcutDefault != 0 && (c.KeyName == fyne.KeyHome || c.KeyName == fyne.KeyEnd) {
		to := 0
		if c.KeyName == fyne.KeyEnd {
			to = len(v.text)
		}
		v.GoTo(to, c.Modifier&fyne.KeyModifierShift != 0)
		return
	}
	switch s.(type) {
	case *fyne.ShortcutCopy:
		if sel := v.Selection(); !sel.Empty() {
			fyne.CurrentApp().Clipboard().SetContent(v.SelectedText())
		}
	case *fyne.ShortcutSelectAll:
		v.setSelection(0, len(v.text))
	default:
		if f := v.OnShortcut; f != nil {
			f(s)
		}
	}
}

// GoTo scrolls to the start (offset 0) or end of the text, or any offset;
// extend extends the selection there (its fixed end stays), else the
// selection is kept, as the other navigation keys keep it.
func (v *Viewer) GoTo(offset int, extend bool) {
	offset = min(max(offset, 0), len(v.text))
	if extend {
		v.setSelection(v.anchor, offset)
	}
	switch {
	case offset <= 0:
		v.scrollToY(0)
	case offset >= len(v.text):
		v.scrollToY(v.contentHeight())
	default:
		v.ScrollTo(offset)
	}
}
