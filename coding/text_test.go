package coding

import (
	"os"
	"path/filepath"
	"testing"
)

// Text.Slice gives the same runes as slicing a []rune, on the sample
// articles (curly quotes, Chinese, a no-break space) and on ASCII.
func TestTextSliceMatchesRunes(t *testing.T) {
	texts := []string{"plain ASCII text, no index needed", "“引号” and 😀 emoji"}
	for _, name := range []string{"sony-hack-cyber-dialogue.txt", "setback-cyber-cooperation.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for _, text := range texts {
		d := NewText(text)
		runes := []rune(text)
		n := len(runes)
		if d.Len() != n || d.String() != text {
			t.Fatalf("Len %d, want %d", d.Len(), n)
		}
		spans := []Span{{0, n}, {0, 0}, {n, n}, {-5, 3}, {n - 3, n + 10}}
		for s := 0; s < n; s += 7 {
			spans = append(spans, Span{s, min(s+textIndexStride+13, n)}, Span{s, s + 1})
		}
		for _, sp := range spans {
			c := sp.Clip(n)
			want := ""
			if !c.Empty() {
				want = string(runes[c.Start:c.End])
			}
			if got := d.Slice(sp); got != want {
				t.Fatalf("Slice %v of a %d-rune text = %q, want %q", sp, n, got, want)
			}
			if got := Slice(text, sp); got != want {
				t.Fatalf("the one-off Slice %v = %q, want %q", sp, got, want)
			}
		}
	}
}
