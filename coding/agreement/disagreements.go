package agreement

import (
	"fmt"
	"strings"

	"marginalia/coding"
)

// Disagreement is a stretch of a document where the selected coders differ
// on a code: some coded it (CodedBy) and some did not (NotCodedBy), both in
// the order of Options.Coders.
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
	s.groups(func(g group) {
		unions(g, per)
		sweep(per, func(span coding.Span, active []bool, count int) {
			if count == n {
				return
			}
			d := Disagreement{
				Document:   s.docs[g.doc].ID,
				Code:       s.codes[g.code],
				Span:       span,
				CodedBy:    make([]string, 0, count),
				NotCodedBy: make([]string, 0, n-count),
			}
			for c, on := range active {
				if on {
					d.CodedBy = append(d.CodedBy, s.coders[c])
				} else {
					d.NotCodedBy = append(d.NotCodedBy, s.coders[c])
				}
			}
			out = append(out, d)
		})
	})
	return out
}
