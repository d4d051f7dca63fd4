package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// listedCases is the cases of `list --json`.
func listedCases(t *testing.T, project string) []caseJSON {
	t.Helper()
	var l struct {
		Cases []caseJSON `json:"cases"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json")), &l); err != nil {
		t.Fatal(err)
	}
	return l.Cases
}

// TestCaseCommand makes, changes, shows and deletes a case, sees it in
// list --json, and carries it through a .qdpx into another project.
func TestCaseCommand(t *testing.T) {
	project := filepath.Join(t.TempDir(), "study.qdb")
	mustMG(t, "new", project, "--sample")
	if got := listedCases(t, project); got == nil || len(got) != 0 {
		t.Errorf("a project without cases lists %v, want []", got)
	}
	out := mustMG(t, "case", project, "Li Zheng", "--add", setback, "--value", "affiliation=cicir", "--value", "date=Jun 05 , 2014")
	if want := "made case Li Zheng: 1 document · date 2014-06-05 · affiliation CICIR\n"; out != want {
		t.Errorf("case: %q, want %q", out, want)
	}
	// A value its attribute cannot hold, or a document not in the project:
	// a clear error, nothing changed.
	o := mg(t, "case", project, "Li Zheng", "--add", sony, "--value", "date=soon")
	if o.code != 1 || !strings.Contains(o.stderr, `date: "soon" is not a date`) {
		t.Errorf("a bad date: exit %d, stderr %q", o.code, o.stderr)
	}
	if o := mg(t, "case", project, "Li Zheng", "--add", "nothing.txt"); o.code != 1 || !strings.Contains(o.stderr, "nothing.txt") {
		t.Errorf("an unknown document: exit %d, stderr %q", o.code, o.stderr)
	}
	if o := mg(t, "case", project, "Li Zheng", "--value", "outlet=X"); o.code == 0 || !strings.Contains(o.stderr, `no attribute named "outlet"`) {
		t.Errorf("an unknown attribute: exit %d, stderr %q", o.code, o.stderr)
	}
	cases := listedCases(t, project)
	if len(cases) != 1 || !slices.Equal(cases[0].Documents, []string{setback}) || cases[0].Attributes["affiliation"] != "CICIR" || cases[0].Attributes["date"] != "2014-06-05" {
		t.Fatalf("list --json cases %+v", cases)
	}
	mustMG(t, "case", project, "Li Zheng", "--add", sony, "--value", "date=")
	if show := mustMG(t, "case", project, "li zheng"); !strings.Contains(show, "Li Zheng (case, 2 documents)") || strings.Contains(show, "date") {
		t.Errorf("shown: %q", show)
	}
	mustMG(t, "case", project, "Li Zheng", "--remove", sony)

	qdpx := filepath.Join(t.TempDir(), "study.qdpx")
	mustMG(t, "export", project, qdpx)
	other := newProject(t)
	mustMG(t, "import", other, qdpx)
	if got := listedCases(t, other); len(got) != 1 || got[0].Name != "Li Zheng" || !slices.Equal(got[0].Documents, []string{setback}) || got[0].Attributes["affiliation"] != "CICIR" {
		t.Errorf("cases after the .qdpx: %+v", got)
	}

	if out := mustMG(t, "case", project, "Li Zheng", "--delete"); out != "deleted case Li Zheng\n" {
		t.Errorf("delete: %q", out)
	}
	if got := listedCases(t, project); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}
}
