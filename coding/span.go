package coding

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// Span is a half-open range [Start, End) of rune offsets in a document's text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of runes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether the span covers no rune.
func (s Span) Empty() bool { return s.End <= s.Start }

// Contains reports whether rune offset i lies inside the span.
func (s Span) Contains(i int) bool { return i >= s.Start && i < s.End }

// Overlaps reports whether s and t share at least one rune.
func (s Span) Overlaps(t Span) bool { return s.Start < t.End && t.Start < s.End }

// Intersect is the part of s inside t; it is empty when they do not overlap.
func (s Span) Intersect(t Span) Span {
	r := Span{max(s.Start, t.Start), min(s.End, t.End)}
	if r.End < r.Start {
		r.End = r.Start
	}
	return r
}

// Clip limits s to [0, length).
func (s Span) Clip(length int) Span { return s.Intersect(Span{0, length}) }

// Validate checks that s is a non-empty range inside a text of length runes.
func (s Span) Validate(length int) error {
	switch {
	case s.Start < 0:
		return fmt.Errorf("start %d is negative", s.Start)
	case s.End <= s.Start:
		return fmt.Errorf("end %d is not after start %d", s.End, s.Start)
	case s.End > length:
		return fmt.Errorf("end %d is past the end of the text (%d characters)", s.End, length)
	}
	return nil
}

func (s Span) String() string { return fmt.Sprintf("[%d,%d)", s.Start, s.End) }

// Union merges spans into a sorted list of disjoint, non-adjacent spans
// covering the same runes. Empty spans are dropped. The input is not changed.
func Union(spans []Span) []Span {
	sorted := make([]Span, 0, len(spans))
	for _, s := range spans {
		if !s.Empty() {
			sorted = append(sorted, s)
		}
	}
	slices.SortFunc(sorted, func(a, b Span) int { return a.Start - b.Start })
	out := sorted[:0]
	for _, s := range sorted {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Covered is the number of runes covered by a list of spans from Union.
func Covered(union []Span) int {
	n := 0
	for _, s := range union {
		n += s.Len()
	}
	return n
}

// Intersection is the runes covered by both a and b, which must be results of
// Union (sorted and disjoint). The result is sorted and disjoint too.
func Intersection(a, b []Span) []Span {
	var out []Span
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if r := a[i].Intersect(b[j]); !r.Empty() {
			out = append(out, r)
		}
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return out
}

// RuneToByte converts a rune offset in s to a byte offset. Offsets past the
// end map to len(s).
func RuneToByte(s string, runeOffset int) int {
	if runeOffset <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == runeOffset {
			return i
		}
		n++
	}
	return len(s)
}

// ByteToRune converts a byte offset in s to a rune offset. A byte offset in
// the middle of a multi-byte rune counts that rune as not yet reached.
func ByteToRune(s string, byteOffset int) int {
	byteOffset = min(max(byteOffset, 0), len(s))
	return utf8.RuneCountInString(s[:byteOffset])
}

// Slice returns the runes [span.Start, span.End) of s, clipped to s.
func Slice(s string, span Span) string {
	span.Start = max(span.Start, 0)
	if span.Empty() {
		return ""
	}
	b := RuneToByte(s, span.Start)
	return s[b : b+RuneToByte(s[b:], span.Len())]
}
