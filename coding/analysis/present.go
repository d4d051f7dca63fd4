package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Names turns IDs into what people read: code paths, document and coder
// names. A nil function leaves the ID.
type Names struct {
	Code, Document, Coder func(id string) string
}

func name(f func(string) string, id string) string {
	if f == nil {
		return id
	}
	return f(id)
}

// ColumnKind is what a table column holds.
type ColumnKind int

// The kinds of column: text (string), a whole number (int) or a decimal
// (float64).
const (
	TextColumn ColumnKind = iota
	IntColumn
	DecimalColumn
)

// Column is a table's column: its heading and kind.
type Column struct {
	Header string
	Kind   ColumnKind
}

// Table is an analysis as a table for people: the text output of the
// command line, the CSV file and a sheet of the workbook present it alike.
// Each row has a value per column (string, int or float64, or nil for an
// empty cell).
type Table struct {
	// Name names the table (a workbook's sheet).
	Name    string
	Columns []Column
	Rows    [][]any
	// Footer rows follow the body (a total), outside sorting and filters.
	Footer [][]any
	// Chart, when not negative, is the column a bar chart shows per row.
	Chart int
	// Notes define the figures, a sentence each.
	Notes []string
}

// The names of the tables.
const (
	FrequenciesTable  = "Frequencies"
	MatrixTable       = "Code matrix"
	CooccurrenceTable = "Co-occurrence"
	CooccurrenceGrid  = "Co-occurrence grid"
	CrosstabTable     = "Crosstab"
)

// Explanations of the figures in plain words, shared by the tables, the
// window's tooltips and the README.
const (
	ExplainCodings    = "Codings: how many passages were coded with the code."
	ExplainDocuments  = "Documents: in how many documents the code was applied at least once."
	ExplainCharacters = "Characters: how much text the code covers; text coded twice with the same code counts once."
	ExplainMatrix     = "Each cell: how many passages of the document were coded with the code."
	ExplainPairs      = "Pairs: how many times a passage coded with one code goes with a passage coded with the other, by the same coder in the same document."
	ExplainCoDocs     = "Documents: in how many documents the two codes go together at least once."
	ExplainCoChars    = "Characters: how much text one coder coded with both codes."
	ExplainC          = "c (c-coefficient): of all the passages coded with either code, the share that goes with the other code, from 0 (never together) to 1 (always together, one to one); c = pairs / (codings of A + codings of B − pairs)."
	ExplainRowPercent = "Row %: the share of the code's codings (or of the documents where it was applied) that fall in the column's documents."
	ExplainColPercent = "Column %: the share of the codings of any code in the column's documents that have this code (for documents: the share of the column's documents where the code was applied)."
	ExplainCapped     = "Capped: there were more pairs than codings of one of the codes (one long passage overlapping several), so c counted at most that many pairs."
)

// AnyCode labels the row of totals over every code, in the window's tables
// and the exported ones alike.
const AnyCode = "(any code)"

// AllDocuments heads the column of a code's figures over every document
// analysed.
const AllDocuments = "All documents"

// Table presents the frequencies: a row per code with its figures overall
// and per coder, and the total.
func (f Frequencies) Table(n Names) Table {
	t := Table{Name: FrequenciesTable, Chart: 1, Columns: []Column{{"Code", TextColumn}, {"Codings", IntColumn}, {"Documents", IntColumn}, {"Characters", IntColumn}},
		Notes: []string{ExplainCodings, ExplainDocuments, ExplainCharacters}}
	if len(f.Coders) > 1 {
		for _, c := range f.Coders {
			coder := name(n.Coder, c)
			t.Columns = append(t.Columns, Column{"Codings: " + coder, IntColumn}, Column{"Documents: " + coder, IntColumn}, Column{"Characters: " + coder, IntColumn})
		}
	}
	row := func(label string, r FrequencyRow) []any {
		out := []any{label, r.Codings, r.Documents, r.Characters}
		if len(f.Coders) > 1 {
			for _, c := range r.ByCoder {
				out = append(out, c.Codings, c.Documents, c.Characters)
			}
		}
		return out
	}
	for _, r := range f.Rows {
		t.Rows = append(t.Rows, row(name(n.Code, r.Code), r))
	}
	t.Footer = [][]any{row(AnyCode, f.Total)}
	return t
}

