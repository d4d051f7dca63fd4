package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
)

// Two codes overlapping on "cyber vandalism" both render: each highlight in
// its code's colour, blended where they overlap, and a margin stripe per
// code. The reference image is app/testdata/overlapping_codings.png.
func TestOverlappingCodingsSnapshot(t *testing.T) {
	test.NewTempApp(t)
	v := textview.New()
	v.SetText("President Obama used the term “cyber vandalism” to describe North Korea’s behavior.")
	v.SetHighlights([]textview.Highlight{
		{Span: coding.Span{Start: 20, End: 48}, Color: parseHex("#E67E22"), Code: "norms", Tooltip: "Norms — alice"},
		{Span: coding.Span{Start: 31, End: 66}, Color: parseHex("#C0392B"), Code: "conflict", Tooltip: "Conflict — bob"},
	})
	w := test.NewWindow(v)
	defer w.Close()
	w.Resize(fyne.NewSize(420, 110))
	test.AssertImageMatches(t, "overlapping_codings.png", w.Canvas().Capture())
}
