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
	raw    string // the file's text without the byte order marks it starts with
	stored string // coding.NormalizeText of the file's text
	length int    // runes of stored
	// crlf and astral say whether raw has a CRLF, or a character outside
	// the Basic Multilingual Plane: only then do conventions differ.
	crlf, astral bool
	tables       map[Units][]int32 // PositionTable of raw, made when first needed
	runes        []rune            // stored, as runes, made when first needed
}

// decodeText turns the bytes of a text file (UTF-8 with or without a BOM,
// or UTF-16 with a BOM) into a sourceText. The BOMs it starts with are
// removed, as coding.NormalizeText does, and positions count from after them.
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
	t := &sourceText{stored: coding.NormalizeText(raw), raw: strings.TrimLeft(raw, "\ufeff")}
	t.length = utf8.RuneCountInString(t.stored)
	t.crlf, t.astral = needsTable(t.raw)
	return t
}

// candidates are the conventions that read this text differently, the
// schema's first.
func (t *sourceText) candidates() []Units {
	out := []Units{CodePoints}
	if t.astral {
		out = append(out, Units{UTF16: true})
	}
	if t.crlf {
		out = append(out, Units{CRLFTwo: true})
		if t.astral {
			out = append(out, Units{UTF16: true, CRLFTwo: true})
		}
	}
	return out
}

// table is PositionTable(raw, u), or nil when it is the identity.
func (t *sourceText) table(u Units) []int32 {
	if (!u.UTF16 || !t.astral) && (!u.CRLFTwo || !t.crlf) {
		return nil
	}
	if tb, ok := t.tables[u]; ok {
		return tb
	}
	if t.tables == nil {
		t.tables = map[Units][]int32{}
	}
	tb := PositionTable(t.raw, u)
	t.tables[u] = tb
	return tb
}

// toStored maps position p, counted in units u, onto the stored text; ok
// is false when p is out of the text or inside a character.
func (t *sourceText) toStored(u Units, p int) (int, bool) {
	tb := t.table(u)
	if tb == nil {
		return p, p >= 0 && p <= t.length
	}
	if p < 0 || p >= len(tb) || tb[p] == Inside {
		return 0, false
	}
	return int(tb[p]), true
}

// mapSpan maps a span counted in units u; ok is false when either end
// cannot be placed.
func (t *sourceText) mapSpan(u Units, s coding.Span) (coding.Span, bool) {
	start, ok1 := t.toStored(u, s.Start)
	end, ok2 := t.toStored(u, s.End)
	return coding.Span{Start: start, End: end}, ok1 && ok2
}

// placeError says why position p (units u) cannot be placed.
func (t *sourceText) placeError(u Units, p int) string {
	tb := t.table(u)
	if tb == nil {
		tb = PositionTable(t.raw, u) // the identity; small texts or an error path
	}
	return positionError(tb, t.raw, u, p)
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
