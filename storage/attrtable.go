package storage

import (
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
)

// The attribute table as a file: one row per document, the document's name
// in the first column and one column per attribute, headed by its name. A
// header "NAME:TYPE" ("language:category") gives a new attribute its type;
// otherwise it is inferred from the column (coding.InferType); a category's
// values are those the column holds. An existing attribute keeps its type,
// and every cell must fit it. An empty cell removes the document's value.

// AttributeImport says what ImportAttributes did.
type AttributeImport struct {
	Attributes []ImportedAttribute
	Documents  int // rows read
	Changed    int // values added, changed or removed
}

// ImportedAttribute is one column of an imported table.
type ImportedAttribute struct {
	coding.Attribute
	New bool // the import added it
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// tableRow is one row of a table file, with the line (CSV) or row (xlsx)
// it came from.
type tableRow struct {
	line  int
	cells []string
	// numbers holds, for a workbook's cells that hold a number shown in
	// another form ("1,500" in the format #,##0), the number as stored
	// ("1500"); a number attribute reads it rather than the shown form.
	numbers map[int]string
}

// readTable reads the rows of a .csv file, or of an .xlsx workbook's
// first sheet.
func readTable(path string) (rows []tableRow, where string, err error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		cr := csv.NewReader(f)
		cr.FieldsPerRecord = -1
		for {
			record, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, "", err
			}
			line, _ := cr.FieldPos(0)
			rows = append(rows, tableRow{line: line, cells: record})
		}
		if len(rows) > 0 && len(rows[0].cells) > 0 {
			rows[0].cells[0] = strings.TrimPrefix(rows[0].cells[0], "\ufeff")
		}
		return rows, "line", nil
	case ".xlsx":
		book, err := excelize.OpenFile(path)
		if err != nil {
			return nil, "", err
		}
		defer book.Close()
		sheets := book.GetSheetList()
		if len(sheets) == 0 {
			return nil, "", errors.New("the workbook has no sheet")
		}
		all, err := book.GetRows(sheets[0])
		if err != nil {
			return nil, "", err
		}
		raw, err := book.GetRows(sheets[0], excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, "", err
		}
		for i, r := range all {
			row := tableRow{line: i + 1, cells: r}
			for j, shown := range r {
				if i < len(raw) && j < len(raw[i]) && raw[i][j] != shown {
					if _, err := strconv.ParseFloat(raw[i][j], 64); err == nil {
						if row.numbers == nil {
							row.numbers = map[int]string{}
						}
						row.numbers[j] = raw[i][j]
					}
				}
			}
			rows = append(rows, row)
		}
		return rows, "row", nil
	default:
		return nil, "", fmt.Errorf("cannot read attributes from %q files (use .csv or .xlsx)", ext)
	}
}

// ImportAttributes reads an attribute table from a .csv or .xlsx file and
// sets its values as one action (undoable). A row naming no document of
// the project, or a cell its attribute cannot hold, refuses the whole file
// with its line and column; the project is then unchanged.
func (p *Project) ImportAttributes(path string) (AttributeImport, error) {
	rows, where, err := readTable(path)
	if err != nil {
		return AttributeImport{}, fmt.Errorf("import %s: %w", path, err)
	}
	return p.importTable("Import attributes from "+filepath.Base(path), path, rows, where)
}

// ImportAttributeTable is ImportAttributes for a table in memory (the
// first row the header), as one action named label; errors name the row.
func (p *Project) ImportAttributeTable(label string, table [][]string) (AttributeImport, error) {
	rows := make([]tableRow, len(table))
	for i, r := range table {
		rows[i] = tableRow{line: i + 1, cells: r}
	}
	return p.importTable(label, label, rows, "row")
}

