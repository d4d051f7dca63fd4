package storage

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
)

// examplePassageLimit is the most characters of a passage the codebook
// report shows; a longer one ends in "…".
const examplePassageLimit = 500

// CodebookExamples picks up to n passages per code from the analysis'
// codings: the first in the analysis' document order, then by position
// (then end, then coder), with their text read from the documents.
func (p *Project) CodebookExamples(a Analysis, n int) (map[string][]analysis.CodebookExample, error) {
	out := map[string][]analysis.CodebookExample{}
	if n <= 0 {
		return out, nil
	}
	order := map[string]int{}
	for i, d := range a.Documents {
		order[d.ID] = i
	}
	codings := slices.Clone(a.Codings)
	slices.SortStableFunc(codings, func(x, y coding.Coding) int {
		return cmp.Or(cmp.Compare(order[x.DocumentID], order[y.DocumentID]), cmp.Compare(x.Start, y.Start),
			cmp.Compare(x.End, y.End), cmp.Compare(x.CoderID, y.CoderID))
	})
	texts := map[string]string{}
	for _, c := range codings {
		if _, ok := order[c.DocumentID]; !ok || len(out[c.CodeID]) >= n {
			continue
		}
		text, ok := texts[c.DocumentID]
		if !ok {
			d, err := p.Document(c.DocumentID)
			if err != nil {
				return nil, err
			}
			text, texts[c.DocumentID] = d.Text, d.Text
		}
		passage := []rune(coding.Slice(text, c.Span))
		if len(passage) > examplePassageLimit {
			passage = append(passage[:examplePassageLimit-1], '…')
		}
		out[c.CodeID] = append(out[c.CodeID], analysis.CodebookExample{Document: c.DocumentID, Coder: c.CoderID, Span: c.Span, Text: string(passage)})
	}
	return out, nil
}

// ExportCodebookReport writes the codebook report of the analysis, with up to
// examples passages per code, to path, by its extension: one
// self-contained HTML page (.html, .htm) or a Word document (.docx); whole
// or not at all.
func (p *Project) ExportCodebookReport(path, title string, a Analysis, examples int) error {
	write := analysis.WriteCodebookHTML
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".html", ".htm":
	case ".docx":
		write = analysis.WriteCodebookDocx
	default:
		return fmt.Errorf("%s: the codebook report is written to .html or .docx, not %q", path, ext)
	}
	ex, err := p.CodebookExamples(a, examples)
	if err != nil {
		return err
	}
	page := analysis.CodebookPage{Title: title, Codebook: a.Codebook, Freq: a.Frequencies(), Names: a.Names(), Examples: ex,
		Documents: len(a.Documents), Generated: a.Generated}
	return writeFileAtomically(path, func(f *os.File) error { return write(f, page) })
}
