package textview

import (
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// Highlight is one coding drawn over the text.
type Highlight struct {
	Span    coding.Span // the runes it covers
	Color   color.Color // the code's colour; the highlight is drawn translucent, the stripe opaque
	Code    string      // code ID: one margin stripe lane per distinct code
	Tooltip string      // shown when the pointer rests on the highlight or its stripe, e.g. "Norms — alice"
	Key     string      // opaque to the viewer (which coding), handed back by OnHighlightTapped
}

// Page geometry, in Fyne units.
const (
	marginLeft  = 10 // left of the stripes
	stripeWidth = 4  // width of one coding stripe
	stripeStep  = 7  // distance between stripe lanes
	stripeLanes = 6  // lanes that fit before stripes get thinner
	marginText  = 14 // between the stripes and the text
	textLeft    = marginLeft + stripeLanes*stripeStep + marginText
	padRight    = 24 // right of the text, room for the scroll bar
	padTop      = 14
	padBottom   = 32
	overscan    = 12 // lines built above and below the visible ones
	hlAlpha     = 0x55
)

// Viewer shows a document for reading and coding. Create it with New. All
// methods must be called on the Fyne main goroutine.
type Viewer struct {
	widget.BaseWidget

	// OnSelectionChanged is called whenever the selection changes, by the
	// user or by SetSelection / SetText.
	OnSelectionChanged func(coding.Span)
	// OnHighlightTapped is called with the topmost highlight under the
	// pointer (or on the tapped stripe) when the user clicks without dragging.
	OnHighlightTapped func(h Highlight)
	// OnTypedRune receives the runes typed while the viewer has focus (the
	// viewer itself is read-only), e.g. digits that apply a code.
	OnTypedRune func(rune)
	// OnTypedKey receives the keys the viewer does not use itself (it uses
	// the arrows, Page Up/Down, Home and End), e.g. Enter and Delete.
	OnTypedKey func(*fyne.KeyEvent)
	// OnShortcut receives the shortcuts the viewer does not handle itself
	// (it handles Copy and Select All).
	OnShortcut func(fyne.Shortcut)

	text   []rune
	breaks bitset // soft break opportunities; nil until the first wrap

	// layout
	widths    *runeWidths
	textSize  float32
	font      fyne.Resource // the theme's regular font, measured in widths
	m         metrics
	textTop   float32 // from the top of a line to the top of its text
	lines     []line
	height    float32 // of the wrapped text, without padding
	wrapWidth float32 // text width the lines were wrapped at; 0: not wrapped

	// highlights in drawing order, with their index and stripe lanes
	hs           []Highlight
	hsIndex      spanIndex
	lanes        []int
	laneCount    int
	marks        spanIndex
	outlined     spanIndex   // spans drawn with a line around them (SetOutlined)
	outlineColor color.Color // their line's colour

	anchor, caret int // the selection is [min, max) of the two

	pendingScroll int        // rune offset to show once wrapped, or -1
	keep          keepInView // what to keep in view when re-wrapping

	page   *page
	scroll *container.Scroll
	tip    *tooltip

	// pointer and keyboard state
	pressed  bool // primary button down on the text (desktop)
	dragging bool
	dragAt   fyne.Position // the dragging pointer, in view coordinates
	// autoScrolling: a goroutine scrolls while the drag holds the pointer
	// outside the view (autoScroll).
	autoScrolling bool
	spawn         func(func()) // runs the auto-scroll goroutine; tests step it themselves
	clickShift    bool         // the last press had Shift held
	shiftDown     bool         // a Shift key is held (desktop.Keyable)
	focused       bool
	hoverText     string
}

// New creates an empty viewer.
func New() *Viewer {
	v := &Viewer{pendingScroll: -1, keep: keepInView{off: -1}, spawn: func(f func()) { go f() }}
	v.ExtendBaseWidget(v)
	v.page = newPage(v)
	v.scroll = container.NewVScroll(v.page)
	v.scroll.OnScrolled = func(fyne.Position) {
		v.keep.off = -1 // the user scrolled
		v.setHover("", fyne.Position{})
		v.page.update()
	}
	v.tip = newTooltip()
	v.breaks = newBitset(0)
	v.hsIndex = newSpanIndex(nil)
	v.marks = newSpanIndex(nil)
	v.outlined = newSpanIndex(nil)
	return v
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (v *Viewer) CreateRenderer() fyne.WidgetRenderer {
	v.tip.applyTheme(v.Theme())
	return &viewerRenderer{v: v, objects: []fyne.CanvasObject{v.scroll, v.tip.box}}
}

// SetText shows text (the stored text of a document), scrolled to the top,
// with no selection, highlights or marks. It is wrapped at the viewer's
// width, or when the viewer first gets one.
func (v *Viewer) SetText(text string) {
	v.text = []rune(text)
	v.breaks = nil
	v.wrapWidth = 0
	v.hs, v.lanes, v.laneCount, v.hsIndex = nil, nil, 0, newSpanIndex(nil)
	v.marks = newSpanIndex(nil)
	v.pendingScroll = -1
	v.keep.off = -1
	v.setHover("", fyne.Position{})
	v.scroll.Offset = fyne.Position{}
	v.setSelection(0, 0)
	v.relayout()
}

// Text is the text shown, as runes. It is the viewer's own copy: do not
// modify it.
func (v *Viewer) Text() []rune { return v.text }

// Length is the number of runes in the text.
func (v *Viewer) Length() int { return len(v.text) }

// SetHighlights replaces all highlights of the current text (SetText clears
// them). Empty spans are ignored and spans are clipped to the text. Stripe lanes are given to codes in order of their
// first appearance in hs; overlapping highlights are drawn by start, longer
// first, so nested ones lie on top.
func (v *Viewer) SetHighlights(hs []Highlight) {
	spans := make([]coding.Span, 0, len(hs))
	kept := make([]Highlight, 0, len(hs))
	laneOf := map[string]int{}
	for _, h := range hs {
		h.Span = h.Span.Clip(len(v.text))
		if h.Span.Empty() {
			continue
		}
		if _, ok := laneOf[h.Code]; !ok {
			laneOf[h.Code] = len(laneOf)
		}
		kept = append(kept, h)
		spans = append(spans, h.Span)
	}
	order := sortedByDrawOrder(spans)
	v.hs = make([]Highlight, len(kept))
	v.lanes = make([]int, len(kept))
	sorted := make([]coding.Span, len(kept))
	for i, j := range order {
		v.hs[i] = kept[j]
		v.lanes[i] = laneOf[kept[j].Code]
		sorted[i] = spans[j]
	}
	v.laneCount = len(laneOf)
	v.hsIndex = newSpanIndex(sorted)
	v.page.dirty |= dirtyHighlights
	v.page.update()
}

// Highlights are the highlights shown, in drawing order (bottom first).
func (v *Viewer) Highlights() []Highlight { return slices.Clone(v.hs) }

// SetMarks shows spans (for example search hits) as outlined yellow boxes,
// replacing earlier marks.
func (v *Viewer) SetMarks(spans []coding.Span) {
	clipped := make([]coding.Span, 0, len(spans))
	for _, s := range spans {
		if s = s.Clip(len(v.text)); !s.Empty() {
			clipped = append(clipped, s)
		}
	}
	slices.SortFunc(clipped, drawOrder)
	v.marks = newSpanIndex(clipped)
	v.page.dirty |= dirtyMarks
	v.page.update()
}

// SetOutlined draws a line in colour c around each of spans (the coding
// the user clicked, in its code's colour), so that its highlight's own
// colour still shows inside, unlike a find mark's yellow; nil spans
// outline nothing.
func (v *Viewer) SetOutlined(spans []coding.Span, c color.Color) {
	clipped := make([]coding.Span, 0, len(spans))
	for _, s := range spans {
		if s = s.Clip(len(v.text)); !s.Empty() {
			clipped = append(clipped, s)
		}
	}
	slices.SortFunc(clipped, drawOrder)
	v.outlined, v.outlineColor = newSpanIndex(clipped), c
	v.page.dirty |= dirtyMarks
	v.page.update()
}

// Selection is the selected rune range; it is empty when nothing is
// selected (its Start is then the caret position).
func (v *Viewer) Selection() coding.Span {
	return coding.Span{Start: min(v.anchor, v.caret), End: max(v.anchor, v.caret)}
}

// SetSelection selects s (clipped to the text) and scrolls so that its start
// is visible.
func (v *Viewer) SetSelection(s coding.Span) {
	s = s.Clip(len(v.text))
	v.setSelection(s.Start, s.End)
	v.ScrollTo(s.Start)
}

// SelectedText is the text of the selection.
func (v *Viewer) SelectedText() string {
	s := v.Selection()
	return string(v.text[s.Start:s.End])
}

// setSelection sets the selection's fixed and moving ends, redraws it and
// tells OnSelectionChanged if it changed.
func (v *Viewer) setSelection(anchor, caret int) {
	anchor = min(max(anchor, 0), len(v.text))
	caret = min(max(caret, 0), len(v.text))
	old := v.Selection()
	v.anchor, v.caret = anchor, caret
	if v.Selection() == old {
		return
	}
	v.page.dirty |= dirtySelection
	v.page.update()
	if f := v.OnSelectionChanged; f != nil {
		f(v.Selection())
	}
}

// ScrollTo scrolls so that the line holding runeOffset is in view, about a
// third of the way down, unless it is in view already. Before the text is
// first laid out it is remembered and done then.
func (v *Viewer) ScrollTo(runeOffset int) {
	runeOffset = min(max(runeOffset, 0), len(v.text))
	if !v.ensureLayout() {
		v.pendingScroll = runeOffset
		return
	}
	v.pendingScroll = -1
	l := v.lines[lineOf(v.lines, runeOffset)]
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	y := padTop + l.y
	if y >= top && y+v.m.lineHeight <= top+h {
		return
	}
	v.scrollToY(y - h/3)
	v.keep = keepInView{off: runeOffset, frac: 1.0 / 3}
}

// keepInView is a rune offset to keep at a fraction of the view's height
// when the text is wrapped again (off < 0: none).
type keepInView struct {
	off  int
	frac float32
}

// scrollToY scrolls the page so that content height y is at the top.
func (v *Viewer) scrollToY(y float32) {
	maxY := max(v.page.MinSize().Height-v.scroll.Size().Height, 0)
	y = float32(math.Round(float64(min(max(y, 0), maxY)))) // whole units keep text sharp
	v.keep.off = -1
	if y == v.scroll.Offset.Y {
		return
	}
	v.setHover("", fyne.Position{})
	v.scroll.ScrollToOffset(fyne.NewPos(0, y)) // does not call OnScrolled
	v.page.update()
}

// ScrollOffset is how far the text is scrolled: content position minus
// ScrollOffset is the position in the viewer.
func (v *Viewer) ScrollOffset() fyne.Position { return v.scroll.Offset }

// OffsetAt is the caret position (the nearest boundary between runes) at
// pos, a position in the content: x from the viewer's left edge, y from the
// top of the text (see ScrollOffset). Points left of or above the text give
// the start of a line or of the text, points right of or below it the end.
func (v *Viewer) OffsetAt(pos fyne.Position) int {
	if !v.ensureLayout() {
		return 0
	}
	y := pos.Y - padTop
	if y < 0 {
		return 0
	}
	if y >= v.height {
		return len(v.text)
	}
	l := v.lines[lineAtY(v.lines, y)]
	return caretAt(v.text, l, pos.X-textLeft, v.widths)
}

// PositionOf is the content position (see OffsetAt) of the caret before rune
// offset: on the left edge of that rune, halfway down its line.
func (v *Viewer) PositionOf(offset int) fyne.Position {
	if !v.ensureLayout() {
		return fyne.Position{}
	}
	offset = min(max(offset, 0), len(v.text))
	l := v.lines[lineOf(v.lines, offset)]
	return fyne.NewPos(textLeft+xOf(v.text, l, offset, v.widths), padTop+l.y+v.m.lineHeight/2)
}

// HoverText is the tooltip shown for the pointer's position ("" for none).
func (v *Viewer) HoverText() string { return v.hoverText }

// MinSize is the smallest useful size of the viewer.
func (v *Viewer) MinSize() fyne.Size {
	return fyne.NewSize(textLeft+padRight+120, 3*padTop+40)
}

// relayout forgets the wrapped lines and lays the page out again.
func (v *Viewer) relayout() {
	v.wrapWidth = 0
	v.page.dirty = dirtyAll
	v.page.built = false
	v.scroll.Refresh() // asks the page's MinSize, which wraps, then lays it out
	v.page.update()
}

// ensureLayout wraps the text at the scroll width if not done yet and
// reports whether there are lines (false before the viewer has a width).
func (v *Viewer) ensureLayout() bool {
	v.ensureMetrics()
	width := v.scroll.Size().Width - textLeft - padRight
	if width < 1 {
		return v.wrapWidth > 0
	}
	if v.wrapWidth == width {
		return true
	}
	if v.breaks == nil {
		v.breaks = breakOpportunities(v.text)
	}
	// keep the reading position: the rune last scrolled to, or else the
	// first visible one, stays where it was in the view
	keep := v.keep
	if keep.off < 0 && v.wrapWidth > 0 && v.scroll.Offset.Y > 0 {
		keep = keepInView{off: v.lines[lineAtY(v.lines, v.scroll.Offset.Y-padTop)].start}
	}
	v.lines, v.height = wrap(v.text, v.breaks, v.widths, width, v.m, v.lines)
	v.wrapWidth = width
	if keep.off >= 0 {
		h := v.scroll.Size().Height
		y := padTop + v.lines[lineOf(v.lines, keep.off)].y - keep.frac*h
		v.scroll.Offset.Y = float32(math.Round(float64(min(max(y, 0), max(v.contentHeight()-h, 0)))))
	}
	v.page.dirty = dirtyAll
	v.page.built = false
	return true
}

// ensureMetrics measures the theme's text font if it or its size changed.
func (v *Viewer) ensureMetrics() {
	th := v.Theme()
	style := fyne.TextStyle{}
	size, font := th.Size(theme.SizeNameText), th.Font(style)
	if v.widths != nil && size == v.textSize && font == v.font {
		return
	}
	v.textSize, v.font = size, font
	v.widths = newRuneWidths(func(r rune) float32 { return fyne.MeasureText(string(r), size, style).Width })
	lh := float32(math.Round(float64(size) * 1.62))
	v.textTop = float32(math.Round(float64(lh-fyne.MeasureText("M", size, style).Height) / 2))
	v.m = metrics{lineHeight: lh, blankHeight: float32(math.Round(float64(lh) * 0.45)), paraGap: float32(math.Round(float64(lh) * 0.4))}
	v.wrapWidth = 0
}

// contentHeight is the height of the page: the text and its padding.
func (v *Viewer) contentHeight() float32 {
	if !v.ensureLayout() {
		return 0
	}
	return padTop + v.height + padBottom
}

// TypedRune passes r to OnTypedRune: the viewer is read-only.
func (v *Viewer) TypedRune(r rune) {
	if f := v.OnTypedRune; f != nil {
		f(r)
	}
}

type viewerRenderer struct {
	v       *Viewer
	objects []fyne.CanvasObject
}

func (r *viewerRenderer) Layout(size fyne.Size) {
	r.v.scroll.Resize(size)
	r.v.scroll.Move(fyne.Position{})
	r.v.page.update()
}

func (r *viewerRenderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *viewerRenderer) Refresh() {
	r.v.ensureMetrics()
	r.v.page.dirty = dirtyAll
	r.v.page.built = false
	r.v.tip.applyTheme(r.v.Theme())
	r.v.scroll.Refresh()
	r.v.page.update()
}

func (r *viewerRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *viewerRenderer) Destroy() {}
