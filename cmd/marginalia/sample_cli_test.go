package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestBinarySampleAndPlan runs the built executable: sample draws a
// reproducible, stratified reliability sample and stores it as a set;
// agreement then compares it by default and says so; the planner prints
// Krippendorff's published figures.
func TestBinarySampleAndPlan(t *testing.T) {
	bin := buildBinary(t)
	project := filepath.Join(t.TempDir(), "study.qdb")
	env := parseableLocale
	run := func(args ...string) outcome {
		t.Helper()
		return exitsZero(t, bin, args...)
	}
	run("new", project, "--sample") // two articles, one from CICIR and one from SIIS
	text := storedText(t, sony)
	start := runeIndex(t, text, "cyber vandalism", 0)
	for _, coder := range []string{"alice", "bob"} {
		for _, doc := range []string{sony, setback} {
			end := start + 15
			if coder == "bob" && doc == setback {
				end = start + 5 // they disagree on the setback article only
			}
			run("code", project, "--coder", coder, "--document", doc, "--code", "Norms", "--start", strconv.Itoa(start), "--end", strconv.Itoa(end))
		}
	}
	before := run("agreement", project, "--coders", "alice,bob")
	if !strings.Contains(before.stdout, "2 documents\n") || strings.Contains(before.stdout, "reliability sample") {
		t.Fatalf("agreement before a sample:\n%s", before.stdout)
	}

	var drawn sampleJSON
	o := run("sample", project, "--count", "1", "--by", "affiliation", "--seed", "3", "--json")
	if err := json.Unmarshal([]byte(o.stdout), &drawn); err != nil {
		t.Fatal(err)
	}
	if drawn.Set != "Reliability sample" || drawn.Seed != 3 || drawn.Of != 2 || len(drawn.Documents) != 1 || len(drawn.Strata) != 2 {
		t.Fatalf("sample --json: %+v", drawn)
	}
	for _, s := range drawn.Strata {
		if s.Size != 1 || s.Drawn > 1 {
			t.Errorf("stratum %+v: each affiliation has one article", s)
		}
	}
	// Again over it: refused without --replace, the same with the same seed.
	if o := execute(t, bin, env, "sample", project, "--count", "1", "--seed", "3"); o.code != 1 || !strings.Contains(o.stderr, "--replace") {
		t.Errorf("a second draw: exit %d, stderr %q; want 1 and a pointer to --replace", o.code, o.stderr)
	}
	for range 2 {
		o = run("sample", project, "--count", "1", "--by", "affiliation", "--seed", "3", "--replace")
		if !strings.Contains(o.stdout, "1 of 2 documents (50.0 %), stratified by affiliation, seed 3") || !strings.Contains(o.stdout, "  "+drawn.Documents[0]+"\n") {
			t.Errorf("sample with the same seed:\n%s\nwant %s drawn again", o.stdout, drawn.Documents[0])
		}
	}
	set := run("set", project, "Reliability sample")
	if !strings.Contains(set.stdout, "1 document") || !strings.Contains(set.stdout, drawn.Documents[0]) {
		t.Errorf("the stored set:\n%s", set.stdout)
	}

	// agreement now compares the sample, and says so.
	o = run("agreement", project, "--coders", "alice,bob")
	if !strings.Contains(o.stdout, "1 document (the reliability sample") || !strings.Contains(o.stdout, drawn.Documents[0]) {
		t.Errorf("agreement with a sample:\n%s", o.stdout)
	}
	var out characterJSON
	o = run("agreement", project, "--coders", "alice,bob", "--json")
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Sample != "Reliability sample" || !slices.Equal(out.Documents, drawn.Documents) {
		t.Errorf("agreement --json: sample %q, documents %v; want the sample's %v", out.Sample, out.Documents, drawn.Documents)
	}
	o = run("agreement", project, "--coders", "alice,bob", "--methods", "--resamples", "50")
	if !strings.Contains(o.stdout, "reliability sample") || !strings.Contains(o.stdout, "1 of the 2 in the project (50.0 %)") {
		t.Errorf("the methods paragraph does not say the sample was compared:\n%s", o.stdout)
	}
	if !strings.Contains(o.stdout, "drawn at random (seed 3), stratified proportionally by affiliation, on ") {
		t.Errorf("the methods paragraph does not say how the sample was drawn:\n%s", o.stdout)
	}
	o = run("agreement", project, "--coders", "alice,bob", "--all-documents", "--json")
	out = characterJSON{}
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil || out.Sample != "" || len(out.Documents) != 2 {
		t.Errorf("--all-documents: sample %q, documents %v (%v); want both articles", out.Sample, out.Documents, err)
	}
	o = run("agreement", project, "--coders", "alice,bob", "--documents", setback, "--json")
	out = characterJSON{}
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil || out.Sample != "" || !slices.Equal(out.Documents, []string{setback}) {
		t.Errorf("--documents: sample %q, documents %v (%v); what is asked for wins", out.Sample, out.Documents, err)
	}

	// The planner: Krippendorff's table (four equal values, p = 0.05).
	for _, tc := range []struct {
		alpha string
		want  int
	}{{"0.8", 139}, {"0.667", 81}} {
		var plan planJSON
		o = run("sample", project, "--plan", "--alpha-min", tc.alpha, "--level", "0.05", "--pc", "0.25", "--json")
		if err := json.Unmarshal([]byte(o.stdout), &plan); err != nil {
			t.Fatal(err)
		}
		if plan.Units != tc.want || plan.ProjectDocuments != 2 || plan.Paragraphs == 0 || !strings.Contains(plan.Source, "Krippendorff") {
			t.Errorf("--plan --alpha-min %s: %+v; want %d units", tc.alpha, plan, tc.want)
		}
	}
	o = run("sample", project, "--plan")
	for _, want := range []string{"at least 103 units", "0.25    139", "Bloch & Kraemer", "double-code every document"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("sample --plan does not say %q:\n%s", want, o.stdout)
		}
	}
	for _, bad := range [][]string{
		{"sample", project},
		{"sample", project, "--count", "1", "--fraction", "0.5"},
		{"sample", project, "--fraction", "1.5"},
		{"sample", project, "--plan", "--alpha-min", "1"},
		{"sample", project, "--plan", "--count", "2"},
	} {
		if o := execute(t, bin, env, bad...); o.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", bad, o.code, o.stderr)
		}
	}
	if o := execute(t, bin, env, "sample", project, "--count", "3", "--name", "Big"); o.code != 1 || !strings.Contains(o.stderr, "2 documents") {
		t.Errorf("3 of 2 documents: exit %d, stderr %q", o.code, o.stderr)
	}
}
