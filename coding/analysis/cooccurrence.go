package analysis

import (
	"fmt"
	"slices"
	"sort"

	"desktop/marginalia/coding"
)

// ProximityKind is when two codings count as co-occurring.
type ProximityKind int

// The proximities (see the package documentation).
const (
	Overlap   ProximityKind = iota // share at least one character
	Within                         // overlap or at most N characters apart
	Paragraph                      // touch the same paragraph
)

// Proximity says when two codings co-occur.
type Proximity struct {
	Kind ProximityKind
	// N is the most characters between two codings under Within.
	N int
	// Paragraphs gives, per document ID, where its paragraphs start
	// (ParagraphStarts of its text), for Paragraph. A document missing
	// here is one paragraph.
	Paragraphs map[string][]int
}

// String describes the proximity in words.
func (p Proximity) String() string {
	switch p.Kind {
	case Within:
		return fmt.Sprintf("within %d characters", p.N)
	case Paragraph:
		return "in the same paragraph"
	}
	return "overlapping"
}

// Cell is the co-occurrence of two different codes A and B, A before B in
// the order of the selected codes.
type Cell struct {
	A string `json:"a"`
	B string `json:"b"`
	// Pairs is n₁₂: the co-occurring pairs of codings, one of each code.
	Pairs int `json:"pairs"`
	// Documents is the number of documents where at least one pair occurs.
	Documents int `json:"documents"`
	// Characters is the characters coded with both codes by one coder.
	Characters int `json:"characters"`
	// C is the c-coefficient n₁₂ / (n₁ + n₂ − n₁₂), with n₁₂ capped at
	// min(n₁, n₂); 0 when the codes never co-occur.
	C float64 `json:"c"`
	// Capped reports that Pairs exceeded n₁ or n₂, so C used the smaller.
	Capped bool `json:"capped,omitempty"`
}

// Cooccurrence is the outcome of CodeCooccurrence.
type Cooccurrence struct {
	Codes     []string `json:"codes"`
	Documents []string `json:"documents"`
	Coders    []string `json:"coders"`
	// Codings is, per code of Codes, its number of codings (n₁, n₂).
	Codings   []int     `json:"codings"`
	Proximity Proximity `json:"-"`
	// Cells has one cell per unordered pair of different codes with
	// Pairs > 0, ordered by A then B in the order of Codes.
	Cells []Cell `json:"cells"`
	at    map[[2]int]int
}

// Cell is the co-occurrence of the codes at indices i and j of Codes, in
// either order; a pair that never co-occurs gives a cell with zero figures.
func (r Cooccurrence) Cell(i, j int) Cell {
	if i > j {
		i, j = j, i
	}
	if k, ok := r.at[[2]int{i, j}]; ok {
		return r.Cells[k]
	}
	if i < 0 || j >= len(r.Codes) {
		return Cell{}
	}
	return Cell{A: r.Codes[i], B: r.Codes[j]}
}

// CCoefficient is n₁₂ / (n₁ + n₂ − n₁₂) with n₁₂ capped at min(n₁, n₂) (see
// the package documentation); capped reports whether the cap applied.
func CCoefficient(pairs, n1, n2 int) (c float64, capped bool) {
	n12 := pairs
	if m := min(n1, n2); n12 > m {
		n12, capped = m, true
	}
	if n12 <= 0 {
		return 0, capped
	}
	return float64(n12) / float64(n1+n2-n12), capped
}

// ParagraphStarts is where the paragraphs of a stored text start, in runes:
// 0 and each first rune of a non-blank line that follows a blank line (one
// holding nothing but spaces and tabs).
func ParagraphStarts(text string) []int {
	starts := []int{0}
	pos := 0       // rune offset
	lineStart := 0 // rune offset of the current line
	blank := true  // the current line is blank so far
	sawBlank := false
	for _, r := range text {
		switch r {
		case '\n':
			if blank && pos > 0 {
				sawBlank = true
			}
			lineStart, blank = pos+1, true
		case ' ', '\t':
		default:
			if blank {
				blank = false
				if sawBlank && lineStart > 0 {
					starts = append(starts, lineStart)
				}
				sawBlank = false
			}
		}
		pos++
	}
	return starts
}

// reach is the stretch over which a span looks for partners: two codings
// co-occur when their reaches overlap.
func (p Proximity) reach(s span, paras []int) (int32, int32) {
	switch p.Kind {
	case Within:
		return s.start, s.end + int32(max(p.N, 0)) + 1
	case Paragraph:
		if len(paras) == 0 {
			return 0, 1 << 30
		}
		first := sort.SearchInts(paras, int(s.start)+1) - 1
		last := sort.SearchInts(paras, int(s.end)) // first paragraph starting at or after end
		from := int32(paras[max(first, 0)])
		to := int32(1 << 30)
		if last < len(paras) {
			to = int32(paras[last])
		}
		return from, to
	}
	return s.start, s.end
}

// reached is a span with its reach.
type reached struct {
	span
	from, to int32
}

