package storage_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestSampleRecord: DrawSample keeps how the sample was drawn beside its
// set, in the same action; the methods paragraph's selection says so while
// the set is as drawn, and not once it is edited; a failed draw records
// nothing.
func TestSampleRecord(t *testing.T) {
	p := twentyDocuments(t)
	if sel, err := p.SampleSelection(); err != nil || sel != storage.SelectionSample {
		t.Errorf("without a sample: %q, %v", sel, err)
	}
	before := time.Now().UTC().Add(-time.Second)
	drawn, err := p.DrawSample(storage.SampleOptions{Fraction: 0.25, By: "affiliation", Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	r, ok, err := p.SampleRecordOf(drawn.Set)
	if err != nil || !ok {
		t.Fatalf("no record of the draw: %v", err)
	}
	if r.Seed != 9 || r.Fraction != 0.25 || r.Count != 0 || r.By != "affiliation" || r.Of != 20 || len(r.Documents) != 5 ||
		r.Drawn.Before(before) || r.Drawn.After(time.Now().Add(time.Second)) {
		t.Errorf("record %+v, want seed 9, fraction 0.25 by affiliation of 20, 5 documents, drawn now", r)
	}
	sel, err := p.SampleSelection()
	want := storage.SelectionSample + ", drawn at random (seed 9), stratified proportionally by affiliation, on " + r.Drawn.Format(time.DateOnly)
	if err != nil || sel != want {
		t.Errorf("selection %q (%v), want %q", sel, err, want)
	}

	// A redraw by count replaces the record; undoing it brings back the
	// first set, which the second record no longer describes.
	second, err := p.DrawSample(storage.SampleOptions{Count: 4, Seed: 10, Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok, _ := p.SampleRecordOf(second.Set); !ok || r.Seed != 10 || r.Count != 4 || r.Fraction != 0 || r.By != "" {
		t.Errorf("after the redraw: %+v, %v", r, ok)
	}
	if sel, _ := p.SampleSelection(); !strings.Contains(sel, "(seed 10)") || strings.Contains(sel, "stratified") {
		t.Errorf("after the redraw: %q", sel)
	}
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	if sel, _ := p.SampleSelection(); sel != storage.SelectionSample {
		t.Errorf("after undoing the redraw: %q, want no claim about the draw", sel)
	}
	if _, err := p.Redo(); err != nil {
		t.Fatal(err)
	}
	if sel, _ := p.SampleSelection(); !strings.Contains(sel, "(seed 10)") {
		t.Errorf("after redoing the redraw: %q", sel)
	}

	// Editing the set's documents by hand: no longer drawn at random.
	set, _, _ := p.ReliabilitySample()
	set.Documents = set.Documents[1:]
	if err := p.UpdateSet(set); err != nil {
		t.Fatal(err)
	}
	if sel, _ := p.SampleSelection(); sel != storage.SelectionSample {
		t.Errorf("after editing the set: %q", sel)
	}

	// A refused draw records nothing.
	if _, err := p.DrawSample(storage.SampleOptions{Name: "Other", Count: 99, Seed: 1}); err == nil {
		t.Fatal("drew 99 of 20 documents")
	}
	if _, err := p.SetNamed("Other"); err == nil {
		t.Error("a refused draw stored a set")
	}
}
