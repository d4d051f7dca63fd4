package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding/agreement"
)

// figureColumns are the columns of the agreement figures of a row.
func (b *book) figureColumns(first ...column) []column {
	cols := append(first, column{"Length", intKind})
	for _, c := range b.study.Coders {
		cols = append(cols, column{"Coded by " + c.Name, intKind})
	}
	return append(cols,
		column{"All", intKind},
		column{"None", intKind},
		column{agreement.PercentAgreementName, shareKind},
		column{agreement.KappaName(len(b.study.Coders)), coefKind},
		column{agreement.AlphaName, coefKind})
}

// figures are the values of figureColumns for r, after first.
func (b *book) figures(r agreement.Row, first ...any) []any {
	v := append(first, r.Length)
	for _, c := range b.study.Coders {
		v = append(v, r.Coded[c.ID])
	}
	return append(v, r.All, r.None, r.PercentAgreement, r.Kappa, r.Alpha)
}

// summary writes the Summary sheet: one row per code pooled over the
// documents, the Overall row, the definitions used and a chart of kappa.
func (b *book) summary() error {
	rep := b.study.Report
	iv := b.study.Intervals
	ua := b.study.Unitizing
	cols := b.figureColumns(column{"Code", textKind})
	var unitizing map[string]agreement.Stat
	if ua != nil {
		cols = append(cols, column{agreement.UnitizingAlphaName, coefKind})
		unitizing = make(map[string]agreement.Stat, len(ua.Categories))
		for _, c := range ua.Categories {
			unitizing[c.Category] = c.Alpha
		}
	}
	t := table{
		name:    SummarySheet,
		columns: append(cols, intervalColumns(iv)...),
		rows: func(yield func([]any) bool) {
			for i, r := range rep.Codes {
				row := b.figures(r, b.codePath(r.Code))
				if ua != nil {
					a, ok := unitizing[r.Code]
					if !ok {
						a = agreement.Undefined() // nobody applied the code
					}
					row = append(row, a)
				}
				if iv != nil && i < len(iv.Codes) {
					row = append(row, intervalFigures(iv.Codes[i])...)
				}
				if !yield(row) {
					return
				}
			}
		},
		footer: [][]any{b.figures(rep.Overall, "Overall")},
	}
	if ua != nil {
		t.footer[0] = append(t.footer[0], ua.Alpha)
	}
	if iv != nil {
		t.footer[0] = append(t.footer[0], intervalFigures(iv.Overall)...)
	}
	notes := b.noteList()
	t.below, t.belowCols = 1+len(notes), 2
	sh, err := writeTable(b.st, t)
	if err != nil {
		return err
	}
	if err := b.notes(sh, notes); err != nil {
		return err
	}
	// The chart goes under the notes, on a page of its own when printed,
	// so that it is never cut and the table keeps the page's width (added
	// before the sheet is flushed, which writes its drawing and breaks).
	if err := b.kappaChart(sh.row + 2); err != nil {
		return err
	}
	return sh.flush()
}

// intervalColumns are the Summary's columns of the intervals: each bound
// of kappa's and alpha's interval and the share of resamples with alpha
// below each minimum. None when iv is nil.
func intervalColumns(iv *agreement.Intervals) []column {
	if iv == nil {
		return nil
	}
	level := strconv.FormatFloat(100*iv.Level, 'f', -1, 64) + "%"
	cols := []column{{"κ " + level + " low", boundKind}, {"κ " + level + " high", boundKind},
		{"α " + level + " low", boundKind}, {"α " + level + " high", boundKind}}
	for _, m := range iv.Minimums {
		cols = append(cols, column{"P(α < " + strconv.FormatFloat(m, 'f', -1, 64) + ")", boundKind})
	}
	return cols
}

// intervalFigures are the values of intervalColumns for one pooled row.
func intervalFigures(r agreement.RowInterval) []any {
	bound := func(i agreement.Interval, hi bool) agreement.Stat {
		switch {
		case !i.Defined:
			return agreement.Undefined()
		case hi:
			return agreement.Of(i.Hi)
		}
		return agreement.Of(i.Lo)
	}
	v := []any{bound(r.Kappa, false), bound(r.Kappa, true), bound(r.Alpha, false), bound(r.Alpha, true)}
	for _, b := range r.AlphaBelow {
		v = append(v, b.Share)
	}
	return v
}

