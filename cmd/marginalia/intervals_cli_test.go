package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// codeByParagraph makes alice and bob code the two sample articles as a
// study would: alice codes whole paragraphs that mention a code's theme,
// bob often only the sentence, each misses some, and now and then one
// codes a paragraph the other leaves alone.
func codeByParagraph(t *testing.T, project string) {
	t.Helper()
	themes := []struct{ code, pattern string }{
		{"Trust", `(?i)trust`}, {"Norms", `(?i)norm|rule`}, {"Sovereignty", `(?i)sovereign`},
		{"Cooperation", `(?i)cooperat|dialogue`}, {"Conflict", `(?i)hack|attack|conflict|sanction`},
	}
	r := rand.New(rand.NewPCG(13, 13))
	lines := []string{"coder,document,code,start,end"}
	add := func(coder, doc, code string, s coding.Span) {
		lines = append(lines, fmt.Sprintf("%s,%s,%s,%d,%d", coder, doc, code, s.Start, s.End))
	}
	for _, doc := range []string{setback, sony} {
		text := storedText(t, doc)
		for _, p := range coding.Paragraphs(text) {
			para := coding.Slice(text, p)
			for _, th := range themes {
				hit := regexp.MustCompile(th.pattern).FindStringIndex(para)
				if hit == nil {
					if r.Float64() < 0.04 {
						add([]string{"alice", "bob"}[r.IntN(2)], doc, th.code, p)
					}
					continue
				}
				if r.Float64() < 0.9 {
					add("alice", doc, th.code, p)
				}
				sentence := p
				if r.Float64() < 0.5 {
					at := coding.ByteToRune(para, hit[0])
					sentence = coding.Span{Start: p.Start + max(0, at-60), End: p.Start + min(p.Len(), at+120)}
				}
				if r.Float64() < 0.9 {
					add("bob", doc, th.code, sentence)
				}
			}
		}
	}
	csv := filepath.Join(t.TempDir(), "codings.csv")
	if err := os.WriteFile(csv, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustMG(t, "import", project, csv)
}

// ciRow is a pooled row of `agreement --ci --json`.
type ciRow struct {
	Code        string             `json:"code"`
	Kappa       *float64           `json:"kappa"`
	Alpha       *float64           `json:"alpha"`
	KappaCI     *[2]float64        `json:"kappa_ci"`
	AlphaCI     *[2]float64        `json:"alpha_ci"`
	PAlphaBelow map[string]float64 `json:"p_alpha_below"`
}

type ciReport struct {
	Rows    []ciRow `json:"rows"`
	Codes   []ciRow `json:"codes"`
	Overall ciRow   `json:"overall"`
	CI      *struct {
		Level     float64 `json:"level"`
		Resamples int     `json:"resamples"`
		Seed      uint64  `json:"seed"`
		Unit      string  `json:"unit"`
		Clusters  int     `json:"clusters"`
		Method    string  `json:"method"`
	} `json:"ci"`
}

// TestAgreementIntervalsThroughTheBinary runs the built executable on the
// sample corpus coded paragraph by paragraph: --ci adds intervals around
// the pooled figures and the bootstrap's description, the same seed gives
// the same output, the table shows the JSON's intervals, and --methods
// gives the JSON's numbers.
func TestAgreementIntervalsThroughTheBinary(t *testing.T) {
	bin := buildBinary(t)
	project := projectWithArticles(t)
	codeByParagraph(t, project)
	run := func(args ...string) string {
		t.Helper()
		o := execute(t, bin, nil, append([]string{"agreement", project, "--coders", "alice,bob"}, args...)...)
		if o.code != 0 {
			t.Fatalf("agreement %s: exit %d: %s", strings.Join(args, " "), o.code, o.stderr)
		}
		return o.stdout
	}
	out := run("--ci", "--json", "--resamples", "500", "--seed", "7")
	var rep ciReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	paragraphs := len(coding.Paragraphs(storedText(t, sony))) + len(coding.Paragraphs(storedText(t, setback)))
	if c := rep.CI; c == nil || c.Level != 0.95 || c.Resamples != 500 || c.Seed != 7 || c.Unit != "paragraph" ||
		c.Clusters != paragraphs || !strings.Contains(c.Method, "fewer than 10 documents") {
		t.Fatalf("ci %+v; want level 0.95, 500 resamples, seed 7, the %d paragraphs", rep.CI, paragraphs)
	}
	if len(rep.Codes) != 5 {
		t.Fatalf("%d pooled codes, want the 5 of the sample codebook", len(rep.Codes))
	}
	for _, r := range append(rep.Codes, rep.Overall) {
		if r.AlphaCI == nil || r.KappaCI == nil || r.Alpha == nil || r.Kappa == nil {
			t.Errorf("%s: α %v in %v, κ %v in %v", r.Code, r.Alpha, r.AlphaCI, r.Kappa, r.KappaCI)
			continue
		}
		if !(r.AlphaCI[0] <= *r.Alpha && *r.Alpha <= r.AlphaCI[1]) || !(r.KappaCI[0] <= *r.Kappa && *r.Kappa <= r.KappaCI[1]) {
			t.Errorf("%s: α %.3f outside %v or κ %.3f outside %v", r.Code, *r.Alpha, *r.AlphaCI, *r.Kappa, *r.KappaCI)
		}
		lo, hi := r.PAlphaBelow["0.667"], r.PAlphaBelow["0.8"]
		if len(r.PAlphaBelow) != 2 || lo < 0 || lo > hi || hi > 1 {
			t.Errorf("%s: p_alpha_below %v", r.Code, r.PAlphaBelow)
		}
	}
	if w := rep.Overall.AlphaCI[1] - rep.Overall.AlphaCI[0]; w < 0.05 || w > 0.6 {
		t.Errorf("overall α interval %v", *rep.Overall.AlphaCI)
	}
	for _, r := range rep.Rows {
		if r.AlphaCI != nil || r.PAlphaBelow != nil {
			t.Errorf("a document's row has intervals: %+v", r)
		}
	}
	if again := run("--ci", "--json", "--resamples", "500", "--seed", "7"); again != out {
		t.Error("the same seed gave different output")
	}
	if other := run("--ci", "--json", "--resamples", "500", "--seed", "8"); other == out {
		t.Error("seeds 7 and 8 gave the same output")
	}
	if plain := run("--json"); strings.Contains(plain, "alpha_ci") || strings.Contains(plain, `"ci"`) {
		t.Error("without --ci the JSON has intervals")
	}

	interval := func(ci *[2]float64) string {
		return agreement.FormatInterval(agreement.Interval{Lo: ci[0], Hi: ci[1], Defined: true})
	}
	table := run("--ci", "--resamples", "500", "--seed", "7")
	var overall string
	for _, line := range strings.Split(table, "\n") {
		if strings.Contains(line, "(all codes)") {
			overall = line
		}
	}
	for _, cell := range []string{"κ 95 % CI", "α 95 % CI", "P(α < 0.8)"} {
		if !strings.Contains(table, cell) {
			t.Errorf("table lacks %q:\n%s", cell, table)
		}
	}
	for _, cell := range []string{interval(rep.Overall.KappaCI), interval(rep.Overall.AlphaCI), fmt.Sprintf("%.2f", rep.Overall.PAlphaBelow["0.8"])} {
		if !strings.Contains(overall, cell) {
			t.Errorf("overall line %q lacks %s", overall, cell)
		}
	}
	if !strings.Contains(table, fmt.Sprintf("over %d paragraphs (fewer than 10 documents), 500 resamples, seed 7", paragraphs)) {
		t.Errorf("table does not describe the bootstrap:\n%s", table)
	}

	methods := run("--methods", "--resamples", "500", "--seed", "7")
	o := rep.Overall
	for _, want := range []string{
		"Two coders (alice and bob)", "2 documents", "5 codes", "2 of the 2 in the project (100.0 %)",
		"Cohen's kappa was " + agreement.FormatCoefficient(agreement.Of(*o.Kappa)) + " (95 % CI " + interval(o.KappaCI) + ")",
		"Krippendorff's alpha (nominal) " + agreement.FormatCoefficient(agreement.Of(*o.Alpha)) + " (95 % CI " + interval(o.AlphaCI) + ")",
		fmt.Sprintf("below 0.667 was %.2f and below 0.8 was %.2f", o.PAlphaBelow["0.667"], o.PAlphaBelow["0.8"]),
		fmt.Sprintf("500 resamples (seed 7) that resampled the %d paragraphs", paragraphs),
		"Marginalia " + coding.Version + ".",
	} {
		if !strings.Contains(methods, want) {
			t.Errorf("methods paragraph lacks %q:\n%s", want, methods)
		}
	}
	if strings.Count(strings.TrimSpace(methods), "\n") != 0 {
		t.Errorf("methods is not one paragraph:\n%s", methods)
	}
}

func TestAgreementIntervalFlagsRefused(t *testing.T) {
	project := projectWithArticles(t)
	for _, args := range [][]string{
		{"--ci", "--unit", "segment"},
		{"--ci", "--level", "1"},
		{"--ci", "--level", "x"},
		{"--ci", "--resamples", "0"},
		{"--ci", "--seed", "-1"},
	} {
		o := mg(t, append([]string{"agreement", project, "--coders", "alice,bob"}, args...)...)
		if o.code != 2 || !strings.Contains(o.stderr, "--") {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, o.code, o.stderr)
		}
	}
}
