package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// How the workbook's large sheets are written.
//
// excelize's stream writer keeps each sheet's XML in a buffer of up to
// 16 MB (then a temporary file) until the whole workbook is written, and
// builds every cell as a value first: the workbook of 100,000 codings took
// 255 MB. So the sheets that are only a table (book.writeSheet) are set up
// through excelize (column widths, frozen header, dimension, autofilter,
// colour rules, styles) with no rows, excelize writes that small workbook
// to memory, and writePackage copies its parts into the real file, filling
// each such sheet's empty <sheetData> with its rows as they are made. The
// rows are the XML the stream writer writes for the same values (inline
// strings, the same styles by index, numbers as excelize formats them), so
// the file reads exactly as before; TestWrittenLaterSameAsStreamed checks
// that part by part.

// writeLater is false in a test that writes the reference workbook with
// excelize's stream writer alone.
var writeLater = true

// emptySheetData is what excelize's stream writer leaves for a sheet
// without rows.
const emptySheetData = "<sheetData></sheetData>"

// writePackage writes to w the workbook excelize wrote to small, with the
// rows of each sheet in later written into its <sheetData>.
func writePackage(w io.Writer, small []byte, later map[string]func(*rowWriter) error) error {
	zr, err := zip.NewReader(bytes.NewReader(small), int64(len(small)))
	if err != nil {
		return fmt.Errorf("read back the workbook's parts: %w", err)
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	done := 0
	for _, f := range zr.File {
		name, ok := parts[f.Name]
		fill := later[name]
		if !ok || fill == nil {
			if err := zw.Copy(f); err != nil {
				return fmt.Errorf("write part %s: %w", f.Name, err)
			}
			continue
		}
		if err := writeSheetPart(zw, f, name, fill); err != nil {
			return err
		}
		done++
	}
	if done != len(later) {
		return fmt.Errorf("workbook: %d of %d sheets found to write", done, len(later))
	}
	return zw.Close()
}

// writeSheetPart copies a worksheet part, writing the sheet's rows into its
// empty <sheetData>.
func writeSheetPart(zw *zip.Writer, f *zip.File, name string, fill func(*rowWriter) error) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	part, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	before, after, ok := bytes.Cut(part, []byte(emptySheetData))
	if !ok {
		return fmt.Errorf("sheet %s: no empty <sheetData> to fill", name)
	}
	out, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
	if err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	rw := &rowWriter{w: bufio.NewWriterSize(out, 64<<10)}
	rw.w.Write(before)
	rw.w.WriteString("<sheetData>")
	if err := fill(rw); err != nil {
		return err
	}
	rw.w.WriteString("</sheetData>")
	rw.w.Write(after)
	if err := rw.w.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	return nil
}

// sheetParts maps each worksheet part's path in the package to the sheet's
// name, from the workbook part and its relationships.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			Rel  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, p := range []struct {
		name string
		v    any
	}{{"xl/workbook.xml", &book}, {"xl/_rels/workbook.xml.rels", &rels}} {
		f, err := zr.Open(p.name)
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		err = xml.NewDecoder(f).Decode(p.v)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("workbook: %s: %w", p.name, err)
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range book.Sheets {
		if t, ok := target[s.Rel]; ok {
			parts[t] = s.Name
		}
	}
	return parts, nil
}

// rowWriter writes a sheet's rows as the XML excelize's stream writer
// (StreamWriter.SetRow) writes for them: excelize.Cell or *excelize.Cell
// values holding a string, an int or a float64, or nil for an empty cell.
type rowWriter struct {
	w       *bufio.Writer
	cols    []string // column names by index, as far as needed
	esc     bytes.Buffer
	numbers []byte
}