// Table presents the matrix: a row per code, a column per document with
// its number of codings, and a column with the row's sum.
func (m Matrix) Table(n Names) Table {
	t := Table{Name: MatrixTable, Chart: -1, Columns: []Column{{"Code", TextColumn}}, Notes: []string{ExplainMatrix}}
	for _, d := range m.Documents {
		t.Columns = append(t.Columns, Column{name(n.Document, d), IntColumn})
	}
	t.Columns = append(t.Columns, Column{AllDocuments, IntColumn})
	sums := make([]int, len(m.Documents)+1)
	for i, code := range m.Codes {
		row := []any{name(n.Code, code)}
		total := 0
		for j, c := range m.Cells[i] {
			row = append(row, c.Codings)
			total += c.Codings
			sums[j] += c.Codings
		}
		sums[len(m.Documents)] += total
		t.Rows = append(t.Rows, append(row, total))
	}
	footer := []any{AnyCode}
	for _, s := range sums {
		footer = append(footer, s)
	}
	t.Footer = [][]any{footer}
	return t
}

// Table presents the co-occurrence as a list: a row per pair of codes that
// go together, as the cells are ordered.
func (r Cooccurrence) Table(n Names) Table {
	t := Table{Name: CooccurrenceTable, Chart: -1, Columns: []Column{
		{"Code A", TextColumn}, {"Code B", TextColumn}, {"Pairs", IntColumn}, {"Documents", IntColumn}, {"Characters", IntColumn},
		{"c", DecimalColumn}, {"Capped", TextColumn}, {"Codings of A", IntColumn}, {"Codings of B", IntColumn}},
		Notes: []string{"Codings go together when " + r.Proximity.describe() + ".", ExplainPairs, ExplainCoDocs, ExplainCoChars, ExplainC, ExplainCapped}}
	at := map[string]int{}
	for i, c := range r.Codes {
		at[c] = i
	}
	for _, c := range r.Cells {
		capped := ""
		if c.Capped {
			capped = "yes"
		}
		t.Rows = append(t.Rows, []any{name(n.Code, c.A), name(n.Code, c.B), c.Pairs, c.Documents, c.Characters, c.C, capped,
			r.Codings[at[c.A]], r.Codings[at[c.B]]})
	}
	return t
}

