package storage

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
)

// Summary gathers the project summary report (analysis.ProjectSummary)
// of the whole project: its documents, every coder's codings, the codes
// and the most used of them (analysis.MostUsedCodes at most, by codings),
// and, for each pair of coders other than the consensus coder who both
// coded at least one same document, their pooled agreement as Compare
// computes it; the coders in no such pair are listed as Unpaired.
func (p *Project) Summary(title string) (analysis.ProjectSummary, error) {
	a, err := p.Analyse(Filter{}, analysis.Proximity{})
	if err != nil {
		return analysis.ProjectSummary{}, err
	}
	s := analysis.ProjectSummary{Title: title, Generated: a.Generated, Codings: len(a.Codings)}
	s.Documents.Count = len(a.Documents)
	for _, d := range a.Documents {
		s.Documents.Characters += d.Length
	}
	f := a.Frequencies()
	names := a.Names()
	s.Coders = []analysis.SummaryCoder{}
	for i, c := range f.Coders {
		s.Coders = append(s.Coders, analysis.SummaryCoder{Name: names.Coder(c), Count: f.Total.ByCoder[i]})
	}
	s.Codes.Count = len(f.Rows)
	used := slices.DeleteFunc(slices.Clone(f.Rows), func(r analysis.FrequencyRow) bool { return r.Codings == 0 })
	s.Codes.Used = len(used)
	slices.SortStableFunc(used, func(x, y analysis.FrequencyRow) int { return cmp.Compare(y.Codings, x.Codings) })
	s.Codes.MostUsed = []analysis.SummaryCode{}
	for _, r := range used[:min(len(used), analysis.MostUsedCodes)] {
		s.Codes.MostUsed = append(s.Codes.MostUsed, analysis.SummaryCode{Code: names.Code(r.Code), Count: r.Count})
	}
	s.Agreement = []analysis.PairAgreement{}
	s.Unpaired = []string{}
	coded := map[string]map[string]bool{} // coder ID → the documents they coded
	for _, c := range a.Codings {
		if coded[c.CoderID] == nil {
			coded[c.CoderID] = map[string]bool{}
		}
		coded[c.CoderID][c.DocumentID] = true
	}
	var coders []coding.Coder
	for _, c := range a.Coders {
		if c.Name != coding.ConsensusName {
			coders = append(coders, c)
		}
	}
	paired := map[string]bool{}
	for i, x := range coders {
		for _, y := range coders[i+1:] {
			// A pair is compared only where both coded: with a coder who
			// coded none of the other's documents, κ says nothing.
			if !shareADocument(coded[x.ID], coded[y.ID]) {
				continue
			}
			paired[x.ID], paired[y.ID] = true, true
			c, err := p.Compare(ComparisonOptions{Coders: []string{x.Name, y.Name}})
			if err != nil {
				return s, fmt.Errorf("summary: agreement of %s and %s: %w", x, y, err)
			}
			o := c.Report.Overall
			s.Agreement = append(s.Agreement, analysis.PairAgreement{A: x.Name, B: y.Name, Documents: len(c.Documents),
				PercentAgreement: o.PercentAgreement, Kappa: o.Kappa, Alpha: o.Alpha})
		}
	}
	if len(coders) > 1 {
		for _, c := range coders {
			if !paired[c.ID] {
				s.Unpaired = append(s.Unpaired, c.Name)
			}
		}
	}
	return s, nil
}

// shareADocument reports whether two coders' sets of coded documents meet.
func shareADocument(x, y map[string]bool) bool {
	for d := range x {
		if y[d] {
			return true
		}
	}
	return false
}

// ExportSummary writes the project summary report to path, by its
// extension: a self-contained .html page or .json; whole or not at all.
func ExportSummary(path string, s analysis.ProjectSummary) error {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".html", ".htm":
		return writeFileAtomically(path, func(f *os.File) error { return analysis.WriteSummaryHTML(f, s) })
	case ".json":
		return writeFileAtomically(path, func(f *os.File) error {
			enc := json.NewEncoder(f)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(s)
		})
	default:
		return fmt.Errorf("%s: the summary report is written to .html or .json, not %q", path, ext)
	}
}
