package textview

import (
	"cmp"
	"slices"

	"desktop/marginalia/coding"
)

// spanIndex answers "which spans overlap this range" in O(log n + k): the
// spans sorted by start (longer first on ties) form an implicit balanced
// binary search tree, node mid of [lo, hi) holding the largest end in its
// subtree. The sort order is also the drawing order, so that later spans
// (usually nested inside earlier ones) are drawn on top.
type spanIndex struct {
	spans  []coding.Span
	maxEnd []int
}

// drawOrder compares two spans for drawing: by start, then longer first.
func drawOrder(a, b coding.Span) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	return cmp.Compare(b.End, a.End)
}

// newSpanIndex indexes spans, which must already be sorted by drawOrder.
func newSpanIndex(spans []coding.Span) spanIndex {
	ix := spanIndex{spans: spans, maxEnd: make([]int, len(spans))}
	ix.build(0, len(spans))
	return ix
}

func (ix *spanIndex) build(lo, hi int) int {
	if lo >= hi {
		return -1 << 62
	}
	mid := int(uint(lo+hi) >> 1)
	m := max(ix.spans[mid].End, ix.build(lo, mid), ix.build(mid+1, hi))
	ix.maxEnd[mid] = m
	return m
}

// overlapping appends to out the positions (in drawing order) of the spans
// that share at least one rune with [from, to), or that are empty and sit
// inside it.
func (ix *spanIndex) overlapping(from, to int, out []int) []int {
	return ix.query(0, len(ix.spans), from, to, out)
}

func (ix *spanIndex) query(lo, hi, from, to int, out []int) []int {
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ix.maxEnd[mid] <= from {
			return out // nothing in this subtree ends after from
		}
		out = ix.query(lo, mid, from, to, out)
		s := ix.spans[mid]
		if s.Start >= to {
			return out // this node and its right subtree start too late
		}
		if s.End > from {
			out = append(out, mid)
		}
		lo = mid + 1
	}
	return out
}

// sortedByDrawOrder returns the positions of hs sorted by drawOrder of their
// spans (stable, so equal spans keep the caller's order).
func sortedByDrawOrder(spans []coding.Span) []int {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return drawOrder(spans[a], spans[b]) })
	return order
}
