package textview

import (
	"unicode"

	"desktop/marginalia/coding"
)

// bitset is a set of small non-negative integers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, n/64+1) }

func (b bitset) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

// isHardBreak reports whether r ends a paragraph: the text is always broken
// after it and it is never drawn.
func isHardBreak(r rune) bool { return r == '\n' || r == '\u2028' || r == '\u2029' }

// breakOpportunities returns the positions i where a line may be broken
// before text[i] (soft breaks; hard breaks after '\n' are handled by wrap).
//
// It is a fast approximation of the Unicode line breaking algorithm (UAX #14)
// covering what matters for prose in Latin and CJK scripts:
//
//   - after a run of breaking spaces, unless the next rune is closing
//     punctuation (",", ".", ")", "。", "」"…), which must not start a line;
//   - after a hyphen or en dash between letters ("cyber-|attacks");
//   - before and after an em dash;
//   - between CJK ideographs, kana and Hangul, and around them, except before
//     closing punctuation or small kana ("中|文", not "中|。") and after opening
//     punctuation (not "「|中");
//   - never next to a quotation mark unless after spaces, nor after opening
//     punctuation even with spaces between;
//   - never next to a no-break space, figure space, word joiner or BOM.
//
// The go-text/typesetting segmenter implements the full UAX #14 but takes
// about a second per million runes on the target machine, too slow for the
// first frame; TestBreaksAgreeWithUAX14 checks that every break found here is
// also a UAX #14 break opportunity in the sample articles.
func breakOpportunities(text []rune) bitset {
	b := newBitset(len(text) + 1)
	var beforeSpaces rune // the last rune before the current run of spaces
	for i := 1; i < len(text); i++ {
		a, c := text[i-1], text[i]
		if a > ' ' && a < 0x80 && a != '-' && a != '/' && c < 0x80 {
			beforeSpaces = a // ASCII after a letter, digit or punctuation: no break
			continue
		}
		if !isSpace(a) {
			beforeSpaces = a
		}
		if canBreakBetween(a, c) && !(isSpace(a) && keepsAcrossSpaces(beforeSpaces, c)) {
			b.set(i)
		}
	}
	return b
}

// keepsAcrossSpaces reports whether a and b stay on one line even with
// spaces between them: after opening punctuation (LB14) and between a
// quotation mark and opening punctuation (LB15).
func keepsAcrossSpaces(a, b rune) bool {
	return isOpen(a) || isQuote(a) && isOpen(b)
}

// canBreakBetween reports whether a line may end between a and b.
func canBreakBetween(a, b rune) bool {
	if a < 0x80 && b < 0x80 { // fast path for ASCII
		switch {
		case b == ' ' || b == '\t' || isHardBreak(a) || isHardBreak(b):
			return false
		case a == ' ' || a == '\t':
			return !isCloseOrInfix(b)
		case a == '-' || a == '/':
			return isLetter(b)
		}
		return false
	}
	switch {
	case isGlue(a) || isGlue(b) || isSpace(b) || isHardBreak(a) || isHardBreak(b):
		return false
	case isSpace(a) || a == '\u200B':
		return !isCloseOrInfix(b)
	case isQuote(a) || isQuote(b):
		return false // UAX #14 LB19: quotation marks stay with their neighbours
	case a == '-' || a == '/' || a == '\u2010' || a == '\u2013':
		return isLetter(b)
	case a == '\u2014' || b == '\u2014':
		return !isCloseOrInfix(b) && !isOpen(a)
	case coding.IsCJK(a) || coding.IsCJK(b):
		return !isCloseOrInfix(b) && !isNonStarter(b) && !isOpen(a)
	}
	return false
}

// isQuote reports whether r is a quotation mark (UAX #14 class QU).
func isQuote(r rune) bool {
	switch r {
	case '"', '\'', '\u2018', '\u2019', '\u201B', '\u201C', '\u201D', '\u201F', '\u00AB', '\u00BB', '\u2039', '\u203A', '\u275B', '\u275C', '\u275D', '\u275E', '\u2E00', '\u2E01', '\u2E02', '\u2E03', '\u2E04', '\u2E05':
		return true
	}
	return false
}

// isLetter reports whether r is a letter (a hyphen before one is a break).
func isLetter(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) && !coding.IsCJK(r)
}

// isSpace reports whether r is a breaking space (UAX #14 class SP and the
// other breakable spaces of general category Zs).
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\u1680', '\u205F', '\u3000':
		return true
	}
	return r >= '\u2000' && r <= '\u200A' && r != '\u2007'
}

// isGlue reports whether r forbids a break on either side (class GL, WJ, ZWJ).
func isGlue(r rune) bool {
	switch r {
	case '\u00A0', '\u202F', '\u2007', '\u2060', '\uFEFF', '\u200D', '\u034F', '\u2011', '\u0F0C':
		return true
	}
	return false
}

// isCloseOrInfix reports whether r must not start a line, even after spaces
// (UAX #14 classes CL, CP, EX, IS and SY; rule LB13).
func isCloseOrInfix(r rune) bool {
	switch r {
	case ')', ']', '}', ',', '.', ':', ';', '!', '?', '/',
		'\u3001', '\u3002', '\uFF0C', '\uFF0E', '\uFF1A', '\uFF1B', '\uFF01', '\uFF1F', // 、。，．：；！？
		'\uFF09', '\uFF3D', '\uFF5D', '\uFF60', '\uFF61', '\uFF63', '\uFF64', // ）］｝｠｡｣､
		'\u3009', '\u300B', '\u300D', '\u300F', '\u3011', '\u3015', '\u3017', '\u3019', '\u301B', '\u301E', '\u301F': // 〉》」』】〕〗〙〛〞〟
		return true
	}
	return false
}

// isOpen reports whether r must not end a line (class OP).
func isOpen(r rune) bool {
	switch r {
	case '(', '[', '{', '\u00BF', '\u00A1',
		'\uFF08', '\uFF3B', '\uFF5B', '\uFF5F', '\uFF62', // （［｛｟｢
		'\u3008', '\u300A', '\u300C', '\u300E', '\u3010', '\u3014', '\u3016', '\u3018', '\u301A', '\u301D': // 〈《「『【〔〖〘〚〝
		return true
	}
	return false
}

// isNonStarter reports whether r should not start a line in CJK text
// (class NS and CJ: small kana, prolonged sound mark, iteration marks).
func isNonStarter(r rune) bool {
	switch r {
	case '\u3005', '\u303B', '\u309D', '\u309E', '\u30FD', '\u30FE', '\u30FC', '\u30FB', // 々〻ゝゞヽヾー・
		'\u3041', '\u3043', '\u3045', '\u3047', '\u3049', '\u3063', '\u3083', '\u3085', '\u3087', '\u308E', '\u3095', '\u3096',
		'\u30A1', '\u30A3', '\u30A5', '\u30A7', '\u30A9', '\u30C3', '\u30E3', '\u30E5', '\u30E7', '\u30EE', '\u30F5', '\u30F6',
		'\u203C', '\u2047', '\u2048', '\u2049', '\u301C', '\uFF5E': // ‼⁇⁈⁉〜～
		return true
	}
	return false
}