// Grid presents the co-occurrence as codes × codes: the pairs of each two
// codes, and on the diagonal a code's own codings.
func (r Cooccurrence) Grid(n Names) Table {
	t := Table{Name: CooccurrenceGrid, Chart: -1, Columns: []Column{{"Code", TextColumn}},
		Notes: []string{"Each cell: the pairs of codings of the two codes that go together (" + r.Proximity.describe() + "); on the diagonal, the code's own codings."}}
	for _, c := range r.Codes {
		t.Columns = append(t.Columns, Column{name(n.Code, c), IntColumn})
	}
	for i, c := range r.Codes {
		row := []any{name(n.Code, c)}
		for j := range r.Codes {
			if i == j {
				row = append(row, r.Codings[i])
			} else {
				row = append(row, r.Cell(i, j).Pairs)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Table presents the crosstab: a row per code; per group its codings with
// their row and column percentages, then its documents with theirs; then
// the code's codings and documents in all the selected documents. The
// footer gives each group's codings of any code and its documents. by
// names what the groups are ("affiliation", "sets").
func (x Crosstab) Table(n Names, by string) Table {
	t := Table{Name: CrosstabTable, Chart: -1, Columns: []Column{{"Code", TextColumn}},
		Notes: []string{crosstabColumns(by),
			"Codings: how many passages of the column's documents were coded with the code. Documents: in how many of the column's documents the code was applied.",
			ExplainRowPercent, ExplainColPercent}}
	for _, g := range x.Groups {
		t.Columns = append(t.Columns, Column{g.Name + ": codings", IntColumn}, Column{g.Name + ": row %", DecimalColumn}, Column{g.Name + ": column %", DecimalColumn},
			Column{g.Name + ": documents", IntColumn}, Column{g.Name + ": documents row %", DecimalColumn}, Column{g.Name + ": documents column %", DecimalColumn})
	}
	t.Columns = append(t.Columns, Column{"All: codings", IntColumn}, Column{"All: documents", IntColumn})
	for i, code := range x.Codes {
		row := []any{name(n.Code, code)}
		for _, c := range x.Cells[i] {
			row = append(row, c.Codings, c.RowPercent, c.ColumnPercent, c.Documents, c.DocumentsRowPercent, c.DocumentsColumnPercent)
		}
		t.Rows = append(t.Rows, append(row, x.Rows[i].Codings, x.Rows[i].Documents))
	}
	footer := []any{AnyCode}
	all := 0
	for _, c := range x.Columns {
		footer = append(footer, c.Codings, nil, nil, c.Documents, nil, nil)
	}
	for _, r := range x.Rows {
		all += r.Codings
	}
	t.Footer = [][]any{append(footer, all, nil)}
	return t
}

// crosstabColumns says what a crosstab's columns are.
func crosstabColumns(by string) string {
	if by == "sets" {
		return "Columns: the documents of each set; a document may be in several sets or in none, so a row's percentages need not add up to 100."
	}
	return "Columns: the documents by their " + by + "; those without one are under " + NoValue + "."
}

// Compact presents the crosstab for reading on a screen: a column per
// group and one for all documents, each cell "codings (row % · column %)",
// or with documents true "documents (row % · column %)".
func (x Crosstab) Compact(n Names, by string, documents bool) Table {
	what := "Codings"
	if documents {
		what = "Documents"
	}
	t := Table{Name: CrosstabTable, Chart: -1, Columns: []Column{{"Code", TextColumn}},
		Notes: []string{crosstabColumns(by), "Each cell: " + strings.ToLower(what) + " (row % · column %).", ExplainRowPercent, ExplainColPercent}}
	if documents {
		t.Notes = t.Notes[1:2] // the codings' table has said the rest
	}
	for _, g := range x.Groups {
		t.Columns = append(t.Columns, Column{g.Name, TextColumn})
	}
	t.Columns = append(t.Columns, Column{"All", IntColumn})
	pc := FormatWholePercent
	for i, code := range x.Codes {
		row := []any{name(n.Code, code)}
		for _, c := range x.Cells[i] {
			if documents {
				row = append(row, fmt.Sprintf("%d (%s · %s)", c.Documents, pc(c.DocumentsRowPercent), pc(c.DocumentsColumnPercent)))
			} else {
				row = append(row, fmt.Sprintf("%d (%s · %s)", c.Codings, pc(c.RowPercent), pc(c.ColumnPercent)))
			}
		}
		if documents {
			row = append(row, x.Rows[i].Documents)
		} else {
			row = append(row, x.Rows[i].Codings)
		}
		t.Rows = append(t.Rows, row)
	}
	footer := []any{AnyCode}
	var all any
	if documents {
		footer[0] = "(documents)"
	} else {
		n := 0
		for _, r := range x.Rows {
			n += r.Codings
		}
		all = n
	}
	for _, c := range x.Columns {
		if documents {
			footer = append(footer, strconv.Itoa(c.Documents))
		} else {
			footer = append(footer, strconv.Itoa(c.Codings))
		}
	}
	t.Footer = [][]any{append(footer, all)}
	return t
}

// FormatWholePercent writes a percentage rounded to a whole number, half
// away from zero as a reader rounds (62.5 → "63%", 37.5 → "38%"; Go's
// own formatting rounds an exact half to even, 62.5 → "62").
func FormatWholePercent(f float64) string {
	return strconv.FormatFloat(math.Round(f), 'f', 0, 64) + "%"
}

// describe says when two codings go together, for a sentence.
func (p Proximity) describe() string {
	switch p.Kind {
	case Within:
		return "they overlap or lie at most " + strconv.Itoa(p.N) + " characters apart"
	case Paragraph:
		return "they touch the same paragraph (paragraphs are separated by blank lines)"
	}
	return "they share at least one character"
}

// FormatValue writes a table value as text: a whole number as is, a
// decimal rounded to six places without trailing zeros, nil as "".
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
