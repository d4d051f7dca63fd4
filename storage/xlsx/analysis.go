package xlsx

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding/analysis"
)

// WriteTables writes analysis tables (package coding/analysis) as a
// workbook: one sheet per table, named after it, with its header frozen
// and filtered, its footer in bold, the notes defining its figures below,
// and a bar chart beside it when the table names a chart column.
func WriteTables(w io.Writer, title string, tables []analysis.Table) (err error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close workbook: %w", cerr)
		}
	}()
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), t.Name)
		} else {
			_, err = f.NewSheet(t.Name)
		}
		if err != nil {
			return fmt.Errorf("add sheet %s: %w", t.Name, err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Marginalia"}); err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := writeAnalysisSheet(st, t); err != nil {
			return fmt.Errorf("%s: %w", title, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write %s workbook: %w", title, err)
	}
	return nil
}

func writeAnalysisSheet(st *styles, t analysis.Table) error {
	tt := table{name: t.Name, footer: t.Footer, rows: func(yield func([]any) bool) {
		for _, r := range t.Rows {
			if !yield(r) {
				return
			}
		}
	}}
	for _, c := range t.Columns {
		k := textKind
		switch c.Kind {
		case analysis.IntColumn:
			k = intKind
		case analysis.DecimalColumn:
			k = decimalKind
		}
		tt.columns = append(tt.columns, column{header: c.Header, kind: k})
	}
	if len(t.Notes) > 0 {
		tt.below, tt.belowCols = 1+len(t.Notes), 1
	}
	sh, err := writeTable(st, tt)
	if err != nil {
		return err
	}
	if len(t.Notes) > 0 {
		if err := sh.setRow(nil); err != nil {
			return err
		}
		for _, n := range t.Notes {
			if err := sh.setRow([]any{excelize.Cell{StyleID: st.label, Value: n}}); err != nil {
				return err
			}
		}
	}
	if err := sh.flush(); err != nil {
		return err
	}
	if t.Chart >= 0 && t.Chart < len(t.Columns) && len(t.Rows) > 0 {
		return barChart(st.f, t, len(t.Columns))
	}
	return nil
}

// barChart adds a bar chart of column t.Chart per row beside the table.
func barChart(f *excelize.File, t analysis.Table, cols int) error {
	col, _ := excelize.ColumnNumberToName(t.Chart + 1)
	last := strconv.Itoa(len(t.Rows) + 1)
	sheet := "'" + t.Name + "'"
	title := t.Columns[t.Chart].Header + " per " + t.Columns[0].Header
	anchor, _ := excelize.CoordinatesToCellName(cols+2, 2)
	same := false
	chart := &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("%s!$%s$1", sheet, col),
			Categories: fmt.Sprintf("%s!$A$2:$A$%s", sheet, last),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%s", sheet, col, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}},
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &same,
		XAxis:      excelize.ChartAxis{ReverseOrder: true},
		YAxis:      excelize.ChartAxis{MajorGridLines: true},
		Dimension:  excelize.ChartDimension{Width: 560, Height: uint(min(max(24*len(t.Rows)+100, 280), 1800))},
		Format:     excelize.GraphicOptions{AltText: title},
	}
	if err := f.AddChart(t.Name, anchor, chart); err != nil {
		return fmt.Errorf("sheet %s: chart: %w", t.Name, err)
	}
	return nil
}
