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

// runeWidth is 2 for CJK (coding.IsCJK) and emoji, else 1: an estimate of
// East Asian width good enough to size a column.
func runeWidth(r rune) int {
	if coding.IsCJK(r) || 0x1F300 <= r && r <= 0x1FAFF {
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
