package agreement

import (
	"cmp"
	"fmt"
	"slices"

	"desktop/marginalia/coding"
)

// Document is a document considered in a comparison: its ID and the length
// of its stored text in runes.
type Document struct {
	ID     string
	Length int
}

// Segment is one coding as the comparison sees it: which coder applied which
// code to which runes of which document (all by ID).
type Segment struct {
	Coder, Code, Document string
	coding.Span
}

// String describes the segment, for logs and test failures (without it the
// embedded Span's String would hide who coded what).
func (s Segment) String() string {
	return fmt.Sprintf("%s coded %s in %s at %v", s.Coder, s.Code, s.Document, s.Span)
}

// Options say what to compare.
//
// Coders are the selected coders, in the order reports list them; segments
// of other coders are ignored. Documents are the considered documents, in
// the order reports list them (the caller decides which, for example every
// document that all selected coders have opened); segments in other
// documents are ignored. Every selected coder counts as having read every
// considered document: a rune a coder did not code counts as "not coded", not
// as missing.
//
// Codes, when not empty, are the codes to compare, in the order reports list
// them; segments with other codes are ignored, and a listed code nobody
// applied still gets its pooled row (with undefined kappa and alpha). When
// Codes is empty, every code found in the selected segments is compared, in
// the order of code IDs.
//
// A coder, document or code listed twice counts once, at its first place.
type Options struct {
	Coders    []string
	Documents []Document
	Codes     []string
}

// seg is a selected segment clipped to its document, with indices into the
// study's coders, documents and codes.
type seg struct {
	code, doc, coder int32
	coding.Span
}

// study is the selection of Options applied to segments: the segments sorted
// by code, document, coder and start.
type study struct {
	coders []string
	docs   []Document
	codes  []string
	segs   []seg
}

// indexOf maps each distinct ID to its first position and returns the
// distinct IDs in order.
func indexOf(ids []string) (map[string]int32, []string) {
	index := make(map[string]int32, len(ids))
	var distinct []string
	for _, id := range ids {
		if _, dup := index[id]; !dup {
			index[id] = int32(len(distinct))
			distinct = append(distinct, id)
		}
	}
	return index, distinct
}

// newStudy selects, clips and sorts the segments. It runs in
// O(S log S) for S segments and never looks at individual runes.
func newStudy(segments []Segment, opt Options) *study {
	coderIdx, coders := indexOf(opt.Coders)
	docIdx := make(map[string]int32, len(opt.Documents))
	var docs []Document
	for _, d := range opt.Documents {
		if _, dup := docIdx[d.ID]; !dup {
			docIdx[d.ID] = int32(len(docs))
			d.Length = max(d.Length, 0)
			docs = append(docs, d)
		}
	}
	codeIdx, codes := indexOf(opt.Codes)
	fixedCodes := len(opt.Codes) > 0
	s := &study{coders: coders, docs: docs, segs: make([]seg, 0, len(segments))}
	for _, g := range segments {
		coder, ok := coderIdx[g.Coder]
		if !ok {
			continue
		}
		doc, ok := docIdx[g.Document]
		if !ok {
			continue
		}
		span := g.Span.Clip(docs[doc].Length)
		if span.Empty() {
			continue
		}
		code, ok := codeIdx[g.Code]
		if !ok {
			if fixedCodes {
				continue
			}
			code = int32(len(codes))
			codeIdx[g.Code] = code
			codes = append(codes, g.Code)
		}
		s.segs = append(s.segs, seg{code: code, doc: doc, coder: coder, Span: span})
	}
	if !fixedCodes {
		// Found codes are listed by ID: renumber them in sorted order.
		sorted := slices.Clone(codes)
		slices.Sort(sorted)
		rank := make([]int32, len(codes))
		for i, c := range sorted {
			rank[codeIdx[c]] = int32(i)
		}
		for i := range s.segs {
			s.segs[i].code = rank[s.segs[i].code]
		}
		codes = sorted
	}
	s.codes = codes
	slices.SortFunc(s.segs, func(a, b seg) int {
		if c := cmp.Compare(a.code, b.code); c != 0 {
			return c
		}
		if c := cmp.Compare(a.doc, b.doc); c != 0 {
			return c
		}
		if c := cmp.Compare(a.coder, b.coder); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.End, b.End)
	})
	return s
}

// group is the segments of one code in one document.
type group struct {
	code, doc int
	segs      []seg // sorted by coder, start
}

// groups calls fn for every (code, document) pair with at least one selected
// segment, in code order then document order.
func (s *study) groups(fn func(g group)) {
	for i := 0; i < len(s.segs); {
		j := i + 1
		for j < len(s.segs) && s.segs[j].code == s.segs[i].code && s.segs[j].doc == s.segs[i].doc {
			j++
		}
		fn(group{code: int(s.segs[i].code), doc: int(s.segs[i].doc), segs: s.segs[i:j]})
		i = j
	}
}

// unions fills per[c] with the union of coder c's segments in g: sorted,
// disjoint, non-touching spans. The slices of per are reused.
func unions(g group, per [][]coding.Span) {
	for c := range per {
		per[c] = per[c][:0]
	}
	for _, x := range g.segs {
		u := per[x.coder]
		if n := len(u); n > 0 && x.Start <= u[n-1].End {
			u[n-1].End = max(u[n-1].End, x.End)
			continue
		}
		per[x.coder] = append(u, x.Span)
	}
}

// sweep walks the per-coder unions of one (code, document) from left to
// right and calls fn for every maximal stretch that at least one coder coded
// and on which the set of coders who coded it does not change. active[c]
// tells whether coder c coded the stretch and count how many did; fn must not
// keep active. It takes O(B·k) for B span boundaries and k coders.
func sweep(per [][]coding.Span, fn func(span coding.Span, active []bool, count int)) {
	k := len(per)
	next := make([]int, k) // per coder, index of the current or next span
	active := make([]bool, k)
	count, at := 0, 0
	for {
		// The nearest boundary: a start of an inactive coder's next span or
		// an end of an active coder's span.
		pos, found := 0, false
		for c := range k {
			if next[c] == len(per[c]) {
				continue
			}
			b := per[c][next[c]].Start
			if active[c] {
				b = per[c][next[c]].End
			}
			if !found || b < pos {
				pos, found = b, true
			}
		}
		if !found {
			return
		}
		if count > 0 && at < pos {
			fn(coding.Span{Start: at, End: pos}, active, count)
		}
		for c := range k {
			if next[c] == len(per[c]) {
				continue
			}
			switch sp := per[c][next[c]]; {
			case active[c] && sp.End == pos:
				active[c] = false
				count--
				next[c]++
			case !active[c] && sp.Start == pos:
				active[c] = true
				count++
			}
		}
		at = pos
	}
}
