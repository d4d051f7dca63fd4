//go:build unix

package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// The exchange benchmarks' project: 1,000 documents of 5,000 characters
// (see benchTexts: curly quotes, an em dash, a no-break space, Chinese)
// and 100,000 codings by two coders with the eight benchCodePaths codes.
const (
	exchangeDocs    = 1000
	exchangeRunes   = 5000
	exchangeCodings = 100_000
)

var (
	exchangeOnce              sync.Once
	exchangeQDB, exchangeQDPX string
	exchangeErr               error
)

// exchangeFixture returns the paths of the benchmark project and of its
// .qdpx export. Both are built once and kept in os.TempDir() (keyed by
// size and schema version) for later runs.
func exchangeFixture(b *testing.B) (qdb, qdpx string) {
	b.Helper()
	exchangeOnce.Do(func() {
		base := filepath.Join(os.TempDir(), fmt.Sprintf("marginalia-exchange-bench-%dx%d-schema%d", exchangeDocs, exchangeCodings/exchangeDocs, storage.SchemaVersion))
		exchangeQDB, exchangeQDPX = base+".qdb", base+".qdpx"
		exchangeErr = buildExchangeFixture(b, exchangeQDB, exchangeQDPX)
	})
	if exchangeErr != nil {
		b.Fatal(exchangeErr)
	}
	return exchangeQDB, exchangeQDPX
}

func buildExchangeFixture(b *testing.B, qdb, qdpx string) error {
	if p, _, err := openBigProject(qdb, exchangeCodings); err == nil {
		defer p.Close()
		if _, err := os.Stat(qdpx); err == nil {
			return nil
		}
		return p.ExportFile(qdpx, storage.Filter{})
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(qdb + suffix)
	}
	os.Remove(qdpx)
	building := qdb + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(building + suffix)
	}
	docs := benchDocuments(b, exchangeDocs, exchangeRunes)
	p := newBenchProject(b, building, docs)
	if err := addExchangeCodings(p, docs); err != nil {
		p.Close()
		return fmt.Errorf("build %s: %w", building, err)
	}
	if err := p.Close(); err != nil {
		return err
	}
	if err := os.Rename(building, qdb); err != nil {
		return err
	}
	p, err := storage.Open(qdb)
	if err != nil {
		return err
	}
	defer p.Close()
	return p.ExportFile(qdpx, storage.Filter{})
}

// addExchangeCodings codes each document 100 times, alternating two
// coders, over distinct ranges; every 97th coding has a memo.
func addExchangeCodings(p *storage.Project, docs []coding.Document) error {
	var coders []coding.Coder
	for _, name := range []string{"alice", "Chén Lì"} {
		c, err := p.EnsureCoder(name)
		if err != nil {
			return err
		}
		coders = append(coders, c)
	}
	var codes []coding.Code
	for _, path := range benchCodePaths {
		c, err := p.EnsureCodePath(path)
		if err != nil {
			return err
		}
		codes = append(codes, c)
	}
	perDoc := exchangeCodings / len(docs)
	cs := make([]coding.Coding, 0, exchangeCodings)
	for k := range exchangeCodings {
		d, j := docs[k%len(docs)], k/len(docs)
		start := (j * 47) % (d.Length - 60)
		c := coding.Coding{DocumentID: d.ID, CodeID: codes[j%len(codes)].ID, CoderID: coders[k%len(coders)].ID,
			Span: coding.Span{Start: start, End: start + 5 + j%50}}
		if k%97 == 0 {
			c.Memo = fmt.Sprintf("memo %d: “see Sovereignty”, 主权", k)
		}
		cs = append(cs, c)
	}
	n, err := p.AddCodings(fmt.Sprintf("%d codings", perDoc*len(docs)), cs)
	if err == nil && n != exchangeCodings {
		err = fmt.Errorf("added %d of %d codings", n, exchangeCodings)
	}
	return err
}

// BenchmarkExchangeExport writes the whole benchmark project (1,000
// documents, 100,000 codings by two coders) as a .qdpx with ExportFile.
// Goal: at most 10 s.
func BenchmarkExchangeExport(b *testing.B) {
	qdb, _ := exchangeFixture(b)
	p, err := storage.Open(qdb)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	out := filepath.Join(b.TempDir(), "export.qdpx")
	m := meter{b: b, since: processCPU()}
	for b.Loop() {
		if err := p.ExportFile(out, storage.Filter{}); err != nil {
			b.Fatal(err)
		}
	}
	m.cpu = processCPU() - m.since
	if fi, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
	}
	b.ReportMetric(float64(exchangeCodings)*float64(b.N)/b.Elapsed().Seconds(), "codings/s")
	m.report(1, "cpu-s/op")
}

// BenchmarkExchangeImport imports that .qdpx with ImportFile into an empty
// project: reading the zip and the XML, then MergeProject adding 1,000
// documents, 8 codes, 2 coders and 100,000 codings. Goal: at most 10 s.
func BenchmarkExchangeImport(b *testing.B) {
	_, qdpx := exchangeFixture(b)
	if fi, err := os.Stat(qdpx); err == nil {
		b.SetBytes(fi.Size())
	}
	m := loopOverFreshProjects(b, nil, func(p *storage.Project) error {
		if err := p.ImportFile(qdpx).Err; err != nil {
			return err
		}
		if n, err := p.CodingCount(); err != nil || n != exchangeCodings {
			return fmt.Errorf("the import stored %d of %d codings: %v", n, exchangeCodings, err)
		}
		return nil
	})
	b.ReportMetric(float64(exchangeCodings)*float64(b.N)/b.Elapsed().Seconds(), "codings/s")
	m.report(1, "cpu-s/op")
}
