package agreement

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"

	"desktop/marginalia/coding"
)

// Defaults of Bootstrap (see the package documentation, "Confidence
// intervals").
const (
	// DefaultResamples is the number of bootstrap resamples.
	DefaultResamples = 2000
	// DefaultSeed seeds the resampling, so that a report run twice gives
	// the same intervals.
	DefaultSeed uint64 = 2007
	// DefaultLevel is the confidence level of the intervals.
	DefaultLevel = 0.95
	// MinDocuments is the fewest considered documents that Bootstrap
	// resamples; with fewer it resamples paragraphs.
	MinDocuments = 10
)

// DefaultMinimums are the smallest acceptable alphas whose risk Bootstrap
// reports by default: 0.667, below which Krippendorff advises against
// drawing even tentative conclusions, and 0.8, the usual requirement.
var DefaultMinimums = []float64{0.667, 0.8}

// The units Bootstrap resamples (Intervals.Unit).
const (
	UnitDocument  = "document"
	UnitParagraph = "paragraph"
)

// BootstrapMethod names the method, for reports.
const BootstrapMethod = "cluster bootstrap, percentile interval (Hayes & Krippendorff 2007)"

// BootstrapOptions say how Bootstrap resamples. Zero values take the
// defaults.
type BootstrapOptions struct {
	Resamples int     // DefaultResamples when 0
	Seed      uint64  // DefaultSeed when 0
	Level     float64 // DefaultLevel when 0; must be in (0, 1)
	// Minimums are the smallest acceptable alphas whose risk is reported
	// (DefaultMinimums when nil).
	Minimums []float64
	// Paragraphs gives, by document ID, the spans of a document's
	// paragraphs (coding.Paragraphs of its text), which must cover the
	// document without gaps. They are used when fewer than MinDocuments
	// documents are considered; a document missing here, or whose spans do
	// not cover it, counts as one paragraph.
	Paragraphs map[string][]coding.Span
}

