package storage_test

import (
	"path/filepath"
	"testing"

	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// BenchmarkWordFrequencies: the word frequencies of a project of 1,000
// documents of 20,000 characters, each text read from the project file
// and counted, as the window's Words analysis and `report --kind words` do.
func BenchmarkWordFrequencies(b *testing.B) {
	p := newBenchProject(b, filepath.Join(b.TempDir(), "words.qdb"), benchDocuments(b, 1000, 20_000))
	defer p.Close()
	for b.Loop() {
		f, ok, err := p.WordFrequencies(storage.WordSource{}, analysis.WordOptions{}, nil)
		if err != nil || !ok || f.Documents != 1000 {
			b.Fatal(f.Documents, ok, err)
		}
	}
}
