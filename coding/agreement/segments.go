package agreement

import (
	"math"
	"sort"
)

// DefaultThreshold is the intersection-over-union a segment needs with
// another coder's segment to agree, as MAXQDA's default of 90 %.
const DefaultThreshold = 0.9

// SegmentCount counts the segments that agree (Matched) and those that do
// not; Percent is Matched / (Matched + Unmatched), a share in [0, 1],
// undefined when there are no segments.
type SegmentCount struct {
	Matched   int  `json:"matched"`
	Unmatched int  `json:"unmatched"`
	Percent   Stat `json:"percent"`
}

func (c *SegmentCount) add(matched bool) {
	if matched {
		c.Matched++
	} else {
		c.Unmatched++
	}
}

func (c *SegmentCount) finish() {
	c.Percent = ratio(float64(c.Matched), float64(c.Matched+c.Unmatched))
}

// SegmentRow is the segment agreement of one code (Coder "") over all
// selected coders, or of one coder (Code "") over all codes.
type SegmentRow struct {
	Code  string `json:"code,omitempty"`
	Coder string `json:"coder,omitempty"`
	SegmentCount
}

// SegmentReport is the outcome of SegmentAgreement.
type SegmentReport struct {
	// Threshold is the intersection-over-union that was required.
	Threshold float64 `json:"threshold"`
	// Coders are the selected coders, each once, in the order of Options.
	Coders []string `json:"coders"`
	// Codes has a row per compared code (selected as by Compare).
	Codes []SegmentRow `json:"codes"`
	// ByCoder has a row per selected coder.
	ByCoder []SegmentRow `json:"by_coder"`
	// Overall counts every segment of every selected coder.
	Overall SegmentCount `json:"overall"`
}

// SegmentAgreement judges each segment as MAXQDA's segment-level agreement
// does: a segment of coder X agrees when at least one other selected coder
// applied the same code in the same document to a segment whose
// intersection over union with it, |X ∩ Y| / |X ∪ Y| in runes, is at least
// threshold. A threshold outside (0, 1] means DefaultThreshold. Segments are
// selected and clipped as by Compare; a coder's exact duplicates (same code,
// document and span) count once, other overlapping segments of one coder
// count separately. With one selected coder every segment is unmatched.
func SegmentAgreement(segments []Segment, opt Options, threshold float64) SegmentReport {
	if !(threshold > 0 && threshold <= 1) {
		threshold = DefaultThreshold
	}
	s := newStudy(segments, opt)
	n := len(s.coders)
	rep := SegmentReport{Threshold: threshold, Coders: s.coders}
	codes := make([]SegmentCount, len(s.codes))
	coders := make([]SegmentCount, n)
	byCoder := make([][]seg, n)
	s.groups(func(g group) {
		for c := range byCoder {
			byCoder[c] = byCoder[c][:0]
		}
		for i, x := range g.segs {
			if i > 0 && x == g.segs[i-1] {
				continue // exact duplicate
			}
			byCoder[x.coder] = append(byCoder[x.coder], x)
		}
		for c, mine := range byCoder {
			for _, x := range mine {
				matched := false
				for d, theirs := range byCoder {
					if d != c && hasMatch(x, theirs, threshold) {
						matched = true
						break
					}
				}
				codes[g.code].add(matched)
				coders[c].add(matched)
				rep.Overall.add(matched)
			}
		}
	})
	for i, c := range codes {
		c.finish()
		rep.Codes = append(rep.Codes, SegmentRow{Code: s.codes[i], SegmentCount: c})
	}
	for i, c := range coders {
		c.finish()
		rep.ByCoder = append(rep.ByCoder, SegmentRow{Coder: s.coders[i], SegmentCount: c})
	}
	rep.Overall.finish()
	return rep
}

// hasMatch reports whether a segment in theirs (sorted by start) has an
// intersection over union of at least t with x. Such a segment starts within
// (1−t)/t·|x| of x's start, since |Δstart| + |Δend| = |x ∪ y| − |x ∩ y| ≤
// (1−t)·|x ∪ y| and |x ∪ y| ≤ |x ∩ y|/t ≤ |x|/t; only those are examined.
func hasMatch(x seg, theirs []seg, t float64) bool {
	reach := (1 - t) / t * float64(x.Len())
	window := math.MaxInt / 4
	if reach < float64(window) {
		window = int(math.Ceil(reach)) + 1
	}
	first := sort.Search(len(theirs), func(i int) bool { return theirs[i].Start >= x.Start-window })
	for _, y := range theirs[first:] {
		if y.Start > x.Start+window {
			break
		}
		inter := x.Intersect(y.Span).Len()
		if inter == 0 {
			continue
		}
		union := x.Len() + y.Len() - inter
		if float64(inter)/float64(union) >= t {
			return true
		}
	}
	return false
}
