package xlsx_test

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage/xlsx"
)

func TestSheetsAndHeaders(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	if got := f.GetSheetList(); !slices.Equal(got, xlsx.Sheets) {
		t.Fatalf("sheets = %q, want %q", got, xlsx.Sheets)
	}
	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d, want Summary", i)
	}
	figures := []string{"Length", "Coded by Ana", "Coded by Ben", "All", "None", agreement.PercentAgreementName, agreement.KappaName(2), agreement.AlphaName}
	tests := []struct {
		sheet  string
		header []string
	}{
		{xlsx.SummarySheet, append(append([]string{"Code"}, figures...), "κ 95% low", "κ 95% high", "α 95% low", "α 95% high", "P(α < 0.667)", "P(α < 0.8)")},
		{xlsx.CodeDocumentSheet, append([]string{"Code", "Document"}, figures...)},
		{xlsx.DisagreementsSheet, []string{"Document", "Code", "Start", "End", "Coded by", "Not coded by", "Text"}},
		{xlsx.CodingsSheet, []string{"Coder", "Document", "Code", "Start", "End", "Text", "Memo"}},
		{xlsx.CodebookSheet, []string{"Code", "Colour", "Definition", "When to use", "When not to use", "Example", "Codings by Ana", "Codings by Ben"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			r := rows(t, f, tt.sheet)
			if len(r) == 0 || !slices.Equal(r[0], tt.header) {
				t.Fatalf("header = %q, want %q", r[0], tt.header)
			}
		})
	}
}

// checkFigures compares a sheet row's figures (from column first on) with a
// report row: the numbers exactly as computed, undefined ones as empty cells.
func checkFigures(t *testing.T, got []string, first int, want agreement.Row, coders []coding.Coder) {
	t.Helper()
	cell := func(i int) string {
		if first+i < len(got) {
			return got[first+i]
		}
		return ""
	}
	ints := []int{want.Length}
	for _, c := range coders {
		ints = append(ints, want.Coded[c.ID])
	}
	ints = append(ints, want.All, want.None)
	for i, w := range ints {
		if cell(i) != strconv.Itoa(w) {
			t.Errorf("column %d = %q, want %d", first+i+1, cell(i), w)
		}
	}
	for i, w := range []agreement.Stat{want.PercentAgreement, want.Kappa, want.Alpha} {
		c := cell(len(ints) + i)
		if !w.Defined {
			if c != "" {
				t.Errorf("undefined figure in column %d = %q, want an empty cell", first+len(ints)+i+1, c)
			}
			continue
		}
		v, err := strconv.ParseFloat(c, 64)
		if err != nil || math.Abs(v-w.Value) > 1e-9 {
			t.Errorf("column %d = %q, want %v", first+len(ints)+i+1, c, w.Value)
		}
	}
}

func TestSummaryFigures(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.SummarySheet)
	want := []struct {
		code string
		row  agreement.Row
	}{
		{"Conflict > Attack", s.Report.Codes[0]},
		{"Cooperation", s.Report.Codes[1]},
		{"Language", s.Report.Codes[2]},
		{"Unused", s.Report.Codes[3]},
		{"Overall", s.Report.Overall},
	}
	for i, w := range want {
		t.Run(w.code, func(t *testing.T) {
			got := r[i+1]
			if got[0] != w.code {
				t.Fatalf("row %d is %q, want %q", i+2, got[0], w.code)
			}
			checkFigures(t, got, 1, w.row, s.Coders)
		})
	}
	if s.Report.Codes[3].Kappa.Defined || !s.Report.Codes[0].Kappa.Defined {
		t.Fatal("the sample should have a defined and an undefined kappa")
	}
	// Below the table: coders, documents, date and definitions.
	var notes []string
	for _, row := range r[len(want)+1:] {
		notes = append(notes, strings.Join(row, "|"))
	}
	text := strings.Join(notes, "\n")
	for _, part := range []string{"Coders|Ana, Ben", "Documents|sony-hack-cyber-dialogue.txt (7036 characters)",
		"|setback-cyber-cooperation.txt (4869 characters)", "Generated|", "Cohen's kappa", "Krippendorff's alpha", "Empty cell|"} {
		if !strings.Contains(text, part) {
			t.Errorf("notes under the table lack %q:\n%s", part, text)
		}
	}
	date, err := f.GetCellValue(xlsx.SummarySheet, "B"+strconv.Itoa(len(want)+6))
	if err != nil || date != "2025-03-14 15:09" {
		t.Errorf("generated date = %q (%v), want 2025-03-14 15:09", date, err)
	}
}

