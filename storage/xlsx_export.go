package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage/xlsx"
)

// Study is the comparison as the Excel workbook shows it (see package
// storage/xlsx). It computes the disagreements and the confidence
// intervals (agreement.Bootstrap with its defaults).
func (c Comparison) Study() xlsx.Study {
	iv := c.Intervals(agreement.BootstrapOptions{})
	return xlsx.Study{
		Intervals:     &iv,
		Coders:        c.Coders,
		Documents:     c.Documents,
		Codebook:      c.Codebook,
		Codings:       c.Codings,
		Report:        c.Report,
		Unitizing:     &c.Unitizing,
		Consensus:     c.ConsensusAgreement(),
		Disagreements: c.Disagreements(),
		Generated:     c.Generated,
	}
}

// ConsensusAgreement compares each compared coder with the project's
// consensus coder (the coder named coding.ConsensusName, when it exists
// and is not itself compared) on the considered documents, on the codes
// either applied; nil without one.
func (c Comparison) ConsensusAgreement() *xlsx.Consensus {
	if c.consensus == nil {
		return nil
	}
	used := map[string]bool{}
	for _, code := range c.options.Codes {
		used[code] = true
	}
	for _, s := range c.consensusSegs {
		used[s.Code] = true
	}
	opt := agreement.Options{Documents: c.options.Documents}
	for _, code := range c.Codebook.Codes() { // tree order
		if used[code.ID] {
			opt.Codes = append(opt.Codes, code.ID)
		}
	}
	out := &xlsx.Consensus{Coder: *c.consensus}
	for _, coder := range c.Coders {
		var segs []agreement.Segment
		for _, s := range c.segments {
			if s.Coder == coder.ID {
				segs = append(segs, s)
			}
		}
		segs = append(segs, c.consensusSegs...)
		opt.Coders = []string{coder.ID, c.consensus.ID}
		out.Reports = append(out.Reports, agreement.Compare(segs, opt))
	}
	return out
}

// ExportComparison compares coders as opt says and writes the agreement
// workbook to path, which must end in .xlsx. The file is written whole or
// not at all.
func (p *Project) ExportComparison(path string, opt ComparisonOptions) error {
	if ext := filepath.Ext(path); !strings.EqualFold(ext, ".xlsx") {
		return fmt.Errorf("%s: the agreement workbook is an .xlsx file, not %q", path, ext)
	}
	cmp, err := p.Compare(opt)
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return writeFileAtomically(path, func(f *os.File) error { return xlsx.Write(f, cmp.Study()) })
}
