package xlsx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"marginalia/coding"
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

// TestDocTextSlice checks rune slicing through the sparse index against
// []rune slicing, on the sample articles (curly quotes, em dash, no-break
// space, Chinese) and an ASCII text.
func TestDocTextSlice(t *testing.T) {
	texts := []string{"plain ASCII text", strings.Repeat("x", 1000)}
	for _, name := range []string{"sony-hack-cyber-dialogue.txt", "setback-cyber-cooperation.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for _, text := range texts {
		d := newDocText(coding.NewDocument("d", text))
		runes := []rune(d.text)
		n := len(runes)
		span := func(start, end int) coding.Span { return coding.Span{Start: start, End: end} }
		spans := []coding.Span{span(0, n), span(0, 0), span(n, n), span(-5, 3), span(n-3, n+10)}
		for s := 0; s < n; s += 97 {
			spans = append(spans, span(s, min(s+indexStride+13, n)), span(s, s+1))
		}
		for _, sp := range spans {
			c := sp.Clip(n)
			want := ""
			if !c.Empty() {
				want = string(runes[c.Start:c.End])
			}
			if got := d.slice(sp); got != want {
				t.Fatalf("slice %v of a %d-rune text = %q, want %q", sp, n, got, want)
			}
		}
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
