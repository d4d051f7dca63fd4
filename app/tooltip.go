package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.7 has no tooltips. A window whose content is wrapped with
// withTooltips gets a layer above it that draws one small label at a time;
// a widget that wants a tooltip keeps a hoverTip and calls it from its
// desktop.Hoverable methods (tipButton and tipCheck do so for buttons and
// check boxes). The layer holds only a rectangle and a label, which take no
// pointer events, so the widgets below keep their hover and clicks. A
// pop-up would not do: while one shows, Fyne gives it every pointer event,
// so the widget under it would never hear that the mouse left.

// tipDelay is how long the pointer rests on a widget before its tooltip shows.
const tipDelay = 600 * time.Millisecond

// tipAfter runs f on the window's goroutine after d; tests replace it.
var tipAfter = func(d time.Duration, f func()) {
	time.AfterFunc(d, func() { fyne.Do(f) })
}

// tipRoot is a window's content with the tooltip layer above it.
type tipRoot struct {
	widget.BaseWidget
	content fyne.CanvasObject
	layer   *fyne.Container // without layout: bg and label, placed by show
	bg      *canvas.Rectangle
	label   *widget.Label
	text    string    // the tooltip showing, before wrapping
	owner   *hoverTip // whose tooltip shows, if any
}

// tipWidth is the widest a tooltip's text runs before it wraps.
const tipWidth = 420

// withTooltips wraps a window's content so that widgets in it can show tooltips.
func withTooltips(content fyne.CanvasObject) fyne.CanvasObject {
	r := &tipRoot{content: content, bg: &canvas.Rectangle{CornerRadius: 4, StrokeWidth: 1}, label: widget.NewLabel("")}
	r.layer = &fyne.Container{Objects: []fyne.CanvasObject{r.bg, r.label}}
	r.layer.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer stacks the layer on the content.
func (r *tipRoot) CreateRenderer() fyne.WidgetRenderer {
	return &tipRootRenderer{r: r}
}

type tipRootRenderer struct {
	r    *tipRoot
	size fyne.Size
}

// Layout lays the content out; a tooltip showing when the window changes
// size is hidden, since what it points at has moved.
func (t *tipRootRenderer) Layout(size fyne.Size) {
	t.r.content.Resize(size)
	if size != t.size {
		t.size = size
		t.r.hideAny()
	}
}

func (t *tipRootRenderer) MinSize() fyne.Size { return t.r.content.MinSize() }

func (t *tipRootRenderer) Refresh() {
	t.r.content.Refresh()
	if t.r.layer.Visible() {
		t.r.layer.Refresh()
	}
}

func (t *tipRootRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{t.r.content, t.r.layer}
}

func (t *tipRootRenderer) Destroy() {}

// show shows text with its top left corner near at (a canvas position),
// kept inside the window.
func (r *tipRoot) show(owner *hoverTip, text string, at fyne.Position) {
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.owner = owner
	r.bg.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	r.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	r.text = text
	r.label.SetText(wrapWords(text, tipWidth, func(s string) float32 {
		return fyne.MeasureText(s, th.Size(theme.SizeNameText), r.label.TextStyle).Width
	}))
	size := r.label.MinSize()
	r.label.Resize(size)
	r.bg.Resize(size)
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(r)
	pos := at.Subtract(origin).Add(fyne.NewPos(12, 20))
	area := r.Size()
	if pos.X+size.Width > area.Width {
		pos.X = max(area.Width-size.Width, 0)
	}
	if pos.Y+size.Height > area.Height {
		pos.Y = max(at.Y-origin.Y-size.Height-8, 0)
	}
	r.layer.Move(pos)
	r.layer.Resize(size)
	r.layer.Show()
	r.repaint()
}

// repaint asks the window to draw the layer again. The layer's own Refresh
// would not: while hidden it was never drawn, so Fyne does not know its window.
func (r *tipRoot) repaint() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Refresh(r.layer)
	}
}

// hide hides the tooltip if owner's is the one showing.
func (r *tipRoot) hide(owner *hoverTip) {
	if r.owner == owner && r.layer.Visible() {
		r.owner = nil
		r.layer.Hide()
		r.repaint()
	}
}

