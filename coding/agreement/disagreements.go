package agreement

import (
	"fmt"
	"strings"

	"desktop/marginalia/coding"
)

// Disagreement is a stretch of a document where the selected coders differ
// on a code: some coded it (CodedBy) and some did not (NotCodedBy), both in
// the order of Options.Coders. Disagreements with the same sets of coders
// may share these slices: copy before changing their elements.
type Disagreement struct {
	Document string `json:"document"`
	Code     string `json:"code"`
	coding.Span
	CodedBy    []string `json:"coded_by"`
	NotCodedBy []string `json:"not_coded_by"`
}

// String describes the disagreement, for logs and test failures.
func (d Disagreement) String() string {
	return fmt.Sprintf("%s in %s at %v: coded by %s, not by %s", d.Code, d.Document, d.Span,
		strings.Join(d.CodedBy, ", "), strings.Join(d.NotCodedBy, ", "))
}

// Disagreements lists every maximal stretch of a (document, code) on which
// the selected coders differ and the set of coders who coded it stays the
// same (with three or more coders a stretch coded by A alone followed by one
// coded by A and B gives two disagreements). They are ordered by code, then
// document, then position, with the same selection and order as Compare.
// With fewer than two selected coders there are none.
func Disagreements(segments []Segment, opt Options) []Disagreement {
	s := newStudy(segments, opt)
	n := len(s.coders)
	if n < 2 {
		return nil
	}
	var out []Disagreement
	per := make([][]coding.Span, n)
	sets := coderSets{coders: s.coders}
	s.groups(func(g group) {
		unions(g, per)
		sweep(per, func(span coding.Span, active []bool, count int) {
			if count == n {
				return
			}
			by, notBy := sets.of(active, count)
			out = append(out, Disagreement{
				Document:   s.docs[g.doc].ID,
				Code:       s.codes[g.code],
				Span:       span,
				CodedBy:    by,
				NotCodedBy: notBy,
			})
		})
	})
	return out
}

// coderSets gives the lists of coders who did and did not code, sharing one
// pair of slices per distinct set (there are few) when there are at most 64
// coders. The shared slices are full (len = cap), so a caller appending to
// one gets a copy.
type coderSets struct {
	coders []string
	seen   map[uint64][2][]string
}

func (cs *coderSets) of(active []bool, count int) (by, notBy []string) {
	var mask uint64
	shared := len(active) <= 64
	if shared {
		for c, on := range active {
			if on {
				mask |= 1 << c
			}
		}
		if p, ok := cs.seen[mask]; ok {
			return p[0], p[1]
		}
	}
	by = make([]string, 0, count)
	notBy = make([]string, 0, len(active)-count)
	for c, on := range active {
		if on {
			by = append(by, cs.coders[c])
		} else {
			notBy = append(notBy, cs.coders[c])
		}
	}
	if shared {
		if cs.seen == nil {
			cs.seen = map[uint64][2][]string{}
		}
		cs.seen[mask] = [2][]string{by, notBy}
	}
	return by, notBy
}