func (o BootstrapOptions) withDefaults() BootstrapOptions {
	if o.Resamples <= 0 {
		o.Resamples = DefaultResamples
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if !(o.Level > 0 && o.Level < 1) {
		o.Level = DefaultLevel
	}
	if o.Minimums == nil {
		o.Minimums = DefaultMinimums
	}
	return o
}

// Interval is a confidence interval [Lo, Hi]; an undefined one (Defined
// false) is written to JSON as null.
type Interval struct {
	Lo, Hi  float64
	Defined bool
}

// Contains tells whether v lies in the interval.
func (i Interval) Contains(v float64) bool { return i.Defined && i.Lo <= v && v <= i.Hi }

// MarshalJSON writes [lo, hi], or null when the interval is undefined.
func (i Interval) MarshalJSON() ([]byte, error) {
	if !i.Defined {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('[')
	b.Write(strconv.AppendFloat(nil, i.Lo, 'g', -1, 64))
	b.WriteString(", ")
	b.Write(strconv.AppendFloat(nil, i.Hi, 'g', -1, 64))
	b.WriteByte(']')
	return b.Bytes(), nil
}

// FormatInterval writes an interval with two decimals, as in
// "[0.52, 0.71]", or "–" when it is undefined.
func FormatInterval(i Interval) string {
	if !i.Defined {
		return undefinedText
	}
	return "[" + FormatCoefficient(Of(i.Lo)) + ", " + FormatCoefficient(Of(i.Hi)) + "]"
}

// Below is the share of resamples whose alpha fell below a minimum: the
// risk that the true alpha is below it (Hayes & Krippendorff's q).
type Below struct {
	Minimum float64
	Share   Stat
}

// RowInterval holds the intervals of one pooled row of Report (Code "" for
// Report.Overall).
type RowInterval struct {
	Code  string
	Alpha Interval
	Kappa Interval
	// AlphaBelow has one entry per minimum of BootstrapOptions, in order.
	AlphaBelow []Below
	// AlphaUndefined and KappaUndefined count the resamples on which the
	// figure was undefined (say, the code occurred in no drawn document);
	// the interval and the shares are taken over the others.
	AlphaUndefined, KappaUndefined int
}

// Intervals is the outcome of Bootstrap: the intervals of Report.Codes, in
// the same order, and of Report.Overall.
type Intervals struct {
	// Unit is what was resampled: UnitDocument or UnitParagraph.
	Unit string
	// Clusters is the number of documents or paragraphs resampled.
	Clusters  int
	Resamples int
	Seed      uint64
	Level     float64
	Minimums  []float64
	Codes     []RowInterval
	Overall   RowInterval
}

// Code returns the intervals of a pooled code.
func (iv *Intervals) Code(id string) (RowInterval, bool) {
	if iv == nil {
		return RowInterval{}, false
	}
	for _, r := range iv.Codes {
		if r.Code == id {
			return r, true
		}
	}
	return RowInterval{}, false
}

// Bootstrap computes confidence intervals for the pooled alpha and kappa
// of every code and overall that Compare(segments, opt) reports, and the
// share of resamples with alpha below each minimum, by a cluster bootstrap
// over documents (or, with fewer than MinDocuments documents, paragraphs):
// see the package documentation, "Confidence intervals". The same options
// and seed give the same intervals.
//
// It counts each (code, cluster) once, from span boundaries, and
// recomputes each resample from those counts: O(S log S + R·(C + P·k)) for
// S segments, R resamples, C clusters, P (code, cluster) pairs someone
// coded and k coders.
func Bootstrap(segments []Segment, opt Options, bo BootstrapOptions) Intervals {
	bo = bo.withDefaults()
	s := newStudy(segments, opt)
	byParagraph := len(s.docs) < MinDocuments
	cs := newClusterSet(s, byParagraph, bo.Paragraphs)
	iv := Intervals{Unit: UnitDocument, Clusters: len(cs.lengths), Resamples: bo.Resamples,
		Seed: bo.Seed, Level: bo.Level, Minimums: slices.Clone(bo.Minimums)}
	if byParagraph {
		iv.Unit = UnitParagraph
	}
	nCodes := len(s.codes)
	alphas := make([][]float64, nCodes+1) // the last is overall
	kappas := make([][]float64, nCodes+1)
	undefA := make([]int, nCodes+1)
	undefK := make([]int, nCodes+1)
	if len(s.coders) >= 2 && len(cs.lengths) > 0 {
		r := rand.New(rand.NewPCG(bo.Seed, 0x6b726970)) // "krip"
		weights := make([]int32, len(cs.lengths))
		pooled := make([]tally, nCodes+1)
		for i := range pooled {
			pooled[i] = newTally(len(s.coders))
		}
		for range bo.Resamples {
			clear(weights)
			for range weights {
				weights[r.IntN(len(weights))]++
			}
			cs.pool(weights, pooled)
			for i, t := range pooled {
				if t.length == 0 {
					undefA[i]++
					undefK[i]++
					continue
				}
				if a := t.alpha(); a.Defined {
					alphas[i] = append(alphas[i], a.Value)
				} else {
					undefA[i]++
				}
				if k := t.kappa(); k.Defined {
					kappas[i] = append(kappas[i], k.Value)
				} else {
					undefK[i]++
				}
			}
		}
	} else {
		for i := range undefA {
			undefA[i], undefK[i] = bo.Resamples, bo.Resamples
		}
	}
	row := func(i int, code string) RowInterval {
		ri := RowInterval{Code: code, Alpha: percentile(alphas[i], bo.Level), Kappa: percentile(kappas[i], bo.Level),
			AlphaUndefined: undefA[i], KappaUndefined: undefK[i]}
		for _, m := range bo.Minimums {
			below := 0
			for _, a := range alphas[i] {
				if a < m {
					below++
				}
			}
			ri.AlphaBelow = append(ri.AlphaBelow, Below{Minimum: m, Share: ratio(float64(below), float64(len(alphas[i])))})
		}
		return ri
	}
	for i, code := range s.codes {
		iv.Codes = append(iv.Codes, row(i, code))
	}
	iv.Overall = row(nCodes, "")
	return iv
}

// percentile is the equal-tailed percentile interval of values at the
// given level: the (1 − level)/2 and (1 + level)/2 quantiles, interpolated
// between order statistics (R's default, type 7). It sorts values.
func percentile(values []float64, level float64) Interval {
	if len(values) == 0 {
		return Interval{}
	}
	slices.Sort(values)
	q := func(p float64) float64 {
		h := p * float64(len(values)-1)
		i := int(math.Floor(h))
		if i+1 >= len(values) {
			return values[len(values)-1]
		}
		return values[i] + (h-float64(i))*(values[i+1]-values[i])
	}
	tail := (1 - level) / 2
	return Interval{Lo: q(tail), Hi: q(1 - tail), Defined: true}
}

// clusterSet is a study cut into clusters (documents or paragraphs) with
// the counts of every (code, cluster) that someone coded: what a resample
// needs, so that no resample looks at spans again.
type clusterSet struct {
	coders  int
	lengths []int // per cluster, in runes
	doc     []int // per cluster, the study's document index
	start   []int // per cluster, where it starts in its document
	codes   []clusterCounts
}

// clusterCounts are one code's counts in the clusters where someone coded
// it, by increasing cluster: for entry e, hist[e·n + k − 1] is the runes
// coded by exactly k ≥ 1 of the n coders and coded[e·n + c] the runes coder
// c coded.
type clusterCounts struct {
	cluster []int32
	hist    []int
	coded   []int
}

// newClusterSet cuts every considered document into one cluster, or into
// its paragraphs when byParagraph, and counts each code in each cluster.
func newClusterSet(s *study, byParagraph bool, paragraphs map[string][]coding.Span) *clusterSet {
	n := len(s.coders)
	cs := &clusterSet{coders: n, codes: make([]clusterCounts, len(s.codes))}
	first := make([]int, len(s.docs)) // the document's first cluster
	starts := make([][]int, len(s.docs))
	for i, d := range s.docs {
		first[i] = len(cs.lengths)
		spans := []coding.Span{{Start: 0, End: d.Length}}
		if byParagraph {
			if p := paragraphs[d.ID]; covers(p, d.Length) {
				spans = p
			} else if d.Length == 0 {
				spans = nil
			}
		}
		for _, sp := range spans {
			starts[i] = append(starts[i], sp.Start)
			cs.lengths = append(cs.lengths, sp.Len())
			cs.doc = append(cs.doc, i)
			cs.start = append(cs.start, sp.Start)
		}
	}
	per := make([][]coding.Span, n)
	s.groups(func(g group) {
		unions(g, per)
		cc := &cs.codes[g.code]
		st := starts[g.doc]
		sweep(per, func(span coding.Span, active []bool, k int) {
			for !span.Empty() {
				// The paragraph holding span.Start and the part of span in it.
				p := sort.SearchInts(st, span.Start+1) - 1
				end := span.End
				if p+1 < len(st) {
					end = min(end, st[p+1])
				}
				cluster := int32(first[g.doc] + p)
				if m := len(cc.cluster); m == 0 || cc.cluster[m-1] != cluster {
					cc.cluster = append(cc.cluster, cluster)
					cc.hist = append(cc.hist, make([]int, n)...)
					cc.coded = append(cc.coded, make([]int, n)...)
				}
				e := len(cc.cluster) - 1
				l := end - span.Start
				cc.hist[e*n+k-1] += l
				for c, on := range active {
					if on {
						cc.coded[e*n+c] += l
					}
				}
				span.Start = end
			}
		})
	})
	return cs
}

// covers tells whether spans cover [0, length) in order without gaps.
func covers(spans []coding.Span, length int) bool {
	end := 0
	for _, s := range spans {
		if s.Start != end || s.Empty() {
			return false
		}
		end = s.End
	}
	return end == length && length > 0
}

// pool fills out[i] with code i pooled over the resample in which cluster
// j is drawn weights[j] times, and out[len(codes)] with all codes pooled.
func (cs *clusterSet) pool(weights []int32, out []tally) {
	n := cs.coders
	total := 0
	for j, w := range weights {
		total += int(w) * cs.lengths[j]
	}
	overall := &out[len(cs.codes)]
	clear(overall.hist)
	clear(overall.coded)
	overall.length = 0
	for i, cc := range cs.codes {
		t := &out[i]
		clear(t.hist)
		clear(t.coded)
		t.length = total
		for e, cluster := range cc.cluster {
			w := int(weights[cluster])
			if w == 0 {
				continue
			}
			h, c := cc.hist[e*n:e*n+n], cc.coded[e*n:e*n+n]
			for k := range n {
				t.hist[k+1] += w * h[k]
				t.coded[k] += w * c[k]
			}
		}
		coded := 0
		for _, h := range t.hist[1:] {
			coded += h
		}
		t.hist[0] = total - coded
		overall.add(*t)
	}
}
