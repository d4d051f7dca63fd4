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
		Disagreements: c.Disagreements(),
		Generated:     c.Generated,
	}
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
