package storage

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
)

// CSV columns of a codings file. Import needs the first five; export adds
// the coded text and the memo.
var (
	csvRequired = []string{"coder", "document", "code", "start", "end"}
	csvExport   = append(append([]string{}, csvRequired...), "text", "memo")
)

// ImportReport says what an import of codings did.
type ImportReport struct {
	Read, Added, AlreadyThere int
	NewCoders, NewCodes       []string
}

// ImportCodingsCSVFile imports a codings CSV file (see ImportCodingsCSV).
func (p *Project) ImportCodingsCSVFile(path string) (ImportReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return ImportReport{}, err
	}
	defer f.Close()
	return p.ImportCodingsCSV(f, filepath.Base(path))
}

// csvRow is one parsed line of a codings CSV.
type csvRow struct {
	line              int
	coder, code, memo string
	document          coding.Document
	span              coding.Span
}

// ImportCodingsCSV reads codings from a CSV with header
// coder,document,code,start,end (in any order; a memo column is kept, other
// columns ignored) and adds them as one action. Documents must exist (by
// name); codes (by path) and coders (by name) are created when new.
// Positions are rune offsets. Any bad row refuses the whole file, with an
// error naming source and line, and changes nothing.
func (p *Project) ImportCodingsCSV(r io.Reader, source string) (ImportReport, error) {
	var report ImportReport
	rows, err := p.parseCodingsCSV(r, source)
	if err != nil {
		return report, err
	}
	report.Read = len(rows)
	err = p.do("Import codings from "+source, func(a *action) error {
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		coders := map[string]string{}
		codes := map[string]string{}
		batch := make([]coding.Coding, 0, len(rows))
		for _, row := range rows {
			coderKey := strings.ToLower(row.coder)
			if _, ok := coders[coderKey]; !ok {
				before := len(a.changes)
				c, err := a.ensureCoder(row.coder)
				if err != nil {
					return fmt.Errorf("%s: line %d: %w", source, row.line, err)
				}
				if len(a.changes) > before {
					report.NewCoders = append(report.NewCoders, c.Name)
				}
				coders[coderKey] = c.ID
			}
			codeKey := strings.ToLower(row.code)
			if _, ok := codes[codeKey]; !ok {
				c, found := cb.ByPath(row.code)
				if !found {
					if c, cb, err = a.ensureCodePath(cb, row.code); err != nil {
						return fmt.Errorf("%s: line %d: %w", source, row.line, err)
					}
					report.NewCodes = append(report.NewCodes, cb.Path(c.ID))
				}
				codes[codeKey] = c.ID
			}
			batch = append(batch, coding.Coding{DocumentID: row.document.ID, CodeID: codes[codeKey], CoderID: coders[coderKey], Span: row.span, Memo: row.memo})
		}
		added, err := a.insertCodings(batch)
		report.Added = len(added)
		report.AlreadyThere = len(batch) - len(added)
		return err
	})
	if err != nil {
		return ImportReport{}, err
	}
	return report, nil
}