// kappaChart adds a bar chart of kappa per code at row top of the Summary
// sheet, after a page break: each bar in its kappa's colour band (as the
// cells are), the axis from 0, or lower for a negative kappa, to 1, the
// codes' names at its left. Undefined kappas are gaps.
func (b *book) kappaChart(top int) error {
	codes := b.study.Report.Codes
	if len(codes) == 0 {
		return nil
	}
	kappaCol, _ := excelize.ColumnNumberToName(len(b.figureColumns(column{})) - 1)
	last := strconv.Itoa(len(codes) + 1)
	lowest := 0.0 // the axis starts at 0, or lower for a negative kappa
	for _, r := range codes {
		if r.Kappa.Defined {
			lowest = min(lowest, math.Floor(r.Kappa.Value*5)/5)
		}
	}
	highest, same := 1.0, false
	title := agreement.KappaName(len(b.study.Coders)) + " per code"
	pageStart, _ := excelize.CoordinatesToCellName(1, top)
	anchor, _ := excelize.CoordinatesToCellName(1, top+1) // a row below the break, so no edge shows on the page before
	values := fmt.Sprintf("%s!$%s$2:$%s$%s", SummarySheet, kappaCol, kappaCol, last)
	chart := &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("%s!$%s$1", SummarySheet, kappaCol),
			Categories: fmt.Sprintf("%s!$A$2:$A$%s", SummarySheet, last),
			Values:     values,
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}},
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &same,
		XAxis:      excelize.ChartAxis{ReverseOrder: true, TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis:      excelize.ChartAxis{Minimum: &lowest, Maximum: &highest, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0"}},
		Dimension:  excelize.ChartDimension{Width: 560, Height: uint(min(max(24*len(codes)+100, 280), 1800))},
		Format:     excelize.GraphicOptions{AltText: title},
	}
	if err := b.f.AddChart(SummarySheet, anchor, chart); err != nil {
		return fmt.Errorf("sheet %s: chart of kappa: %w", SummarySheet, err)
	}
	if err := colourBars(b.f, values, codes); err != nil {
		return fmt.Errorf("sheet %s: chart of kappa: %w", SummarySheet, err)
	}
	if err := b.f.InsertPageBreak(SummarySheet, pageStart); err != nil {
		return fmt.Errorf("sheet %s: page break before the chart: %w", SummarySheet, err)
	}
	return nil
}

// colourBars gives each bar of the chart whose series has the values ref
// the colours of its kappa's band (bandColours, as the cells have them).
// Excelize colours single points of pie charts only, so the points are
// added to the chart's XML.
func colourBars(f *excelize.File, values string, codes []agreement.Row) error {
	var points strings.Builder
	for i, r := range codes {
		if !r.Kappa.Defined {
			continue
		}
		c := bandColours[agreement.BandOf(r.Kappa)]
		fmt.Fprintf(&points, `<dPt><idx val="%d"></idx><invertIfNegative val="0"></invertIfNegative><bubble3D val="0"></bubble3D>`+
			`<spPr><a:solidFill><a:srgbClr val="%s"></a:srgbClr></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="%s"></a:srgbClr></a:solidFill></a:ln></spPr></dPt>`,
			i, c.fill, c.font)
	}
	ref := []byte("<f>" + values + "</f>")
	after := []byte(`<invertIfNegative val="0"></invertIfNegative>`)
	found := false
	f.Pkg.Range(func(key, value any) bool {
		name, _ := key.(string)
		content, _ := value.([]byte)
		if !strings.HasPrefix(name, "xl/charts/chart") || !bytes.Contains(content, ref) {
			return true
		}
		at := bytes.Index(content, after)
		if at < 0 {
			return false
		}
		at += len(after)
		changed := append(append(append([]byte{}, content[:at]...), points.String()...), content[at:]...)
		f.Pkg.Store(name, changed)
		found = true
		return false
	})
	if !found {
		return errors.New("its series was not found to colour its bars")
	}
	return nil
}

// note is a row of the notes under the Summary table: a label (or "") and
// a string or a date.
type note struct {
	label string
	value any
}

// noteList is the coders, documents and date of the comparison and the
// definitions of its figures.
func (b *book) noteList() []note {
	s := b.study
	var coders []string
	for _, c := range s.Coders {
		coders = append(coders, c.Name)
	}
	notes := []note{{"Coders", strings.Join(coders, ", ")}}
	for i, d := range s.Documents {
		label := ""
		if i == 0 {
			label = "Documents"
		}
		notes = append(notes, note{label, fmt.Sprintf("%s (%d characters)", d.Name, b.docs[d.ID].Len())})
	}
	if len(s.Documents) == 0 {
		notes = append(notes, note{"Documents", "none"})
	}
	if !s.Generated.IsZero() {
		notes = append(notes, note{"Generated", s.Generated})
	}
	for _, d := range definitions(len(s.Coders)) {
		notes = append(notes, note{d[0], d[1]})
	}
	if s.Unitizing != nil {
		notes = append(notes, note{agreement.UnitizingAlphaName, unitizingNote})
	}
	if iv := s.Intervals; iv != nil {
		notes = append(notes, note{"Intervals", intervalNote(iv)})
	}
	return notes
}

