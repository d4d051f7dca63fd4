package analysis

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"desktop/marginalia/coding"
)

// workload makes codings as a project has them: UUIDs for everything,
// passages of 20–600 characters placed at random, so codes overlap at
// times (as agreement's benchmarks do).
func workload(docs, length, codes, coders, n int) ([]coding.Coding, Options) {
	r := rand.New(rand.NewPCG(1, 2))
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = coding.NewID()
		}
		return out
	}
	opt := Options{Codes: ids(codes), Documents: ids(docs), Coders: ids(coders)}
	codings := make([]coding.Coding, n)
	for i := range codings {
		start := r.IntN(length - 600)
		codings[i] = coding.Coding{
			ID:         coding.NewID(),
			CoderID:    opt.Coders[r.IntN(coders)],
			CodeID:     opt.Codes[r.IntN(codes)],
			DocumentID: opt.Documents[r.IntN(docs)],
			Span:       coding.Span{Start: start, End: start + 20 + r.IntN(580)},
		}
	}
	return codings, opt
}

// The goals (issue 12): co-occurrence of 50 codes over 1,000,000 codings in
// ≤ 2 s, frequencies in ≤ 1 s. 1,000 documents of 50,000 characters, 2
// coders.
func large() ([]coding.Coding, Options) { return workload(1_000, 50_000, 50, 2, 1_000_000) }

func BenchmarkFrequencies1M(b *testing.B) {
	codings, opt := large()
	for b.Loop() {
		CodeFrequencies(codings, opt)
	}
}

func BenchmarkMatrix1M(b *testing.B) {
	codings, opt := large()
	for b.Loop() {
		CodeMatrix(codings, opt)
	}
}

func BenchmarkCooccurrence1M(b *testing.B) {
	codings, opt := large()
	for b.Loop() {
		CodeCooccurrence(codings, opt, Proximity{})
	}
}

func BenchmarkCooccurrenceWithin100_1M(b *testing.B) {
	codings, opt := large()
	for b.Loop() {
		CodeCooccurrence(codings, opt, Proximity{Kind: Within, N: 100})
	}
}

func BenchmarkCooccurrenceParagraph1M(b *testing.B) {
	codings, opt := large()
	paras := map[string][]int{}
	for _, d := range opt.Documents {
		var starts []int
		for p := 0; p < 50_000; p += 800 { // paragraphs of 800 characters
			starts = append(starts, p)
		}
		paras[d] = starts
	}
	for b.Loop() {
		CodeCooccurrence(codings, opt, Proximity{Kind: Paragraph, Paragraphs: paras})
	}
}

// BenchmarkCrosstab1M: 50 codes × 5 groups (an attribute's values, each
// document in one) over 1,000,000 codings; the goal is ≤ 1 s.
func BenchmarkCrosstab1M(b *testing.B) {
	codings, opt := large()
	groups := make([]Group, 5)
	for i, d := range opt.Documents {
		groups[i%5].Documents = append(groups[i%5].Documents, d)
	}
	for b.Loop() {
		CodeCrosstab(codings, opt, groups)
	}
}

// wordCorpus makes 1,000 documents of 20,000 characters from the sample
// articles' words (punctuation and capitals as written) picked at random,
// with a Chinese phrase now and then.
func wordCorpus(b *testing.B) [][]string {
	var words []string
	for _, name := range []string{"setback-cyber-cooperation.txt", "sony-hack-cyber-dialogue.txt"} {
		text, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
		if err != nil {
			b.Fatal(err)
		}
		words = append(words, strings.Fields(string(text))...)
	}
	words = append(words, "战略互信", "网络安全对话", "主权")
	r := rand.New(rand.NewPCG(3, 4))
	docs := make([][]string, 1000)
	for i := range docs {
		text := make([]rune, 0, 20_100)
		for len(text) < 20_000 {
			text = append(append(text, []rune(words[r.IntN(len(words))])...), ' ')
		}
		docs[i] = []string{string(text[:20_000])}
	}
	return docs
}

// BenchmarkWords: word frequencies of 1,000 documents of 20,000
// characters, with the stop list and without.
func BenchmarkWords(b *testing.B) {
	docs := wordCorpus(b)
	for _, all := range []bool{false, true} {
		b.Run(map[bool]string{false: "stoplist", true: "allwords"}[all], func(b *testing.B) {
			for b.Loop() {
				CountWords(docs, WordOptions{AllWords: all})
			}
		})
	}
}
