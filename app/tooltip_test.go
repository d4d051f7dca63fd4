package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Resting the pointer on the Blind check, a codebook button or a code row
// shows what it does (and why a button is disabled); leaving hides it.
func TestHoverShowsTooltips(t *testing.T) {
	wb, w := newTestWorkbench(t)
	var waited []time.Duration
	tipAfter = func(d time.Duration, f func()) { waited = append(waited, d); f() }
	t.Cleanup(func() { tipAfter = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) } })
	root := wb.Content().(*tipRoot)
	hover := func(o fyne.CanvasObject) string {
		test.MoveMouse(w.Canvas(), canvasPosition(w, o).Add(fyne.NewPos(5, 5)))
		return root.Tooltip()
	}

	if got := hover(wb.blindCheck); !strings.Contains(got, "only your own codings") {
		t.Errorf("Blind tooltip %q", got)
	}
	if len(waited) == 0 || waited[0] != tipDelay {
		t.Errorf("tooltip waited %v, want %v", waited, tipDelay)
	}
	if got := hover(wb.Viewer); got != "" {
		t.Errorf("after leaving Blind, tooltip %q still shows", got)
	}
	deleteButton := func() fyne.CanvasObject {
		for _, o := range test.LaidOutObjects(w.Content()) {
			if b, ok := o.(*tipButton); ok && &b.Button == wb.Codes.DeleteCode {
				return b
			}
		}
		t.Fatal("no Delete button")
		return nil
	}
	if got := hover(deleteButton()); !strings.Contains(got, "Select a code first") {
		t.Errorf("disabled Delete tooltip %q, want why it is disabled", got)
	}
	// Trust is the tree's first row. (The test driver cannot place tree
	// rows, so the pointer goes to the tree's top left.)
	test.MoveMouse(w.Canvas(), canvasPosition(w, wb.Codes.Tree).Add(fyne.NewPos(40, 10)))
	got := root.Tooltip()
	for _, want := range []string{"Trust", "Key 1", "coding", "confidence"} {
		if !strings.Contains(got, want) {
			t.Errorf("Trust row tooltip %q lacks %q", got, want)
		}
	}
	test.Tap(codeRowFor(t, w, wb, "Trust"))
	if got := hover(deleteButton()); !strings.Contains(got, "Delete “Trust”") {
		t.Errorf("Delete tooltip with Trust selected: %q", got)
	}
}

func TestWrapWords(t *testing.T) {
	measure := func(s string) float32 { return float32(len(s)) } // one unit a byte
	for _, c := range []struct{ in, want string }{
		{"short", "short"},
		{"one two three four", "one two\nthree four"},
		{"a longwordthatdoesnotfit b", "a\nlongwordthatdoesnotfit\nb"},
		{"kept\nlines  apart", "kept\nlines\napart"},
	} {
		if got := wrapWords(c.in, 10, measure); got != c.want {
			t.Errorf("wrapWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
