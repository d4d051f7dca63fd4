package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// listedCodeSets is the code groups of `list --json`.
func listedCodeSets(t *testing.T, project string) []codeSetJSON {
	t.Helper()
	var l struct {
		CodeSets []codeSetJSON `json:"code_sets"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json")), &l); err != nil {
		t.Fatal(err)
	}
	return l.CodeSets
}

// TestCodeGroupCommand makes, changes, shows and deletes a code group with
// `set --codes`, sees it in list --json, and carries it through a .qdc
// into another project.
func TestCodeGroupCommand(t *testing.T) {
	project := filepath.Join(t.TempDir(), "study.qdb")
	mustMG(t, "new", project, "--sample")
	if got := listedCodeSets(t, project); got == nil || len(got) != 0 {
		t.Errorf("a project without code groups lists %v, want []", got)
	}
	if out := mustMG(t, "set", project, "Theory", "--codes", "--add", "Trust,Norms, Conflict", "--description", "from the literature"); out != "made code group Theory: 3 codes\n" {
		t.Errorf("set --codes: %q", out)
	}
	// A path that names no code, or --where on a code group: a clear
	// error, nothing changed.
	if o := mg(t, "set", project, "Theory", "--codes", "--add", "Trust > Nothing"); o.code != 1 || !strings.Contains(o.stderr, `no code "Trust > Nothing"`) {
		t.Errorf("an unknown code: exit %d, stderr %q", o.code, o.stderr)
	}
	if o := mg(t, "set", project, "Theory", "--codes", "--where", "date<2015-01-01"); o.code == 0 || !strings.Contains(o.stderr, "--where is for document sets") {
		t.Errorf("--where on a code group: exit %d, stderr %q", o.code, o.stderr)
	}
	mustMG(t, "set", project, "theory", "--codes", "--remove", "Conflict")
	want := []codeSetJSON{{Name: "Theory", Description: "from the literature", Codes: []string{"Trust", "Norms"}}}
	if got := listedCodeSets(t, project); !slices.EqualFunc(got, want, equalCodeSetJSON) {
		t.Errorf("list --json code_sets %+v, want %+v", got, want)
	}
	if show := mustMG(t, "set", project, "Theory", "--codes"); show != "Theory (code group, 2 codes)\n  · from the literature\n  Trust\n  Norms\n" {
		t.Errorf("shown: %q", show)
	}
	// A document set of the same name is another thing.
	if o := mg(t, "set", project, "Theory"); o.code == 0 || !strings.Contains(o.stderr, `no set named "Theory"`) {
		t.Errorf("the document set Theory: exit %d, stderr %q", o.code, o.stderr)
	}
	if list := mustMG(t, "list", project); !strings.Contains(list, "Code groups (1)") || !strings.Contains(list, "Trust, Norms") {
		t.Errorf("list does not show the group:\n%s", list)
	}

	qdc := filepath.Join(t.TempDir(), "codebook.qdc")
	mustMG(t, "export", project, qdc)
	other := filepath.Join(t.TempDir(), "other.qdb")
	mustMG(t, "new", other)
	mustMG(t, "import", other, qdc)
	if got := listedCodeSets(t, other); !slices.EqualFunc(got, want, equalCodeSetJSON) {
		t.Errorf("after importing the .qdc: %+v, want %+v", got, want)
	}

	if out := mustMG(t, "set", project, "Theory", "--codes", "--delete"); out != "deleted code group Theory\n" {
		t.Errorf("delete: %q", out)
	}
	if got := listedCodeSets(t, project); len(got) != 0 {
		t.Errorf("after deleting: %+v", got)
	}
}

func equalCodeSetJSON(a, b codeSetJSON) bool {
	return a.Name == b.Name && a.Description == b.Description && slices.Equal(a.Codes, b.Codes)
}

// Importing the MAXQDA-shaped .qdpx (document variables in nameless
// cases, numbers written as text) gives list --json typed values: numbers
// as numbers, yes/no as booleans, dates as ISO 8601; and its code set.
func TestImportMAXQDAVariablesListsTypedValues(t *testing.T) {
	project := newProject(t)
	mustMG(t, "import", project, filepath.Join("..", "..", "storage", "refi", "testdata", "maxqda-variables.qdpx"))
	var l struct {
		Documents []struct {
			Name       string         `json:"name"`
			Attributes map[string]any `json:"attributes"`
		} `json:"documents"`
		CodeSets []codeSetJSON `json:"code_sets"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json")), &l); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	for _, d := range l.Documents {
		got[d.Name] = d.Attributes
	}
	sony := got["Sony hack"]
	if sony["Year"] != 2015.0 || sony["Op-ed"] != true || sony["Published"] != "2015-01-12" || sony["Words"] != 1043.5 || sony["Author"] != "Shen Yi" {
		t.Errorf("Sony hack's attributes %#v", sony)
	}
	if setback := got["Setback"]; setback["Year"] != 2014.0 || setback["Op-ed"] != false || setback["Words"] != nil {
		t.Errorf("Setback's attributes %#v", setback)
	}
	if want := []codeSetJSON{{Name: "Core codes", Codes: []string{"Trust", "Sovereignty"}}}; !slices.EqualFunc(l.CodeSets, want, equalCodeSetJSON) {
		t.Errorf("code_sets %+v, want %+v", l.CodeSets, want)
	}
}
