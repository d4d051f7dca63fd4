package xlsx_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage/xlsx"
)

// zipPart reads one part of a workbook's zip.
func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatalf("the workbook has no %s", name)
	return ""
}

// The workbook prints sensibly: each sheet landscape, one page wide, its
// header on every page; the Summary's chart of kappa on a page of its own
// below the notes, its axis reaching below 0 for a negative kappa, each bar
// in its band's colours as the cells have them; the notes' sentence on the
// intervals reads as one.
func TestWorkbookPrintsAndChartsKappaByBand(t *testing.T) {
	s := newSample(t)
	docs := corpus(t)
	// Ana and Ben code Unused on two different halves: a negative kappa.
	s.Codings = append(s.Codings,
		coding.Coding{ID: coding.NewID(), CoderID: s.ana.ID, CodeID: s.unused.ID, DocumentID: docs[1].ID, Span: coding.Span{Start: 0, End: 2000}},
		coding.Coding{ID: coding.NewID(), CoderID: s.ben.ID, CodeID: s.unused.ID, DocumentID: docs[1].ID, Span: coding.Span{Start: 2000, End: 4000}})
	study := studyOf([]coding.Coder{s.ana, s.ben}, docs, s.Codebook, s.Codings)
	f, data := write(t, study)

	for _, sheet := range xlsx.Sheets {
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: orientation %s, fit to %d wide × %d tall, fit to page %v; want landscape, 1 × 0, on",
				sheet, *layout.Orientation, *layout.FitToWidth, *layout.FitToHeight, props.FitToPage)
		}
	}
	titles := 0
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && strings.HasSuffix(d.RefersTo, "!$1:$1") {
			titles++
		}
	}
	if titles != len(xlsx.Sheets) {
		t.Errorf("%d sheets repeat their header when printed, want %d", titles, len(xlsx.Sheets))
	}

	chart := zipPart(t, data, "xl/charts/chart1.xml")
	var negative bool
	for i, r := range study.Report.Codes {
		if !r.Kappa.Defined {
			continue
		}
		negative = negative || r.Kappa.Value < 0
		fill := map[agreement.Band]string{agreement.Red: "FFC7CE", agreement.Amber: "FFEB9C", agreement.YellowGreen: "E2EFDA", agreement.Green: "C6EFCE"}[agreement.BandOf(r.Kappa)]
		point := `<dPt><idx val="` + strconv.Itoa(i) + `"></idx><invertIfNegative val="0"></invertIfNegative><bubble3D val="0"></bubble3D><spPr><a:solidFill><a:srgbClr val="` + fill + `">`
		if !strings.Contains(chart, point) {
			t.Errorf("the bar of code %d (κ %.2f, %s) is not in its band's colour %s", i, r.Kappa.Value, agreement.BandOf(r.Kappa), fill)
		}
	}
	if !negative {
		t.Fatal("the study has no negative kappa")
	}
	if m := regexp.MustCompile(`<valAx>.*?<min val="([-0-9.]+)">`).FindStringSubmatch(chart); m == nil || !strings.HasPrefix(m[1], "-") {
		t.Errorf("the value axis starts at %v, want below 0", m)
	}
	if !strings.Contains(chart, `<tickLblPos val="low">`) {
		t.Error("the codes' names are not at the low end of the axis (they cross negative bars)")
	}
	sheet := zipPart(t, data, "xl/worksheets/sheet1.xml")
	brk := regexp.MustCompile(`<brk id="(\d+)"`).FindStringSubmatch(sheet)
	from := regexp.MustCompile(`<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>(\d+)</xdr:row>`).FindStringSubmatch(zipPart(t, data, "xl/drawings/drawing1.xml"))
	notes := len(rows(t, f, xlsx.SummarySheet))
	if brk == nil || from == nil {
		t.Fatalf("page break %v, chart anchor %v: want the chart after a page break", brk, from)
	}
	if b, _ := strconv.Atoi(brk[1]); b < notes {
		t.Errorf("the page break is at row %d, within the table and notes (%d rows)", b, notes)
	}
	if a, _ := strconv.Atoi(from[1]); a < notes || a < func() int { b, _ := strconv.Atoi(brk[1]); return b }() {
		t.Errorf("the chart starts at row %d, before the break or the notes' end (%d)", a+1, notes)
	}

	var intervals string
	for _, r := range rows(t, f, xlsx.SummarySheet) {
		if len(r) > 1 && r[0] == "Intervals" {
			intervals = r[1]
		}
	}
	if !strings.Contains(intervals, "compared) were drawn with replacement 500 times") || strings.Contains(intervals, "narrow were drawn") ||
		!strings.Contains(intervals, ". Paragraphs of one document are not independent, so these intervals are likely too narrow.") {
		t.Errorf("the intervals' note does not read as sentences: %q", intervals)
	}
}
