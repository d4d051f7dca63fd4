package storage_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// BenchmarkConsensus100k codes the consensus of two coders by each rule
// in a project of 1,000 documents of 5,000 characters and 100,000 codings
// (50 per coder and document, with the eight benchCodePaths codes; the
// second coder mostly codes the first's passages with shifted
// boundaries): reading the codings, applying the rule per document and
// code, and storing the runs as one undoable action. Each run is undone
// outside the timer. Goal: at most 2 s.
func BenchmarkConsensus100k(b *testing.B) {
	const docs, runes, perDoc = 1000, 5000, 50
	documents := benchDocuments(b, docs, runes)
	p := newBenchProject(b, filepath.Join(b.TempDir(), "consensus.qdb"), documents)
	defer p.Close()
	var coders []coding.Coder
	for _, name := range []string{"alice", "bob"} {
		c, err := p.EnsureCoder(name)
		if err != nil {
			b.Fatal(err)
		}
		coders = append(coders, c)
	}
	var codes []coding.Code
	for _, path := range benchCodePaths {
		c, err := p.EnsureCodePath(path)
		if err != nil {
			b.Fatal(err)
		}
		codes = append(codes, c)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	type key struct{ doc, code string }
	groups := map[key]map[string][]coding.Span{}
	var cs []coding.Coding
	for _, d := range documents {
		for range perDoc {
			code := codes[rng.IntN(len(codes))].ID
			start := rng.IntN(runes - 400)
			a := coding.Span{Start: start, End: start + 20 + rng.IntN(300)}
			o := coding.Span{Start: max(a.Start+rng.IntN(21)-10, 0), End: a.End + rng.IntN(21) - 10}
			if rng.IntN(5) == 0 {
				start = rng.IntN(runes - 400)
				o = coding.Span{Start: start, End: start + 20 + rng.IntN(300)}
			}
			k := key{d.ID, code}
			if groups[k] == nil {
				groups[k] = map[string][]coding.Span{}
			}
			for i, s := range []coding.Span{a, o} {
				cs = append(cs, coding.Coding{DocumentID: d.ID, CodeID: code, CoderID: coders[i].ID, Span: s})
				groups[k][coders[i].ID] = append(groups[k][coders[i].ID], s)
			}
		}
	}
	if n, err := p.AddCodings("100,000 codings", cs); err != nil || n != len(cs) {
		b.Fatalf("added %d of %d codings: %v", n, len(cs), err)
	}
	ids := []string{coders[0].ID, coders[1].ID}
	for _, rule := range []string{coding.RuleUnion, coding.RuleIntersection} {
		b.Run(rule, func(b *testing.B) {
			// What the rule gives, computed from the generated spans.
			want, chars := 0, 0
			for _, g := range groups {
				runs, _ := coding.ConsensusSpans(rule, ids, g, "")
				want += len(runs)
				chars += coding.Covered(runs)
			}
			m := meter{b: b}
			for b.Loop() {
				b.StopTimer()
				m.start()
				res, err := p.Consensus(storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: rule})
				m.stop()
				if err != nil {
					b.Fatal(err)
				}
				if res.Codings != want || res.Documents != docs {
					b.Fatalf("wrote %d codings in %d documents, want %d in %d", res.Codings, res.Documents, want, docs)
				}
				got, err := p.Codings(storage.Filter{Coders: []string{res.Coder.ID}})
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for _, c := range got {
					n += c.Len()
				}
				if n != chars {
					b.Fatalf("the consensus codes %d characters, the rule gives %d", n, chars)
				}
				if _, err := p.Undo(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(want), "codings-written")
			m.report(1, "cpu-s/op")
		})
	}
}
