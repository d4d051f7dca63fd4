package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"desktop/marginalia/coding"
)

// The property tests compare the sweeps with a naive reference that marks
// every character and tries every pair of codings, on random projects.

const propertyLength = 60 // characters per document

func randomProject(r *rand.Rand) ([]coding.Coding, Options, Proximity) {
	opt := Options{Codes: []string{"k0", "k1", "k2", "k3"}, Documents: []string{"d0", "d1", "d2"}, Coders: []string{"A", "B", "C"}}
	n := r.IntN(30)
	codings := make([]coding.Coding, n)
	for i := range codings {
		start := r.IntN(propertyLength - 1)
		codings[i] = coding.Coding{
			DocumentID: opt.Documents[r.IntN(3)],
			CoderID:    opt.Coders[r.IntN(3)],
			CodeID:     opt.Codes[r.IntN(4)],
			Span:       coding.Span{Start: start, End: start + 1 + r.IntN(min(20, propertyLength-start))},
		}
	}
	// Now and then select fewer coders or codes, in another order.
	if r.IntN(3) == 0 {
		opt.Coders = []string{"C", "A"}
	}
	if r.IntN(3) == 0 {
		opt.Codes = []string{"k2", "k0", "k3"}
	}
	var prox Proximity
	switch r.IntN(3) {
	case 1:
		prox = Proximity{Kind: Within, N: r.IntN(8)}
	case 2:
		prox = Proximity{Kind: Paragraph, Paragraphs: map[string][]int{}}
		for _, d := range opt.Documents[:2] { // d2 has no paragraph list: one paragraph
			starts := []int{0}
			for p := r.IntN(15) + 1; p < propertyLength; p += r.IntN(20) + 1 {
				starts = append(starts, p)
			}
			prox.Paragraphs[d] = starts
		}
	}
	return codings, opt, prox
}

// selected reports whether a coding counts under opt.
func selected(c coding.Coding, opt Options) bool {
	return slices.Contains(opt.Codes, c.CodeID) && slices.Contains(opt.Documents, c.DocumentID) && slices.Contains(opt.Coders, c.CoderID)
}

// marks is which characters a set of codings covers in one document.
func marks(codings []coding.Coding, keep func(coding.Coding) bool) []bool {
	m := make([]bool, propertyLength)
	for _, c := range codings {
		if keep(c) {
			for i := c.Start; i < c.End; i++ {
				m[i] = true
			}
		}
	}
	return m
}

func countOf(codings []coding.Coding, opt Options, keep func(coding.Coding) bool) Count {
	var n Count
	for _, d := range opt.Documents {
		inDoc := func(c coding.Coding) bool { return c.DocumentID == d && selected(c, opt) && keep(c) }
		k := 0
		for _, c := range codings {
			if inDoc(c) {
				k++
			}
		}
		n.Codings += k
		if k > 0 {
			n.Documents++
		}
		for _, on := range marks(codings, inDoc) {
			if on {
				n.Characters++
			}
		}
	}
	return n
}

// near is the naive proximity test.
func near(a, b coding.Coding, prox Proximity) bool {
	switch prox.Kind {
	case Within:
		return max(a.Start, b.Start)-min(a.End, b.End) <= prox.N
	case Paragraph:
		starts, ok := prox.Paragraphs[a.DocumentID]
		if !ok {
			return true
		}
		for i, s := range starts {
			end := propertyLength
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			p := coding.Span{Start: s, End: end}
			if p.Overlaps(a.Span) && p.Overlaps(b.Span) {
				return true
			}
		}
		return false
	}
	return a.Overlaps(b.Span)
}

func TestPropertyAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for run := range 3000 {
		codings, opt, prox := randomProject(r)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("run %d (%v, options %+v): %s\ncodings: %v", run, prox, opt, fmt.Sprintf(format, args...), codings)
		}
		f := CodeFrequencies(codings, opt)
		m := CodeMatrix(codings, opt)
		for i, code := range opt.Codes {
			ofCode := func(c coding.Coding) bool { return c.CodeID == code }
			if want := countOf(codings, opt, ofCode); f.Rows[i].Count != want {
				fail("frequencies of %s: %+v, want %+v", code, f.Rows[i].Count, want)
			}
			for j, coder := range opt.Coders {
				want := countOf(codings, opt, func(c coding.Coding) bool { return ofCode(c) && c.CoderID == coder })
				if f.Rows[i].ByCoder[j] != want {
					fail("frequencies of %s by %s: %+v, want %+v", code, coder, f.Rows[i].ByCoder[j], want)
				}
			}
			for j, doc := range opt.Documents {
				want := countOf(codings, opt, func(c coding.Coding) bool { return ofCode(c) && c.DocumentID == doc })
				if got := m.Cells[i][j]; got.Codings != want.Codings || got.Characters != want.Characters {
					fail("matrix %s × %s: %+v, want %+v", code, doc, got, want)
				}
			}
		}
		if want := countOf(codings, opt, func(coding.Coding) bool { return true }); f.Total.Count != want {
			fail("total %+v, want %+v", f.Total.Count, want)
		}

		co := CodeCooccurrence(codings, opt, prox)
		for i, a := range opt.Codes {
			for j := i + 1; j < len(opt.Codes); j++ {
				b := opt.Codes[j]
				var want Cell
				want.A, want.B = a, b
				docs := map[string]bool{}
				var pairs []Pair
				for x, cx := range codings {
					for y, cy := range codings {
						if cx.CodeID == a && cy.CodeID == b && selected(cx, opt) && selected(cy, opt) &&
							cx.DocumentID == cy.DocumentID && cx.CoderID == cy.CoderID && near(cx, cy, prox) {
							want.Pairs++
							docs[cx.DocumentID] = true
							pairs = append(pairs, Pair{x, y})
						}
					}
				}
				want.Documents = len(docs)
				for _, d := range opt.Documents {
					both := make([]bool, propertyLength)
					for _, coder := range opt.Coders {
						in := func(code string) func(coding.Coding) bool {
							return func(c coding.Coding) bool { return c.DocumentID == d && c.CoderID == coder && c.CodeID == code }
						}
						ma, mb := marks(codings, in(a)), marks(codings, in(b))
						for k := range both {
							both[k] = both[k] || ma[k] && mb[k]
						}
					}
					for _, on := range both {
						if on {
							want.Characters++
						}
					}
				}
				n1, n2 := countOf(codings, opt, func(c coding.Coding) bool { return c.CodeID == a }).Codings,
					countOf(codings, opt, func(c coding.Coding) bool { return c.CodeID == b }).Codings
				if want.Pairs > 0 {
					n12 := min(want.Pairs, n1, n2)
					want.C = float64(n12) / float64(n1+n2-n12)
					want.Capped = want.Pairs > min(n1, n2)
				} else {
					want.Characters = 0 // shared text without a pair cannot happen under any proximity
				}
				if got := co.Cell(i, j); got != want {
					fail("co-occurrence %s–%s: %+v, want %+v", a, b, got, want)
				}
				got := CooccurringPairs(codings, opt, prox, a, b)
				slices.SortFunc(got, func(p, q Pair) int { return p.First*1000 + p.Second - q.First*1000 - q.Second })
				if !slices.Equal(got, pairs) {
					fail("pairs %s–%s: %v, want %v", a, b, got, pairs)
				}
			}
		}
	}
}
