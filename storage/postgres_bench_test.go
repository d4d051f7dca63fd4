package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// The team-project benchmarks run against the PostgreSQL server the tests
// use (teamtest), over loopback, and are skipped without one:
//
//	go test ./storage/ -run XXX -bench Team -benchtime 200x

// BenchmarkTeamCodingsOfDocument lists the 1,000 codings of one document in
// a team project of 1,000 documents and 1,000,000 codings by ten coders,
// as a coder's window does when it opens a document (row-level security
// applies), with and without the blind phase, and as the lead. Goal: at
// most 20 ms per call.
func BenchmarkTeamCodingsOfDocument(b *testing.B) {
	const docCount, perDoc, coders = 1000, 1000, 10
	names := make([]string, coders-1)
	for i := range names {
		names[i] = fmt.Sprintf("coder%d", i)
	}
	tp := teamtest.New(b, "bench1m", "lead", names...)
	sfx := tp.Suffix
	// The administrator fills the project on the server: documents, codes,
	// and the codings spread over every coder.
	admin, err := sql.Open("pgx", teamtest.Admin(b))
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	schema := pgx.Identifier{tp.Name}.Sanitize()
	start := time.Now()
	for _, stmt := range []string{
		`INSERT INTO ` + schema + `.documents(id, name, text, length, sha256, created)
			SELECT 'doc-' || i, 'Document ' || i, repeat('x', 2000), 2000, md5(i::text), '2026-01-01T00:00:00Z' FROM generate_series(0, 999) i`,
		`INSERT INTO ` + schema + `.codes(id, name, color, position) SELECT 'code-' || i, 'Code ' || i, '#3366CC', i FROM generate_series(0, 9) i`,
		`INSERT INTO ` + schema + `.codings(id, document_id, code_id, coder_id, start, "end", created)
			SELECT gen_random_uuid()::text, 'doc-' || (i / 1000), 'code-' || (i % 10), c.ids[1 + i % cardinality(c.ids)], (i % 1000) * 2, (i % 1000) * 2 + 2, '2026-01-01T00:00:00Z'
			FROM generate_series(0, 999999) i, (SELECT array_agg(id ORDER BY name) AS ids FROM ` + schema + `.coders) c`,
		`ANALYZE ` + schema + `.documents`, `ANALYZE ` + schema + `.codes`, `ANALYZE ` + schema + `.codings`,
	} {
		if _, err := admin.Exec(stmt); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built a team project of %d codings in %v", docCount*perDoc, time.Since(start).Round(time.Millisecond))
	lead, coder := tp.Open(b, tp.Lead), tp.Open(b, names[0]+sfx)
	run := func(b *testing.B, p *storage.Project, want int) {
		i := 0
		for b.Loop() {
			doc := fmt.Sprintf("doc-%d", (i*7919)%docCount)
			cs, err := p.CodingsOf(doc)
			if err != nil || len(cs) != want {
				b.Fatalf("CodingsOf(%s) = %d codings, %v; want %d", doc, len(cs), err, want)
			}
			i++
		}
		b.ReportMetric(float64(want), "codings/op")
	}
	b.Run("coder", func(b *testing.B) { run(b, coder, perDoc) })
	b.Run("lead", func(b *testing.B) { run(b, lead, perDoc) })
	if err := lead.SetBlind(true, ""); err != nil {
		b.Fatal(err)
	}
	b.Run("coder-blind", func(b *testing.B) { run(b, coder, perDoc/coders) })
}

// BenchmarkTeamCodingVisibleElsewhere times one coding committed by one
// coder until another coder's window has it: woken by WaitChange, read by
// ChangesSince. Goal: at most 1 s.
func BenchmarkTeamCodingVisibleElsewhere(b *testing.B) {
	tp := teamtest.New(b, "benchlive", "lead", "anna", "ben")
	sfx := tp.Suffix
	lead := tp.Open(b, tp.Lead)
	doc := readCorpus(b, "sony-hack-cyber-dialogue.txt")
	if _, err := lead.AddDocuments([]coding.Document{doc}); err != nil {
		b.Fatal(err)
	}
	code, err := lead.AddCode(coding.Code{Name: "Trust", Codable: true})
	if err != nil {
		b.Fatal(err)
	}
	anna, ben := tp.Open(b, "anna"+sfx), tp.Open(b, "ben"+sfx)
	seq, err := ben.LastChange()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// Ben's window listens from the start, as it would.
	if err := waitQuietly(ben); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		woke := waitChange(ctx, ben)
		c, err := anna.AddCoding(coding.Coding{DocumentID: doc.ID, CodeID: code.ID, CoderID: anna.Team().CoderID,
			Span: coding.Span{Start: i % 7000, End: i%7000 + 1 + i/7000}})
		if err != nil {
			b.Fatal(err)
		}
		if err := <-woke; err != nil {
			b.Fatal(err)
		}
		changes, err := ben.ChangesSince(seq)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(changes); n == 0 || len(changes[n-1].Codings.Added) != 1 || changes[n-1].Codings.Added[0].ID != c.ID {
			b.Fatalf("ben's window read %d change sets, the last without anna's coding %s", n, c.ID)
		}
		seq = changes[len(changes)-1].Seq
		i++
	}
}

// waitQuietly makes p's listening connection (WaitChange's first call
// connects), returning when nothing arrived for a moment.
func waitQuietly(p *storage.Project) error {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := p.WaitChange(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// BenchmarkTeamConcurrentCoders has ten coders, each with their own login
// and connection, add codings one action at a time, all at once; it
// reports their total in codings per second. Goal: at least 200/s.
func BenchmarkTeamConcurrentCoders(b *testing.B) {
	const coders = 10
	names := make([]string, coders)
	for i := range names {
		names[i] = fmt.Sprintf("coder%d", i)
	}
	tp := teamtest.New(b, "benchconc", "lead", names...)
	sfx := tp.Suffix
	lead := tp.Open(b, tp.Lead)
	doc := readCorpus(b, "sony-hack-cyber-dialogue.txt")
	if _, err := lead.AddDocuments([]coding.Document{doc}); err != nil {
		b.Fatal(err)
	}
	code, err := lead.AddCode(coding.Code{Name: "Trust", Codable: true})
	if err != nil {
		b.Fatal(err)
	}
	projects := make([]*storage.Project, coders)
	for i, name := range names {
		projects[i] = tp.Open(b, name+sfx)
	}
	// The coders take the b.N codings from one counter, each as fast as
	// the server lets them.
	var (
		taken atomic.Int64
		wg    sync.WaitGroup
		errs  = make(chan error, coders)
	)
	b.ResetTimer()
	start := time.Now()
	for _, p := range projects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; taken.Add(1) <= int64(b.N); j++ {
				if _, err := p.AddCoding(coding.Coding{DocumentID: doc.ID, CodeID: code.ID, CoderID: p.Team().CoderID,
					Span: coding.Span{Start: j % 7000, End: j%7000 + 1 + j/7000}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "codings/s")
}
