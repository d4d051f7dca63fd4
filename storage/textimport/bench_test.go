package textimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchText is a 20,000-character article made of the sample articles.
func benchText(b *testing.B) []byte {
	var all strings.Builder
	for _, f := range []string{"sony-hack-cyber-dialogue.txt", "setback-cyber-cooperation.txt"} {
		data, err := os.ReadFile(corpusFile(f))
		if err != nil {
			b.Fatal(err)
		}
		all.Write(data)
		all.WriteString("\n\n")
	}
	runes := []rune(strings.Repeat(all.String(), 2))
	if len(runes) < 20_000 {
		b.Fatalf("only %d runes", len(runes))
	}
	return []byte(string(runes[:20_000]))
}

// BenchmarkReadTXT imports a 20,000-character .txt (the goal: 1,000 in
// well under 5 s, database included, so far below 1 ms each).
func BenchmarkReadTXT(b *testing.B) {
	data := benchText(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := Read("article.txt", data)
		if err != nil || utf8.RuneCountInString(r.Text) != 20_000 {
			b.Fatalf("%v, %d runes", err, utf8.RuneCountInString(r.Text))
		}
	}
}

// BenchmarkReadFixture imports each LibreOffice fixture (about 5,000
// characters each) and rich.html.
func BenchmarkReadFixture(b *testing.B) {
	for _, file := range []string{"setback.docx", "setback.odt", "setback.pdf", "rich.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(file, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Read(file, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
