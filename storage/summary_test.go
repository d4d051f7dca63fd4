package storage_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// summaryProject: two documents (10 and 3 characters); alice and bob code
// Trust on the same five characters, carol on the other five; alice also
// codes Norms; a consensus coder codes too.
func summaryProject(t *testing.T) *storage.Project {
	t.Helper()
	p, err := storage.Create(filepath.Join(t.TempDir(), "summary.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if _, err := p.AddDocuments([]coding.Document{coding.NewDocument("a.txt", "abcdefghij"), coding.NewDocument("b.txt", "互信😀")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		coder, code, doc string
		start, end       int
	}{
		{"alice", "Trust", "a.txt", 0, 5}, {"bob", "Trust", "a.txt", 0, 5}, {"carol", "Trust", "a.txt", 5, 10},
		{"alice", "Norms", "b.txt", 1, 3}, {coding.ConsensusName, "Trust", "a.txt", 0, 5},
	} {
		if _, err := p.Code(storage.CodeRequest{Coder: c.coder, Document: c.doc, CodePath: c.code, Span: coding.Span{Start: c.start, End: c.end}}); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// TestSummary checks every figure of the summary report against the
// codings made above. Agreement is pooled over each code the pair used and
// each document either coded, character by character:
//
//	alice · bob: Trust and Norms × a.txt and b.txt, 26 units; they differ
//	only on the 2 characters of Norms alice coded → 24/26; alice coded 7,
//	bob 5, both 5, neither 19: κ = (24/26 − (7·5 + 19·21)/26²) / (1 − 434/676) = 190/242
//	bob · carol: Trust × a.txt, 10 units, none alike → 0 %, κ = (0 − 0.5)/(1 − 0.5) = −1
func TestSummary(t *testing.T) {
	p := summaryProject(t)
	s, err := p.Summary("Study")
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents.Count != 2 || s.Documents.Characters != 13 || s.Codings != 5 {
		t.Errorf("documents %+v, codings %d", s.Documents, s.Codings)
	}
	coders := map[string]analysis.Count{}
	for _, c := range s.Coders {
		coders[c.Name] = c.Count
	}
	if coders["alice"] != (analysis.Count{Codings: 2, Documents: 2, Characters: 7}) || coders["carol"] != (analysis.Count{Codings: 1, Documents: 1, Characters: 5}) || len(coders) != 4 {
		t.Errorf("coders %+v", coders)
	}
	if s.Codes.Count != 2 || s.Codes.Used != 2 || len(s.Codes.MostUsed) != 2 || s.Codes.MostUsed[0].Code != "Trust" || s.Codes.MostUsed[0].Codings != 4 {
		t.Errorf("codes %+v", s.Codes)
	}
	pairs := map[string]analysis.PairAgreement{}
	for _, a := range s.Agreement {
		pairs[a.A+"·"+a.B] = a
	}
	if len(pairs) != 3 {
		t.Fatalf("pairs %+v: want alice·bob, alice·carol, bob·carol (no consensus)", s.Agreement)
	}
	bc := pairs["bob·carol"]
	if bc.Documents != 1 || bc.PercentAgreement.Value != 0 || !bc.Kappa.Defined || bc.Kappa.Value != -1 {
		t.Errorf("bob·carol: %+v", bc)
	}
	ab := pairs["alice·bob"]
	if ab.Documents != 2 || math.Abs(ab.PercentAgreement.Value-24.0/26) > 1e-12 || math.Abs(ab.Kappa.Value-190.0/242) > 1e-12 {
		t.Errorf("alice·bob: %+v, want 2 documents, agreement 24/26, κ 190/242", ab)
	}

	dir := t.TempDir()
	page := filepath.Join(dir, "summary.html")
	if err := storage.ExportSummary(page, s); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(page)
	for _, want := range []string{"<title>Study</title>", "2 documents, 13 characters", "<td>bob · carol</td>", "<td class=\"n\">-1.00</td>", "red"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	js := filepath.Join(dir, "summary.json")
	if err := storage.ExportSummary(js, s); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Agreement []struct {
			A, B  string
			Kappa *float64
			Band  string
		}
	}
	raw, _ := os.ReadFile(js)
	if err := json.Unmarshal(raw, &back); err != nil || len(back.Agreement) != 3 || back.Agreement[2].Band != "red" {
		t.Errorf("JSON: %+v, %v\n%s", back, err, raw)
	}
	if err := storage.ExportSummary(filepath.Join(dir, "s.txt"), s); err == nil || !strings.Contains(err.Error(), ".html or .json") {
		t.Errorf("a .txt summary: %v", err)
	}
}

// On the sample articles, a lead who coded nothing and a coder who coded
// only the other article are paired with no one: the summary compares
// alice and bob alone, and says who is in no pair and why.
func TestSummaryPairsOnlyCodersWhoCodedTheSameDocuments(t *testing.T) {
	s := newSample(t)
	code, err := s.p.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		coder string
		doc   coding.Document
		text  string
	}{{"alice", s.sony, "cyber vandalism"}, {"bob", s.sony, "cyber vandalism"}, {"bob", s.sony, "Sony"}, {"dora", s.setb, "cooperation"}} {
		coder, err := s.p.EnsureCoder(c.coder)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.p.AddCoding(coding.Coding{DocumentID: c.doc.ID, CodeID: code.ID, CoderID: coder.ID, Span: find(t, c.doc, c.text)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.p.EnsureCoder("lead"); err != nil {
		t.Fatal(err)
	}
	sum, err := s.p.Summary("Sample")
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Agreement) != 1 || sum.Agreement[0].A != "alice" || sum.Agreement[0].B != "bob" || sum.Agreement[0].Documents != 1 {
		t.Errorf("pairs %+v; want alice · bob alone, on the Sony article", sum.Agreement)
	}
	if len(sum.Unpaired) != 2 || sum.Unpaired[0] != "dora" || sum.Unpaired[1] != "lead" {
		t.Errorf("unpaired %v; want dora and lead", sum.Unpaired)
	}
	page := filepath.Join(t.TempDir(), "summary.html")
	if err := storage.ExportSummary(page, sum); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(page)
	if bytes.Contains(html, []byte("lead ·")) || bytes.Contains(html, []byte("· lead")) || bytes.Contains(html, []byte("· dora")) {
		t.Errorf("the page pairs lead or dora:\n%s", html)
	}
	if !bytes.Contains(html, []byte("dora, lead are in no pair: a pair is compared only when both coders coded at least one same document.")) {
		t.Errorf("the page does not say who is in no pair:\n%s", html)
	}
}
