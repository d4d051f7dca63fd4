package analysis

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// counts maps each word to its count and documents, for comparing.
func counts(f WordFrequencies) map[string][2]int {
	out := map[string][2]int{}
	for _, r := range f.Rows {
		out[r.Word] = [2]int{r.Count, r.Documents}
	}
	return out
}

func TestCountWordsHandMade(t *testing.T) {
	docs := [][]string{
		{"Trust, trust and TRUST. The trust-building 😀trust😀 isn't easy; China’s trust."},
		{"STRASSE und straße; Strasse.", "ΟΔΟΣ οδος οδός"},
		{"战略互信 is 互信. AI治理2025 🇨🇳 ok. U.S. and u.s.-China ties, e.g. I.", "A.B.C"},
	}
	f := CountWords(docs, WordOptions{})
	got := counts(f)
	want := map[string][2]int{
		// "Trust", "trust", "TRUST", "trust" (of trust-building), "trust"
		// between emoji and the last "trust": 6, shown in lower case.
		"trust":    {6, 1},
		"building": {1, 1},
		"isn't":    {1, 1},
		"easy":     {1, 1},
		"china’s":  {0, 0}, // not written in lower case: shown as written
		"China’s":  {1, 1},
		// Case folding makes ß and ss one word, shown as most often
		// written in lower case.
		"straße": {3, 1},
		"und":    {1, 1},
		// Final sigma folds with σ and Σ; the accented ό is another letter.
		"οδος": {2, 1},
		"οδός": {1, 1},
		// Chinese, one word per character.
		"战": {1, 1}, "略": {1, 1}, "互": {2, 1}, "信": {2, 1},
		"ai": {0, 0}, "AI": {1, 1}, "治": {1, 1}, "理": {1, 1},
		"2025": {1, 1}, "ok": {1, 1},
		// Abbreviations of single letters are one word; I is a stop word.
		"u.s.": {2, 1}, "China": {1, 1}, "ties": {1, 1}, "e.g.": {1, 1},
		// Without its last period, "A.B.C" is "A.B." and "C".
		"A.B.": {1, 1}, "C": {1, 1},
	}
	for w, c := range want {
		if got[w] != c {
			t.Errorf("%q: count and documents %v, want %v", w, got[w], c)
		}
	}
	for _, stop := range []string{"the", "and", "is", "The"} {
		if _, ok := got[stop]; ok {
			t.Errorf("stop word %q counted: %v", stop, got[stop])
		}
	}
	if len(got) != 24 {
		t.Errorf("%d words, want 24: %v", len(got), got)
	}
	if f.Rows[0].Word != "trust" || f.Segmenter != "characters" || f.Documents != 3 || !f.StopWords {
		t.Errorf("first %q, segmenter %q, %d documents, stop list %v", f.Rows[0].Word, f.Segmenter, f.Documents, f.StopWords)
	}
	// 6 + 1 + 1 + 1 + 1 (first document), 3 + 1 + 2 + 1 (second),
	// 4 + 2 + 1 + 2 + 1 + 1 + 2 + 1 + 1 + 1 + 2 (third).
	if f.Words != 35 {
		t.Errorf("%d words counted, want 35", f.Words)
	}

	all := counts(CountWords(docs, WordOptions{AllWords: true}))
	// "The" is never written in lower case, so it is shown as written.
	if all["The"] != [2]int{1, 1} || all["and"] != [2]int{2, 2} || all["is"] != [2]int{1, 1} {
		t.Errorf("with all words: The %v, and %v, is %v", all["The"], all["and"], all["is"])
	}
}

// pairs is a segmenter for the test: Chinese in words of two characters.
type pairs struct{}

func (pairs) Name() string { return "pairs" }

func (pairs) Segment(han string) []string {
	r := []rune(han)
	var out []string
	for i := 0; i < len(r); i += 2 {
		out = append(out, string(r[i:min(i+2, len(r))]))
	}
	return out
}

func TestCountWordsSegmenter(t *testing.T) {
	f := CountWords([][]string{{"战略互信，互信。"}, {"互信"}}, WordOptions{Segmenter: pairs{}})
	got := counts(f)
	if got["互信"] != [2]int{3, 2} || got["战略"] != [2]int{1, 1} || len(got) != 2 || f.Segmenter != "pairs" {
		t.Errorf("segmented by pairs: %v (segmenter %q)", got, f.Segmenter)
	}
}

// A passage that cuts a word counts the part it holds; the passages of one
// document count it once among the documents.
func TestCountWordsPassages(t *testing.T) {
	f := CountWords([][]string{{"cyber norms", "yber trust"}, {"Cyber"}}, WordOptions{})
	got := counts(f)
	if got["cyber"] != [2]int{2, 2} || got["yber"] != [2]int{1, 1} || got["norms"] != [2]int{1, 1} {
		t.Errorf("passages: %v", got)
	}
}

// On the sample articles: "cyber" 43 times (also in "cyber-attack"; not in
// "cybersecurity"), "trust" 6 times; "the" (147 times) is a stop word.
func TestCountWordsSampleArticles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*.txt"))
	if len(paths) != 2 {
		t.Fatalf("sample articles: %v", paths)
	}
	var docs [][]string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, []string{string(b)})
	}
	got := counts(CountWords(docs, WordOptions{}))
	if got["cyber"] != [2]int{43, 2} || got["trust"][0] != 6 {
		t.Errorf("cyber %v, trust %v", got["cyber"], got["trust"])
	}
	if _, ok := got["the"]; ok {
		t.Errorf("the counted")
	}
	if all := counts(CountWords(docs, WordOptions{AllWords: true})); all["the"][0] != 147 {
		t.Errorf("with all words, the: %v", all["the"])
	}
}

func TestWordsTable(t *testing.T) {
	tab := CountWords([][]string{{"Trust trust norms"}}, WordOptions{}).Table()
	if tab.Name != WordsTable || len(tab.Rows) != 2 || tab.Rows[0][0] != "trust" || tab.Rows[0][1] != 2 || tab.Footer[0][1] != 3 {
		t.Errorf("table: %+v", tab)
	}
	if !strings.Contains(strings.Join(tab.Notes, " "), "character by character") {
		t.Errorf("notes do not say how Chinese was split: %v", tab.Notes)
	}
}

// TestCountWordsProperties: on random texts of letters that fold oddly,
// Chinese, emoji, apostrophes, periods and hyphens, every word shown is
// written so in the texts, the counts add up to the words counted, and no
// word is in more documents than were counted.
func TestCountWordsProperties(t *testing.T) {
	alphabet := []rune("aAsSſßẞσΣςİıiI互信😀 .'’-\n1é")
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		docs := make([][]string, 1+r.IntN(4))
		var all strings.Builder
		for i := range docs {
			for range 1 + r.IntN(3) {
				rs := make([]rune, r.IntN(40))
				for k := range rs {
					rs[k] = alphabet[r.IntN(len(alphabet))]
				}
				docs[i] = append(docs[i], string(rs))
				all.WriteString(string(rs) + "\x00")
			}
		}
		f := CountWords(docs, WordOptions{AllWords: true})
		sum := 0
		for _, row := range f.Rows {
			sum += row.Count
			if !strings.Contains(all.String(), row.Word) || row.Documents > f.Documents || row.Documents < 1 || row.Count < row.Documents {
				t.Fatalf("%q: word %+v of %d documents", docs, row, f.Documents)
			}
		}
		if sum != f.Words || f.Documents != len(docs) {
			t.Fatalf("%q: counts add up to %d, words %d; %d documents of %d", docs, sum, f.Words, f.Documents, len(docs))
		}
	}
}
