//go:build unix

package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"desktop/marginalia/storage"
)

// BenchmarkImportAttributes imports a 10,000-row attribute table (.csv;
// a date, a number, a category, a text and a yes/no column, 50,000 values)
// into a new project of 10,000 documents: types inferred, every value
// checked, one action. Goal: at most 2 s.
func BenchmarkImportAttributes(b *testing.B) {
	const rows = 10_000
	docs := benchDocuments(b, rows, 200)
	var sb strings.Builder
	sb.WriteString("document,date,words,outlet:category,author,op-ed\n")
	for i, d := range docs {
		fmt.Fprintf(&sb, "%s,%d-%02d-%02d,%d,Outlet %d,Author %d,%s\n", d.Name, 2000+i%20, 1+i%12, 1+i%28, 500+i%1500, i%7, i%500, []string{"yes", "no"}[i%2])
	}
	path := filepath.Join(b.TempDir(), "attributes.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	m := loopOverFreshProjects(b, docs, func(p *storage.Project) error {
		report, err := p.ImportAttributes(path)
		if err != nil || report.Documents != rows || report.Changed != 5*rows {
			return fmt.Errorf("import: %+v, %v", report, err)
		}
		return nil
	})
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	m.report(1, "cpu-s/op")
}
