package xlsx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage/xlsx"
)

// analysisTables are the three analyses of the sample study (Ana and Ben
// on the two sample articles), as the command line and the window export
// them.
func analysisTables(t *testing.T) (sample, []analysis.Table) {
	s := newSample(t)
	// Ana also codes her Cooperation passage in the Sony article with
	// Language: one pair.
	lang := s.Codings[0]
	lang.ID, lang.CodeID = coding.NewID(), s.language.ID
	s.Codings = append(s.Codings, lang)
	opt := analysis.Options{Codes: []string{}, Documents: []string{}, Coders: []string{}}
	for _, c := range s.Codebook.Codes() {
		opt.Codes = append(opt.Codes, c.ID)
	}
	for _, d := range s.Documents {
		opt.Documents = append(opt.Documents, d.ID)
	}
	for _, c := range s.Coders {
		opt.Coders = append(opt.Coders, c.ID)
	}
	docName := map[string]string{}
	for _, d := range s.Documents {
		docName[d.ID] = d.Name
	}
	names := analysis.Names{Code: s.Codebook.Path, Document: func(id string) string { return docName[id] },
		Coder: func(id string) string {
			for _, c := range s.Coders {
				if c.ID == id {
					return c.Name
				}
			}
			return id
		}}
	co := analysis.CodeCooccurrence(s.Codings, opt, analysis.Proximity{})
	return s, []analysis.Table{
		analysis.CodeFrequencies(s.Codings, opt).Table(names),
		analysis.CodeMatrix(s.Codings, opt).Table(names),
		co.Table(names),
		co.Grid(names),
	}
}

func TestWriteTables(t *testing.T) {
	s, tables := analysisTables(t)
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, "Analysis", tables); err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	if got, want := f.GetSheetList(), []string{analysis.FrequenciesTable, analysis.MatrixTable, analysis.CooccurrenceTable, analysis.CooccurrenceGrid}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	freq := rows(t, f, analysis.FrequenciesTable)
	wantHeader := []string{"Code", "Codings", "Documents", "Characters", "Codings: Ana", "Documents: Ana", "Characters: Ana", "Codings: Ben", "Documents: Ben", "Characters: Ben"}
	if !slices.Equal(freq[0], wantHeader) {
		t.Errorf("frequencies header %q, want %q", freq[0], wantHeader)
	}
	// Cooperation: Ana and Ben coded it once each in both articles; in the
	// setback article both coded the same 25 characters, in the Sony one
	// "bilateral cyber cooperation" (27) and "cyber cooperation. Recently"
	// (27), which share "cyber cooperation" (17): 27 + 27 − 17 = 37.
	// Ana: 27 + 25 = 52; Ben: 27 + 25 = 52.
	coop := freq[3]
	if want := []string{"Cooperation", "4", "2", "62", "2", "2", "52", "2", "2", "52"}; !slices.Equal(coop, want) {
		t.Errorf("Cooperation row %q, want %q", coop, want)
	}
	if total := freq[len(s.Codebook.Codes())+1]; total[0] != "(any code)" || total[1] != "10" {
		t.Errorf("total row %q, want (any code) with 10 codings", total)
	}
	// The one pair: Cooperation (4 codings) and Language (3), 27 characters
	// in one document; c = 1 / (4 + 3 − 1), of which Excel keeps 15 digits.
	co := rows(t, f, analysis.CooccurrenceTable)
	if want := []string{"Cooperation", "Language", "1", "1", "27", "0.166666666666666", "", "4", "3"}; len(co) < 3 || !slices.Equal(co[1], want) || len(co[2]) != 0 {
		t.Errorf("co-occurrence sheet %q, want one row %q", co, want)
	}
	grid := rows(t, f, analysis.CooccurrenceGrid)
	if want := []string{"Cooperation", "0", "0", "4", "1", "0"}; !slices.Equal(grid[3], want) {
		t.Errorf("grid row %q, want %q", grid[3], want)
	}
	// The notes define the figures below the table.
	if !strings.Contains(strings.Join(flatten(rows(t, f, analysis.CooccurrenceTable)), " "), "c-coefficient") {
		t.Error("the co-occurrence sheet does not explain the c-coefficient")
	}
	if !hasChart(t, buf.Bytes()) {
		t.Error("no chart in the workbook; the frequencies sheet should have a bar chart")
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func hasChart(t *testing.T, data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			return true
		}
	}
	return false
}

// TestLibreOfficeOpensAnalysis converts the analysis workbook's first
// sheet with LibreOffice: it loads without complaint and reads as written.
func TestLibreOfficeOpensAnalysis(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH")
	}
	if testing.Short() {
		t.Skip("-short: not starting LibreOffice")
	}
	_, tables := analysisTables(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "analysis.xlsx")
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, "Analysis", tables); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
		"--outdir", dir, path).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, bad := range []string{"repair", "error", "corrupt"} {
		if strings.Contains(strings.ToLower(string(out)), bad) {
			t.Errorf("LibreOffice reported %q:\n%s", bad, out)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "analysis.csv"))
	if err != nil {
		t.Fatalf("no CSV from LibreOffice (%v):\n%s", err, out)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) < 6 || records[0][0] != "Code" || records[3][0] != "Cooperation" || records[3][3] != "62" {
		t.Errorf("LibreOffice reads the frequencies as %q", records)
	}
}
