package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// TestCompareShowsIntervalsAndCopiesMethods: after a comparison the
// overall line gives the bootstrap intervals that storage computes with
// the defaults, the pooled cells and the pooled pair line give a code's
// intervals, and "Copy methods paragraph" puts the comparison's paragraph
// on the clipboard.
func TestCompareShowsIntervalsAndCopiesMethods(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	if cv.CopyMethods.Disabled() {
		t.Fatal("Copy methods paragraph is disabled after a comparison")
	}
	cmp, err := wb.project.Compare(storage.ComparisonOptions{Coders: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	iv := cmp.Intervals(agreement.BootstrapOptions{})
	o := iv.Overall
	for _, want := range []string{
		"95 % intervals: Cohen's κ " + agreement.FormatInterval(o.Kappa),
		"Krippendorff's α " + agreement.FormatInterval(o.Alpha),
		"P(α < 0.8) " + agreement.FormatShare(o.AlphaBelow[1].Share),
		"paragraphs, as fewer than 10 documents are compared",
	} {
		if !strings.Contains(cv.Overall.Text, want) {
			t.Errorf("overall line lacks %q:\n%s", want, cv.Overall.Text)
		}
	}
	row := rowOfCode(t, cv, "Norms")
	text, _ := cell(cv, row, colPooled)
	var norms agreement.RowInterval
	for _, r := range iv.Codes {
		if cmp.CodePath(r.Code) == "Norms" {
			norms = r
		}
	}
	if !strings.Contains(text, agreement.FormatInterval(norms.Kappa)) || !norms.Kappa.Defined {
		t.Errorf("pooled Norms cell %q lacks κ's interval %v", text, norms.Kappa)
	}
	cv.Table.Select(widget.TableCellID{Row: row, Col: colPooled})
	if !strings.Contains(cv.Pair.Text, "α ") || !strings.Contains(cv.Pair.Text, agreement.FormatInterval(norms.Alpha)) {
		t.Errorf("pooled pair line %q lacks α's interval %v", cv.Pair.Text, norms.Alpha)
	}

	test.Tap(cv.CopyMethods)
	got := fyne.CurrentApp().Clipboard().Content()
	want := cmp.Methods(2, storage.SelectionEveryCoded, &iv)
	if got != want {
		t.Errorf("clipboard:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(got, "Cohen's kappa was "+agreement.FormatCoefficient(cmp.Report.Overall.Kappa)+" (95 % CI "+agreement.FormatInterval(o.Kappa)+")") {
		t.Errorf("the paragraph does not give the overall kappa with its interval:\n%s", got)
	}
}
