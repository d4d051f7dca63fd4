package xlsx_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
