package textview

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// What of the page must be rebuilt.
const (
	dirtyWords = 1 << iota
	dirtyHighlights
	dirtyMarks
	dirtySelection
	dirtyAll = dirtyWords | dirtyHighlights | dirtyMarks | dirtySelection
)

// Colours of the find marks.
var (
	markFill   = color.NRGBA{R: 0xFF, G: 0xD5, B: 0x00, A: 0x66}
	markStroke = color.NRGBA{R: 0xE0, G: 0x8E, B: 0x00, A: 0xFF}
)

// page is the scrolled content: as tall as the whole wrapped text, it holds
// canvas objects only for the lines in view and a few around them (the
// built lines), recycled from pools as the view moves.
type page struct {
	widget.BaseWidget
	v *Viewer

	dirty       int
	built       bool
	first, last int // built lines

	xs    []float32 // caret x of every rune boundary of the built lines
	xBase []int     // index in xs of each built line's start

	words                           pool[*canvas.Text]
	highlights, marks, sel, stripes pool[*canvas.Rectangle]
	outlines                        pool[*canvas.Rectangle] // around the outlined spans (SetOutlined)
	carets                          pool[*canvas.Rectangle] // at the ends of the selection
	objects                         []fyne.CanvasObject
	hits                            []int // scratch for span queries
}

// pool hands out reusable canvas objects.
type pool[T fyne.CanvasObject] struct {
	items []T
	used  int
	make  func() T
}

func (p *pool[T]) reset() { p.used = 0 }

func (p *pool[T]) next() T {
	if p.used == len(p.items) {
		p.items = append(p.items, p.make())
	}
	p.used++
	return p.items[p.used-1]
}

func (p *pool[T]) appendUsed(objs []fyne.CanvasObject) []fyne.CanvasObject {
	for _, o := range p.items[:p.used] {
		objs = append(objs, o)
	}
	return objs
}

func newRect() *canvas.Rectangle { return &canvas.Rectangle{} }

func newPage(v *Viewer) *page {
	p := &page{v: v}
	// a text's size is left zero: leading aligned, it is drawn from its
	// position whatever its size, and Resize would cost a canvas refresh
	p.words.make = func() *canvas.Text { return &canvas.Text{} }
	p.highlights.make = newRect
	p.marks.make = func() *canvas.Rectangle {
		return &canvas.Rectangle{FillColor: markFill, StrokeColor: markStroke, StrokeWidth: 1, CornerRadius: 2}
	}
	p.sel.make = newRect
	p.outlines.make = func() *canvas.Rectangle {
		return &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 2, CornerRadius: 2}
	}
	p.carets.make = newRect
	p.stripes.make = func() *canvas.Rectangle { return &canvas.Rectangle{CornerRadius: 1.5} }
	p.ExtendBaseWidget(p)
	return p
}

// MinSize is the height of the whole wrapped text; computing it wraps the
// text at the scroll width if needed.
func (p *page) MinSize() fyne.Size { return fyne.NewSize(0, p.v.contentHeight()) }

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (p *page) CreateRenderer() fyne.WidgetRenderer { return &pageRenderer{p: p} }

type pageRenderer struct{ p *page }

func (r *pageRenderer) Layout(fyne.Size) { r.p.update() }

func (r *pageRenderer) MinSize() fyne.Size { return r.p.MinSize() }

func (r *pageRenderer) Refresh() {
	r.p.dirty = dirtyAll
	r.p.update()
}

func (r *pageRenderer) Objects() []fyne.CanvasObject { return r.p.objects }

func (r *pageRenderer) Destroy() {}

