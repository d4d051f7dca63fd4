package xlsx

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func TestCellText(t *testing.T) {
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	tests := []struct {
		name      string
		in        string
		wantUnits int
		cut       bool
	}{
		{"short", "bilateral cyber cooperation", 27, false},
		{"exactly the limit", strings.Repeat("a", MaxCellChars), MaxCellChars, false},
		{"limit of two-byte runes", strings.Repeat("é", MaxCellChars), MaxCellChars, false},
		{"one over", strings.Repeat("a", MaxCellChars+1), MaxCellChars, true},
		{"Chinese over", strings.Repeat("简", 40000), MaxCellChars, true},
		{"emoji not split at the cut", strings.Repeat("a", MaxCellChars-2) + "😀😀", MaxCellChars - 1, true},
		{"emoji ending exactly at the limit", strings.Repeat("a", MaxCellChars-2) + "😀", MaxCellChars, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cellText(tt.in)
			if n := units(got); n != tt.wantUnits {
				t.Errorf("%d UTF-16 units, want %d", n, tt.wantUnits)
			}
			if cut := got != tt.in; cut != tt.cut || cut && !strings.HasSuffix(got, "…") {
				t.Errorf("cut = %v (ends %q), want %v with …", cut, got[max(len(got)-8, 0):], tt.cut)
			}
			if cut := got != tt.in; cut && !strings.HasPrefix(tt.in, strings.TrimSuffix(got, "…")) {
				t.Error("the cut text is not a prefix of the text")
			}
		})
	}
}

func TestDisplayWidthAndLines(t *testing.T) {
	tests := []struct {
		s            string
		limit, width int
		column       float64
		lines        int
	}{
		{"Conflict > Attack", 60, 17, 50, 1},
		{"简体 繁體", 60, 9, 50, 1},
		{"short\na much longer second line", 60, 25, 50, 2},
		{strings.Repeat("word ", 40), 60, 60, 21, 10},
		{"", 60, 0, 10, 1},
	}
	for _, tt := range tests {
		if got := displayWidth(tt.s, tt.limit); got != tt.width {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.width)
		}
		if got := lineCount(tt.s, tt.column); got != tt.lines {
			t.Errorf("lineCount(%q, %v) = %d, want %d", tt.s, tt.column, got, tt.lines)
		}
	}
}
