package coding

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		text string
		want []Span
	}{
		{"", nil},
		{"one", []Span{{0, 3}}},
		{"one\ntwo", []Span{{0, 7}}},
		{"one\n\ntwo", []Span{{0, 5}, {5, 8}}},
		{"one\n \t\n\ntwo\n", []Span{{0, 8}, {8, 12}}},
		{"\n\none\n\ntwo", []Span{{0, 7}, {7, 10}}},
		{"\n\n", []Span{{0, 2}}},
		// Runes, not bytes: "é“…”" and an emoji are one unit each.
		{"é“…”\n\n😀 x\n\nend", []Span{{0, 6}, {6, 11}, {11, 14}}},
	}
	for _, tt := range tests {
		got := Paragraphs(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Paragraphs(%q) = %v, want %v", tt.text, got, tt.want)
		}
		// The paragraphs cover the text without gaps.
		end := 0
		for _, p := range got {
			if p.Start != end || p.Empty() {
				t.Errorf("Paragraphs(%q): %v does not follow on at %d", tt.text, got, end)
			}
			end = p.End
		}
		if n := utf8.RuneCountInString(tt.text); end != n {
			t.Errorf("Paragraphs(%q) ends at %d, the text at %d", tt.text, end, n)
		}
	}
}
