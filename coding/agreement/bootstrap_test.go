package agreement

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"desktop/marginalia/coding"
)

// randomParagraphs cuts each document into random paragraphs.
func randomParagraphs(r *rand.Rand, docs []Document) map[string][]coding.Span {
	out := map[string][]coding.Span{}
	for _, d := range docs {
		var spans []coding.Span
		for at := 0; at < d.Length; {
			end := min(d.Length, at+1+r.IntN(60))
			spans = append(spans, coding.Span{Start: at, End: end})
			at = end
		}
		out[d.ID] = spans
	}
	return out
}

// TestBootstrapCountsMatchResampledCodings checks the heart of Bootstrap:
// pooling the counts of drawn clusters gives the same alpha and kappa as
// building the resampled study, each drawn document or paragraph a new
// document with its codings cut and moved into it, and running Compare.
func TestBootstrapCountsMatchResampledCodings(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 17))
		segs, opt := randomStudy(r)
		s := newStudy(segs, opt)
		byParagraph := r.IntN(2) == 0
		cs := newClusterSet(s, byParagraph, randomParagraphs(r, opt.Documents))
		if len(cs.lengths) == 0 {
			continue
		}
		weights := make([]int32, len(cs.lengths))
		for range weights {
			weights[r.IntN(len(weights))]++
		}
		pooled := make([]tally, len(s.codes)+1)
		for i := range pooled {
			pooled[i] = newTally(len(s.coders))
		}
		cs.pool(weights, pooled)

		re := Options{Coders: opt.Coders, Codes: s.codes}
		var resampled []Segment
		for j, w := range weights {
			span := coding.Span{Start: cs.start[j], End: cs.start[j] + cs.lengths[j]}
			docID := s.docs[cs.doc[j]].ID
			for copy := range w {
				id := fmt.Sprintf("cluster%d-%d", j, copy)
				re.Documents = append(re.Documents, Document{ID: id, Length: span.Len()})
				for _, g := range segs {
					if g.Document != docID {
						continue
					}
					part := g.Span.Clip(s.docs[cs.doc[j]].Length).Intersect(span)
					if part.Empty() {
						continue
					}
					g.Document = id
					g.Span = coding.Span{Start: part.Start - span.Start, End: part.End - span.Start}
					resampled = append(resampled, g)
				}
			}
		}
		rep := Compare(resampled, re)
		for i, code := range s.codes {
			got, want := pooled[i], rep.Codes[i]
			if !sameStat(got.alpha(), want.Alpha) || !sameStat(got.kappa(), want.Kappa) || got.length != want.Length {
				t.Fatalf("seed %d, code %s: counts give α %v κ %v over %d, the resampled study α %v κ %v over %d",
					seed, code, got.alpha(), got.kappa(), got.length, want.Alpha, want.Kappa, want.Length)
			}
		}
		got, want := pooled[len(s.codes)], rep.Overall
		if len(s.codes) > 0 && (!sameStat(got.alpha(), want.Alpha) || !sameStat(got.kappa(), want.Kappa)) {
			t.Fatalf("seed %d, overall: counts give α %v κ %v, the resampled study α %v κ %v", seed, got.alpha(), got.kappa(), want.Alpha, want.Kappa)
		}
	}
}

// TestBootstrapUnweightedIsCompare checks that drawing every cluster once
// gives back Compare's pooled figures, by document and by paragraph.
func TestBootstrapUnweightedIsCompare(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 19))
		segs, opt := randomStudy(r)
		s := newStudy(segs, opt)
		cs := newClusterSet(s, seed%2 == 0, randomParagraphs(r, opt.Documents))
		weights := make([]int32, len(cs.lengths))
		for j := range weights {
			weights[j] = 1
		}
		pooled := make([]tally, len(s.codes)+1)
		for i := range pooled {
			pooled[i] = newTally(len(s.coders))
		}
		cs.pool(weights, pooled)
		rep := Compare(segs, opt)
		for i := range s.codes {
			if !sameStat(pooled[i].alpha(), rep.Codes[i].Alpha) || !sameStat(pooled[i].kappa(), rep.Codes[i].Kappa) {
				t.Fatalf("seed %d, code %d: α %v κ %v, Compare α %v κ %v", seed, i, pooled[i].alpha(), pooled[i].kappa(), rep.Codes[i].Alpha, rep.Codes[i].Kappa)
			}
		}
	}
}