// notes writes the notes below the Summary table, after a blank row.
func (b *book) notes(sh *sheet, notes []note) error {
	sh.row++ // a blank row under the table
	lastCol, _ := excelize.ColumnNumberToName(len(sh.cols))
	width := 0.0
	for _, w := range sh.widths[1:] {
		width += w
	}
	for _, n := range notes {
		values := []any{nil, excelize.Cell{StyleID: b.st.note, Value: n.value}}
		if n.label != "" {
			values[0] = excelize.Cell{StyleID: b.st.label, Value: n.label}
		}
		var opts []excelize.RowOpts
		if text, ok := n.value.(string); ok {
			if lines := lineCount(text, width); lines > 1 {
				opts = append(opts, excelize.RowOpts{Height: min(float64(lines*lineHeight), maxHeight)})
			}
		} else {
			values[1] = excelize.Cell{StyleID: b.st.cell[dateKind][0], Value: n.value}
		}
		if err := sh.setRow(values, opts...); err != nil {
			return err
		}
		if len(sh.cols) > 2 {
			row := strconv.Itoa(sh.row)
			if err := sh.sw.MergeCell("B"+row, lastCol+row); err != nil {
				return fmt.Errorf("sheet %s: row %s: %w", sh.name, row, err)
			}
		}
	}
	return nil
}

// definitions are the labels and texts defining the figures for a
// comparison of n coders.
func definitions(n int) [][2]string {
	percent := "The share of characters on which the two coders agree, coded or not coded: (All + None) / Length."
	kappa := "Cohen's kappa: percent agreement corrected for the agreement expected by chance from each coder's share of coded characters, (observed − expected) / (1 − expected)."
	if n > 2 {
		percent = "The mean agreement of all pairs of coders (Fleiss' P̄): for each character the share of pairs of coders who agree on coded or not coded, averaged over the characters."
		kappa = "Fleiss' kappa on the two categories coded and not coded: percent agreement corrected for the agreement expected by chance from the share of coded characters, (observed − expected) / (1 − expected)."
	}
	return [][2]string{
		{"Unit", "One character (Unicode code point) of a document's stored text, for one code. Start and End count characters from 0; End is not included."},
		{"Length", "The number of characters compared: the document's length, or the sum over the documents (and, for Overall, over the codes)."},
		{"Coded by", "The characters the coder coded with the code; overlapping codings of one coder count once."},
		{"All, None", "The characters every coder coded with the code, and those no coder did."},
		{agreement.PercentAgreementName, percent},
		{agreement.KappaName(n), kappa},
		{agreement.AlphaName, "Krippendorff's alpha, nominal, on coded / not coded, every coder having read every document (no missing values)."},
		{"Pooling", "A code's row counts every document as if their texts were one: characters of documents where nobody applied the code count as agreement on not coded. Overall counts every code the same way. Code x Document lists only the documents where someone applied the code."},
		{"Empty cell", "A figure that cannot be computed: its formula divides by zero, as kappa does when every coder put every character in the same category (nobody applied the code, or everybody coded all of it)."},
		{"Colours", "Kappa and alpha are " + agreement.BandLegend() + ", judged on the value rounded to two decimals."},
	}
}

// codeByDocument writes the Code x Document sheet: the figures of every
// code in every document where someone applied it.
func (b *book) codeByDocument() error {
	t := table{
		name:    CodeDocumentSheet,
		columns: b.figureColumns(column{"Code", textKind}, column{"Document", textKind}),
		rows: func(yield func([]any) bool) {
			for _, r := range b.study.Report.Rows {
				if !yield(b.figures(r, b.codePath(r.Code), b.docName(r.Document))) {
					return
				}
			}
		},
	}
	return b.writeSheet(t)
}

// unitizingNote defines the Summary's unitizing alpha.
const unitizingNote = "Krippendorff's alpha for unitizing (Content Analysis, 2004): the considered documents are laid end to end and each coder's codings of a code, overlapping or touching ones joined, are units on that continuum; it compares where the coders' units begin and end, not only which characters they cover. 1 is perfect agreement, 0 what chance would give. Overall pools the codes' disagreements."

// intervalNote says how the Summary's intervals were computed.
func intervalNote(iv *agreement.Intervals) string {
	what, caveat := fmt.Sprintf("the %d documents", iv.Clusters), ""
	if iv.Unit == agreement.UnitParagraph {
		what = fmt.Sprintf("the %d paragraphs (blocks separated by blank lines, since fewer than %d documents are compared)", iv.Clusters, agreement.MinDocuments)
		caveat = " Paragraphs of one document are not independent, so these intervals are likely too narrow."
	}
	return fmt.Sprintf("%s %% confidence intervals of the pooled kappa and alpha from a cluster bootstrap (Hayes & Krippendorff 2007): %s were drawn with replacement %d times (seed %d) and each figure recomputed; an interval runs between the percentiles of the recomputed values.%s P(α < m) is the share of resamples with alpha below m, the risk that the true alpha is below m (Krippendorff asks for at least 0.8, and at least 0.667 for tentative conclusions).",
		strconv.FormatFloat(100*iv.Level, 'f', -1, 64), what, iv.Resamples, iv.Seed, caveat)
}
