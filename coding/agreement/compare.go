package agreement

import (
	"desktop/marginalia/coding"
)

// Row is the agreement of the selected coders on one code in one document
// (Document set), on one code pooled over the considered documents (Document
// ""), or on all codes pooled (Code and Document ""). The unit is one rune.
type Row struct {
	Code     string `json:"code,omitempty"`
	Document string `json:"document,omitempty"`
	// Length is the number of units: the document's length, or the sum over
	// the pooled (code, document) pairs.
	Length int `json:"length"`
	// Coded is, per selected coder, the runes that coder coded with the code
	// (the union of their segments, so overlaps count once).
	Coded map[string]int `json:"coded"`
	// All is the runes every selected coder coded; None the runes nobody did.
	All  int `json:"all"`
	None int `json:"none"`
	// PercentAgreement is the mean pairwise agreement P̄ (a share in [0, 1]):
	// for two coders (All + None) / Length.
	PercentAgreement Stat `json:"percent_agreement"`
	// Unanimity is (All + None) / Length, the share of units on which all
	// selected coders agree; the same as PercentAgreement for two coders.
	Unanimity Stat `json:"unanimity"`
	// Kappa is Cohen's kappa for two coders, Fleiss' kappa for three or more.
	Kappa Stat `json:"kappa"`
	// Alpha is Krippendorff's nominal alpha on coded / not coded.
	Alpha Stat `json:"alpha"`
	// BrennanPrediger is the free-marginal kappa with two categories (coded,
	// not coded) from PercentAgreement, as MAXQDA reports it.
	BrennanPrediger Stat `json:"brennan_prediger"`
}

// Report is the outcome of Compare.
type Report struct {
	// Coders are the selected coders, each once, in the order of Options.
	Coders []string `json:"coders"`
	// Rows has one row per (code, document) where at least one selected
	// coder applied the code, ordered by code then document (see Options).
	Rows []Row `json:"rows"`
	// Codes has one row per code, pooled over every considered document
	// (those where nobody applied the code add their runes to None).
	Codes []Row `json:"codes"`
	// Overall pools every row of Codes: its units are every (code, document)
	// pair of the considered documents.
	Overall Row `json:"overall"`
}

// tally is what the statistics need from a (code, document) pair or a pool
// of them: the number of units, hist[k] = units coded by exactly k of the n
// selected coders, and per coder the units they coded.
type tally struct {
	length int
	hist   []int
	coded  []int
}

func newTally(coders int) tally {
	return tally{hist: make([]int, coders+1), coded: make([]int, coders)}
}

func (t *tally) add(u tally) {
	t.length += u.length
	for k, h := range u.hist {
		t.hist[k] += h
	}
	for c, n := range u.coded {
		t.coded[c] += n
	}
}

// count fills a fresh tally of a document of the given length from the
// per-coder unions of one (code, document).
func count(per [][]coding.Span, length int) tally {
	t := newTally(len(per))
	t.length = length
	for c, u := range per {
		t.coded[c] = coding.Covered(u)
	}
	covered := 0
	sweep(per, func(span coding.Span, _ []bool, k int) {
		t.hist[k] += span.Len()
		covered += span.Len()
	})
	t.hist[0] = length - covered
	return t
}

// row computes the statistics of t for the given coders.
func (t tally) row(code, doc string, coders []string) Row {
	n := len(coders)
	r := Row{Code: code, Document: doc, Length: t.length, Coded: make(map[string]int, n), None: t.hist[0]}
	for c, id := range coders {
		r.Coded[id] = t.coded[c]
	}
	if n == 0 {
		return r
	}
	r.All = t.hist[n]
	if n < 2 || t.length == 0 {
		return r
	}
	r.Unanimity = ratio(float64(r.All+r.None), float64(t.length))
	// P̄ = Σ_k hist[k]·(k(k−1) + (n−k)(n−k−1)) / (n(n−1)·N), in integers.
	var agreeingPairs int64
	for k, h := range t.hist {
		agreeingPairs += int64(h) * int64(k*(k-1)+(n-k)*(n-k-1))
	}
	r.PercentAgreement = ratio(float64(agreeingPairs), float64(int64(n*(n-1))*int64(t.length)))
	r.BrennanPrediger = BrennanPrediger(r.PercentAgreement.Value, 2)
	r.Kappa = t.kappa()
	r.Alpha = t.alpha()
	return r
}

// kappa is Cohen's kappa of the 2×2 table for two coders, Fleiss' kappa of
// the per-unit counts (not coded, coded) for more.
func (t tally) kappa() Stat {
	n := len(t.coded)
	if n == 2 {
		a, d := float64(t.hist[2]), float64(t.hist[0])
		b, c := float64(t.coded[0])-a, float64(t.coded[1])-a
		return CohenKappa([][]float64{{a, b}, {c, d}})
	}
	var rows [][]float64
	var weight []float64
	for k, h := range t.hist {
		if h > 0 {
			rows = append(rows, []float64{float64(n - k), float64(k)})
			weight = append(weight, float64(h))
		}
	}
	return fleissOf(rows, weight).kappa()
}

// alpha is Krippendorff's nominal alpha from the coincidences of the values
// not coded (0) and coded (1): a unit coded by k of n coders adds k(k−1),
// (n−k)(n−k−1) and k(n−k) ordered pairs, each divided by n − 1.
func (t tally) alpha() Stat {
	n := len(t.coded)
	o := square(2)
	for k, h := range t.hist {
		w := float64(h) / float64(n-1)
		o[1][1] += w * float64(k*(k-1))
		o[0][0] += w * float64((n-k)*(n-k-1))
		o[0][1] += w * float64(k*(n-k))
	}
	o[1][0] = o[0][1]
	return alphaFromCoincidences(o, nominal)
}

// Compare measures how the selected coders agree, rune by rune, on every
// code in every considered document, per code pooled over the documents, and
// over all codes (see Options, Row and Report, and the package documentation
// for the formulas). Segments are clipped to their document; segments of
// other coders, documents or codes are ignored. It sorts the segments once
// and sweeps over span boundaries, never over single runes: O(S log S + R·k)
// for S segments, R report rows and k coders.
func Compare(segments []Segment, opt Options) Report {
	s := newStudy(segments, opt)
	rep := Report{Coders: s.coders}
	n := len(s.coders)
	totalLength := 0
	for _, d := range s.docs {
		totalLength += d.Length
	}
	pooled := make([]tally, len(s.codes))
	for i := range pooled {
		pooled[i] = newTally(n)
	}
	per := make([][]coding.Span, n)
	s.groups(func(g group) {
		unions(g, per)
		doc := s.docs[g.doc]
		t := count(per, doc.Length)
		rep.Rows = append(rep.Rows, t.row(s.codes[g.code], doc.ID, s.coders))
		pooled[g.code].add(t)
	})
	overall := newTally(n)
	for i, t := range pooled {
		// Documents where nobody applied the code are units nobody coded.
		t.hist[0] += totalLength - t.length
		t.length = totalLength
		rep.Codes = append(rep.Codes, t.row(s.codes[i], "", s.coders))
		overall.add(t)
	}
	rep.Overall = overall.row("", "", s.coders)
	return rep
}
