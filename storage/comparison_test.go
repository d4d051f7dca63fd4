package storage_test

import (
	"math"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

func TestCompareReportsUnitizingAlphaOnTheDocumentsEndToEnd(t *testing.T) {
	s := newSample(t)
	// alice codes Norms in both articles, bob only in the second: the second
	// document starts after the first's 7036 characters on the continuum.
	vandalism := find(t, s.sony, "cyber vandalism")
	trust := find(t, s.setb, "International trust")
	for _, c := range []storage.CodeRequest{
		{Coder: "alice", Document: s.sony.Name, CodePath: "Norms", Span: vandalism},
		{Coder: "alice", Document: s.setb.Name, CodePath: "Norms", Span: trust},
		{Coder: "bob", Document: s.setb.Name, CodePath: "Norms", Span: trust},
	} {
		if _, err := s.p.Code(c); err != nil {
			t.Fatal(err)
		}
	}
	cmp, err := s.p.Compare(storage.ComparisonOptions{Coders: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Documents) != 2 || cmp.Documents[0].Name != s.setb.Name {
		t.Fatalf("considered documents %v", cmp.Documents)
	}
	norms, _ := cmp.Codebook.ByPath("Norms")
	setbLen := s.setb.Length
	want, err := agreement.UnitizingAlpha(agreement.UnitizingStudy{Coders: 2, Continuum: coding.Span{End: setbLen + s.sony.Length}, Units: []agreement.Unit{
		{Coder: 0, Category: norms.ID, Span: trust},
		{Coder: 0, Category: norms.ID, Span: coding.Span{Start: setbLen + vandalism.Start, End: setbLen + vandalism.End}},
		{Coder: 1, Category: norms.ID, Span: trust},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := cmp.Unitizing.Alpha
	if !got.Defined || math.Abs(got.Value-want.Alpha.Value) > 1e-12 || got.Value >= 1 || got.Value <= 0 {
		t.Errorf("unitizing alpha %v, want %v (between 0 and 1: the coders agree on one unit of two)", got, want.Alpha)
	}
}

func TestComparisonIntervalsResampleParagraphsOfFewDocuments(t *testing.T) {
	s := newSample(t)
	vandalism := find(t, s.sony, "cyber vandalism")
	trust := find(t, s.setb, "International trust")
	for _, c := range []storage.CodeRequest{
		{Coder: "alice", Document: s.sony.Name, CodePath: "Norms", Span: vandalism},
		{Coder: "bob", Document: s.sony.Name, CodePath: "Norms", Span: coding.Span{Start: vandalism.Start, End: vandalism.End + 40}},
		{Coder: "alice", Document: s.setb.Name, CodePath: "Norms", Span: trust},
		{Coder: "bob", Document: s.setb.Name, CodePath: "Norms", Span: trust},
	} {
		if _, err := s.p.Code(c); err != nil {
			t.Fatal(err)
		}
	}
	cmp, err := s.p.Compare(storage.ComparisonOptions{Coders: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	iv := cmp.Intervals(agreement.BootstrapOptions{Resamples: 300})
	paragraphs := len(coding.Paragraphs(s.sony.Text)) + len(coding.Paragraphs(s.setb.Text))
	if iv.Unit != agreement.UnitParagraph || iv.Clusters != paragraphs || paragraphs < 20 {
		t.Fatalf("unit %s over %d clusters; want paragraphs, %d of them", iv.Unit, iv.Clusters, paragraphs)
	}
	if o := cmp.Report.Overall.Alpha.Value; !iv.Overall.Alpha.Contains(o) || iv.Overall.Alpha.Hi-iv.Overall.Alpha.Lo <= 0 {
		t.Errorf("overall α %v, interval %v", o, iv.Overall.Alpha)
	}
}
