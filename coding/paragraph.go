package coding

import "strings"

// Paragraphs splits a stored text (newlines already "\n") into its
// paragraphs, the blocks of lines separated by one or more blank lines (a
// line that is empty or holds only spaces and tabs). The spans, in runes,
// cover the whole text without gaps: each paragraph runs from the start of
// its first line to the start of the next paragraph, so the blank lines
// after it belong to it, and blank lines before the first paragraph belong
// to the first. An empty text has no paragraphs; a text of blank lines only
// is one.
func Paragraphs(text string) []Span {
	var out []Span
	start, pos := 0, 0 // in runes: the current paragraph's start, the current line's start
	seenText, blankBefore := false, false
	for line := range strings.SplitSeq(text, "\n") {
		runes := 0
		for range line {
			runes++
		}
		blank := strings.Trim(line, " \t") == ""
		if !blank {
			if seenText && blankBefore {
				out = append(out, Span{Start: start, End: pos})
				start = pos
			}
			seenText = true
		}
		blankBefore = blank
		pos += runes + 1 // the line and its "\n"
	}
	length := pos - 1 // the last line has no "\n"
	if length > 0 {
		out = append(out, Span{Start: start, End: length})
	}
	return out
}
