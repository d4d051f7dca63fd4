package textview

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-text/typesetting/segmenter"
)

// uax14Breaks are the soft break opportunities of the full UAX #14
// algorithm (mandatory breaks after hard line breaks excluded).
func uax14Breaks(text []rune) bitset {
	b := newBitset(len(text) + 1)
	var seg segmenter.Segmenter
	seg.Init(text)
	it := seg.LineIterator()
	for it.Next() {
		l := it.Line()
		end := l.Offset + len(l.Text)
		if end < len(text) && !isHardBreak(text[end-1]) {
			b.set(end)
		}
	}
	return b
}

// corpus is a sample article of the project's test corpus.
func corpus(t testing.TB, name string) []rune {
	t.Helper()
	return readRunes(t, filepath.Join("..", "..", "testdata", "corpus", name))
}

// testdata is a file of this package's testdata.
func testdata(t testing.TB, name string) []rune {
	t.Helper()
	return readRunes(t, filepath.Join("testdata", name))
}

func readRunes(t testing.TB, path string) []rune {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return []rune(string(data))
}

// TestBreaksAgreeWithUAX14 checks, on the sample articles and on
// multilingual text exercising the rules beyond plain spaces, that every break found by the fast rules is a UAX #14 break
// opportunity, and that they find nearly all of them.
func TestBreaksAgreeWithUAX14(t *testing.T) {
	tests := []struct {
		name       string
		text       []rune
		minPercent int
	}{
		{"sony-hack-cyber-dialogue.txt", corpus(t, "sony-hack-cyber-dialogue.txt"), 99},
		{"setback-cyber-cooperation.txt", corpus(t, "setback-cyber-cooperation.txt"), 99},
		{"multilingual.txt", testdata(t, "multilingual.txt"), 95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			ours, ref := breakOpportunities(text), uax14Breaks(text)
			found, total := 0, 0
			for i := 1; i < len(text); i++ {
				ctx := string(text[max(i-8, 0):i]) + "|" + string(text[i:min(i+8, len(text))])
				switch {
				case ours.has(i) && !ref.has(i):
					t.Errorf("break at %d %q is not a UAX #14 opportunity", i, ctx)
				case ref.has(i):
					total++
					if ours.has(i) {
						found++
					} else {
						t.Logf("missed UAX #14 break at %d %q", i, ctx)
					}
				}
			}
			if found*100 < total*tt.minPercent {
				t.Errorf("found %d of %d UAX #14 break opportunities, want at least %d%%", found, total, tt.minPercent)
			}
		})
	}
}

// TestBreakOpportunities lists where a line may and may not be broken, as a
// reader would expect; | marks every break found.
func TestBreakOpportunities(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"spaces", "one two  three", "one |two  |three"},
		{"hyphen between letters", "cyber-attacks", "cyber-|attacks"},
		{"minus before digits", "5 -5 5-10", "5 |-5 |5-10"},
		{"em dash", "ties—and", "ties|—|and"},
		{"no break before comma after space", "Jan 12 , 2015", "Jan |12 , |2015"},
		{"no-break space", "100\u00A0USD", "100\u00A0USD"},
		{"quotes stay with words", "the “cyber vandalism” term", "the |“cyber |vandalism” |term"},
		{"ideographs", "中美网络", "中|美|网|络"},
		{"not before closing punctuation", "对话，恢复。", "对|话，|恢|复。"},
		{"not after opening punctuation", "说「这是」好", "说|「这|是」|好"},
		{"small kana and prolonged mark", "カタカナのーとっぱ", "カ|タ|カ|ナ|のー|とっ|ぱ"},
		{"paragraphs", "a b\nc d", "a |b\nc |d"},
		{"slash between words", "and/or", "and/|or"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			b := breakOpportunities(text)
			var got []rune
			for i, r := range text {
				if b.has(i) {
					got = append(got, '|')
				}
				got = append(got, r)
			}
			if string(got) != tt.want {
				t.Errorf("breaks in %q = %q, want %q", tt.text, string(got), tt.want)
			}
		})
	}
}