func TestCodeByDocumentFigures(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.CodeDocumentSheet)
	if len(r) != len(s.Report.Rows)+1 {
		t.Fatalf("%d rows, want a header and %d", len(r), len(s.Report.Rows))
	}
	docName := map[string]string{}
	for _, d := range s.Documents {
		docName[d.ID] = d.Name
	}
	for i, w := range s.Report.Rows {
		got := r[i+1]
		if got[0] != s.Codebook.Path(w.Code) || got[1] != docName[w.Document] {
			t.Errorf("row %d names %q / %q, want %q / %q", i+2, got[0], got[1], s.Codebook.Path(w.Code), docName[w.Document])
		}
		checkFigures(t, got, 2, w, s.Coders)
	}
}

func TestNumberFormatsAndColours(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	numFmt := func(cell string) string {
		id, err := f.GetCellStyle(xlsx.SummarySheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil {
			return ""
		}
		return *st.CustomNumFmt
	}
	for cell, want := range map[string]string{"G2": "0.0%", "H2": "0.000", "I2": "0.000"} {
		if got := numFmt(cell); got != want {
			t.Errorf("number format of %s = %q, want %q", cell, got, want)
		}
	}
	shown, _ := f.GetCellValue(xlsx.SummarySheet, "G2")
	if want := strconv.FormatFloat(s.Report.Codes[0].PercentAgreement.Value*100, 'f', 1, 64) + "%"; shown != want {
		t.Errorf("percent agreement shows %q, want %q", shown, want)
	}
	formats, err := f.GetConditionalFormats(xlsx.SummarySheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"H2:H6", "I2:I6"} {
		rules := formats[ref]
		if want := len(agreement.Bands()) + 1; len(rules) != want {
			t.Fatalf("%s has %d colour rules, want %d (the bands and grey): %+v", ref, len(rules), want, formats)
		}
		blank := 0
		for _, r := range rules {
			switch {
			case strings.HasPrefix(r.Criteria, "ISBLANK("):
				blank++
			case !strings.Contains(r.Criteria, "ISNUMBER") || !strings.Contains(r.Criteria, ",2)"):
				t.Errorf("rule %q on %s does not judge the number rounded to two decimals", r.Criteria, ref)
			}
		}
		if blank != 1 {
			t.Errorf("%s has %d rules for empty (undefined) cells, want the one grey rule", ref, blank)
		}
	}
}

func TestFrozenHeaderAndAutofilter(t *testing.T) {
	s := newSample(t)
	f, data := write(t, s.Study)
	names := f.GetDefinedName()
	// The filter covers the header and the body; the Overall row stays under it.
	wantFilter := []string{"$A$1:$O$5", "$A$1:$J$6", "$A$1:$G$7", "$A$1:$G$10", "$A$1:$H$6"}
	for i, sheet := range xlsx.Sheets {
		t.Run(sheet, func(t *testing.T) {
			p, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
				t.Errorf("panes = %+v, want the header row frozen", p)
			}
			found := false
			for _, n := range names {
				if n.Name == "_xlnm._FilterDatabase" && n.Scope == sheet && n.RefersTo == "'"+sheet+"'!"+wantFilter[i] {
					found = true
				}
			}
			if !found {
				t.Errorf("no autofilter on %s!%s: %+v", sheet, wantFilter[i], names)
			}
		})
	}
	// Every worksheet carries its autoFilter element.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range xlsx.Sheets {
		xml := zipFile(t, zr, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml")
		if !strings.Contains(xml, `<autoFilter ref="`+wantFilter[i]+`"`) {
			t.Errorf("sheet%d.xml has no autoFilter", i+1)
		}
	}
	w, err := f.GetColWidth(xlsx.SummarySheet, "A")
	if err != nil || w < float64(len("Conflict > Attack")) || w > 60 {
		t.Errorf("Code column width = %v, want it to fit %q", w, "Conflict > Attack")
	}
}

