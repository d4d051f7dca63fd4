package app

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// menuBarAllowance is the height the in-window menu bar takes on Linux,
// which the headless window does not draw.
const menuBarAllowance = 40

// The window fits 800×600, and selecting a code with a long definition
// moves no divider and does not change the viewer's width, small or large.
func TestLayoutFitsSmallWindowAndSelectingCodeMovesNothing(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 1360, Height: 860}} {
		wb, w := newTestWorkbench(t)
		trust, _ := wb.st.codebook.ByPath("Trust")
		trust.Description.Definition = strings.Repeat("A statement about confidence between states, long enough to wrap many times. ", 12) +
			"https://example.org/a-very-long-unbroken-address-that-no-line-can-hold-without-breaking-it-somewhere"
		trust.Memo = strings.Repeat("memo ", 80)
		if err := wb.saveCode(trust); err != nil {
			t.Fatal(err)
		}
		w.Resize(size)

		min := wb.Content().MinSize()
		if min.Width > 800 || min.Height > 600-menuBarAllowance {
			t.Errorf("window content needs %v, more than 800×600 with a menu bar", min)
		}
		geometry := func() [3]fyne.Size {
			return [3]fyne.Size{wb.Documents.content.Size(), wb.Viewer.Size(), wb.Codes.content.Size()}
		}
		before := geometry()
		beforeX := canvasPosition(w, wb.Codes.content).X
		test.Tap(codeRowFor(t, w, wb, "Trust"))
		if wb.Codes.Details.Definition.Text != trust.Description.Definition {
			t.Fatal("clicking Trust did not show its definition")
		}
		if after := geometry(); after != before {
			t.Errorf("at %v, selecting a code changed documents/viewer/codebook sizes from %v to %v", size, before, after)
		}
		if x := canvasPosition(w, wb.Codes.content).X; x != beforeX {
			t.Errorf("at %v, selecting a code moved the codebook from x=%v to %v", size, beforeX, x)
		}
		// What the panels show fits their fixed minimum widths, so nothing
		// is drawn past their edges.
		if got := wb.Codes.content.MinSize().Width; got > codebookMinWidth {
			t.Errorf("codebook with a code selected needs %v wide, more than its %v", got, float32(codebookMinWidth))
		}
		if got := wb.Documents.content.MinSize().Width; got > documentsMinWidth {
			t.Errorf("documents panel needs %v wide, more than its %v", got, float32(documentsMinWidth))
		}
		if got := wb.Tabs.MinSize().Width; got > centreMinWidth {
			t.Errorf("tabs need %v wide, more than the centre's %v", got, float32(centreMinWidth))
		}
	}
}

// A flow of buttons wraps to more rows when narrow, and its minimum height
// follows the rows at the width it was laid out at.
func TestFlowWrapsWhenNarrow(t *testing.T) {
	test.NewTempApp(t)
	a, b, c := fixedBox(100), fixedBox(100), fixedBox(100)
	flow := newFlow([]fyne.CanvasObject{a, b}, []fyne.CanvasObject{c})
	flow.Resize(fyne.NewSize(400, 200))
	one := flow.MinSize().Height
	if a.Position().Y != b.Position().Y || c.Position().Y <= a.Position().Y {
		t.Errorf("wide: a %v b %v c %v, want a and b on one row, c below", a.Position(), b.Position(), c.Position())
	}
	if a.Size().Width+b.Size().Width < 390 {
		t.Errorf("wide: a and b share %v of 400", a.Size().Width+b.Size().Width)
	}
	flow.Resize(fyne.NewSize(150, 200))
	if b.Position().Y <= a.Position().Y {
		t.Errorf("narrow: b at %v not below a at %v", b.Position(), a.Position())
	}
	if h := flow.MinSize().Height; h <= one {
		t.Errorf("narrow: min height %v, want more than %v", h, one)
	}
	if w := flow.MinSize().Width; w != 100 {
		t.Errorf("min width %v, want the widest object's 100", w)
	}
}

func fixedBox(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Black)
	r.SetMinSize(fyne.NewSize(w, 30))
	return r
}
