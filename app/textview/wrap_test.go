package textview

import (
	"desktop/marginalia/coding"
	"strings"
	"testing"
)

// unitWidths measures every rune as 1 wide, CJK runes as 2.
func unitWidths() *runeWidths {
	return newRuneWidths(func(r rune) float32 {
		if coding.IsCJK(r) {
			return 2
		}
		return 1
	})
}

var testMetrics = metrics{lineHeight: 10, blankHeight: 4, paraGap: 2}

// wrapped shows the lines of text wrapped at width, joined by "|".
func wrapped(text string, width float32) string {
	runes := []rune(text)
	lines, _ := wrap(runes, breakOpportunities(runes), unitWidths(), width, testMetrics, nil)
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = string(runes[l.start:l.end])
	}
	return strings.Join(parts, "|")
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float32
		want  string
	}{
		{"fits", "one two", 20, "one two"},
		{"break at spaces", "one two three four", 9, "one two |three |four"},
		{"spaces hang past the edge", "one     two", 4, "one     |two"},
		{"long word broken where it overflows", "a abcdefghij b", 4, "a |abcd|efgh|ij b"},
		{"hyphen", "cyber-attacks are", 8, "cyber-|attacks |are"},
		{"hard breaks and blank lines", "one\n\ntwo three", 5, "one||two |three"},
		{"trailing newline gives an empty last line", "one\n", 10, "one|"},
		{"empty text has one empty line", "", 10, ""},
		{"CJK breaks between ideographs", "中美网络对话，恢复", 6, "中美网|络对|话，恢|复"},
		{"no break before closing punctuation", "中美网络对话，恢复", 5, "中美|网络|对|话，|恢复"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrapped(tt.text, tt.width); got != tt.want {
				t.Errorf("wrap(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// TestWrapCoversText checks on a sample article that the lines cover every
// rune once, in order, with only hard breaks between them, and that no line
// is wider than the width unless it is a single unbreakable piece.
func TestWrapCoversText(t *testing.T) {
	text := corpus(t, "sony-hack-cyber-dialogue.txt")
	w := unitWidths()
	for _, width := range []float32{5, 30, 80, 400} {
		lines, height := wrap(text, breakOpportunities(text), w, width, testMetrics, nil)
		next := 0
		var y float32
		for i, l := range lines {
			if l.start != next {
				t.Fatalf("width %v: line %d starts at %d, want %d", width, i, l.start, next)
			}
			if l.y != y {
				t.Fatalf("width %v: line %d at y %v, want %v", width, i, l.y, y)
			}
			y += l.height(testMetrics)
			next = l.end
			if l.hard {
				next++ // the hard break
			}
			if x := xOf(text, l, trimSpaces(text, l), w); x > width && trimSpaces(text, l)-l.start > 1 && hasBreakInside(text, l) {
				t.Errorf("width %v: line %d %q is %v wide", width, i, string(text[l.start:l.end]), x)
			}
		}
		if next != len(text)+1 || height != y {
			t.Errorf("width %v: lines end at %d (height %v), want %d (height %v)", width, next-1, height, len(text), y)
		}
	}
}

// trimSpaces is the end of line l without its trailing spaces.
func trimSpaces(text []rune, l line) int {
	end := l.end
	for end > l.start && isSpace(text[end-1]) {
		end--
	}
	return end
}

func hasBreakInside(text []rune, l line) bool {
	b := breakOpportunities(text[l.start:l.end])
	for i := 1; i < l.end-l.start; i++ {
		if b.has(i) {
			return true
		}
	}
	return false
}

func TestLineLookup(t *testing.T) {
	// "one two |three" + hard + "" (blank) + hard + "four"
	text := []rune("one two three\n\nfour")
	lines, _ := wrap(text, breakOpportunities(text), unitWidths(), 9, testMetrics, nil)
	// y: 0 "one two ", 10 "three" (hard: +2), 22 "" (blank 4 + 2), 28 "four"
	if len(lines) != 4 || lines[1].y != 10 || lines[2].y != 22 || lines[3].y != 28 {
		t.Fatalf("lines = %+v", lines)
	}
	yTests := []struct {
		y    float32
		want int
	}{{-5, 0}, {0, 0}, {9.9, 0}, {10, 1}, {21, 1}, {22, 2}, {27.9, 2}, {28, 3}, {500, 3}}
	for _, tt := range yTests {
		if got := lineAtY(lines, tt.y); got != tt.want {
			t.Errorf("lineAtY(%v) = %d, want %d", tt.y, got, tt.want)
		}
	}
	offTests := []struct{ off, want int }{
		{0, 0}, {7, 0}, {8, 1}, // a soft wrap belongs to the line it starts
		{13, 1}, // the hard break to the line it ends
		{14, 2}, {15, 3}, {19, 3},
	}
	for _, tt := range offTests {
		if got := lineOf(lines, tt.off); got != tt.want {
			t.Errorf("lineOf(%d) = %d, want %d", tt.off, got, tt.want)
		}
	}
}

func TestHitTest(t *testing.T) {
	text := []rune("ab 中文”x")
	l := line{start: 0, end: len(text)}
	w := unitWidths() // a=0..1 b=1..2 ' '=2..3 中=3..5 文=5..7 ”=7..8 x=8..9
	tests := []struct {
		x           float32
		caret, rune int
	}{
		{-1, 0, -1},
		{0.4, 0, 0},
		{0.6, 1, 0},
		{3.9, 3, 3}, // left half of 中
		{4.1, 4, 3}, // right half of 中: caret after it
		{6.5, 5, 4}, // right half of 文... caret after 文 is 5
		{7.6, 6, 5}, // right half of ”: caret after the quote
		{8.4, 6, 6}, // left half of x
		{20, 7, -1}, // past the end
	}
	for _, tt := range tests {
		if got := caretAt(text, l, tt.x, w); got != tt.caret {
			t.Errorf("caretAt(%v) = %d, want %d", tt.x, got, tt.caret)
		}
		if got := runeAt(text, l, tt.x, w); got != tt.rune {
			t.Errorf("runeAt(%v) = %d, want %d", tt.x, got, tt.rune)
		}
	}
	for off, want := range []float32{0, 1, 2, 3, 5, 7, 8, 9} {
		if got := xOf(text, l, off, w); got != want {
			t.Errorf("xOf(%d) = %v, want %v", off, got, want)
		}
	}
}

func TestRuneWidthsMeasureOncePerRune(t *testing.T) {
	calls := map[rune]int{}
	w := newRuneWidths(func(r rune) float32 { calls[r]++; return 7 })
	for _, r := range "abcabc\t中中😀😀\u200B\n" {
		w.of(r)
	}
	for r, n := range calls {
		if n != 1 {
			t.Errorf("%q measured %d times", r, n)
		}
	}
	if w.of('\t') != 28 || w.of('\u200B') != 0 || w.of('\n') != 0 || w.of('😀') != 7 {
		t.Errorf("tab %v, zero-width space %v, newline %v, emoji %v; want 28, 0, 0, 7", w.of('\t'), w.of('\u200B'), w.of('\n'), w.of('😀'))
	}
}
