package textview

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"desktop/marginalia/coding"
)

// Long documents (issue 26, item 26): Ctrl+Home and Ctrl+End go to the
// start and end (with Shift extending the selection), a wheel notch
// scrolls three lines, and a selection dragged past the bottom edge goes
// on scrolling and extending while the pointer is held there.
func TestLongDocumentNavigation(t *testing.T) {
	text := strings.Repeat(sonyHack(t)+"\n", 5)
	v, _ := newTestViewer(t, text, fyne.NewSize(600, 400))
	n := len([]rune(text))
	ctrl := fyne.KeyModifierShortcutDefault
	bottom := func() float32 { return v.page.MinSize().Height - v.Size().Height }

	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: ctrl})
	if got := v.ScrollOffset().Y; got < bottom()-1 {
		t.Errorf("Ctrl+End scrolled to %v, want the end (%v)", got, bottom())
	}
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyHome, Modifier: ctrl})
	if got := v.ScrollOffset().Y; got != 0 {
		t.Errorf("Ctrl+Home scrolled to %v, want 0", got)
	}
	v.SetSelection(v.Selection()) // caret at 0
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: ctrl | fyne.KeyModifierShift})
	if sel := v.Selection(); sel.Start != 0 || sel.End != n {
		t.Errorf("Ctrl+Shift+End selected %v, want 0–%d", sel, n)
	}

	// One notch of the wheel (the desktop driver's 25 units) is 3 lines.
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyHome, Modifier: ctrl})
	v.page.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -wheelNotch)})
	if got, want := v.ScrollOffset().Y, 3*v.m.lineHeight; got < want-1 || got > want+1 {
		t.Errorf("one wheel notch scrolled %v, want three lines (%v)", got, want)
	}

	// A drag from the top, held below the view, scrolls on.
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyHome, Modifier: ctrl})
	v.SetSelection(v.Selection())
	v.pressed = true
	v.spawn = func(func()) {} // the test steps the scrolling itself
	below := fyne.NewPos(textLeft+50, v.Size().Height+40)
	v.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: below}, Dragged: fyne.NewDelta(0, 40)})
	first := v.ScrollOffset().Y
	for range 10 {
		if !v.autoScrollStep() {
			t.Fatal("the drag held below the view stopped scrolling")
		}
	}
	if got := v.ScrollOffset().Y; got <= first+5*v.m.lineHeight {
		t.Errorf("ten steps of a drag held below the view scrolled from %v to %v", first, got)
	}
	if sel := v.Selection(); sel.End <= v.OffsetAt(fyne.NewPos(0, first+v.Size().Height)) {
		t.Errorf("the selection (%v) did not follow the scrolling", sel)
	}
	v.page.DragEnd()
	if v.autoScrollStep() {
		t.Error("it goes on scrolling after the drag ended")
	}
}

// An outlined span (the coding the user clicked) gets a line in its
// colour and no fill, so its highlight's colour shows inside.
func TestOutlinedSpanIsALineInItsColour(t *testing.T) {
	v, _ := newTestViewer(t, sonyHack(t), fyne.NewSize(600, 400))
	c := color.NRGBA{R: 0x2E, G: 0x86, B: 0xDE, A: 0xFF}
	v.SetOutlined([]coding.Span{{Start: 10, End: 40}}, c)
	if v.page.outlines.used == 0 {
		t.Fatal("nothing drawn around the outlined span")
	}
	for _, r := range v.page.outlines.items[:v.page.outlines.used] {
		if r.StrokeColor != c || r.FillColor != color.Transparent || r.StrokeWidth == 0 {
			t.Errorf("outline drawn with stroke %v width %v fill %v, want a line in %v and no fill", r.StrokeColor, r.StrokeWidth, r.FillColor, c)
		}
	}
	v.SetOutlined(nil, c)
	if v.page.outlines.used != 0 {
		t.Error("SetOutlined(nil) left an outline")
	}
}
