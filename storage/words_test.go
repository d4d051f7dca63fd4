package storage_test

import (
	"os"
	"path/filepath"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// sampleProject makes a project of the two sample articles (testdata/corpus).
func sampleProject(t *testing.T) *storage.Project {
	t.Helper()
	p, err := storage.Create(filepath.Join(t.TempDir(), "words.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	var docs []coding.Document
	for _, name := range []string{"setback-cyber-cooperation.txt", "sony-hack-cyber-dialogue.txt"} {
		text, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, coding.NewDocument(name, string(text)))
	}
	if _, err := p.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	return p
}

func wordCounts(f analysis.WordFrequencies) map[string][2]int {
	out := map[string][2]int{}
	for _, r := range f.Rows {
		out[r.Word] = [2]int{r.Count, r.Documents}
	}
	return out
}

// TestWordFrequencies counts the sample articles' words, then those of a
// code's passages: every "cyber vandalism" coded by alice and, overlapping,
// by bob, whose shared text counts once.
func TestWordFrequencies(t *testing.T) {
	p := sampleProject(t)
	f, ok, err := p.WordFrequencies(storage.WordSource{}, analysis.WordOptions{}, nil)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got := wordCounts(f); got["cyber"] != [2]int{43, 2} || got["trust"][0] != 6 || f.Documents != 2 || f.Segmenter != "characters" {
		t.Errorf("corpus: cyber %v, trust %v, %d documents, segmenter %q", got["cyber"], got["trust"], f.Documents, f.Segmenter)
	}
	hits, _, err := p.Search(nil, analysis.SearchQuery{Text: "cyber vandalism"}, nil)
	if err != nil || len(hits) != 2 {
		t.Fatalf("hits %v, %v", hits, err)
	}
	if _, err := p.CodeHits("Code", "alice", "Conflict>Vandalism", hits); err != nil {
		t.Fatal(err)
	}
	// bob codes "vandalism" of the first hit and the word after it.
	bobs := []analysis.Hit{{Document: hits[0].Document, Span: coding.Span{Start: hits[0].Span.Start + 6, End: hits[0].Span.End + 4}}}
	if _, err := p.CodeHits("Code", "bob", "Conflict>Vandalism", bobs); err != nil {
		t.Fatal(err)
	}
	cb, _ := p.Codebook()
	code, _ := cb.ByPath("Conflict>Vandalism")
	f, _, err = p.WordFrequencies(storage.WordSource{Code: code.ID}, analysis.WordOptions{AllWords: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := wordCounts(f)
	// The text after the first hit is "” to describe": bob's passage adds "to"
	// (a stop word, counted with all words).
	if got["cyber"] != [2]int{2, 1} || got["vandalism"] != [2]int{2, 1} || got["to"] != [2]int{1, 1} || len(got) != 3 || f.Documents != 1 {
		t.Errorf("the code's passages: %v, %d documents", got, f.Documents)
	}
	alice, _ := p.CoderNamed("alice")
	f, _, _ = p.WordFrequencies(storage.WordSource{Code: code.ID, Coders: []string{alice.ID}}, analysis.WordOptions{}, nil)
	if got := wordCounts(f); len(got) != 2 || got["vandalism"] != [2]int{2, 1} {
		t.Errorf("alice's passages: %v", got)
	}
	if f, ok, err := p.WordFrequencies(storage.WordSource{}, analysis.WordOptions{}, func() bool { return true }); ok || err != nil || f.Documents != 0 {
		t.Errorf("stopped at once: %d documents, %v, %v", f.Documents, ok, err)
	}
}