// update rebuilds what is dirty, after moving the built lines if the view
// left them, and asks the canvas to redraw.
func (p *page) update() {
	v := p.v
	if !v.ensureLayout() || v.scroll.Size().Height <= 0 {
		return
	}
	if v.pendingScroll >= 0 {
		off := v.pendingScroll
		v.pendingScroll = -1
		v.ScrollTo(off)
	}
	top := v.scroll.Offset.Y - padTop
	first, last := lineAtY(v.lines, top), lineAtY(v.lines, top+v.scroll.Size().Height)
	if !p.built || first < p.first || last > p.last || p.last >= len(v.lines) {
		p.first, p.last = max(first-overscan, 0), min(last+overscan, len(v.lines)-1)
		p.built = true
		p.dirty = dirtyAll
	}
	if p.dirty == 0 {
		return
	}
	th, variant := v.Theme(), themeVariant()
	if p.dirty&dirtyWords != 0 {
		p.measureLines()
		p.buildWords(th.Color(theme.ColorNameForeground, variant))
	}
	if p.dirty&dirtyHighlights != 0 {
		p.buildHighlights()
	}
	if p.dirty&dirtyMarks != 0 {
		p.buildSpans(&p.marks, &v.marks, nil)
		p.buildSpans(&p.outlines, &v.outlined, nil)
		for _, r := range p.outlines.items[:p.outlines.used] {
			r.StrokeColor = opaque(v.outlineColor)
		}
	}
	if p.dirty&dirtySelection != 0 {
		p.buildSelection(th.Color(theme.ColorNameSelection, variant), th.Color(theme.ColorNamePrimary, variant))
	}
	p.dirty = 0
	p.objects = p.objects[:0]
	// The selection lies under the highlights, so that a passage just coded
	// shows its code's colour at once; the carets still mark its ends.
	p.objects = p.sel.appendUsed(p.objects)
	p.objects = p.highlights.appendUsed(p.objects)
	p.objects = p.marks.appendUsed(p.objects)
	p.objects = p.outlines.appendUsed(p.objects)
	p.objects = p.carets.appendUsed(p.objects)
	p.objects = p.stripes.appendUsed(p.objects)
	p.objects = p.words.appendUsed(p.objects)
	canvas.Refresh(p)
}

// measureLines fills xs for the built lines.
func (p *page) measureLines() {
	v := p.v
	p.xs, p.xBase = p.xs[:0], p.xBase[:0]
	for k := p.first; k <= p.last; k++ {
		l := v.lines[k]
		p.xBase = append(p.xBase, len(p.xs))
		var x float32
		for _, r := range v.text[l.start:l.end] {
			p.xs = append(p.xs, x)
			x += v.widths.of(r)
		}
		p.xs = append(p.xs, x)
	}
}

// x is the caret x (from the text's left edge) of offset off on built line k.
func (p *page) x(k, off int) float32 {
	return p.xs[p.xBase[k-p.first]+off-p.v.lines[k].start]
}

// buildWords places one text object per word of the built lines.
func (p *page) buildWords(fg color.Color) {
	v := p.v
	p.words.reset()
	for k := p.first; k <= p.last; k++ {
		l := v.lines[k]
		y := padTop + l.y + v.textTop
		for i := l.start; i < l.end; {
			if isBlank(v.text[i]) {
				i++
				continue
			}
			j := i + 1
			for j < l.end && !isBlank(v.text[j]) {
				j++
			}
			t := p.words.next()
			t.Text = string(v.text[i:j])
			t.Color = fg
			t.TextSize = v.textSize
			// whole units: a texture drawn at a fractional position is blurred
			t.Move(fyne.NewPos(float32(math.Round(float64(textLeft+p.x(k, i)))), y))
			i = j
		}
	}
}

// isBlank reports whether r draws nothing, so that words are split at it.
func isBlank(r rune) bool { return isSpace(r) || r < 0x20 || isZeroWidth(r) }

// spanOnLine is the part of s on built line k as x coordinates (from the
// text's left edge); ok is false if s has nothing there. A span covering the
// line's hard break extends a little past its text.
func (p *page) spanOnLine(k int, s coding.Span) (x0, x1 float32, ok bool) {
	v := p.v
	l := v.lines[k]
	a, b := max(s.Start, l.start), min(s.End, l.end)
	newline := l.hard && l.end < len(v.text) && s.Start <= l.end && s.End > l.end
	if a > b || (a == b && !newline) {
		return 0, 0, false
	}
	x0, x1 = p.x(k, a), p.x(k, b)
	if newline {
		x1 += v.widths.of(' ')
	}
	return x0, x1, true
}

