package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportSummary: report --kind summary on the sample articles, alice
// and bob having coded "cyber vandalism" (twice each) and bob "Obama" (four
// times) with Conflict: the figures printed, as JSON and in an HTML page.
func TestReportSummary(t *testing.T) {
	project := projectWithArticles(t)
	mustMG(t, "search", project, "cyber vandalism", "--code", "Conflict", "--coder", "alice")
	mustMG(t, "search", project, "cyber vandalism", "--code", "Conflict", "--coder", "bob")
	mustMG(t, "search", project, "Obama", "--code", "Conflict", "--coder", "bob")
	var s struct {
		Documents struct{ Count, Characters int }
		Codings   int
		Coders    []struct {
			Name               string
			Codings, Documents int
		}
		Codes struct {
			Count, Used int
			MostUsed    []struct{ Code string } `json:"most_used"`
		}
		Agreement []struct {
			A, B             string
			Documents        int
			PercentAgreement float64 `json:"percent_agreement"`
			Kappa            float64
			Band             string
		}
	}
	out := mustMG(t, "report", project, "--kind", "summary", "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if s.Documents.Count != 2 || s.Documents.Characters != sonyLength+setbackLength || s.Codings != 8 {
		t.Errorf("documents %+v, codings %d", s.Documents, s.Codings)
	}
	if len(s.Coders) != 2 || s.Coders[0].Name != "alice" || s.Coders[0].Codings != 2 || s.Coders[1].Codings != 6 {
		t.Errorf("coders %+v", s.Coders)
	}
	if s.Codes.Used != 1 || len(s.Codes.MostUsed) != 1 || s.Codes.MostUsed[0].Code != "Conflict" {
		t.Errorf("codes %+v", s.Codes)
	}
	// One document, Conflict only: 7,036 characters; they differ on the
	// letters of the four "Obama" (20); alice coded 30, bob 50, both 30.
	if len(s.Agreement) != 1 || s.Agreement[0].Documents != 1 || s.Agreement[0].PercentAgreement != float64(sonyLength-20)/sonyLength {
		t.Errorf("agreement %+v", s.Agreement)
	}
	text := mustMG(t, "report", project, "--kind", "summary")
	for _, want := range []string{"alice · bob: 1 document", "Conflict: 8 codings in 1 document", "bob: 6 codings"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed summary lacks %q:\n%s", want, text)
		}
	}
	page := filepath.Join(t.TempDir(), "summary.html")
	mustMG(t, "report", project, "--kind", "summary", "-o", page)
	html, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(html), "<td>alice · bob</td>") {
		t.Errorf("the page: %v\n%s", err, html)
	}
	for _, bad := range [][]string{
		{"report", project, "--kind", "summary", "--coders", "alice"},
		{"report", project, "--kind", "summary", "-o", filepath.Join(t.TempDir(), "s.xlsx")},
	} {
		if o := mg(t, bad...); o.code == 0 || o.stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", bad, o.code, o.stderr)
		}
	}
}
