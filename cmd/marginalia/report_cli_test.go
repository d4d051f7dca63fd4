package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryReport runs the built executable's report command, issue 12's
// documented form of analyse: --kind names the analysis, -o the file, and
// every kind prints exactly what analyse prints.
func TestBinaryReport(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "study.qdb")
	env := []string{"LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}
	run := func(want int, args ...string) outcome {
		t.Helper()
		o := execute(t, bin, env, args...)
		if o.code != want {
			t.Fatalf("%q: exit %d, want %d\nstdout: %s\nstderr: %s", args, o.code, want, o.stdout, o.stderr)
		}
		return o
	}
	run(0, "new", project, "--sample")
	for _, c := range [][]string{
		{"alice", "Trust", "0", "200"}, {"alice", "Norms", "100", "150"}, {"bob", "Trust", "50", "100"}, {"bob", "Conflict", "80", "260"},
	} {
		run(0, "code", project, "--coder", c[0], "--document", sony, "--code", c[1], "--start", c[2], "--end", c[3])
	}
	for _, k := range [][]string{
		{"frequencies"}, {"matrix", "--coders", "alice"}, {"cooccurrence", "--within", "10"}, {"crosstab", "--by", "affiliation"},
		{"codebook", "--where", "affiliation=Shanghai Institute for Int'l Studies"},
	} {
		for _, json := range []bool{false, true} {
			report := append([]string{"report", project, "--kind", k[0]}, k[1:]...)
			analyse := append([]string{"analyse", project, k[0]}, k[1:]...)
			if json {
				report, analyse = append(report, "--json"), append(analyse, "--json")
			}
			got, want := run(0, report...), run(0, analyse...)
			if got.stdout != want.stdout || got.stdout == "" {
				t.Errorf("%q printed\n%s\nanalyse printed\n%s", report, got.stdout, want.stdout)
			}
		}
	}
	if o := run(0, "report", project, "--kind", "frequencies", "--json"); !strings.Contains(o.stdout, `"by_coder"`) {
		t.Errorf("frequencies JSON without by_coder: %s", o.stdout)
	}

	out := filepath.Join(dir, "codebook.csv")
	if o := run(0, "report", project, "--kind", "codebook", "-o", out); o.stdout != "wrote "+out+"\n" {
		t.Errorf("report -o printed %q", o.stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][0] != "Code" || rows[1][0] != "Trust" {
		t.Errorf("codebook.csv: %q", rows)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); err == nil {
		t.Fatal("x.xlsx exists before it is written")
	}
	run(0, "report", "-o", filepath.Join(dir, "x.xlsx"), project, "--kind", "cooccurrence")
	if st, err := os.Stat(filepath.Join(dir, "x.xlsx")); err != nil || st.Size() == 0 {
		t.Errorf("report -o x.xlsx: %v", err)
	}

	for _, bad := range [][]string{
		{"report", project},                                                      // no --kind
		{"report", project, "--kind", "histogram"},                               // no such analysis
		{"report", project, "codebook"},                                          // report takes the kind as --kind
		{"analyse", project, "matrix", "--kind", "codebook"},                     // two different kinds
		{"report", project, "--kind", "matrix", "-o", "m.txt"},                   // not .xlsx or .csv
		{"report", project, "--kind", "matrix", "-o", "a.csv", "--out", "b.csv"}, // two files
	} {
		if o := run(2, bad...); !strings.HasPrefix(o.stderr, "marginalia") || strings.Count(o.stderr, "\n") != 1 {
			t.Errorf("%q: stderr %q", bad, o.stderr)
		}
	}
	run(0, "analyse", project, "matrix", "--kind", "matrix")
}