// process generates documents as a known process makes them: each
// document of 20 blocks of 50 runes has its own share of relevant blocks
// (drawn from [0.1, 0.5], so that blocks of one document are alike and
// documents differ), and each of two coders codes a relevant block with
// probability 0.85 and an irrelevant one with probability 0.1, independently.
func process(r *rand.Rand, docs int, codes ...string) ([]Segment, Options) {
	if len(codes) == 0 {
		codes = []string{"trust"}
	}
	opt := Options{Coders: []string{"ann", "bob"}, Codes: codes}
	var segs []Segment
	for d := range docs {
		id := fmt.Sprintf("doc%d", d)
		opt.Documents = append(opt.Documents, Document{ID: id, Length: 1000})
		for _, code := range codes {
			share := 0.1 + 0.4*r.Float64()
			for b := range 20 {
				relevant := r.Float64() < share
				for _, coder := range opt.Coders {
					p := 0.1
					if relevant {
						p = 0.85
					}
					if r.Float64() < p {
						segs = append(segs, segment(coder, code, id, 50*b, 50*b+50))
					}
				}
			}
		}
	}
	return segs, opt
}

func TestBootstrapReproducible(t *testing.T) {
	segs, opt := process(rand.New(rand.NewPCG(1, 1)), 40, "trust", "norms")
	a := Bootstrap(segs, opt, BootstrapOptions{Resamples: 500, Seed: 42})
	b := Bootstrap(segs, opt, BootstrapOptions{Resamples: 500, Seed: 42})
	c := Bootstrap(segs, opt, BootstrapOptions{Resamples: 500, Seed: 43})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("the same seed gave\n%+v\n%+v", a, b)
	}
	if fmt.Sprint(a.Overall) == fmt.Sprint(c.Overall) {
		t.Errorf("seeds 42 and 43 gave the same overall intervals %+v", a.Overall)
	}
	if a.Unit != UnitDocument || a.Clusters != 40 || a.Resamples != 500 || a.Seed != 42 || a.Level != DefaultLevel {
		t.Errorf("intervals say unit %s, %d clusters, %d resamples, seed %d, level %v", a.Unit, a.Clusters, a.Resamples, a.Seed, a.Level)
	}
	d := Bootstrap(segs, opt, BootstrapOptions{})
	if d.Resamples != DefaultResamples || d.Seed != DefaultSeed || fmt.Sprint(d.Minimums) != "[0.667 0.8]" {
		t.Errorf("defaults: %d resamples, seed %d, minimums %v", d.Resamples, d.Seed, d.Minimums)
	}
}

func TestBootstrapContainsEstimate(t *testing.T) {
	for seed := range uint64(20) {
		segs, opt := process(rand.New(rand.NewPCG(seed, 3)), 30, "trust", "norms", "power")
		rep := Compare(segs, opt)
		iv := Bootstrap(segs, opt, BootstrapOptions{Resamples: 1000, Seed: seed + 1})
		rows := append(rep.Codes, rep.Overall)
		ivs := append(iv.Codes, iv.Overall)
		for i, r := range rows {
			if !ivs[i].Alpha.Contains(r.Alpha.Value) || !ivs[i].Kappa.Contains(r.Kappa.Value) {
				t.Errorf("seed %d, %q: α %v in %v? κ %v in %v?", seed, r.Code, r.Alpha, ivs[i].Alpha, r.Kappa, ivs[i].Kappa)
			}
			if w := ivs[i].Alpha.Hi - ivs[i].Alpha.Lo; w < 0.02 || w > 0.4 {
				t.Errorf("seed %d, %q: α interval %v is implausibly wide or narrow", seed, r.Code, ivs[i].Alpha)
			}
			if ivs[i].AlphaUndefined != 0 || ivs[i].KappaUndefined != 0 {
				t.Errorf("seed %d, %q: undefined resamples %d, %d", seed, r.Code, ivs[i].AlphaUndefined, ivs[i].KappaUndefined)
			}
			// The risk of falling below a minimum grows with the minimum.
			b := ivs[i].AlphaBelow
			if len(b) != 2 || b[0].Minimum != 0.667 || b[1].Minimum != 0.8 || b[0].Share.Value > b[1].Share.Value {
				t.Errorf("seed %d, %q: shares below minimums %+v", seed, r.Code, b)
			}
		}
	}
}

// TestBootstrapDegenerate covers the edges: coders who agree everywhere
// give [1, 1] and no risk; a code nobody applied, one coder, and no
// documents give undefined intervals (JSON null), never NaN.
func TestBootstrapDegenerate(t *testing.T) {
	var docs []Document
	var agree []Segment
	for d := range 12 {
		id := fmt.Sprintf("doc%d", d)
		docs = append(docs, Document{ID: id, Length: 500})
		for _, coder := range []string{"ann", "bob"} {
			agree = append(agree, segment(coder, "trust", id, 10*d, 10*d+100))
		}
	}
	opt := Options{Coders: []string{"ann", "bob"}, Documents: docs, Codes: []string{"trust", "unused"}}
	iv := Bootstrap(agree, opt, BootstrapOptions{Resamples: 200})
	trust := iv.Codes[0]
	if trust.Alpha != (Interval{1, 1, true}) || trust.Kappa != (Interval{1, 1, true}) || trust.AlphaBelow[1].Share != Of(0) {
		t.Errorf("all agree: %+v", trust)
	}
	unused := iv.Codes[1]
	if unused.Alpha.Defined || unused.Kappa.Defined || unused.AlphaBelow[0].Share.Defined || unused.AlphaUndefined != 200 {
		t.Errorf("unused code: %+v", unused)
	}
	if b, _ := unused.Alpha.MarshalJSON(); string(b) != "null" {
		t.Errorf("undefined interval as JSON: %s", b)
	}
	if b, _ := trust.Alpha.MarshalJSON(); string(b) != "[1, 1]" {
		t.Errorf("interval as JSON: %s", b)
	}
	one := Bootstrap(agree, Options{Coders: []string{"ann"}, Documents: docs}, BootstrapOptions{Resamples: 50})
	none := Bootstrap(agree, Options{Coders: []string{"ann", "bob"}}, BootstrapOptions{Resamples: 50})
	for _, x := range []Intervals{one, none} {
		if x.Overall.Alpha.Defined || x.Overall.Kappa.Defined {
			t.Errorf("no comparison possible, yet %+v", x.Overall)
		}
	}
}

