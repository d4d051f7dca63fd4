package textview

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"desktop/marginalia/coding"
)

// newTestViewer shows text in a viewer filling a test window of the given
// size.
func newTestViewer(t testing.TB, text string, size fyne.Size) (*Viewer, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	w := test.NewTempWindow(t, v)
	w.Resize(size)
	v.SetText(text)
	return v, w
}

// sonyHack is the sample article with curly quotes and Chinese characters.
func sonyHack(t *testing.T) string { return string(corpus(t, "sony-hack-cyber-dialogue.txt")) }

// runeIndex is the rune offset of the first occurrence of sub in text.
func runeIndex(t *testing.T, text, sub string) int {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return coding.ByteToRune(text, i)
}

// canvasPos is the canvas position of content position p, for a viewer that
// is the window's content. (The test driver's AbsolutePositionForObject
// subtracts a simulated inset, which the event helpers do not expect.)
func canvasPos(v *Viewer, p fyne.Position) fyne.Position {
	return v.Position().Add(p).Subtract(v.ScrollOffset())
}

func TestDragSelectsExactRunes(t *testing.T) {
	text := sonyHack(t)
	v, w := newTestViewer(t, text, fyne.NewSize(700, 500))
	phrase := "cyber vandalism"
	start := runeIndex(t, text, phrase)
	if !strings.Contains(text[strings.Index(text, phrase)-40:strings.Index(text, phrase)], "President Obama used the term “") {
		t.Fatalf("first %q is not in the Obama paragraph", phrase)
	}
	end := start + len([]rune(phrase))
	var changes []coding.Span
	v.OnSelectionChanged = func(s coding.Span) { changes = append(changes, s) }

	v.ScrollTo(start)
	from, to := canvasPos(v, v.PositionOf(start)), canvasPos(v, v.PositionOf(end))
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)

	want := coding.Span{Start: start, End: end}
	if got := v.Selection(); got != want {
		t.Fatalf("Selection() = %v %q, want %v %q", got, v.SelectedText(), want, phrase)
	}
	if v.SelectedText() != phrase {
		t.Errorf("SelectedText() = %q, want %q", v.SelectedText(), phrase)
	}
	if len(changes) == 0 || changes[len(changes)-1] != want {
		t.Errorf("OnSelectionChanged got %v, want last %v", changes, want)
	}
}

func TestDragBackwardsAndAcrossLines(t *testing.T) {
	text := sonyHack(t)
	v, w := newTestViewer(t, text, fyne.NewSize(400, 500))
	start := runeIndex(t, text, "The recent Sony hack")
	end := runeIndex(t, text, "respond respectively.") + len("respond")
	v.ScrollTo(start)
	from, to := canvasPos(v, v.PositionOf(start)), canvasPos(v, v.PositionOf(end))
	if from.Y == to.Y {
		t.Fatal("test expects the passage to span several lines")
	}
	// drag from the end back to the start
	test.Drag(w.Canvas(), from, from.X-to.X, from.Y-to.Y)
	if got, want := v.Selection(), (coding.Span{Start: start, End: end}); got != want {
		t.Errorf("Selection() = %v %q, want %v", got, v.SelectedText(), want)
	}
}

func TestHitTestAfterWideAndCurlyRunes(t *testing.T) {
	sony, multi := sonyHack(t), string(testdata(t, "multilingual.txt"))
	tests := []struct {
		name string
		text string
		sub  string // the rune of interest is the last rune of sub
	}{
		{"after a simplified Chinese character", sony, "Language : English 简"},
		{"after a traditional Chinese character", sony, "Language : English 简体 繁體"},
		{"after a closing curly quote", sony, "“cyber vandalism”"},
		{"after an opening curly quote", sony, "used the term “"},
		{"after an em dash", sony, "obvious—"},
		{"after full-width punctuation", multi, "中美网络对话，"},
		{"after a katakana", multi, "カタカナ"},
		{"after a Hangul syllable", multi, "한국어"},
		{"after a no-break space", multi, "100\u00A0"},
		{"after an emoji", multi, "😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newTestViewer(t, tt.text, fyne.NewSize(700, 500))
			after := runeIndex(t, tt.text, tt.sub) + len([]rune(tt.sub))
			v.ScrollTo(after)
			before := after - 1
			left, right := v.PositionOf(before), v.PositionOf(after)
			if right.Y != left.Y || right.X <= left.X {
				t.Fatalf("rune %d drawn from %v to %v: not on one line", before, left, right)
			}
			mid := (left.X + right.X) / 2
			cases := []struct {
				x    float32
				want int
			}{
				{right.X, after},
				{mid + 1, after},
				{mid - 1, before},
				{left.X, before},
			}
			for _, c := range cases {
				if got := v.OffsetAt(fyne.NewPos(c.x, right.Y)); got != c.want {
					t.Errorf("OffsetAt(x=%v) = %d, want %d (rune drawn from x %v to %v)", c.x, got, c.want, left.X, right.X)
				}
			}
		})
	}
	t.Run("an ideograph is wider than a Latin letter", func(t *testing.T) {
		v, _ := newTestViewer(t, sony, fyne.NewSize(700, 500))
		i := runeIndex(t, sony, "简")
		han := v.PositionOf(i+1).X - v.PositionOf(i).X
		e := runeIndex(t, sony, "English")
		latin := v.PositionOf(e+1).X - v.PositionOf(e).X
		if han <= latin {
			t.Errorf("简 is %v wide, E is %v: want the ideograph wider", han, latin)
		}
	})
}

