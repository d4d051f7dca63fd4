package analysis

import "desktop/marginalia/coding"

// CodebookReportTable is the name of the codebook report's table.
const CodebookReportTable = "Codebook"

// ExplainCodebookReport says what the codebook report holds.
const ExplainCodebookReport = "Codebook: each code by path in codebook order, with its colour, number key (1–9, or none), " +
	"whether it is applied to text (a category only groups codes), its definition, when to use it, when not to, an example, " +
	"and how often it was applied: codings and documents, overall and per coder."

// CodebookReport presents the codebook with each code's description and
// its frequencies (from f, computed over the same codebook): a row per
// code of f, in f's order.
func CodebookReport(cb *coding.Codebook, f Frequencies, n Names) Table {
	t := Table{Name: CodebookReportTable, Chart: -1, Columns: []Column{
		{"Code", TextColumn}, {"Colour", TextColumn}, {"Key", TextColumn}, {"Applied to text", TextColumn},
		{"Definition", TextColumn}, {"When to use", TextColumn}, {"When not to use", TextColumn}, {"Example", TextColumn},
		{"Codings", IntColumn}, {"Documents", IntColumn}, {"Characters", IntColumn},
	}, Notes: []string{ExplainCodebookReport, ExplainCodings, ExplainDocuments, ExplainCharacters}}
	for _, c := range f.Coders {
		coder := name(n.Coder, c)
		t.Columns = append(t.Columns, Column{"Codings: " + coder, IntColumn}, Column{"Documents: " + coder, IntColumn})
	}
	for _, r := range f.Rows {
		code, _ := cb.Code(r.Code)
		key, applied := "", "yes"
		if code.Key > 0 {
			key = string(rune('0' + code.Key))
		}
		if !code.Codable {
			applied = "no (a category)"
		}
		d := code.Description
		row := []any{name(n.Code, r.Code), code.Color, key, applied, d.Definition, d.WhenToUse, d.WhenNotToUse, d.Example,
			r.Codings, r.Documents, r.Characters}
		for _, c := range r.ByCoder {
			row = append(row, c.Codings, c.Documents)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