// TestBootstrapParagraphs checks the fallback: with fewer than
// MinDocuments documents the paragraphs are resampled, they say so, and a
// document without paragraphs counts as one.
func TestBootstrapParagraphs(t *testing.T) {
	segs, opt := process(rand.New(rand.NewPCG(5, 5)), 4)
	paragraphs := map[string][]coding.Span{}
	for _, d := range opt.Documents[:3] {
		for b := range 10 {
			paragraphs[d.ID] = append(paragraphs[d.ID], coding.Span{Start: 100 * b, End: 100*b + 100})
		}
	}
	paragraphs[opt.Documents[3].ID] = []coding.Span{{Start: 0, End: 10}} // does not cover the document
	iv := Bootstrap(segs, opt, BootstrapOptions{Resamples: 500, Paragraphs: paragraphs})
	if iv.Unit != UnitParagraph || iv.Clusters != 31 {
		t.Fatalf("unit %s, %d clusters; want paragraph, 31", iv.Unit, iv.Clusters)
	}
	rep := Compare(segs, opt)
	if !iv.Overall.Alpha.Contains(rep.Overall.Alpha.Value) {
		t.Errorf("α %v outside %v", rep.Overall.Alpha, iv.Overall.Alpha)
	}
	// Without paragraphs each document is one paragraph.
	if iv := Bootstrap(segs, opt, BootstrapOptions{Resamples: 50}); iv.Unit != UnitParagraph || iv.Clusters != 4 {
		t.Errorf("no paragraphs given: unit %s, %d clusters", iv.Unit, iv.Clusters)
	}
}

// TestBootstrapWidensWithFewerDocuments shows that documents, not
// characters, are resampled: halving the documents (the characters per
// document unchanged) widens the interval by about √2, where a
// character bootstrap of these thousands of characters would stay narrow.
func TestBootstrapWidensWithFewerDocuments(t *testing.T) {
	width := func(docs int) float64 {
		total := 0.0
		for seed := range uint64(10) {
			segs, opt := process(rand.New(rand.NewPCG(seed, 9)), docs)
			iv := Bootstrap(segs, opt, BootstrapOptions{Resamples: 500})
			total += iv.Overall.Alpha.Hi - iv.Overall.Alpha.Lo
		}
		return total / 10
	}
	w80, w20 := width(80), width(20)
	if ratio := w20 / w80; ratio < 1.6 || ratio > 2.5 {
		t.Errorf("mean α interval width: %.3f over 80 documents, %.3f over 20 (ratio %.2f, want about 2)", w80, w20, ratio)
	}
	// 20 documents of 1,000 characters: a character bootstrap would give a
	// width near 2·1.96·√(α(1−α)/20,000) < 0.03.
	if w20 < 0.08 {
		t.Errorf("α interval over 20 documents is %.3f wide: as narrow as resampling characters", w20)
	}
}

// TestBootstrapCoverage is the simulation the method must pass: over
// studies drawn from a known process, the 95 % interval covers the
// process's alpha in 92–98 % of them.
func TestBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	// The process's alpha, from one very large study.
	segs, opt := process(rand.New(rand.NewPCG(99, 99)), 40_000)
	truth := Compare(segs, opt).Overall.Alpha.Value
	const studies = 400
	covered := 0
	for seed := range uint64(studies) {
		segs, opt := process(rand.New(rand.NewPCG(seed, 21)), 50)
		iv := Bootstrap(segs, opt, BootstrapOptions{Resamples: 1000, Seed: seed + 1})
		if iv.Overall.Alpha.Contains(truth) {
			covered++
		}
	}
	share := float64(covered) / studies
	t.Logf("true α %.4f; the 95 %% interval covered it in %d of %d studies (%.1f %%)", truth, covered, studies, 100*share)
	if share < 0.92 || share > 0.98 {
		t.Errorf("coverage %.1f %%, want 92–98 %%", 100*share)
	}
}
