package xlsx

import (
	"fmt"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding/agreement"
)

// column is one column of a table: its header and what it holds.
type column struct {
	header string
	kind   kind
}

// table is what a sheet shows: a header row, the body rows (which rows
// yields twice, once to size the columns and once to write them) and
// footer rows under the body, in bold and outside the autofilter.
//
// A row holds, by column kind, a string, an int, an agreement.Stat or a
// time.Time; nil is an empty cell.
type table struct {
	name    string
	columns []column
	rows    iter.Seq[[]any]
	footer  [][]any
	// below and belowCols are the rows the caller writes under the table
	// and the columns they use, so that the sheet's dimension (written
	// before the rows are streamed) names the whole used range.
	below, belowCols int
}

// Column widths, in widths of the default font's digits, and row heights in
// points.
const (
	minWidth   = 6
	textCap    = 60 // widest column of unwrapped text
	wrapCap    = 50 // widest column of wrapped text
	filterRoom = 3  // the header's filter button
	lineHeight = 15
	maxHeight  = 409 // Excel's tallest row
)

// maxRows is the most rows a sheet holds (a variable for tests).
var maxRows = excelize.TotalRows

// sheet is a worksheet being written row by row: SetRow in row order,
// then flush. Its rows go to excelize's stream writer, or, for a sheet
// written later (book.writeSheet), to a rowWriter straight into the
// package (package.go).
type sheet struct {
	st     *styles
	sw     *excelize.StreamWriter
	rw     *rowWriter // when set, rows are written here rather than to sw
	name   string
	cols   []column
	widths []float64
	row    int // the last row written
	buf    []any
	cells  []excelize.Cell // what buf points to, reused row after row

	count, limit      int // the body's rows, and how many of them fit
	bodyEnd, tableEnd int // the last row of the body and of the footer
}

// writeTable streams the header and rows of t to its sheet, freezes the
// header, puts an autofilter on header and body and colours the kappa and
// alpha columns. The caller may add rows below, then must call flush.
func writeTable(st *styles, t table) (*sheet, error) {
	sh, err := prepareTable(st, t)
	if err != nil {
		return nil, err
	}
	if err := sh.writeBody(t); err != nil {
		return nil, err
	}
	if err := sh.finishTable(t); err != nil {
		return nil, err
	}
	return sh, nil
}

// prepareTable sizes the columns of t, names the sheet's used range and
// opens its stream writer with the column widths and the frozen header;
// no row is written yet.
func prepareTable(st *styles, t table) (*sheet, error) {
	sh := &sheet{st: st, name: t.name, cols: t.columns, widths: make([]float64, len(t.columns))}
	count, err := sh.measure(t)
	if err != nil {
		return nil, err
	}
	// Excel holds at most maxRows rows: keep room for the footer and a note.
	room := maxRows - 1 - len(t.footer)
	limit := count
	if count > room {
		limit = room - 1
	}
	sh.count, sh.limit = count, limit
	sh.bodyEnd = 1 + limit
	sh.tableEnd = sh.bodyEnd + len(t.footer)
	// The stream writer writes the <dimension> it finds before the first
	// row, and readers such as openpyxl's read-only mode trust it: name the
	// used range now.
	used := 1 + limit + len(t.footer) + t.below
	if limit < count {
		used++
	}
	last, _ := excelize.CoordinatesToCellName(max(len(t.columns), t.belowCols, 1), min(used, excelize.TotalRows))
	if err := st.f.SetSheetDimension(t.name, "A1:"+last); err != nil {
		return nil, fmt.Errorf("sheet %s: dimension: %w", t.name, err)
	}
	// The stream writer keeps the sheet's settings as they are when it
	// opens: set up printing first.
	if err := printSetup(st.f, t.name); err != nil {
		return nil, fmt.Errorf("sheet %s: print setup: %w", t.name, err)
	}
	if sh.sw, err = st.f.NewStreamWriter(t.name); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", t.name, err)
	}
	for i, w := range sh.widths {
		if err := sh.sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, fmt.Errorf("sheet %s: column %d width: %w", t.name, i+1, err)
		}
	}
	if err := sh.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("sheet %s: freeze header: %w", t.name, err)
	}
	return sh, nil
}

// writeBody writes the header, the rows that fit, the footer and, when
// rows were left out, a note saying so.
func (sh *sheet) writeBody(t table) error {
	st := sh.st
	header := make([]any, len(t.columns))
	for i, c := range t.columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sh.setRow(header); err != nil {
		return err
	}
	written := 0
	for r := range t.rows {
		if written == sh.limit {
			break
		}
		if err := sh.writeValues(r, 0); err != nil {
			return err
		}
		written++
	}
	for _, r := range t.footer {
		if err := sh.writeValues(r, 1); err != nil {
			return err
		}
	}
	if sh.row != sh.tableEnd {
		return fmt.Errorf("sheet %s: wrote %d rows of the table, expected %d (the rows changed while written)", sh.name, sh.row, sh.tableEnd)
	}
	if written < sh.count {
		note := fmt.Sprintf("%d more rows are left out: Excel holds at most %d rows.", sh.count-written, maxRows)
		if err := sh.setRow([]any{excelize.Cell{StyleID: st.label, Value: note}}); err != nil {
			return err
		}
	}
	return nil
}