// hideAny hides the tooltip showing, whoever's it is: for when what it
// points at may have gone (the window resized, the project changed).
func (r *tipRoot) hideAny() {
	if r.owner != nil {
		r.owner.gen++ // a tooltip about to show does not
	}
	if r.layer.Visible() {
		r.owner = nil
		r.layer.Hide()
		r.repaint()
	}
}

// hideTooltip hides the tooltip showing in window w, if any.
func hideTooltip(w fyne.Window) {
	if r, ok := w.Canvas().Content().(*tipRoot); ok {
		r.hideAny()
	}
}

// Tooltip is the text of the tooltip showing, or "" when none is.
func (r *tipRoot) Tooltip() string {
	if !r.layer.Visible() {
		return ""
	}
	return r.text
}

// wrapWords breaks text's lines at spaces so that none is wider than
// width (a word wider than width stays whole, on its own line).
func wrapWords(text string, width float32, measure func(string) float32) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		cur := ""
		for _, w := range strings.Fields(line) {
			if cur != "" && measure(cur+" "+w) > width {
				out = append(out, cur)
				cur = w
			} else if cur == "" {
				cur = w
			} else {
				cur += " " + w
			}
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

// tipRootOf is the tooltip layer of the window o is in, or nil.
func tipRootOf(o fyne.CanvasObject) *tipRoot {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	r, _ := c.Content().(*tipRoot)
	return r
}

// hoverTip is the tooltip of one widget: text says what it is now (it is
// asked when the tooltip shows, so it can say why a button is disabled).
type hoverTip struct {
	text  func() string
	gen   int // counts hovers, so that a late timer of an old one does nothing
	at    fyne.Position
	owner fyne.CanvasObject
}

// in starts the wait for the tooltip of obj, the pointer at ev.
func (h *hoverTip) in(obj fyne.CanvasObject, ev *desktop.MouseEvent) {
	h.gen++
	gen := h.gen
	h.owner, h.at = obj, ev.AbsolutePosition
	tipAfter(tipDelay, func() {
		if gen != h.gen || h.text == nil {
			return
		}
		text := h.text()
		if r := tipRootOf(obj); r != nil && text != "" {
			r.show(h, text, h.at)
		}
	})
}

// moved follows the pointer until the tooltip shows.
func (h *hoverTip) moved(ev *desktop.MouseEvent) { h.at = ev.AbsolutePosition }

// out hides the tooltip and cancels one about to show.
func (h *hoverTip) out() {
	h.gen++
	if h.owner != nil {
		if r := tipRootOf(h.owner); r != nil {
			r.hide(h)
		}
	}
}

// tipButton is a button with a tooltip.
type tipButton struct {
	widget.Button
	tip hoverTip
}

// newTipButton is a button (icon may be nil) whose tooltip says tip().
func newTipButton(label string, icon fyne.Resource, tapped func(), tip func() string) *tipButton {
	b := &tipButton{tip: hoverTip{text: tip}}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn highlights the button and starts the wait for its tooltip.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	b.tip.in(b, ev)
}

// MouseMoved follows the pointer.
func (b *tipButton) MouseMoved(ev *desktop.MouseEvent) {
	b.Button.MouseMoved(ev)
	b.tip.moved(ev)
}

// MouseOut hides the tooltip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.tip.out()
}

// Tapped hides the tooltip and presses the button.
func (b *tipButton) Tapped(ev *fyne.PointEvent) {
	b.tip.out()
	b.Button.Tapped(ev)
}

// tipCheck is a check box with a tooltip.
type tipCheck struct {
	widget.Check
	tip hoverTip
}

func newTipCheck(label string, changed func(bool), tip string) *tipCheck {
	c := &tipCheck{tip: hoverTip{text: func() string { return tip }}}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// MouseIn highlights the check box and starts the wait for its tooltip.
func (c *tipCheck) MouseIn(ev *desktop.MouseEvent) {
	c.Check.MouseIn(ev)
	c.tip.in(c, ev)
}

// MouseMoved follows the pointer.
func (c *tipCheck) MouseMoved(ev *desktop.MouseEvent) {
	c.Check.MouseMoved(ev)
	c.tip.moved(ev)
}

// MouseOut hides the tooltip.
func (c *tipCheck) MouseOut() {
	c.Check.MouseOut()
	c.tip.out()
}

// Tapped hides the tooltip and toggles the check box.
func (c *tipCheck) Tapped(ev *fyne.PointEvent) {
	c.tip.out()
	c.Check.Tapped(ev)
}