func TestOffsetAtOutsideText(t *testing.T) {
	text := "First line.\n\nSecond paragraph."
	v, _ := newTestViewer(t, text, fyne.NewSize(500, 300))
	first := v.PositionOf(0)
	tests := []struct {
		name string
		pos  fyne.Position
		want int
	}{
		{"above the text", fyne.NewPos(100, 0), 0},
		{"left of the first line", fyne.NewPos(0, first.Y), 0},
		{"right of the first line", fyne.NewPos(490, first.Y), len("First line.")},
		{"below the text", fyne.NewPos(10, 5000), len(text)},
	}
	for _, tt := range tests {
		if got := v.OffsetAt(tt.pos); got != tt.want {
			t.Errorf("%s: OffsetAt(%v) = %d, want %d", tt.name, tt.pos, got, tt.want)
		}
	}
}

func TestDoubleTapSelectsWord(t *testing.T) {
	text := sonyHack(t)
	v, _ := newTestViewer(t, text, fyne.NewSize(700, 500))
	tests := []struct{ sub, word string }{
		{"cyber vandalism", "vandalism"},
		{"Int'l Studies", "Int'l"},
		{"U.S. and China", "U.S"},
	}
	for _, tt := range tests {
		at := runeIndex(t, text, tt.sub) + strings.Index(tt.sub, tt.word)
		v.ScrollTo(at)
		p := v.PositionOf(at + 1)
		v.page.DoubleTapped(&fyne.PointEvent{Position: p})
		if got := v.SelectedText(); got != tt.word {
			t.Errorf("double tap in %q selected %q, want %q", tt.sub, got, tt.word)
		}
	}
}

func TestShiftClickExtendsSelection(t *testing.T) {
	text := sonyHack(t)
	v, _ := newTestViewer(t, text, fyne.NewSize(700, 500))
	start := runeIndex(t, text, "bilateral cyber cooperation")
	end := start + len("bilateral cyber cooperation")
	v.ScrollTo(start)
	click := func(off int, mod fyne.KeyModifier) {
		e := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mod}
		e.Position = v.PositionOf(off)
		v.page.MouseDown(e)
		v.page.MouseUp(e)
		v.page.Tapped(&e.PointEvent)
	}
	click(start, 0)
	if got := v.Selection(); got != (coding.Span{Start: start, End: start}) {
		t.Fatalf("after a click, Selection() = %v, want the caret at %d", got, start)
	}
	click(end, fyne.KeyModifierShift)
	if got := v.SelectedText(); got != "bilateral cyber cooperation" {
		t.Fatalf("after shift-click, selected %q", got)
	}
	// shift-click before the anchor selects back from it
	click(start-4, fyne.KeyModifierShift)
	if got, want := v.Selection(), (coding.Span{Start: start - 4, End: start}); got != want {
		t.Errorf("shift-click before the anchor: Selection() = %v, want %v", got, want)
	}
}

