package coding

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// consensusStudy is 1,000 documents of 5,000 characters coded with 20
// codes by two coders, 50 codings each per document (100,000 codings): the
// second coder mostly codes the first's passages with shifted boundaries.
// It returns the spans by document and code, each a map by coder ID.
func consensusStudy() []map[string][]Span {
	const docs, length, perDoc, codes = 1000, 5000, 50, 20
	rng := rand.New(rand.NewPCG(3, 4))
	groups := make([]map[string][]Span, docs*codes)
	for i := range groups {
		groups[i] = map[string][]Span{}
	}
	for d := range docs {
		for range perDoc {
			g := groups[d*codes+rng.IntN(codes)]
			start := rng.IntN(length - 400)
			a := Span{Start: start, End: start + 20 + rng.IntN(300)}
			b := Span{Start: max(a.Start+rng.IntN(21)-10, 0), End: a.End + rng.IntN(21) - 10}
			if rng.IntN(5) == 0 {
				start = rng.IntN(length - 400)
				b = Span{Start: start, End: start + 20 + rng.IntN(300)}
			}
			g["a"] = append(g["a"], a)
			g["b"] = append(g["b"], b)
		}
	}
	return groups
}

// covered is the characters of spans, counted one by one: the reference
// the rules are checked against.
func covered(spans []Span) map[int]bool {
	m := map[int]bool{}
	for _, s := range spans {
		for i := s.Start; i < s.End; i++ {
			m[i] = true
		}
	}
	return m
}

// BenchmarkConsensusSpans100k applies each consensus rule to 100,000
// codings (the pure rule, per document and code; storing the result is
// BenchmarkConsensus100k in storage). Goal for the whole action: 2 s.
func BenchmarkConsensusSpans100k(b *testing.B) {
	groups := consensusStudy()
	coders := []string{"a", "b"}
	// Check every rule once against the characters counted one by one.
	for _, g := range groups[:200] {
		ca, cb := covered(g["a"]), covered(g["b"])
		for _, rule := range []string{RuleUnion, RuleIntersection, RuleTake} {
			got, err := ConsensusSpans(rule, coders, g, "b")
			if err != nil {
				b.Fatal(err)
			}
			want := map[int]bool{}
			for i := range 5000 {
				if rule == RuleUnion && (ca[i] || cb[i]) || rule == RuleIntersection && ca[i] && cb[i] || rule == RuleTake && cb[i] {
					want[i] = true
				}
			}
			if len(covered(got)) != len(want) || !slices.Equal(Union(got), got) {
				b.Fatalf("%s: %d characters in %d runs, want %d as maximal runs", rule, len(covered(got)), len(got), len(want))
			}
			for i := range covered(got) {
				if !want[i] {
					b.Fatalf("%s: character %d is not the rule's", rule, i)
				}
			}
		}
	}
	for _, rule := range []string{RuleUnion, RuleIntersection, RuleTake} {
		b.Run(rule, func(b *testing.B) {
			runs := 0
			for b.Loop() {
				runs = 0
				for _, g := range groups {
					out, err := ConsensusSpans(rule, coders, g, "b")
					if err != nil {
						b.Fatal(err)
					}
					runs += len(out)
				}
			}
			if runs == 0 {
				b.Fatal("no runs")
			}
			b.ReportMetric(float64(runs), "runs")
		})
	}
}
