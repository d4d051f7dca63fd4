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

// TestCasePassagesCommand adds passages to a case by span (narrowed by
// code and coder) and by coding ID, shows them in list --json, filters by
// the case with --case, takes one out, and carries them through a .qdpx.
func TestCasePassagesCommand(t *testing.T) {
	project := filepath.Join(t.TempDir(), "study.qdb")
	mustMG(t, "new", project, "--sample")
	mustMG(t, "code", project, "--coder", "alice", "--document", sony, "--code", "Trust", "--start", "0", "--end", "12")
	mustMG(t, "code", project, "--coder", "bob", "--document", sony, "--code", "Trust", "--start", "0", "--end", "12")
	mustMG(t, "code", project, "--coder", "bob", "--document", setback, "--code", "Norms", "--start", "5", "--end", "9")
	if o := mg(t, "case", project, "Li Zheng", "--add-passage", sony+":0-12"); o.code != 1 || !strings.Contains(o.stderr, "2 codings of that span") {
		t.Errorf("an ambiguous span: exit %d, stderr %q", o.code, o.stderr)
	}
	if o := mg(t, "case", project, "Li Zheng", "--add-passage", sony+":0-13"); o.code != 1 || !strings.Contains(o.stderr, "no coding of") {
		t.Errorf("a span nobody coded: exit %d, stderr %q", o.code, o.stderr)
	}
	if got := listedCases(t, project); len(got) != 0 {
		t.Fatalf("refused commands made cases %+v", got)
	}
	out := mustMG(t, "case", project, "Li Zheng", "--add-passage", sony+":0-12", "--coder", "Bob")
	if want := "made case Li Zheng: 0 documents, 1 passage\n"; out != want {
		t.Errorf("case: %q, want %q", out, want)
	}
	cases := listedCases(t, project)
	if len(cases) != 1 || len(cases[0].Passages) != 1 {
		t.Fatalf("list --json cases %+v", cases)
	}
	ps := cases[0].Passages[0]
	if ps.Document != sony || ps.Start != 0 || ps.End != 12 || ps.Code != "Trust" || ps.Coder != "bob" || len([]rune(ps.Text)) != 12 || ps.ID == "" {
		t.Errorf("passage %+v", ps)
	}
	mustMG(t, "case", project, "Li Zheng", "--add", setback, "--add-passage", ps.ID)
	var l struct {
		Documents []docJSON `json:"documents"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json", "--case", "li zheng")), &l); err != nil || len(l.Documents) != 2 {
		t.Errorf("list --case: %+v, %v: want both articles (one whole, one by a passage)", l.Documents, err)
	}
	mustMG(t, "case", project, "Sony only", "--add-passage", sony+":0-12", "--code", "trust", "--coder", "alice")
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json", "--case", "Sony only")), &l); err != nil || len(l.Documents) != 1 || l.Documents[0].Name != sony {
		t.Errorf("list --case of a case of one passage: %+v, %v", l.Documents, err)
	}
	if show := mustMG(t, "case", project, "Li Zheng"); !strings.Contains(show, "Li Zheng (case, 1 document, 1 passage)") || !strings.Contains(show, sony+" [0,12) Trust · bob") {
		t.Errorf("shown: %q", show)
	}

	qdpx := filepath.Join(t.TempDir(), "study.qdpx")
	mustMG(t, "export", project, qdpx)
	other := newProject(t)
	mustMG(t, "import", other, qdpx)
	if got := listedCases(t, other); len(got) != 2 || len(got[0].Passages) != 1 || got[0].Passages[0] != ps {
		t.Errorf("cases after the .qdpx: %+v, want the passage %+v", got, ps)
	}

	if out := mustMG(t, "case", project, "Li Zheng", "--remove-passage", sony+":0-12"); out != "changed case Li Zheng: 1 document\n" {
		t.Errorf("remove-passage: %q", out)
	}
	if o := mg(t, "case", project, "Li Zheng", "--remove-passage", sony+":0-12"); o.code != 1 || !strings.Contains(o.stderr, "has no passage") {
		t.Errorf("removing a passage the case does not have: exit %d, stderr %q", o.code, o.stderr)
	}
	if o := mg(t, "case", project, "Li Zheng", "--coder", "bob"); o.code != 2 {
		t.Errorf("--coder without a passage: exit %d, stderr %q", o.code, o.stderr)
	}
}