func TestKeyboard(t *testing.T) {
	text := "Alpha beta gamma."
	v, w := newTestViewer(t, text, fyne.NewSize(500, 300))
	var runes []rune
	var keys []fyne.KeyName
	var shortcuts []string
	v.OnTypedRune = func(r rune) { runes = append(runes, r) }
	v.OnTypedKey = func(e *fyne.KeyEvent) { keys = append(keys, e.Name) }
	v.OnShortcut = func(s fyne.Shortcut) { shortcuts = append(shortcuts, s.ShortcutName()) }
	w.Canvas().Focus(v)

	test.Type(v, "3")
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault})
	if string(runes) != "3" || len(keys) != 2 || keys[0] != fyne.KeyReturn || keys[1] != fyne.KeyDelete || len(shortcuts) != 1 {
		t.Errorf("forwarded runes %q, keys %v, shortcuts %v", string(runes), keys, shortcuts)
	}

	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := v.Selection(); got != (coding.Span{Start: 0, End: len(text)}) {
		t.Errorf("after Select All, Selection() = %v", got)
	}
	v.SetSelection(coding.Span{Start: 6, End: 10})
	v.TypedShortcut(&fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "beta" {
		t.Errorf("clipboard after Copy = %q, want %q", got, "beta")
	}

	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := v.SelectedText(); got != "beta g" {
		t.Errorf("after Shift+Right twice, selected %q, want %q", got, "beta g")
	}
}

func TestTapAndHoverHighlights(t *testing.T) {
	text := sonyHack(t)
	v, w := newTestViewer(t, text, fyne.NewSize(700, 500))
	outer := coding.Span{Start: runeIndex(t, text, "The recent Sony hack"), End: runeIndex(t, text, "cyber policies")}
	inner := coding.Span{Start: runeIndex(t, text, "Chinese and American"), End: runeIndex(t, text, "decision makers")}
	v.SetHighlights([]Highlight{
		{Span: inner, Color: color.NRGBA{B: 0xFF, A: 0xFF}, Code: "trust", Tooltip: "Trust — bob", Key: "c2"},
		{Span: outer, Color: color.NRGBA{R: 0xFF, A: 0xFF}, Code: "norms", Tooltip: "Norms — alice", Key: "c1"},
	})
	v.ScrollTo(outer.Start)
	var tapped []string
	v.OnHighlightTapped = func(h Highlight) { tapped = append(tapped, h.Key) }

	in := v.PositionOf(inner.Start + 2)
	onlyOuter := v.PositionOf(outer.Start + 2)
	test.TapCanvas(w.Canvas(), canvasPos(v, in))
	test.TapCanvas(w.Canvas(), canvasPos(v, onlyOuter))
	if strings.Join(tapped, ",") != "c2,c1" {
		t.Errorf("tapped %v, want the inner coding c2 (topmost) then c1", tapped)
	}
	if f := w.Canvas().Focused(); f != v {
		t.Errorf("after a tap the focus is on %v, want the viewer", f)
	}

	test.MoveMouse(w.Canvas(), canvasPos(v, in))
	if got := v.HoverText(); got != "Norms — alice\nTrust — bob" {
		t.Errorf("hover over both highlights shows %q", got)
	}
	if !v.tip.box.Visible() || v.tip.lines[1].Text != "Trust — bob" {
		t.Error("the tooltip is not drawn")
	}
	// the stripe of "norms" (lane 1), level with the start of the inner highlight
	x, sw := v.stripeX(1)
	test.MoveMouse(w.Canvas(), canvasPos(v, fyne.NewPos(x+sw/2, in.Y)))
	if got := v.HoverText(); got != "Norms — alice" {
		t.Errorf("hover over the norms stripe shows %q", got)
	}
	test.MoveMouse(w.Canvas(), canvasPos(v, v.PositionOf(runeIndex(t, text, "Most of the views"))))
	if got := v.HoverText(); got != "" || v.tip.box.Visible() {
		t.Errorf("hover outside highlights shows %q", got)
	}
}

// TestOverlappingHighlightsBlend renders two overlapping highlights and
// checks that the overlap shows both colours layered, each alone shows its
// own, and the stripes show each code's colour.
func TestOverlappingHighlightsBlend(t *testing.T) {
	text := "Cyber norms and mutual trust are built slowly between states."
	v, w := newTestViewer(t, text, fyne.NewSize(600, 200))
	red := color.NRGBA{R: 0xE0, G: 0x20, B: 0x20, A: 0xFF}
	blue := color.NRGBA{R: 0x20, G: 0x40, B: 0xE0, A: 0xFF}
	v.SetHighlights([]Highlight{
		{Span: coding.Span{Start: 6, End: 28}, Color: red, Code: "norms"},   // "norms and mutual trust"
		{Span: coding.Span{Start: 16, End: 38}, Color: blue, Code: "trust"}, // "mutual trust are built"
	})
	img := w.Canvas().Capture()
	scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
	// sample the top edge of the line box, above the glyphs
	at := func(off int) color.NRGBA {
		p := canvasPos(v, v.PositionOf(off))
		p.Y -= v.m.lineHeight/2 - 1
		return pixel(img, int(p.X*scale)+2, int(p.Y*scale))
	}
	bg := at(45) // "between": no highlight
	redOnly, blueOnly, both := at(8), at(32), at(20)
	wantRed := over(red, bg)
	wantBlue := over(blue, bg)
	wantBoth := over(blue, over(red, bg))
	for _, c := range []struct {
		name      string
		got, want color.NRGBA
	}{{"red only", redOnly, wantRed}, {"blue only", blueOnly, wantBlue}, {"overlap", both, wantBoth}} {
		if !near(c.got, c.want) {
			t.Errorf("%s: pixel %v, want %v (background %v)", c.name, c.got, c.want, bg)
		}
	}
	if both.R <= wantBlue.R+10 || both.B <= wantRed.B+10 {
		t.Errorf("overlap %v does not show both red and blue", both)
	}
	// stripes: lane 0 for the first code (red), lane 1 for the second
	for lane, want := range []color.NRGBA{red, blue} {
		x, sw := v.stripeX(lane)
		p := canvasPos(v, fyne.NewPos(x+sw/2, v.PositionOf(20).Y))
		if got := pixel(img, int(p.X*scale), int(p.Y*scale)); !near(got, want) {
			t.Errorf("stripe lane %d: pixel %v, want %v", lane, got, want)
		}
	}
}

