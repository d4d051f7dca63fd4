package coding

import "unicode/utf8"

// textIndexStride is how many runes apart a Text records a byte offset.
const textIndexStride = 32

// Text is a stored text prepared for slicing by rune offsets many times
// (exports, imports that check coded text): it keeps a sparse index from
// rune to byte offsets, so that a slice neither copies the text nor walks it
// from the start. Slice(text, span) is the one-off equivalent.
type Text struct {
	s      string
	length int     // in runes
	marks  []int32 // marks[i] is the byte offset of rune i·textIndexStride; nil for ASCII
}

// NewText indexes s.
func NewText(s string) *Text {
	t := &Text{s: s, length: utf8.RuneCountInString(s)}
	if t.length == len(s) {
		return t
	}
	t.marks = make([]int32, 0, t.length/textIndexStride+1)
	n := 0
	for i := range s {
		if n%textIndexStride == 0 {
			t.marks = append(t.marks, int32(i))
		}
		n++
	}
	return t
}

// Len is the length of the text in runes.
func (t *Text) Len() int { return t.length }

// String is the text.
func (t *Text) String() string { return t.s }

// byteOffset is the byte offset of rune i, clamped to [0, Len()].
func (t *Text) byteOffset(i int) int {
	switch {
	case i <= 0:
		return 0
	case i >= t.length:
		return len(t.s)
	case t.marks == nil:
		return i
	}
	b := int(t.marks[i/textIndexStride])
	for range i % textIndexStride {
		_, size := utf8.DecodeRuneInString(t.s[b:])
		b += size
	}
	return b
}

// Slice is the text of a span of rune offsets, clipped to the text.
func (t *Text) Slice(s Span) string {
	s = s.Clip(t.length)
	if s.Empty() {
		return ""
	}
	return t.s[t.byteOffset(s.Start):t.byteOffset(s.End)]
}
