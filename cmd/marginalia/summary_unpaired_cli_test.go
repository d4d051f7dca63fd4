package main

import (
	"encoding/json"
	"strings"
	"testing"

	"desktop/marginalia/storage"
)

// report --kind summary on the sample articles with a lead who coded
// nothing: no "Cohen's κ 0.00 (red)" row for lead, and a line saying lead
// is in no pair and why.
func TestReportSummaryLeavesOutACoderWhoCodedNothing(t *testing.T) {
	project := projectWithArticles(t)
	mustMG(t, "search", project, "cyber vandalism", "--code", "Conflict", "--coder", "alice")
	mustMG(t, "search", project, "cyber vandalism", "--code", "Conflict", "--coder", "bob")
	p, err := storage.Open(project)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.EnsureCoder("lead"); err != nil {
		t.Fatal(err)
	}
	p.Close()
	text := mustMG(t, "report", project, "--kind", "summary")
	if strings.Contains(text, "lead ·") || strings.Contains(text, "· lead") {
		t.Errorf("the summary pairs lead, who coded nothing:\n%s", text)
	}
	for _, want := range []string{"alice · bob: 1 document, 100.0 % agreement", "lead is in no pair: a pair is compared only when both coders coded at least one same document."} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}
	var s struct {
		Agreement []struct{ A, B string }
		Unpaired  []string
	}
	if err := json.Unmarshal([]byte(mustMG(t, "report", project, "--kind", "summary", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Agreement) != 1 || len(s.Unpaired) != 1 || s.Unpaired[0] != "lead" {
		t.Errorf("JSON: %+v; want one pair and lead unpaired", s)
	}
}