// over is c drawn with the highlight alpha over an opaque background.
func over(c, bg color.NRGBA) color.NRGBA {
	a := float64(hlAlpha) / 255
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.NRGBA{R: mix(c.R, bg.R), G: mix(c.G, bg.G), B: mix(c.B, bg.B), A: 0xFF}
}

func near(a, b color.NRGBA) bool {
	d := func(x, y uint8) bool { return max(x, y)-min(x, y) < 6 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func TestMarksAndSelectionAreDrawn(t *testing.T) {
	text := sonyHack(t)
	v, _ := newTestViewer(t, text, fyne.NewSize(700, 500))
	hit := runeIndex(t, text, "cyber vandalism")
	v.SetMarks([]coding.Span{{Start: hit, End: hit + 15}})
	v.SetSelection(coding.Span{Start: hit, End: hit + 5})
	if got := v.page.marks.used; got != 1 {
		t.Errorf("%d mark boxes drawn, want 1", got)
	}
	if got := v.page.sel.used; got != 1 {
		t.Errorf("%d selection boxes drawn, want 1", got)
	}
	if got := v.page.carets.used; got != 2 {
		t.Errorf("%d caret bars drawn at the selection's ends, want 2", got)
	}
	m := v.page.marks.items[0]
	p := v.PositionOf(hit)
	if m.Position().X != p.X || m.Size().Width <= 0 || m.StrokeWidth == 0 {
		t.Errorf("mark box at %v size %v stroke %v, want at x %v, outlined", m.Position(), m.Size(), m.StrokeWidth, p.X)
	}
}

// TestOnlyVisibleLinesHaveObjects checks the virtualisation: a long text
// gets objects only around the view, and scrolling moves them.
func TestOnlyVisibleLinesHaveObjects(t *testing.T) {
	text := strings.Repeat(sonyHack(t)+"\n", 20)
	v, _ := newTestViewer(t, text, fyne.NewSize(700, 500))
	lines := len(v.lines)
	if lines < 1000 {
		t.Fatalf("only %d lines", lines)
	}
	if built := v.page.last - v.page.first + 1; built > 80 {
		t.Errorf("%d of %d lines have objects", built, lines)
	}
	last := len(v.text) - 3
	v.ScrollTo(last)
	found := false
	for _, o := range v.page.objects {
		if t, ok := o.(*canvas.Text); ok && t.Text == "Top" {
			found = true
		}
	}
	if !found {
		t.Error("after ScrollTo the end, the last words are not drawn")
	}
	if p := v.PositionOf(last); p.Y < v.ScrollOffset().Y || p.Y > v.ScrollOffset().Y+v.Size().Height {
		t.Errorf("offset %d at y %v is outside the view %v+%v", last, p.Y, v.ScrollOffset().Y, v.Size().Height)
	}
}

func TestResizeRewraps(t *testing.T) {
	text := sonyHack(t)
	v, w := newTestViewer(t, text, fyne.NewSize(900, 500))
	wide := len(v.lines)
	reading := runeIndex(t, text, "Global efforts on cyberspace governance")
	v.ScrollTo(reading)
	w.Resize(fyne.NewSize(400, 500))
	narrow := len(v.lines)
	if narrow <= wide {
		t.Errorf("%d lines at 400 wide, %d at 900: want more when narrower", narrow, wide)
	}
	if y := v.PositionOf(reading).Y - v.ScrollOffset().Y; y < 0 || y > v.Size().Height {
		t.Errorf("after resizing, the passage scrolled to is at y %v, outside the view", y)
	}
	if got := v.page.MinSize().Height; got != v.contentHeight() || got <= 500 {
		t.Errorf("page height %v, want the wrapped text's %v", got, v.contentHeight())
	}
	for _, l := range v.lines {
		if xOf(v.text, l, trimSpaces(v.text, l), v.widths) > v.wrapWidth+0.01 && hasBreakInside(v.text, l) {
			t.Errorf("line %q is wider than %v", string(v.text[l.start:l.end]), v.wrapWidth)
		}
	}
}

func TestSetTextResets(t *testing.T) {
	v, _ := newTestViewer(t, "one two three", fyne.NewSize(400, 300))
	v.SetSelection(coding.Span{Start: 4, End: 7})
	v.SetHighlights([]Highlight{{Span: coding.Span{Start: 0, End: 3}, Code: "a"}})
	v.SetMarks([]coding.Span{{Start: 0, End: 3}})
	v.SetText("other text")
	if !v.Selection().Empty() || len(v.Highlights()) != 0 || v.page.marks.used != 0 || v.Length() != 10 || string(v.Text()) != "other text" {
		t.Errorf("after SetText: selection %v, %d highlights, %d marks, text %q", v.Selection(), len(v.Highlights()), v.page.marks.used, string(v.Text()))
	}
	v.SetText("")
	if v.OffsetAt(fyne.NewPos(50, 50)) != 0 || len(v.lines) != 1 {
		t.Errorf("empty text: OffsetAt = %d, %d lines", v.OffsetAt(fyne.NewPos(50, 50)), len(v.lines))
	}
}

func TestHighlightsClippedAndEmptyIgnored(t *testing.T) {
	v, _ := newTestViewer(t, "short text", fyne.NewSize(400, 300))
	v.SetHighlights([]Highlight{
		{Span: coding.Span{Start: 6, End: 99}, Code: "a"},
		{Span: coding.Span{Start: 3, End: 3}, Code: "b"},
		{Span: coding.Span{Start: 50, End: 60}, Code: "c"},
	})
	hs := v.Highlights()
	if len(hs) != 1 || hs[0].Span != (coding.Span{Start: 6, End: 10}) {
		t.Errorf("Highlights() = %+v, want one clipped to [6,10)", hs)
	}
}

// pixel reads a pixel of img as NRGBA.
func pixel(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

func TestScrollToBeforeLayoutAndKeys(t *testing.T) {
	test.NewTempApp(t)
	text := strings.Repeat(sonyHack(t)+"\n", 5)
	v := New()
	v.SetText(text)
	target := len([]rune(text)) / 2
	v.SetSelection(coding.Span{Start: target, End: target + 10}) // not laid out yet
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(600, 400))
	inView := func() bool {
		y := v.PositionOf(target).Y - v.ScrollOffset().Y
		return y >= 0 && y <= v.Size().Height
	}
	if !inView() {
		t.Fatalf("the selection set before layout is not in view (y %v, scrolled %v)", v.PositionOf(target).Y, v.ScrollOffset().Y)
	}
	before := v.ScrollOffset().Y
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if got := v.ScrollOffset().Y; got <= before {
		t.Errorf("Page Down scrolled from %v to %v", before, got)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if got := v.ScrollOffset().Y; got != 0 {
		t.Errorf("Home scrolled to %v, want 0", got)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if got, want := v.ScrollOffset().Y, float32(math.Round(float64(v.page.MinSize().Height-v.Size().Height))); got != want {
		t.Errorf("End scrolled to %v, want %v", got, want)
	}
}

// bigText is the default theme with a larger text size.
type bigText struct{ fyne.Theme }

func (b bigText) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 24
	}
	return b.Theme.Size(n)
}

func TestThemeTextSizeRewraps(t *testing.T) {
	v, _ := newTestViewer(t, sonyHack(t), fyne.NewSize(700, 500))
	before := len(v.lines)
	fyne.CurrentApp().Settings().SetTheme(bigText{theme.DefaultTheme()})
	if len(v.lines) <= before || v.textSize != 24 {
		t.Errorf("with 24-unit text: %d lines (was %d), text size %v", len(v.lines), before, v.textSize)
	}
	for _, o := range v.page.objects {
		if txt, ok := o.(*canvas.Text); ok && txt.TextSize != 24 {
			t.Fatalf("word %q drawn at size %v", txt.Text, txt.TextSize)
		}
	}
}
