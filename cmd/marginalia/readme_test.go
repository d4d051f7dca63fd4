package main

import (
	"os"
	"strings"
	"testing"

	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage/textimport"
)

// readme is the project's README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// tableAfter is the rows of the Markdown table whose header line is header,
// each a list of trimmed cells, the separator row left out.
func tableAfter(t *testing.T, text, header string) [][]string {
	t.Helper()
	_, rest, ok := strings.Cut(text, header+"\n")
	if !ok {
		t.Fatalf("README has no table %q", header)
	}
	var rows [][]string
	for i, line := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(line, "|") {
			break
		}
		if i == 0 { // |---|---|
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

// TestReadmeBands: the README's table of kappa colour bands states the
// bands and thresholds that agreement.BandOf uses.
func TestReadmeBands(t *testing.T) {
	got := tableAfter(t, readme(t), "| band | kappa or alpha |")
	var want [][]string
	for _, b := range append(agreement.Bands(), agreement.Grey) {
		want = append(want, []string{b.String(), b.Describe()})
	}
	if len(got) != len(want) {
		t.Fatalf("README's band table has %d rows %q, want %q", len(got), got, want)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("README's band row %d is %q, want %q", i+1, got[i], want[i])
		}
	}
}

// TestReadmeExtensions: every line of the README about importing that
// names a document format lists exactly the importer's extensions.
func TestReadmeExtensions(t *testing.T) {
	want := "(" + textimport.ExtensionList() + ")"
	lines := 0
	for i, line := range strings.Split(readme(t), "\n") {
		if !strings.Contains(strings.ToLower(line), "import") || !strings.Contains(line, ".docx") {
			continue
		}
		lines++
		if !strings.Contains(line, want) {
			t.Errorf("README line %d names document formats but not as %s: %q", i+1, want, line)
		}
	}
	if lines == 0 {
		t.Errorf("README never lists the document formats %s", want)
	}
}

// TestReadmeStopList: the README gives the stop list that word frequencies
// use, word for word.
func TestReadmeStopList(t *testing.T) {
	want := "the stop list: " + strings.Join(analysis.StopWords, ", ") + "."
	if text := strings.Join(strings.Fields(readme(t)), " "); !strings.Contains(text, want) {
		t.Errorf("README does not say %q", want)
	}
}
