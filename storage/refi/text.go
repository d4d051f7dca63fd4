package refi

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

// sourceText is a source's text as we store it, with what is needed to map
// positions counted in the file's own convention onto it.
type sourceText struct {
	stored string // coding.NormalizeText of the file's text
	length int    // runes of stored
	// rawToStored maps a position that counts each CRLF as two characters
	// to a stored position; nil when the text has no CRLF, so that both
	// conventions agree.
	rawToStored []int32
	runes       []rune // stored, as runes, made when first needed
}

// decodeText turns the bytes of a text file (UTF-8 with or without a BOM,
// or UTF-16 with a BOM) into a sourceText. Exactly one BOM is removed, as
// coding.NormalizeText does.
func decodeText(data []byte) (*sourceText, error) {
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		var err error
		if data, _, err = toUTF8(data); err != nil {
			return nil, err
		}
	}
	if !utf8.Valid(data) {
		return nil, errors.New("the text is not UTF-8")
	}
	return newSourceText(string(data)), nil
}

func newSourceText(raw string) *sourceText {
	t := &sourceText{stored: coding.NormalizeText(raw)}
	t.length = utf8.RuneCountInString(t.stored)
	raw = strings.TrimPrefix(raw, "\ufeff")
	if !strings.Contains(raw, "\r\n") {
		return t
	}
	t.rawToStored = make([]int32, 0, utf8.RuneCountInString(raw)+1)
	s := int32(0)
	for i, r := range raw {
		t.rawToStored = append(t.rawToStored, s)
		if r != '\r' || !strings.HasPrefix(raw[i+1:], "\n") {
			s++ // the "\n" of a CRLF counts for the pair; a position between "\r" and "\n" is the line break's
		}
	}
	t.rawToStored = append(t.rawToStored, s)
	return t
}

// crlfTwoLength is the length of the text with each CRLF counted as two.
func (t *sourceText) crlfTwoLength() int { return len(t.rawToStored) - 1 }

// fromCRLFTwo maps a position that counts CRLF as two characters.
func (t *sourceText) fromCRLFTwo(p int) int {
	if p < 0 || p >= len(t.rawToStored) {
		return p + t.length - t.crlfTwoLength() // out of range either way; keep it out of range
	}
	return int(t.rawToStored[p])
}

// countsCRLFAsTwo decides, for a source whose text file has CRLF line
// endings, whether its selections count each CRLF as two characters (as the
// bytes in the file suggest) rather than as one (as the schema says). The
// heuristic (documented for users in ReadProject), per source:
//
//  1. If some position lies past the end of the stored text but within the
//     text counted with CRLF as two, they count CRLF as two.
//  2. Otherwise, if both readings fit, each is scored by how many selection
//     boundaries fall on a word boundary (a selection starting or ending in
//     the middle of a word is unlikely); CRLF-as-two wins only with a
//     strictly higher score. Shifting every position by the number of line
//     breaks before it sends nearly every boundary after the first paragraph
//     into the middle of a word, so the right reading stands out.
//
// Ties, and texts without CRLF, keep the schema's convention.
func (t *sourceText) countsCRLFAsTwo(spans []coding.Span) bool {
	if t.rawToStored == nil || len(spans) == 0 {
		return false
	}
	last := 0
	for _, s := range spans {
		last = max(last, s.Start, s.End)
	}
	switch {
	case last > t.crlfTwoLength():
		return false
	case last > t.length:
		return true
	}
	one, two := 0, 0
	for _, s := range spans {
		one += t.boundaryScore(s)
		two += t.boundaryScore(coding.Span{Start: t.fromCRLFTwo(s.Start), End: t.fromCRLFTwo(s.End)})
	}
	return two > one
}

// boundaryScore counts the ends of s that lie on a word boundary (0 to 2).
func (t *sourceText) boundaryScore(s coding.Span) int {
	if t.runes == nil {
		t.runes = []rune(t.stored)
	}
	score := 0
	for _, p := range []int{s.Start, s.End} {
		if p <= 0 || p >= len(t.runes) || !wordRune(t.runes[p-1]) || !wordRune(t.runes[p]) {
			score++
		}
	}
	return score
}

// wordRune reports whether r belongs to a word whose middle a selection
// would not normally cut. CJK is written without spaces (coding.IsCJK), so
// any position between its characters is a plausible boundary.
func wordRune(r rune) bool {
	if coding.IsCJK(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
