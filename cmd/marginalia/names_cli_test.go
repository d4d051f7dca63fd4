package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestListFlagsKeepNamesWithCommas names a document "Smith, 2020.txt", a
// code "Norms, formal" and a coder "Smith, J." in every list flag: a
// value that names one of them whole is not split on its comma, a list
// may hold them among other names, and a list flag may be repeated.
func TestListFlagsKeepNamesWithCommas(t *testing.T) {
	project := newProject(t)
	dir := t.TempDir()
	smith := filepath.Join(dir, "Smith, 2020.txt")
	if err := os.WriteFile(smith, []byte(storedText(t, sony)), 0o644); err != nil {
		t.Fatal(err)
	}
	mustMG(t, "import", project, smith, corpus(setback))
	mustMG(t, "code", project, "--coder", "Smith, J.", "--document", "Smith, 2020.txt", "--code", "Norms, formal", "--start", "0", "--end", "20")
	mustMG(t, "code", project, "--coder", "ann", "--document", setback, "--code", "Trust", "--start", "0", "--end", "20")

	mustMG(t, "set", project, "whole", "--add", "Smith, 2020.txt")
	mustMG(t, "set", project, "listed", "--add", setback+",Smith, 2020.txt")
	mustMG(t, "set", project, "repeated", "--add", "Smith, 2020.txt", "--add", setback)
	mustMG(t, "set", project, "removed", "--add", "Smith, 2020.txt", "--add", setback)
	mustMG(t, "set", project, "removed", "--remove", "Smith, 2020.txt")
	mustMG(t, "case", project, "Smith", "--add", "Smith, 2020.txt")
	mustMG(t, "set", project, "group", "--codes", "--add", "Norms, formal,Trust")
	var l struct {
		Sets []struct {
			Name      string   `json:"name"`
			Documents []string `json:"documents"`
		} `json:"sets"`
		Cases []struct {
			Name      string   `json:"name"`
			Documents []string `json:"documents"`
		} `json:"cases"`
		CodeSets []struct {
			Name  string   `json:"name"`
			Codes []string `json:"codes"`
		} `json:"code_sets"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json")), &l); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"whole": {"Smith, 2020.txt"}, "listed": {"Smith, 2020.txt", setback}, "repeated": {"Smith, 2020.txt", setback}, "removed": {setback}}
	for _, s := range l.Sets {
		slices.Sort(s.Documents)
		if !slices.Equal(s.Documents, want[s.Name]) {
			t.Errorf("set %s has %q, want %q", s.Name, s.Documents, want[s.Name])
		}
	}
	if len(l.Sets) != len(want) {
		t.Errorf("%d sets, want %d", len(l.Sets), len(want))
	}
	if len(l.Cases) != 1 || !slices.Equal(l.Cases[0].Documents, []string{"Smith, 2020.txt"}) {
		t.Errorf("cases: %+v, want Smith with Smith, 2020.txt", l.Cases)
	}
	if len(l.CodeSets) != 1 || !slices.Equal(l.CodeSets[0].Codes, []string{"Norms, formal", "Trust"}) {
		t.Errorf("code groups: %+v, want group with Norms, formal and Trust", l.CodeSets)
	}

	// --documents and --coders, in a list and repeated.
	for _, flags := range [][]string{
		{"--documents", "Smith, 2020.txt"},
		{"--coders", "Smith, J."},
		{"--coders", "Smith, J.,ann", "--documents", "Smith, 2020.txt"},
		{"--documents", "Smith, 2020.txt", "--coders", "ann", "--coders", "Smith, J."},
	} {
		rows := exportCSV(t, project, flags...)
		if len(rows) != 1 || rows[0][0] != "Smith, J." || rows[0][1] != "Smith, 2020.txt" || rows[0][2] != "Norms, formal" {
			t.Errorf("export %q: %q, want Smith, J.'s one coding of Smith, 2020.txt", flags, rows)
		}
	}
	if rows := exportCSV(t, project, "--documents", setback, "--documents", "Smith, 2020.txt"); len(rows) != 2 {
		t.Errorf("export with --documents repeated: %d codings, want 2", len(rows))
	}
	out := mustMG(t, "agreement", project, "--coders", "ann,Smith, J.", "--documents", "Smith, 2020.txt,"+setback)
	if !strings.Contains(out, "Smith, J.") {
		t.Errorf("agreement of ann and Smith, J. does not name Smith, J.:\n%s", out)
	}

	// A name that is not there is still refused, by the part that is not.
	o := mg(t, "set", project, "whole", "--add", "Smith, 2021.txt")
	if o.code == 0 || !strings.Contains(o.stderr, `no document named "Smith"`) {
		t.Errorf("--add of a missing document: exit %d, %s", o.code, o.stderr)
	}
}
