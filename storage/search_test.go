package storage_test

import (
	"path/filepath"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// TestSearchAndCodeHits searches two documents, codes every hit as one
// action, codes them again (nothing added), and undoes the action.
func TestSearchAndCodeHits(t *testing.T) {
	p, err := storage.Create(filepath.Join(t.TempDir(), "search.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.AddDocuments([]coding.Document{
		coding.NewDocument("a.txt", "Mutual trust. 互信 and trust 🤝 trust."),
		coding.NewDocument("b.txt", "No such word here."),
		coding.NewDocument("c.txt", "战略互信"),
	}); err != nil {
		t.Fatal(err)
	}
	hits, ok, err := p.Search(nil, analysis.SearchQuery{Text: "TRUST", Context: 2}, nil)
	if err != nil || !ok || len(hits) != 3 {
		t.Fatalf("hits %+v, %v, %v: want 3", hits, ok, err)
	}
	if want := (coding.Span{Start: 29, End: 34}); hits[2].Span != want || hits[2].Before != "🤝 " {
		t.Errorf("the third hit %+v, want %v after the emoji", hits[2], want)
	}
	cjk, _, err := p.Search(nil, analysis.SearchQuery{Text: "互信"}, nil)
	if err != nil || len(cjk) != 2 || cjk[1].Span != (coding.Span{Start: 2, End: 4}) {
		t.Fatalf("互信: %+v, %v", cjk, err)
	}
	stopped, ok, err := p.Search(nil, analysis.SearchQuery{Text: "trust"}, func() bool { return true })
	if err != nil || ok || len(stopped) != 0 {
		t.Errorf("stopped at once: %+v, %v, %v", stopped, ok, err)
	}

	n, err := p.CodeHits("Code 5 hits", "alice", "Themes>Trust", append(hits, cjk...))
	if err != nil || n != 5 {
		t.Fatalf("coded %d, %v; want 5", n, err)
	}
	if count, _ := p.CodingCount(); count != 5 {
		t.Errorf("%d codings, want 5", count)
	}
	if n, err := p.CodeHits("Code 3 hits", "alice", "Themes>Trust", hits); err != nil || n != 0 {
		t.Errorf("again: %d, %v; want 0 added", n, err)
	}
	bad := []analysis.Hit{hits[0], {Document: hits[0].Document, Span: coding.Span{Start: 30, End: 99}}}
	if _, err := p.CodeHits("Code", "bob", "Other", bad); err == nil {
		t.Error("a span past the end was allowed")
	}
	if count, _ := p.CodingCount(); count != 5 {
		t.Errorf("after refused actions: %d codings, want 5", count)
	}
	if label, err := p.Undo(); err != nil || label != "Code 5 hits" {
		t.Fatalf("undo: %q, %v", label, err)
	}
	if count, _ := p.CodingCount(); count != 0 {
		t.Errorf("after undo: %d codings, want 0", count)
	}
}
