package agreement

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// The property tests compare Compare and Disagreements, which sweep over
// span boundaries, with a naive reference that marks every rune and applies
// the textbook formulas unit by unit.

// naiveUnits marks, per rune of a document, which coders coded it with code.
func naiveUnits(segs []Segment, coders []string, code string, doc Document) [][]bool {
	units := make([][]bool, doc.Length)
	for i := range units {
		units[i] = make([]bool, len(coders))
	}
	for _, s := range segs {
		c := slices.Index(coders, s.Coder)
		if c < 0 || s.Code != code || s.Document != doc.ID {
			continue
		}
		for i := max(s.Start, 0); i < min(s.End, doc.Length); i++ {
			units[i][c] = true
		}
	}
	return units
}

// naive is the reference figures of a list of units.
type naive struct {
	length, all, none int
	coded             []int
	percent           Stat
	kappa, alpha      Stat
}

func naiveStats(units [][]bool, n int) naive {
	r := naive{length: len(units), coded: make([]int, n)}
	N := float64(len(units))
	var agreeing float64 // agreeing ordered pairs of coders, over units
	var o [2][2]float64  // coincidences
	var ones float64     // ratings "coded"
	var fleissP float64  // Σ P_i
	for _, u := range units {
		k := 0
		for c, on := range u {
			if on {
				k++
				r.coded[c]++
			}
		}
		if k == n {
			r.all++
		}
		if k == 0 {
			r.none++
		}
		ones += float64(k)
		for i := range n {
			for j := range n {
				if i == j {
					continue
				}
				if u[i] == u[j] {
					agreeing++
				}
				o[b2i(u[i])][b2i(u[j])] += 1 / float64(n-1)
			}
		}
		if n >= 2 {
			fleissP += (float64(k*k+(n-k)*(n-k)) - float64(n)) / float64(n*(n-1))
		}
	}
	if n < 2 || len(units) == 0 {
		return r
	}
	r.percent = Of(agreeing / float64(n*(n-1)) / N)
	if n == 2 {
		// NVivo's form: ΣEF = |A||B|/N + (N−|A|)(N−|B|)/N,
		// K = (TA − ΣEF)/(N − ΣEF).
		a, b := float64(r.coded[0]), float64(r.coded[1])
		ef := a*b/N + (N-a)*(N-b)/N
		ta := float64(r.all + r.none)
		if N-ef != 0 {
			r.kappa = Of((ta - ef) / (N - ef))
		}
	} else {
		p1 := ones / (N * float64(n))
		pe := p1*p1 + (1-p1)*(1-p1)
		if pe != 1 {
			r.kappa = Of((fleissP/N - pe) / (1 - pe))
		}
	}
	n0, n1 := o[0][0]+o[0][1], o[1][0]+o[1][1]
	if n0*n1 != 0 {
		r.alpha = Of(1 - (n0+n1-1)*(o[0][1]+o[1][0])/(2*n0*n1))
	}
	return r
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// randomStudy makes overlapping, duplicate, clipped and ignored segments.
func randomStudy(r *rand.Rand) ([]Segment, Options) {
	coders := []string{"ann", "bob", "cyd", "dee"}[:1+r.IntN(4)]
	var docs []Document
	for i := range 1 + r.IntN(4) {
		docs = append(docs, Document{ID: fmt.Sprintf("doc%d", i), Length: r.IntN(300)})
	}
	if r.IntN(5) == 0 {
		docs[0].Length = 1
	}
	codes := []string{"trust", "norms", "power"}
	var segs []Segment
	for range r.IntN(60) {
		d := docs[r.IntN(len(docs))]
		start := r.IntN(d.Length+10) - 5
		s := segment(coders[r.IntN(len(coders))], codes[r.IntN(len(codes))], d.ID, start, start+r.IntN(d.Length/2+3))
		segs = append(segs, s)
		switch r.IntN(8) {
		case 0:
			segs = append(segs, s) // exact duplicate
		case 1:
			s.Coder = "outsider" // not selected
			segs = append(segs, s)
		case 2:
			s.Document = "unopened" // not considered
			segs = append(segs, s)
		}
	}
	opt := Options{Coders: coders, Documents: docs}
	if r.IntN(3) == 0 {
		opt.Codes = []string{"power", "unused", "trust"}
	}
	return segs, opt
}

// codesOf is the list of codes Compare reports for opt.
func codesOf(segs []Segment, opt Options) []string {
	if len(opt.Codes) > 0 {
		return opt.Codes
	}
	var codes []string
	for _, s := range segs {
		if slices.Contains(opt.Coders, s.Coder) && !slices.Contains(codes, s.Code) {
			for _, d := range opt.Documents {
				if d.ID == s.Document && !s.Clip(d.Length).Empty() {
					codes = append(codes, s.Code)
					break
				}
			}
		}
	}
	slices.Sort(codes)
	return codes
}

func sameStat(got, want Stat) bool {
	return got.Defined == want.Defined && (!got.Defined || near(got, want.Value, 1e-9))
}

func checkRow(t *testing.T, what string, got Row, want naive, coders []string) {
	t.Helper()
	ok := got.Length == want.length && got.All == want.all && got.None == want.none &&
		sameStat(got.PercentAgreement, want.percent) && sameStat(got.Kappa, want.kappa) && sameStat(got.Alpha, want.alpha)
	for c, id := range coders {
		ok = ok && got.Coded[id] == want.coded[c]
	}
	if !ok {
		t.Fatalf("%s: sweep %+v\nnaive %+v", what, got, want)
	}
}

func TestCompareMatchesNaive(t *testing.T) {
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 7))
		segs, opt := randomStudy(r)
		rep := Compare(segs, opt)
		n := len(opt.Coders)
		var rows []Row
		var overall [][]bool
		codes := codesOf(segs, opt)
		if len(rep.Codes) != len(codes) {
			t.Fatalf("seed %d: %d code rows, want %d", seed, len(rep.Codes), len(codes))
		}
		for ci, code := range codes {
			var pooled [][]bool
			for _, d := range opt.Documents {
				units := naiveUnits(segs, opt.Coders, code, d)
				pooled = append(pooled, units...)
				want := naiveStats(units, n)
				if want.none == want.length {
					continue // nobody applied the code here: no row
				}
				if len(rows) >= len(rep.Rows) {
					t.Fatalf("seed %d: missing row %s/%s", seed, code, d.ID)
				}
				got := rep.Rows[len(rows)]
				if got.Code != code || got.Document != d.ID {
					t.Fatalf("seed %d: row %s/%s, want %s/%s", seed, got.Code, got.Document, code, d.ID)
				}
				checkRow(t, fmt.Sprintf("seed %d, %s/%s", seed, code, d.ID), got, want, opt.Coders)
				rows = append(rows, got)
			}
			checkRow(t, fmt.Sprintf("seed %d, pooled %s", seed, code), rep.Codes[ci], naiveStats(pooled, n), opt.Coders)
			overall = append(overall, pooled...)
		}
		if len(rows) != len(rep.Rows) {
			t.Fatalf("seed %d: %d rows, naive has %d", seed, len(rep.Rows), len(rows))
		}
		checkRow(t, fmt.Sprintf("seed %d, overall", seed), rep.Overall, naiveStats(overall, n), opt.Coders)
	}
}