// finishTable puts the autofilter on the header and body and the colour
// bands on the kappa and alpha columns of body and footer.
func (sh *sheet) finishTable(t table) error {
	st := sh.st
	lastCol, _ := excelize.ColumnNumberToName(len(t.columns))
	if err := st.f.AutoFilter(t.name, "A1:"+lastCol+strconv.Itoa(max(sh.bodyEnd, 1)), nil); err != nil {
		return fmt.Errorf("sheet %s: autofilter: %w", t.name, err)
	}
	if sh.tableEnd >= 2 {
		for i, c := range t.columns {
			if c.kind != coefKind {
				continue
			}
			name, _ := excelize.ColumnNumberToName(i + 1)
			if err := st.colourBands(t.name, name+"2", fmt.Sprintf("%s2:%s%d", name, name, sh.tableEnd)); err != nil {
				return err
			}
		}
	}
	return nil
}

// measure sizes the columns to their header and content, counts the body
// rows and makes the styles of the colour cells (a sheet written later
// cannot add styles).
func (sh *sheet) measure(t table) (int, error) {
	for i, c := range t.columns {
		sh.widths[i] = float64(displayWidth(c.header, textCap) + filterRoom)
	}
	var err error
	fit := func(r []any, bold int) {
		for i, v := range r {
			if x, ok := v.(string); ok && sh.cols[i].kind == colourKind && err == nil {
				if _, err = sh.st.fill(x, bold); err != nil {
					err = fmt.Errorf("sheet %s: %w", sh.name, err)
				}
			}
			limit := textCap
			if sh.cols[i].kind == wrapKind {
				limit = wrapCap
			}
			sh.widths[i] = max(sh.widths[i], float64(min(valueWidth(v, limit)+1, limit)))
		}
	}
	count := 0
	for r := range t.rows {
		fit(r, 0)
		count++
	}
	for _, r := range t.footer {
		fit(r, 1)
	}
	for i := range sh.widths {
		sh.widths[i] = max(sh.widths[i], minWidth)
	}
	return count, err
}

// valueWidth estimates the width a value takes as shown.
func valueWidth(v any, limit int) int {
	switch x := v.(type) {
	case string:
		return displayWidth(x, limit)
	case int:
		return len(strconv.Itoa(x))
	case agreement.Stat, float64:
		return len("-0.000")
	case time.Time:
		return len(dateFormat)
	}
	return 0
}

// writeValues writes a table row, in bold when bold is 1.
func (sh *sheet) writeValues(r []any, bold int) error {
	if len(sh.cells) < len(r) {
		sh.cells = make([]excelize.Cell, len(r))
	}
	sh.buf = sh.buf[:0]
	lines := 1
	for i, v := range r {
		k := sh.cols[i].kind
		ok, err := sh.cell(&sh.cells[i], k, v, bold)
		if err != nil {
			return err
		}
		if ok {
			sh.buf = append(sh.buf, &sh.cells[i])
		} else {
			sh.buf = append(sh.buf, nil)
		}
		if s, ok := v.(string); ok && k == wrapKind {
			lines = max(lines, lineCount(s, sh.widths[i]))
		}
	}
	if lines > 1 {
		return sh.setRow(sh.buf, excelize.RowOpts{Height: min(float64(lines*lineHeight), maxHeight)})
	}
	return sh.setRow(sh.buf)
}

// cell sets c to the stream writer's cell for a value of a column of kind
// k, and reports false for an empty cell.
func (sh *sheet) cell(c *excelize.Cell, k kind, v any, bold int) (bool, error) {
	*c = excelize.Cell{StyleID: sh.st.cell[k][bold], Value: v}
	switch x := v.(type) {
	case nil:
		return false, nil
	case agreement.Stat:
		if !x.Defined || math.IsNaN(x.Value) || math.IsInf(x.Value, 0) {
			return false, nil // undefined: an empty cell
		}
		c.Value = x.Value
	case string:
		if k == colourKind {
			var err error
			if c.StyleID, err = sh.st.fill(x, bold); err != nil {
				return false, fmt.Errorf("sheet %s: %w", sh.name, err)
			}
		}
		if t := cellText(x); len(t) != len(x) {
			c.Value = t
		}
	}
	return true, nil
}

// setRow writes values as the next row.
func (sh *sheet) setRow(values []any, opts ...excelize.RowOpts) error {
	sh.row++
	var err error
	if sh.rw != nil {
		err = sh.rw.row(sh.row, values, opts...)
	} else {
		var ref string
		if ref, err = excelize.CoordinatesToCellName(1, sh.row); err == nil {
			err = sh.sw.SetRow(ref, values, opts...)
		}
	}
	if err != nil {
		return fmt.Errorf("sheet %s: row %d: %w", sh.name, sh.row, err)
	}
	return nil
}

// flush ends the sheet.
func (sh *sheet) flush() error {
	if err := sh.sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", sh.name, err)
	}
	return nil
}

// writeSheet writes a sheet that is only a table. Its columns, frozen
// header, autofilter and colour bands are set now; its rows are written
// when the package is (book.later, package.go), straight into the file,
// so that a sheet of 100,000 rows is never held in memory.
func (b *book) writeSheet(t table) error {
	if !writeLater {
		sh, err := writeTable(b.st, t)
		if err != nil {
			return err
		}
		return sh.flush()
	}
	sh, err := prepareTable(b.st, t)
	if err != nil {
		return err
	}
	if err := sh.finishTable(t); err != nil {
		return err
	}
	if err := sh.flush(); err != nil { // an empty <sheetData>, filled in later
		return err
	}
	b.later[t.name] = func(rw *rowWriter) error {
		sh.rw, sh.row = rw, 0
		return sh.writeBody(t)
	}
	return nil
}

// printSetup makes a sheet print sensibly in Excel and LibreOffice:
// landscape, every column (and the chart beside them) scaled to the width
// of one page, as many pages tall as the rows need, the header row repeated
// on each page.
func printSetup(f *excelize.File, sheet string) error {
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, wide, tall := "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!$1:$1", Scope: sheet})
}