// CodeCooccurrence counts, for each pair of selected codes, the pairs of
// codings that co-occur (see the package documentation), the documents
// where they do, the characters coded with both, and the c-coefficient.
func CodeCooccurrence(codings []coding.Coding, opt Options, prox Proximity) Cooccurrence {
	ix := resolve(codings, opt)
	nk := len(ix.codes)
	r := Cooccurrence{Codes: ix.codes, Documents: ix.docs, Coders: ix.coders, Codings: make([]int, nk), Proximity: prox, at: map[[2]int]int{}}
	for _, s := range ix.spans {
		r.Codings[s.code]++
	}
	pairs := make([]int, nk*nk) // upper triangle: [i*nk+j], i < j
	docs := make([]int, nk*nk)
	chars := make([]int, nk*nk)
	seenIn := make([]int32, nk*nk) // the document (+1) a pair was last counted in
	sweepPairs(ix, prox, func(a, b reached) {
		i, j := int(a.code), int(b.code)
		if i > j {
			i, j = j, i
		}
		k := i*nk + j
		pairs[k]++
		if seenIn[k] != a.doc+1 {
			seenIn[k] = a.doc + 1
			docs[k]++
		}
	})
	shared(ix, chars)
	for i := range nk {
		for j := i + 1; j < nk; j++ {
			k := i*nk + j
			if pairs[k] == 0 {
				continue
			}
			c, capped := CCoefficient(pairs[k], r.Codings[i], r.Codings[j])
			r.at[[2]int{i, j}] = len(r.Cells)
			r.Cells = append(r.Cells, Cell{A: ix.codes[i], B: ix.codes[j], Pairs: pairs[k], Documents: docs[k], Characters: chars[k], C: c, Capped: capped})
		}
	}
	return r
}

// sweepPairs calls pair for each co-occurring pair of spans with different
// codes, grouped by document and coder, the earlier-starting reach first.
func sweepPairs(ix index, prox Proximity, pair func(a, b reached)) {
	nc := len(ix.coders)
	all := make([]reached, len(ix.spans))
	for i, s := range ix.spans {
		from, to := prox.reach(s, prox.Paragraphs[ix.docs[s.doc]])
		all[i] = reached{span: s, from: from, to: to}
	}
	sorted, at := groupReached(all, len(ix.docs)*nc, func(s reached) int { return int(s.doc)*nc + int(s.coder) })
	var open []reached
	for k := range len(at) - 1 {
		open = open[:0]
		for _, s := range sorted[at[k]:at[k+1]] {
			kept := open[:0]
			for _, o := range open {
				if o.to > s.from {
					kept = append(kept, o)
				}
			}
			open = kept
			for _, o := range open {
				if o.code != s.code {
					pair(o, s)
				}
			}
			open = append(open, s)
		}
	}
}

// groupReached is groupBy for reached spans, sorting groups by reach.
func groupReached(spans []reached, keys int, key func(reached) int) ([]reached, []int) {
	at := make([]int, keys+1)
	for _, s := range spans {
		at[key(s)+1]++
	}
	for k := range keys {
		at[k+1] += at[k]
	}
	out := make([]reached, len(spans))
	next := slices.Clone(at[:keys])
	for _, s := range spans {
		k := key(s)
		out[next[k]] = s
		next[k]++
	}
	for k := range keys {
		if g := out[at[k]:at[k+1]]; len(g) > 1 {
			slices.SortFunc(g, func(a, b reached) int {
				if a.from != b.from {
					return int(a.from - b.from)
				}
				return int(a.to - b.to)
			})
		}
	}
	return out, at
}

// shared adds to chars[i*nk+j] (i < j) the characters of each document
// coded with both codes i and j by the same coder, counting a character
// once however many coders coded it so.
func shared(ix index, chars []int) {
	nk, nc := len(ix.codes), len(ix.coders)
	type edge struct {
		at          int32
		coder, code int32
		delta       int32
	}
	sorted, at := groupBy(ix.spans, len(ix.docs), func(s span) int { return int(s.doc) })
	var edges []edge
	depth := make([]int32, nc*nk) // open spans per coder and code
	active := make([][]int32, nc) // per coder, the codes open
	stamp := make([]int, nk*nk)   // the stretch a pair was last counted in
	stretch := 0
	for k := range len(at) - 1 {
		g := sorted[at[k]:at[k+1]]
		if len(g) < 2 {
			continue
		}
		edges = edges[:0]
		for _, s := range g {
			edges = append(edges, edge{s.start, s.coder, s.code, 1}, edge{s.end, s.coder, s.code, -1})
		}
		slices.SortFunc(edges, func(a, b edge) int { return int(a.at - b.at) })
		for e := 0; e < len(edges); {
			pos := edges[e].at
			for ; e < len(edges) && edges[e].at == pos; e++ {
				x := edges[e]
				d := &depth[int(x.coder)*nk+int(x.code)]
				*d += x.delta
				switch {
				case x.delta > 0 && *d == 1:
					active[x.coder] = append(active[x.coder], x.code)
				case x.delta < 0 && *d == 0:
					list := active[x.coder]
					i := slices.Index(list, x.code)
					list[i] = list[len(list)-1]
					active[x.coder] = list[:len(list)-1]
				}
			}
			if e == len(edges) {
				break
			}
			length := int(edges[e].at - pos)
			if length == 0 {
				continue
			}
			stretch++
			for _, codes := range active {
				for x := range codes {
					for y := x + 1; y < len(codes); y++ {
						i, j := int(codes[x]), int(codes[y])
						if i > j {
							i, j = j, i
						}
						if p := i*nk + j; stamp[p] != stretch {
							stamp[p] = stretch
							chars[p] += length
						}
					}
				}
			}
		}
	}
}

// Pair is two co-occurring codings, as indices into the codings given to
// CooccurringPairs: First has the earlier-listed code of the two.
type Pair struct{ First, Second int }

// CooccurringPairs lists the pairs of codings behind one cell of
// CodeCooccurrence: codings of codes a and b that co-occur, by document,
// coder and position.
func CooccurringPairs(codings []coding.Coding, opt Options, prox Proximity, a, b string) []Pair {
	if a == b {
		return nil
	}
	opt.Codes = []string{a, b}
	ix := resolve(codings, opt)
	var out []Pair
	sweepPairs(ix, prox, func(x, y reached) {
		if x.code > y.code {
			x, y = y, x
		}
		out = append(out, Pair{First: int(x.i), Second: int(y.i)})
	})
	return out
}
