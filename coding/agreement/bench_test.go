package agreement

import (
	"math/rand/v2"
	"testing"

	"desktop/marginalia/coding"
)

// workload makes codings as a project has them: UUIDs for everything,
// passages of 20–600 runes placed at random, so coders overlap at times.
func workload(docs, length, codes, coders, codings int) ([]Segment, Options) {
	r := rand.New(rand.NewPCG(1, 2))
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = coding.NewID()
		}
		return out
	}
	opt := Options{Coders: ids(coders)}
	for _, id := range ids(docs) {
		opt.Documents = append(opt.Documents, Document{ID: id, Length: length})
	}
	codeIDs := ids(codes)
	segs := make([]Segment, codings)
	for i := range segs {
		start := r.IntN(length - 600)
		segs[i] = Segment{
			Coder:    opt.Coders[r.IntN(coders)],
			Code:     codeIDs[r.IntN(codes)],
			Document: opt.Documents[r.IntN(docs)].ID,
			Span:     coding.Span{Start: start, End: start + 20 + r.IntN(580)},
		}
	}
	return segs, opt
}

// The goals: 10,000 codings (100 documents × 20,000 runes × 20 codes ×
// 2 coders) in ≤ 100 ms, 1,000,000 codings in ≤ 3 s.
var (
	small = func(coders int) ([]Segment, Options) { return workload(100, 20_000, 20, coders, 10_000) }
	large = func(coders int) ([]Segment, Options) { return workload(1_000, 50_000, 50, coders, 1_000_000) }
)

// bench times run on a workload made before the clock starts.
func bench(b *testing.B, load func(coders int) ([]Segment, Options), coders int, run func([]Segment, Options)) {
	segs, opt := load(coders)
	for b.Loop() {
		run(segs, opt)
	}
}

func compare(segs []Segment, opt Options)       { Compare(segs, opt) }
func disagreements(segs []Segment, opt Options) { Disagreements(segs, opt) }
func segmentAgreement(segs []Segment, opt Options) {
	SegmentAgreement(segs, opt, DefaultThreshold)
}

func BenchmarkCompare10k(b *testing.B)          { bench(b, small, 2, compare) }
func BenchmarkCompare1M(b *testing.B)           { bench(b, large, 2, compare) }
func BenchmarkCompare1MFourCoders(b *testing.B) { bench(b, large, 4, compare) }
func BenchmarkDisagreements1M(b *testing.B)     { bench(b, large, 2, disagreements) }
func BenchmarkSegmentAgreement10k(b *testing.B) { bench(b, small, 2, segmentAgreement) }
func BenchmarkSegmentAgreement1M(b *testing.B)  { bench(b, large, 2, segmentAgreement) }

func BenchmarkUnitizingAlpha(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	study := UnitizingStudy{Coders: 3, Continuum: coding.Span{Start: 0, End: 2_000_000}}
	for c := range study.Coders {
		for pos := r.IntN(500); pos < study.Continuum.End-600; pos += 600 + r.IntN(400) {
			study.Units = append(study.Units, Unit{Coder: c, Category: []string{"a", "b", "c"}[r.IntN(3)],
				Span: coding.Span{Start: pos, End: pos + 20 + r.IntN(580)}})
		}
	}
	b.ReportMetric(float64(len(study.Units)), "units")
	for b.Loop() {
		if _, err := UnitizingAlpha(study); err != nil {
			b.Fatal(err)
		}
	}
}

// The goal (issue 13): 2,000 resamples over 100 documents × 20 codes ×
// 2 coders in ≤ 2 s; 1,000 documents should stay fast too.
func bootstrap(segs []Segment, opt Options) { Bootstrap(segs, opt, BootstrapOptions{}) }

func BenchmarkBootstrap100Documents(b *testing.B) { bench(b, small, 2, bootstrap) }
func BenchmarkBootstrap1000Documents(b *testing.B) {
	bench(b, func(coders int) ([]Segment, Options) { return workload(1_000, 20_000, 20, coders, 100_000) }, 2, bootstrap)
}
func BenchmarkBootstrap1000Documents3Coders(b *testing.B) {
	bench(b, func(coders int) ([]Segment, Options) { return workload(1_000, 20_000, 20, coders, 100_000) }, 3, bootstrap)
}
