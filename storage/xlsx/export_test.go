package xlsx_test

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/xlsx"
)

// TestProjectExportComparison exports a project's comparison through
// storage and finds the Report's figures in the workbook.
func TestProjectExportComparison(t *testing.T) {
	dir := t.TempDir()
	p, err := storage.Create(filepath.Join(dir, "study.marginalia"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	docs := corpus(t)
	if _, err := p.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	for _, r := range []storage.CodeRequest{
		{Coder: "Ana", Document: docs[0].Name, CodePath: "Cooperation", Span: at(t, docs[0], "bilateral cyber cooperation")},
		{Coder: "Ben", Document: docs[0].Name, CodePath: "Cooperation", Span: at(t, docs[0], "cyber cooperation")},
		{Coder: "Ben", Document: docs[1].Name, CodePath: "Conflict > Attack", Span: at(t, docs[1], "surprise attack")},
	} {
		if _, err := p.Code(r); err != nil {
			t.Fatal(err)
		}
	}
	opt := storage.ComparisonOptions{Coders: []string{"Ana", "Ben"}}
	path := filepath.Join(dir, "agreement.xlsx")
	if err := p.ExportComparison(path, opt); err != nil {
		t.Fatalf("ExportComparison: %v", err)
	}
	cmp, err := p.Compare(opt)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	r := rows(t, f, xlsx.SummarySheet)
	for i, want := range cmp.Report.Codes {
		if r[i+1][0] != cmp.CodePath(want.Code) {
			t.Errorf("row %d is %q, want %q", i+2, r[i+1][0], cmp.CodePath(want.Code))
		}
		checkFigures(t, r[i+1], 1, want, cmp.Coders)
	}
	d := rows(t, f, xlsx.DisagreementsSheet)
	var texts []string
	for _, row := range d[1:] {
		texts = append(texts, row[6])
	}
	if got, want := strings.Join(texts, "|"), "bilateral |surprise attack"; got != want {
		t.Errorf("disagreement texts %q, want %q", got, want)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".agreement.xlsx") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}

	if slices.Contains(f.GetSheetList(), xlsx.ConsensusSheet) {
		t.Error("a Consensus sheet without a consensus coder")
	}
	checkConsensusSheet(t, p, dir, docs[0], at(t, docs[0], "bilateral cyber cooperation").Len(), at(t, docs[0], "cyber cooperation").Len(), docs[0].Length+docs[1].Length)

	for _, bad := range []struct {
		name string
		path string
		opt  storage.ComparisonOptions
		want string
	}{
		{"wrong extension", filepath.Join(dir, "agreement.csv"), opt, ".xlsx"},
		{"one coder", filepath.Join(dir, "one.xlsx"), storage.ComparisonOptions{Coders: []string{"Ana"}}, "two coders"},
		{"unknown coder", filepath.Join(dir, "unknown.xlsx"), storage.ComparisonOptions{Coders: []string{"Ana", "Zoe"}}, "Zoe"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			err := p.ExportComparison(bad.path, bad.opt)
			if err == nil || !strings.Contains(err.Error(), bad.want) {
				t.Errorf("error %v, want one naming %q", err, bad.want)
			}
			if _, statErr := os.Stat(bad.path); statErr == nil {
				t.Errorf("%s was written despite the error", bad.path)
			}
		})
	}
}

// checkConsensusSheet codes a consensus (Ana's Cooperation passage) and
// checks the Consensus sheet's pooled Cooperation rows against the counts
// and Cohen's kappa computed by hand: Ana coded ana characters, all in the
// consensus; Ben coded ben of them; length characters in all.
func checkConsensusSheet(t *testing.T, p *storage.Project, dir string, doc coding.Document, ana, ben, length int) {
	t.Helper()
	if _, err := p.Code(storage.CodeRequest{Coder: coding.ConsensusName, Document: doc.Name, CodePath: "Cooperation", Span: at(t, doc, "bilateral cyber cooperation")}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "consensus.xlsx")
	if err := p.ExportComparison(path, storage.ComparisonOptions{Coders: []string{"Ana", "Ben"}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	want := []string{xlsx.SummarySheet, xlsx.CodeDocumentSheet, xlsx.ConsensusSheet, xlsx.DisagreementsSheet, xlsx.CodingsSheet, xlsx.CodebookSheet}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	checkDimensions(t, f)
	r := rows(t, f, xlsx.ConsensusSheet)
	if h := strings.Join(r[0], "|"); h != "Code|Document|Coder|Length|Coded by coder|Coded by Consensus|Both|Neither|Percent agreement|Cohen's κ|Krippendorff's α" {
		t.Errorf("header %q", h)
	}
	kappa := func(a, b, both int) float64 {
		n := float64(length)
		po := float64(both+length-a-b+both) / n
		pa, pb := float64(a)/n, float64(b)/n
		pe := pa*pb + (1-pa)*(1-pb)
		return (po - pe) / (1 - pe)
	}
	found := map[string]bool{}
	for _, row := range r[1:] {
		if len(row) < 10 || row[0] != "Cooperation" || row[1] != "(all documents)" {
			continue
		}
		coded := ana
		if row[2] == "Ben" {
			coded = ben
		}
		wantCells := []string{strconv.Itoa(length), strconv.Itoa(coded), strconv.Itoa(ana), strconv.Itoa(coded), strconv.Itoa(length - ana)}
		if got := row[3:8]; !slices.Equal(got, wantCells) {
			t.Errorf("%s: counts %q, want %q", row[2], got, wantCells)
		}
		k, err := strconv.ParseFloat(row[9], 64)
		if want := kappa(coded, ana, coded); err != nil || math.Abs(k-want) > 1e-9 {
			t.Errorf("%s: kappa %q, want %v", row[2], row[9], want)
		}
		found[row[2]] = true
	}
	if !found["Ana"] || !found["Ben"] {
		t.Errorf("pooled Cooperation rows found for %v, want Ana and Ben", found)
	}
	if last := r[len(r)-1]; last[0] != "Overall" || last[2] != "Ben" {
		t.Errorf("last row %q, want Ben's Overall", last)
	}
}