// row writes row number n.
func (rw *rowWriter) row(n int, values []any, opts ...excelize.RowOpts) error {
	w := rw.w
	num := strconv.Itoa(n)
	w.WriteString(`<row r="`)
	w.WriteString(num)
	w.WriteByte('"')
	for _, o := range opts {
		if o.StyleID != 0 || o.OutlineLevel != 0 || o.Hidden {
			return fmt.Errorf("row %d: row options other than the height are not written", n)
		}
		if o.Height > excelize.MaxRowHeight {
			return fmt.Errorf("row %d: %w", n, excelize.ErrMaxRowHeight)
		}
		if o.Height > 0 {
			w.WriteString(` ht="`)
			w.WriteString(strconv.FormatFloat(o.Height, 'f', -1, 64))
			w.WriteString(`" customHeight="1"`)
		}
	}
	w.WriteByte('>')
	for i, v := range values {
		style := 0
		switch c := v.(type) {
		case nil:
			continue
		case excelize.Cell:
			style, v = c.StyleID, c.Value
		case *excelize.Cell:
			if c == nil {
				continue
			}
			style, v = c.StyleID, c.Value
		}
		if err := rw.cell(i, num, style, v); err != nil {
			return fmt.Errorf("row %d: %w", n, err)
		}
	}
	w.WriteString(`</row>`)
	return nil
}

// cell writes one cell of column i (0-based) in row num.
func (rw *rowWriter) cell(i int, num string, style int, v any) error {
	for len(rw.cols) <= i {
		name, err := excelize.ColumnNumberToName(len(rw.cols) + 1)
		if err != nil {
			return err
		}
		rw.cols = append(rw.cols, name)
	}
	w := rw.w
	open := func(t string) {
		w.WriteString(`<c r="`)
		w.WriteString(rw.cols[i])
		w.WriteString(num)
		w.WriteByte('"')
		if style > 0 {
			w.WriteString(` s="`)
			w.Write(strconv.AppendInt(rw.numbers[:0], int64(style), 10))
			w.WriteByte('"')
		}
		if t != "" {
			w.WriteString(` t="`)
			w.WriteString(t)
			w.WriteByte('"')
		}
		w.WriteByte('>')
	}
	switch x := v.(type) {
	case nil: // excelize writes an empty cell with its style
		open("")
	case string:
		open("inlineStr")
		rw.inlineString(x)
	case int:
		open("")
		w.WriteString("<v>")
		rw.numbers = strconv.AppendInt(rw.numbers[:0], int64(x), 10)
		w.Write(rw.numbers)
		w.WriteString("</v>")
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			open("inlineStr")
			rw.inlineString(fmt.Sprint(x))
			break
		}
		open("")
		w.WriteString("<v>")
		w.WriteString(formatFloat(x))
		w.WriteString("</v>")
	default:
		return fmt.Errorf("column %s: cannot write a %T", rw.cols[i], v)
	}
	w.WriteString("</c>")
	return nil
}

// inlineString writes <is><t>…</t></is> for s as excelize does: cut to
// Excel's cell limit, XML-escaped except for line feeds, with
// xml:space="preserve" when s begins or ends with white space, and
// "_xHHHH_" sequences escaped as Excel reads them.
func (rw *rowWriter) inlineString(s string) {
	w := rw.w
	s = cellText(s)
	w.WriteString("<is><t")
	if s != "" {
		first, last := s[0], s[len(s)-1]
		if strings.IndexByte("\t\n\r ", first) >= 0 || strings.IndexByte("\t\n\r ", last) >= 0 {
			w.WriteString(` xml:space="preserve"`)
		}
	}
	w.WriteByte('>')
	if s != "" {
		rw.esc.Reset()
		_ = xml.EscapeText(&rw.esc, []byte(s)) // writing to a bytes.Buffer does not fail
		escaped := rw.esc.Bytes()
		if bytes.Contains(escaped, []byte("&#xA;")) {
			escaped = bytes.ReplaceAll(escaped, []byte("&#xA;"), []byte("\n"))
		}
		if bytes.Contains(escaped, []byte("_x")) {
			w.WriteString(bstrMarshal(string(escaped)))
		} else {
			w.Write(escaped)
		}
	}
	w.WriteString("</t></is>")
}

// formatFloat formats a number as excelize does (strconv's shortest form,
// cut to Excel's 15 significant digits).
func formatFloat(value float64) string {
	str := strconv.FormatFloat(value, 'f', -1, 64)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes the "_xHHHH_" sequences of s, which Excel would read
// as the character HHHH, as excelize does.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
