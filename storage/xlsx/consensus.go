package xlsx

import (
	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// ConsensusSheet is the sheet of each coder's agreement with the consensus,
// written after Code x Document when the Study has a Consensus.
const ConsensusSheet = "Consensus"

// Consensus is each compared coder's agreement with the consensus coder
// (see coding.ConsensusName).
type Consensus struct {
	// Coder is the consensus coder.
	Coder coding.Coder
	// Reports holds, for each of Study.Coders in order, agreement.Compare's
	// outcome for that coder and the consensus (in that order) on the
	// considered documents and the same codes.
	Reports []agreement.Report
}

// consensus writes the Consensus sheet: per code, pooled over the
// documents and then per document where the coder or the consensus applied
// it, each coder's agreement with the consensus; Overall per coder below.
func (b *book) consensus() error {
	cs := b.study.Consensus
	if cs == nil {
		return nil
	}
	name := cs.Coder.Name
	cols := []column{{"Code", textKind}, {"Document", textKind}, {"Coder", textKind}, {"Length", intKind},
		{"Coded by coder", intKind}, {"Coded by " + name, intKind}, {"Both", intKind}, {"Neither", intKind},
		{agreement.PercentAgreementName, shareKind}, {agreement.KappaName(2), coefKind}, {agreement.AlphaName, coefKind}}
	row := func(r agreement.Row, coder int, doc string) []any {
		return []any{b.codePath(r.Code), doc, b.study.Coders[coder].Name, r.Length,
			r.Coded[b.study.Coders[coder].ID], r.Coded[cs.Coder.ID], r.All, r.None,
			r.PercentAgreement, r.Kappa, r.Alpha}
	}
	n := min(len(cs.Reports), len(b.study.Coders))
	type key struct{ code, doc string }
	byDoc := make([]map[key]agreement.Row, n)
	for i := range n {
		byDoc[i] = make(map[key]agreement.Row, len(cs.Reports[i].Rows))
		for _, r := range cs.Reports[i].Rows {
			byDoc[i][key{r.Code, r.Document}] = r
		}
	}
	t := table{
		name:    ConsensusSheet,
		columns: cols,
		rows: func(yield func([]any) bool) {
			if n == 0 {
				return
			}
			for ci := range cs.Reports[0].Codes {
				for i := range n {
					if ci >= len(cs.Reports[i].Codes) || !yield(row(cs.Reports[i].Codes[ci], i, allDocuments)) {
						return
					}
				}
				code := cs.Reports[0].Codes[ci].Code
				for _, d := range b.study.Documents {
					for i := range n {
						if r, ok := byDoc[i][key{code, d.ID}]; ok {
							if !yield(row(r, i, d.Name)) {
								return
							}
						}
					}
				}
			}
		},
	}
	for i := range n {
		t.footer = append(t.footer, row(cs.Reports[i].Overall, i, allDocuments))
		t.footer[i][0] = "Overall"
	}
	return b.writeSheet(t)
}

// allDocuments is the Document of a row pooled over the documents.
const allDocuments = "(all documents)"
