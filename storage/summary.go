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
// and, for each pair of coders other than the consensus coder, their
// pooled agreement as Compare computes it.
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
	var coders []string
	for _, c := range a.Coders {
		if c.Name != coding.ConsensusName {
			coders = append(coders, c.Name)
		}
	}
	for i, x := range coders {
		for _, y := range coders[i+1:] {
			c, err := p.Compare(ComparisonOptions{Coders: []string{x, y}})
			if err != nil {
				return s, fmt.Errorf("summary: agreement of %s and %s: %w", x, y, err)
			}
			o := c.Report.Overall
			s.Agreement = append(s.Agreement, analysis.PairAgreement{A: x, B: y, Documents: len(c.Documents),
				PercentAgreement: o.PercentAgreement, Kappa: o.Kappa, Alpha: o.Alpha})
		}
	}
	return s, nil
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