// lineQuery is the rune range of the built lines, including a final hard
// break, for span lookups.
func (p *page) lineQuery() (from, to int) {
	v := p.v
	return v.lines[p.first].start, v.lines[p.last].end + 1
}

// buildSpans draws the spans of ix on the built lines with rectangles from
// pl, coloured by fill(i) for the i-th span (nil keeps the pool's colours).
func (p *page) buildSpans(pl *pool[*canvas.Rectangle], ix *spanIndex, fill func(i int) color.Color) {
	v := p.v
	pl.reset()
	from, to := p.lineQuery()
	p.hits = ix.overlapping(from, to, p.hits[:0])
	for _, i := range p.hits {
		s := ix.spans[i]
		for k := max(p.first, lineOf(v.lines, s.Start)); k <= p.last && v.lines[k].start < s.End; k++ {
			x0, x1, ok := p.spanOnLine(k, s)
			if !ok {
				continue
			}
			r := pl.next()
			if fill != nil {
				r.FillColor = fill(i)
			}
			place(r, textLeft+x0, padTop+v.lines[k].y, x1-x0, v.m.lineHeight)
		}
	}
}

// place moves and sizes a rectangle.
func place(r *canvas.Rectangle, x, y, w, h float32) {
	r.Move(fyne.NewPos(x, y))
	r.Resize(fyne.NewSize(w, h))
}

// buildHighlights draws the translucent highlights and the margin stripes.
func (p *page) buildHighlights() {
	v := p.v
	p.buildSpans(&p.highlights, &v.hsIndex, func(i int) color.Color { return translucent(v.hs[i].Color) })
	// p.hits now holds the highlights on the built lines
	p.stripes.reset()
	lo, hi := v.lines[p.first].y, v.lines[p.last].y+v.m.lineHeight
	for _, i := range p.hits {
		s := v.hsIndex.spans[i]
		y0 := max(v.lines[lineOf(v.lines, s.Start)].y, lo)
		y1 := min(v.lines[lineOf(v.lines, s.End-1)].y+v.m.lineHeight, hi)
		x, w := v.stripeX(v.lanes[i])
		r := p.stripes.next()
		r.FillColor = opaque(v.hs[i].Color)
		place(r, x, padTop+y0, w, y1-y0)
	}
}

// buildSelection draws the selection with a caret bar at each end, which
// tells it apart from a highlight of a similar colour; with nothing selected
// it draws the caret alone while the viewer has the focus.
func (p *page) buildSelection(fill, caret color.Color) {
	v := p.v
	p.sel.reset()
	p.carets.reset()
	s := v.Selection()
	if !s.Empty() {
		ix := spanIndex{spans: []coding.Span{s}, maxEnd: []int{s.End}}
		p.buildSpans(&p.sel, &ix, func(int) color.Color { return fill })
	} else if !v.focused {
		return
	}
	for _, off := range []int{s.Start, s.End} {
		k := lineOf(v.lines, off)
		if k < p.first || k > p.last || (off == s.End && s.Empty()) {
			continue
		}
		r := p.carets.next()
		r.FillColor = caret
		place(r, textLeft+p.x(k, off)-1, padTop+v.lines[k].y, 2, v.m.lineHeight)
	}
}

// stripeX is the x and width of the stripes in lane.
func (v *Viewer) stripeX(lane int) (x, w float32) {
	step := float32(stripeStep)
	width := float32(stripeWidth)
	if v.laneCount > stripeLanes {
		step = float32(stripeLanes*stripeStep) / float32(v.laneCount)
		width = max(step*stripeWidth/stripeStep, 1)
	}
	right := float32(textLeft - marginText)
	return right - float32(lane+1)*step + (step - width), width
}

// translucent is c with the highlight alpha (grey if c is nil).
func translucent(c color.Color) color.Color {
	n := opaque(c)
	n.A = hlAlpha
	return n
}

// opaque is c without transparency (grey if c is nil).
func opaque(c color.Color) color.NRGBA {
	if c == nil {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0xFF
	return n
}

// themeVariant is the current theme variant (light without an app).
func themeVariant() fyne.ThemeVariant {
	if a := fyne.CurrentApp(); a != nil {
		return a.Settings().ThemeVariant()
	}
	return theme.VariantLight
}