func (p *Project) parseCodingsCSV(r io.Reader, source string) ([]csvRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty; expected a header %s", source, strings.Join(csvRequired, ","))
		}
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, name := range csvRequired {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("%s: line 1: the header has no %q column (expected %s)", source, name, strings.Join(csvRequired, ","))
		}
	}
	docs := map[string]coding.Document{}
	texts := map[string]*coding.Text{} // loaded only when a text column needs checking
	var rows []csvRow
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if i, ok := col[name]; ok && i < len(record) {
				return strings.TrimSpace(record[i])
			}
			return ""
		}
		if len(record) == 1 && field("coder") == "" {
			continue // blank line
		}
		row := csvRow{line: line, coder: field("coder"), code: field("code"), memo: field("memo")}
		for _, value := range []string{row.coder, row.code, field("document"), row.memo} {
			if !utf8.ValidString(value) {
				return nil, fmt.Errorf("%s: line %d: not valid UTF-8", source, line)
			}
		}
		if err := coding.ValidateName("coder", row.coder); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", source, line, err)
		}
		if _, err := coding.SplitPath(row.code); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", source, line, err)
		}
		name := field("document")
		doc, ok := docs[name]
		if !ok {
			if doc, err = documentNamed(p.db, name); err != nil { // the text only when a text column needs checking
				return nil, fmt.Errorf("%s: line %d: %w", source, line, err)
			}
			docs[name] = doc
		}
		if row.span.Start, err = strconv.Atoi(field("start")); err != nil {
			return nil, fmt.Errorf("%s: line %d: start %q is not a whole number", source, line, field("start"))
		}
		if row.span.End, err = strconv.Atoi(field("end")); err != nil {
			return nil, fmt.Errorf("%s: line %d: end %q is not a whole number", source, line, field("end"))
		}
		if err := row.span.Validate(doc.Length); err != nil {
			return nil, fmt.Errorf("%s: line %d: %s: %w", source, line, name, err)
		}
		if _, hasText := col["text"]; hasText && field("text") != "" {
			text, ok := texts[doc.ID]
			if !ok {
				full, err := p.withText(doc)
				if err != nil {
					return nil, fmt.Errorf("%s: line %d: %w", source, line, err)
				}
				text = coding.NewText(full.Text)
				texts[doc.ID] = text
			}
			if err := checkCodedText(text, row.span, record[col["text"]]); err != nil {
				return nil, fmt.Errorf("%s: line %d: %s: %w", source, line, name, err)
			}
		}
		row.document = doc
		rows = append(rows, row)
	}
	return rows, nil
}

// checkCodedText makes sure that a CSV row's text column, when given, is
// the document's text at the row's span, so that positions taken from
// another version of a document are refused rather than misplaced.
// Surrounding whitespace and line-ending differences are forgiven.
func checkCodedText(doc *coding.Text, span coding.Span, text string) error {
	want := strings.TrimSpace(doc.Slice(span))
	if got := strings.TrimSpace(coding.NormalizeText(text)); got != want {
		return fmt.Errorf("the text column %q is not the document's text at [%d,%d), %q: are the positions from another version of the document?",
			excerpt(got), span.Start, span.End, excerpt(want))
	}
	return nil
}

func excerpt(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

// ExportCodingsCSV writes the codings that pass the filter as CSV with
// header coder,document,code,start,end,text,memo.
func (p *Project) ExportCodingsCSV(w io.Writer, f Filter) error {
	codings, err := p.Codings(f)
	if err != nil {
		return err
	}
	names, err := p.names()
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvExport); err != nil {
		return err
	}
	texts := map[string]*coding.Text{}
	for _, c := range codings {
		text, ok := texts[c.DocumentID]
		if !ok {
			d, err := p.Document(c.DocumentID)
			if err != nil {
				return err
			}
			text = coding.NewText(d.Text)
			texts[c.DocumentID] = text
		}
		record := []string{names.coder[c.CoderID], names.document[c.DocumentID], names.code[c.CodeID],
			strconv.Itoa(c.Start), strconv.Itoa(c.End), text.Slice(c.Span), c.Memo}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// names maps the project's IDs to the names users see (a code's path).
type names struct {
	code     map[string]string
	coder    map[string]string
	document map[string]string
}

func (p *Project) names() (names, error) {
	n := names{code: map[string]string{}, coder: map[string]string{}, document: map[string]string{}}
	cb, err := p.Codebook()
	if err != nil {
		return n, err
	}
	for _, c := range cb.Codes() {
		n.code[c.ID] = cb.Path(c.ID)
	}
	coders, err := p.Coders()
	if err != nil {
		return n, err
	}
	for _, c := range coders {
		n.coder[c.ID] = c.Name
	}
	docs, err := p.Documents()
	if err != nil {
		return n, err
	}
	for _, d := range docs {
		n.document[d.ID] = d.Name
	}
	return n, nil
}

// WriteTableCSV writes an analysis table as CSV (UTF-8, a header line,
// the body and then the footer rows); decimals with up to six places.
func WriteTableCSV(w io.Writer, t analysis.Table) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, len(t.Columns))
	for _, rows := range [][][]any{t.Rows, t.Footer} {
		for _, r := range rows {
			for i := range record {
				record[i] = ""
				if i < len(r) {
					record[i] = analysis.FormatValue(r[i])
				}
			}
			if err := cw.Write(record); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