func zipFile(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	r, err := zr.Open(name)
	if err != nil {
		t.Fatalf("workbook lacks %s: %v", name, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestKappaChartOnSummary(t *testing.T) {
	s := newSample(t)
	_, data := write(t, s.Study)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rels := zipFile(t, zr, "xl/worksheets/_rels/sheet1.xml.rels")
	if !strings.Contains(rels, "drawing") {
		t.Fatalf("Summary has no drawing: %s", rels)
	}
	chart := zipFile(t, zr, "xl/charts/chart1.xml")
	for _, want := range []string{"<barChart>", `<barDir val="bar">`, "Summary!$A$2:$A$5", "Summary!$H$2:$H$5", html.EscapeString(agreement.KappaName(2) + " per code")} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

func TestDisagreementTexts(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.DisagreementsSheet)
	want := [][]string{
		{"Conflict > Attack", "Ben", "Ana", "“"},
		{"Conflict > Attack", "Ben", "Ana", "”"},
		{"Conflict > Attack", "Ben", "Ana", "surprise attack"},
		{"Cooperation", "Ana", "Ben", "bilateral "},
		{"Cooperation", "Ben", "Ana", ". Recently"},
		{"Language", "Ana", "Ben", "English "},
	}
	if len(r) != len(want)+1 {
		t.Fatalf("%d disagreement rows, want %d: %q", len(r)-1, len(want), r)
	}
	for i, w := range want {
		got := r[i+1]
		if got[1] != w[0] || got[4] != w[1] || got[5] != w[2] || got[6] != w[3] {
			t.Errorf("row %d = %q, want code, coded by, not coded by, text = %q", i+2, got, w)
		}
		d := s.Disagreements[i]
		if got[2] != strconv.Itoa(d.Start) || got[3] != strconv.Itoa(d.End) {
			t.Errorf("row %d at %s-%s, want %v", i+2, got[2], got[3], d.Span)
		}
	}
}

func TestCodingTexts(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.CodingsSheet)
	if len(r) != len(s.Codings)+1 {
		t.Fatalf("%d coding rows, want %d", len(r)-1, len(s.Codings))
	}
	// Each coding's rune offsets, text and memo, whatever the row order.
	var got, want []string
	for _, row := range r[1:] {
		got = append(got, strings.Join(slices.Concat([]string{row[0]}, row[3:]), "|"))
	}
	for i, c := range s.Codings {
		name := "Ana"
		if c.CoderID == s.ben.ID {
			name = "Ben"
		}
		want = append(want, strings.Join([]string{name, strconv.Itoa(c.Start), strconv.Itoa(c.End), s.phrases[i], "memo on " + s.phrases[i]}, "|"))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("codings:\n%q\nwant\n%q", got, want)
	}
	// Sorted by document, then position: the first is the language coding at the very start.
	if r[1][1] != "sony-hack-cyber-dialogue.txt" || r[1][3] != "11" || r[1][5] != "English 简体 繁體" {
		t.Errorf("first coding row = %q", r[1])
	}
}

func TestCodebookSheet(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.CodebookSheet)
	want := [][]string{
		{"Conflict", "#C0392B", "", "", "", "", "0", "0"},
		{"Conflict > Attack", "#E67E22", s.attack.Description.Definition, s.attack.Description.WhenToUse,
			s.attack.Description.WhenNotToUse, s.attack.Description.Example, "1", "2"},
		{"Cooperation", "#27AE60", "", "", "", "", "2", "2"},
		{"Language", "#2E86DE", "", "", "", "", "1", "1"},
		{"Unused", "#7F8C8D", "", "", "", "", "0", "0"},
	}
	for i, w := range want {
		if !slices.Equal(r[i+1], w) {
			t.Errorf("row %d = %q, want %q", i+2, r[i+1], w)
		}
		cell := "B" + strconv.Itoa(i+2)
		id, err := f.GetCellStyle(xlsx.CodebookSheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || len(st.Fill.Color) == 0 || "#"+st.Fill.Color[0] != w[1] {
			t.Errorf("fill of %s = %+v, want %s", cell, st.Fill, w[1])
		}
	}
}

func TestEdgeCases(t *testing.T) {
	docs := corpus(t)
	long := coding.NewDocument("long.txt", strings.Repeat("word ", 8000)+"😀 end")
	ana, ben, cy := coding.Coder{ID: "a", Name: "Ana"}, coding.Coder{ID: "b", Name: "Ben"}, coding.Coder{ID: "c", Name: "Cy"}
	code := coding.Code{ID: "k", Name: "Key", Codable: true, Color: "not a colour"}
	cb := coding.NewCodebook([]coding.Code{code})
	tests := []struct {
		name  string
		study xlsx.Study
		check func(t *testing.T, f *excelize.File)
	}{
		{"empty study", xlsx.Study{}, func(t *testing.T, f *excelize.File) {
			r := rows(t, f, xlsx.SummarySheet)
			// No coders, no units: Length, All and None are 0 and the figures undefined.
			if want := []string{"Overall", "0", "0", "0"}; !slices.Equal(r[1], want) {
				t.Errorf("overall row of an empty study = %q, want %q", r[1], want)
			}
		}},
		{"three coders", studyOf([]coding.Coder{ana, ben, cy}, docs[:1], cb, []coding.Coding{
			{CoderID: "a", CodeID: "k", DocumentID: docs[0].ID, Span: coding.Span{Start: 0, End: 100}},
			{CoderID: "c", CodeID: "k", DocumentID: docs[0].ID, Span: coding.Span{Start: 50, End: 100}},
		}), func(t *testing.T, f *excelize.File) {
			r := rows(t, f, xlsx.SummarySheet)
			if !slices.Equal(r[0][2:5], []string{"Coded by Ana", "Coded by Ben", "Coded by Cy"}) {
				t.Errorf("header = %q", r[0])
			}
			if r[1][2] != "100" || r[1][3] != "0" || r[1][4] != "50" {
				t.Errorf("coded = %q, want 100, 0, 50", r[1][2:5])
			}
			if d := rows(t, f, xlsx.DisagreementsSheet); len(d) != 3 || d[1][4] != "Ana" || d[2][4] != "Ana, Cy" || d[2][5] != "Ben" {
				t.Errorf("disagreements = %q", d)
			}
			if text := strings.Join(slices.Concat(r...), " "); !strings.Contains(text, "Fleiss' kappa") {
				t.Error("notes do not name Fleiss' kappa for three coders")
			}
		}},
		{"text over the cell limit, invalid colour, coding of an unselected coder", studyOf([]coding.Coder{ana, ben}, []coding.Document{long}, cb, []coding.Coding{
			{CoderID: "a", CodeID: "k", DocumentID: long.ID, Span: coding.Span{Start: 0, End: long.Length}},
			{CoderID: "c", CodeID: "k", DocumentID: long.ID, Span: coding.Span{Start: 0, End: 5}},
		}), func(t *testing.T, f *excelize.File) {
			r := rows(t, f, xlsx.CodingsSheet)
			if len(r) != 2 {
				t.Fatalf("codings = %d rows, want a header and Ana's coding", len(r))
			}
			text := r[1][5]
			if n := len(utf16(text)); n != xlsx.MaxCellChars || !strings.HasSuffix(text, "…") || !strings.HasPrefix(text, "word word") {
				t.Errorf("long text: %d UTF-16 units ending %q, want %d ending …", n, text[len(text)-10:], xlsx.MaxCellChars)
			}
			if d := rows(t, f, xlsx.DisagreementsSheet); len(d) != 2 || len(utf16(d[1][6])) != xlsx.MaxCellChars {
				t.Errorf("disagreement over the whole long text not cut to the cell limit")
			}
			if c := rows(t, f, xlsx.CodebookSheet); c[1][1] != "not a colour" || c[1][6] != "1" || c[1][7] != "0" {
				t.Errorf("codebook row = %q", c[1])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := write(t, tt.study)
			if got := f.GetSheetList(); !slices.Equal(got, xlsx.Sheets) {
				t.Fatalf("sheets = %q", got)
			}
			tt.check(t, f)
		})
	}
}

// utf16 is s in UTF-16 code units, as Excel counts characters.
func utf16(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			out = append(out, 0, 0)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

// TestSummaryIntervals: the Summary gives each pooled row's intervals as
// numbers (an undefined one as empty cells), and a note says how they were
// computed; without intervals it has no such columns.
func TestSummaryIntervals(t *testing.T) {
	s := newSample(t)
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.SummarySheet)
	for i, ri := range append(s.Intervals.Codes, s.Intervals.Overall) {
		row := r[i+1]
		for len(row) < 15 {
			row = append(row, "")
		}
		cells := row[9:15]
		if !ri.Alpha.Defined {
			if cells[2] != "" || cells[3] != "" {
				t.Errorf("row %d: undefined α interval shown as %q", i+2, cells)
			}
			continue
		}
		for j, want := range []float64{ri.Kappa.Lo, ri.Kappa.Hi, ri.Alpha.Lo, ri.Alpha.Hi, ri.AlphaBelow[0].Share.Value, ri.AlphaBelow[1].Share.Value} {
			got, err := strconv.ParseFloat(cells[j], 64)
			if err != nil || math.Abs(got-want) > 5e-4 { // shown with three decimals
				t.Errorf("row %d column %d: %q, want %.3f", i+2, 10+j, cells[j], want)
			}
		}
	}
	var note string
	for _, row := range r {
		if len(row) > 1 && row[0] == "Intervals" {
			note = row[1]
		}
	}
	if !strings.Contains(note, "paragraphs") || !strings.Contains(note, "500 times (seed 2007)") {
		t.Errorf("Intervals note: %q", note)
	}
	s.Intervals = nil
	f, _ = write(t, s.Study)
	if h := rows(t, f, xlsx.SummarySheet)[0]; len(h) != 9 {
		t.Errorf("without intervals the Summary header is %q", h)
	}
}

// TestSummaryUnitizing: with a unitizing alpha the Summary shows it per
// code beside alpha (empty for a code nobody applied) and overall, defines
// it below, and the intervals move one column right.
func TestSummaryUnitizing(t *testing.T) {
	s := newSample(t)
	s.Unitizing = &agreement.UnitizingResult{Alpha: agreement.Of(0.5), Categories: []agreement.CategoryAlpha{
		{Category: s.cooperation.ID, Alpha: agreement.Of(0.25)},
		{Category: s.language.ID, Alpha: agreement.Of(-0.125)},
		{Category: s.attack.ID, Alpha: agreement.Undefined()},
	}}
	f, _ := write(t, s.Study)
	r := rows(t, f, xlsx.SummarySheet)
	if got := r[0][9]; got != agreement.UnitizingAlphaName {
		t.Fatalf("column J header %q, want %q", got, agreement.UnitizingAlphaName)
	}
	if got := r[0][10]; !strings.HasPrefix(got, "κ ") {
		t.Errorf("column K header %q, want the intervals after unitizing alpha", got)
	}
	want := map[string]string{"Cooperation": "0.25", "Language": "-0.125", "Conflict > Attack": "", "Unused": "", "Overall": "0.5"}
	seen := 0
	for _, row := range r[1:] {
		if len(row) == 0 {
			continue
		}
		w, ok := want[row[0]]
		if !ok {
			continue
		}
		seen++
		for len(row) < 10 {
			row = append(row, "")
		}
		if row[9] != w {
			t.Errorf("%s: unitizing alpha %q, want %q", row[0], row[9], w)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d rows", seen, len(want))
	}
	defined := false
	for _, row := range r {
		if len(row) > 1 && row[0] == agreement.UnitizingAlphaName && strings.Contains(row[1], "unitizing") {
			defined = true
		}
	}
	if !defined {
		t.Error("no definition of unitizing alpha under the Summary table")
	}
	checkDimensions(t, f)
}
