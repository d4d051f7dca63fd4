package storage_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// twentyDocuments is a project of 20 short documents, 12 from CICIR and 8
// from SIIS (an attribute "affiliation").
func twentyDocuments(t *testing.T) *storage.Project {
	t.Helper()
	p, err := storage.Create(filepath.Join(t.TempDir(), "study.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	var docs []coding.Document
	table := "document,affiliation\n"
	for i := range 20 {
		name := fmt.Sprintf("article-%02d.txt", i)
		docs = append(docs, coding.NewDocument(name, fmt.Sprintf("Article %d.\n\nIts second paragraph.\n", i)))
		aff := "CICIR"
		if i >= 12 {
			aff = "SIIS"
		}
		table += name + "," + aff + "\n"
	}
	if _, err := p.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ImportAttributes(writeFile(t, "attrs.csv", table)); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDrawSampleStoresAReproducibleStratifiedSet(t *testing.T) {
	p := twentyDocuments(t)
	drawn, err := p.DrawSample(storage.SampleOptions{Fraction: 0.25, By: "affiliation", Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if drawn.Set.Name != coding.ReliabilitySampleName || len(drawn.Documents) != 5 || drawn.Of != 20 {
		t.Fatalf("drew %q with %d of %d documents; want %q with 5 of 20", drawn.Set.Name, len(drawn.Documents), drawn.Of, coding.ReliabilitySampleName)
	}
	want := []coding.Stratum{{Value: "CICIR", Size: 12, Drawn: 3}, {Value: "SIIS", Size: 8, Drawn: 2}}
	if !slices.Equal(drawn.Strata, want) {
		t.Errorf("strata %v, want %v", drawn.Strata, want)
	}
	members, err := p.SelectDocuments(coding.ReliabilitySampleName, nil)
	if err != nil || !slices.Equal(names(members), names(drawn.Documents)) {
		t.Fatalf("the stored set holds %v (%v), want %v", names(members), err, names(drawn.Documents))
	}
	s, ok, err := p.ReliabilitySample()
	if err != nil || !ok || s.ID != drawn.Set.ID {
		t.Errorf("ReliabilitySample() = %+v, %v, %v", s, ok, err)
	}

	// Drawing again over it needs Replace; with the same seed it is the same.
	if _, err := p.DrawSample(storage.SampleOptions{Fraction: 0.25, By: "affiliation", Seed: 9}); !errors.Is(err, storage.ErrSampleExists) {
		t.Errorf("a second draw over the sample: %v, want a refusal", err)
	}
	again, err := p.DrawSample(storage.SampleOptions{Fraction: 0.25, By: "affiliation", Seed: 9, Replace: true})
	if err != nil || !slices.Equal(names(again.Documents), names(drawn.Documents)) {
		t.Errorf("the same seed drew %v (%v), want %v", names(again.Documents), err, names(drawn.Documents))
	}
	other, err := p.DrawSample(storage.SampleOptions{Count: 5, Seed: 10, Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	// Undo brings back the first draw; undo twice more removes the set.
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	members, _ = p.SelectDocuments(coding.ReliabilitySampleName, nil)
	if !slices.Equal(names(members), names(drawn.Documents)) {
		t.Errorf("after undoing the draw of %v: %v, want %v", names(other.Documents), names(members), names(drawn.Documents))
	}
	for range 2 {
		if _, err := p.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, _ := p.ReliabilitySample(); ok {
		t.Error("after undoing every draw the reliability sample is still there")
	}
}

func TestDrawSampleRefusesBadRequests(t *testing.T) {
	p := twentyDocuments(t)
	for _, opt := range []storage.SampleOptions{
		{Count: 21, Seed: 1},
		{Count: -1, Seed: 1},
		{Fraction: 1.5, Seed: 1},
		{Seed: 1},
		{Count: 3, By: "colour", Seed: 1},
	} {
		if _, err := p.DrawSample(opt); err == nil {
			t.Errorf("DrawSample(%+v) gave no error", opt)
		}
	}
	if sets, _ := p.Sets(); len(sets) != 0 {
		t.Errorf("refused draws left sets %v", sets)
	}
	docs, paragraphs, err := p.Paragraphs()
	if err != nil || docs != 20 || paragraphs != 40 {
		t.Errorf("Paragraphs() = %d, %d, %v; want 20 documents, 40 paragraphs", docs, paragraphs, err)
	}
}