func TestDisagreementsMatchNaive(t *testing.T) {
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 11))
		segs, opt := randomStudy(r)
		n := len(opt.Coders)
		var want []Disagreement
		for _, code := range codesOf(segs, opt) {
			for _, d := range opt.Documents {
				units := naiveUnits(segs, opt.Coders, code, d)
				for i := 0; i < len(units); {
					j := i + 1
					for j < len(units) && slices.Equal(units[j], units[i]) {
						j++
					}
					var by, notBy []string
					for c, on := range units[i] {
						if on {
							by = append(by, opt.Coders[c])
						} else {
							notBy = append(notBy, opt.Coders[c])
						}
					}
					if len(by) > 0 && len(notBy) > 0 && n >= 2 {
						want = append(want, Disagreement{Document: d.ID, Code: code, Span: sp(i, j), CodedBy: by, NotCodedBy: notBy})
					}
					i = j
				}
			}
		}
		got := Disagreements(segs, opt)
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d disagreements, naive finds %d", seed, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Document != w.Document || g.Code != w.Code || g.Span != w.Span ||
				!slices.Equal(g.CodedBy, w.CodedBy) || !slices.Equal(g.NotCodedBy, w.NotCodedBy) {
				t.Fatalf("seed %d: disagreement %d is %+v, naive %+v", seed, i, g, w)
			}
		}
	}
}

// TestSegmentAgreementMatchesNaive checks the windowed search against
// comparing every pair of segments.
func TestSegmentAgreementMatchesNaive(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 13))
		segs, opt := randomStudy(r)
		threshold := []float64{0.5, 0.8, 0.9, 1}[r.IntN(4)]
		rep := SegmentAgreement(segs, opt, threshold)
		// Naive: selected, clipped, exact duplicates removed.
		type key struct {
			coder, code, doc string
			start, end       int
		}
		seen := map[key]bool{}
		var kept []Segment
		for _, s := range segs {
			i := slices.IndexFunc(opt.Documents, func(d Document) bool { return d.ID == s.Document })
			if i < 0 || !slices.Contains(opt.Coders, s.Coder) || (len(opt.Codes) > 0 && !slices.Contains(opt.Codes, s.Code)) {
				continue
			}
			s.Span = s.Clip(opt.Documents[i].Length)
			k := key{s.Coder, s.Code, s.Document, s.Start, s.End}
			if s.Empty() || seen[k] {
				continue
			}
			seen[k] = true
			kept = append(kept, s)
		}
		matched := 0
		for _, x := range kept {
			for _, y := range kept {
				if x.Coder != y.Coder && x.Code == y.Code && x.Document == y.Document {
					inter := x.Intersect(y.Span).Len()
					if inter > 0 && float64(inter)/float64(x.Len()+y.Len()-inter) >= threshold {
						matched++
						break
					}
				}
			}
		}
		if rep.Overall.Matched != matched || rep.Overall.Unmatched != len(kept)-matched {
			t.Fatalf("seed %d: %+v, naive %d matched of %d", seed, rep.Overall, matched, len(kept))
		}
	}
}