// importTable imports rows read from path; where is "line" or "row".
func (p *Project) importTable(label, path string, rows []tableRow, where string) (AttributeImport, error) {
	var report AttributeImport
	fail := func(format string, args ...any) error {
		return fmt.Errorf("import %s: "+format, append([]any{path}, args...)...)
	}
	if len(rows) == 0 {
		return report, fail("the file is empty; expected a header: document, then one column per attribute")
	}
	header := rows[0].cells
	body := rows[1:]
	err := p.do(label, func(a *action) error {
		table, err := attributeTable(a.tx)
		if err != nil {
			return err
		}
		docs, err := loadDocuments(a.tx)
		if err != nil {
			return err
		}
		byName := map[string]string{}
		for _, d := range docs {
			byName[d.Name] = d.ID
		}
		// The documents, checked first so that a misspelt name is reported
		// before any value of its row.
		docIDs := make([]string, len(body))
		for i, r := range body {
			name := ""
			if len(r.cells) > 0 {
				name = strings.TrimSpace(r.cells[0])
			}
			if name == "" {
				if strings.TrimSpace(strings.Join(r.cells, "")) == "" {
					continue // a blank row
				}
				return fail("%s %d: no document name in the first column", where, r.line)
			}
			id, ok := byName[name]
			if !ok {
				return fail("%s %d: no document named %q in the project", where, r.line, name)
			}
			docIDs[i] = id
			report.Documents++
		}
		cell := func(r tableRow, j int) string {
			if j < len(r.cells) {
				return strings.TrimSpace(r.cells[j])
			}
			return ""
		}
		seen := map[string]bool{}
		for j := 1; j < len(header); j++ {
			name, typeName, hinted := strings.Cut(strings.TrimSpace(header[j]), ":")
			name = strings.TrimSpace(name)
			if name == "" {
				if columnEmpty(body, j) {
					continue
				}
				return fail("%s %d, column %d: the column has values but no attribute name", where, rows[0].line, j+1)
			}
			if seen[strings.ToLower(name)] {
				return fail("%s %d: the attribute %q heads two columns", where, rows[0].line, name)
			}
			seen[strings.ToLower(name)] = true
			attr, exists := table.Attribute(name)
			var typ coding.AttributeType
			if hinted {
				if typ, err = coding.ParseAttributeType(typeName); err != nil {
					return fail("%s %d, column %s: %w", where, rows[0].line, name, err)
				}
				if exists && typ != attr.Type {
					return fail("%s %d, column %s: the attribute is of type %s in the project, not %s", where, rows[0].line, name, attr.Type, typ)
				}
			}
			if !exists {
				var column []string
				for _, r := range body {
					column = append(column, cell(r, j))
				}
				if !hinted {
					typ = coding.InferType(column)
				}
				attr = coding.Attribute{Name: name, Type: typ}
				if typ == coding.TypeCategory {
					attr.Choices = distinct(column)
				}
				if attr, err = a.addAttribute(attr); err != nil {
					return fail("%s %d, column %s: %w", where, rows[0].line, name, err)
				}
			}
			report.Attributes = append(report.Attributes, ImportedAttribute{attr, !exists})
			for i, r := range body {
				if docIDs[i] == "" {
					continue
				}
				given := cell(r, j)
				if n, ok := r.numbers[j]; ok && attr.Type == coding.TypeNumber {
					given = n
				}
				v, err := attr.Parse(given)
				if err != nil {
					return fail("%s %d, column %s: %w", where, r.line, name, err)
				}
				before := table.Value(docIDs[i], attr.ID)
				if before == v {
					continue
				}
				nv := coding.AttributeValue{DocumentID: docIDs[i], AttributeID: attr.ID, Value: v}
				old := coding.AttributeValue{DocumentID: docIDs[i], AttributeID: attr.ID, Value: before}
				switch {
				case v == "":
					err = a.remove(entityValue, nv.Key(), old)
				case before == "":
					err = a.put(entityValue, nv.Key(), nil, nv)
				default:
					err = a.put(entityValue, nv.Key(), old, nv)
				}
				if err != nil {
					return err
				}
				table.Set(nv)
				report.Changed++
			}
		}
		return nil
	})
	return report, err
}

func columnEmpty(rows []tableRow, j int) bool {
	for _, r := range rows {
		if j < len(r.cells) && strings.TrimSpace(r.cells[j]) != "" {
			return false
		}
	}
	return true
}

// distinct is the non-empty values of column, each once (ignoring case),
// in the order they first appear.
func distinct(column []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range column {
		if k := strings.ToLower(v); v != "" && !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// AttributeRows is the attribute table of the given documents (every
// document when docs is nil) as rows of text: a header ("document", then
// the attributes' names), then one row per document.
func (p *Project) AttributeRows(docs []coding.Document) ([][]string, error) {
	table, err := p.AttributeTable()
	if err != nil {
		return nil, err
	}
	if docs == nil {
		if docs, err = p.Documents(); err != nil {
			return nil, err
		}
	}
	header := []string{"document"}
	for _, a := range table.Attributes {
		header = append(header, a.Name)
	}
	out := [][]string{header}
	for _, d := range docs {
		row := []string{d.Name}
		for _, a := range table.Attributes {
			row = append(row, table.Value(d.ID, a.ID))
		}
		out = append(out, row)
	}
	return out, nil
}

// ExportAttributes writes the attribute table of docs (nil: every
// document) to a .csv or .xlsx file, whole or not at all. Reading it back
// with ImportAttributes changes nothing.
func (p *Project) ExportAttributes(path string, docs []coding.Document) error {
	rows, err := p.AttributeRows(docs)
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		return writeFileAtomically(path, func(f *os.File) error {
			w := csv.NewWriter(f)
			w.WriteAll(rows)
			return w.Error()
		})
	case ".xlsx":
		return writeFileAtomically(path, func(f *os.File) error {
			book := excelize.NewFile()
			defer book.Close()
			sheet := "Attributes"
			if err := book.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
			for i, r := range rows {
				cells := make([]any, len(r))
				for j, v := range r {
					cells[j] = v // as text, so dates and numbers read back exactly
				}
				addr, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := book.SetSheetRow(sheet, addr, &cells); err != nil {
					return err
				}
			}
			return book.Write(f)
		})
	default:
		return fmt.Errorf("export %s: cannot write attributes to %q files (use .csv or .xlsx)", path, ext)
	}
}
