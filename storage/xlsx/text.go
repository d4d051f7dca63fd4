package xlsx

import (
	"unicode/utf16"

	"desktop/marginalia/coding"
)

// MaxCellChars is the most characters (UTF-16 code units) Excel holds in a cell.
const MaxCellChars = 32767

// cellText cuts s to Excel's limit, ending it with "…" when cut. A character
// outside the Basic Multilingual Plane (an emoji) takes two units and is
// never split.
func cellText(s string) string {
	if len(s) <= MaxCellChars { // a UTF-8 string has at least as many bytes as UTF-16 units
		return s
	}
	units, cut := 0, -1
	for i, r := range s {
		n := max(utf16.RuneLen(r), 1) // invalid UTF-8 is written as U+FFFD
		if cut < 0 && units+n > MaxCellChars-1 {
			cut = i
		}
		units += n
	}
	if units <= MaxCellChars {
		return s
	}
	return s[:cut] + "…"
}

// displayWidth estimates how many character widths of the default font the
// longest line of s takes (East Asian wide characters count two), stopping
// once limit is reached.
func displayWidth(s string, limit int) int {
	widest, w := 0, 0
	for _, r := range s {
		if r == '\n' {
			widest, w = max(widest, w), 0
			continue
		}
		w += runeWidth(r)
		if w >= limit {
			return limit
		}
	}
	return max(widest, w)
}

// runeWidth is 2 for the East Asian wide and full-width ranges, else 1.
func runeWidth(r rune) int {
	switch {
	case r < 0x1100:
		return 1
	case r <= 0x115F, // Hangul Jamo
		0x2E80 <= r && r <= 0xA4CF && r != 0x303F, // CJK radicals … Yi
		0xAC00 <= r && r <= 0xD7A3,                // Hangul syllables
		0xF900 <= r && r <= 0xFAFF,                // CJK compatibility ideographs
		0xFE30 <= r && r <= 0xFE4F,                // CJK compatibility forms
		0xFF00 <= r && r <= 0xFF60,                // full-width forms
		0xFFE0 <= r && r <= 0xFFE6,
		0x1F300 <= r && r <= 0x1FAFF, // emoji
		0x20000 <= r && r <= 0x3FFFD: // CJK extensions
		return 2
	}
	return 1
}

// lineCount estimates how many lines s takes when wrapped in a column of the
// given width (in character widths).
func lineCount(s string, width float64) int {
	per := max(int(width)-1, 1)
	lines, w := 1, 0
	for _, r := range s {
		if r == '\n' {
			lines, w = lines+1, 0
			continue
		}
		if w += runeWidth(r); w > per {
			lines, w = lines+1, runeWidth(r)
		}
	}
	return lines
}

// docText is a considered document's name and its text, indexed for slicing.
type docText struct {
	name string
	*coding.Text
}
