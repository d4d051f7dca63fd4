package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBinaryAttributesSetsAndFilters runs the built executable through
// attributes, sets and the --set/--where filters of list, agreement and
// export, as a researcher would from a shell.
func TestBinaryAttributesSetsAndFilters(t *testing.T) {
	bin := buildBinary(t)
	env := parseableLocale
	dir := t.TempDir()
	project := filepath.Join(dir, "study.qdb")
	must := func(args ...string) string {
		t.Helper()
		return succeed(t, bin, args...)
	}
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	must("new", project)
	must("import", project, corpus(sony), corpus(setback))

	// A table with a bad date refuses the file, naming line and column.
	bad := write("bad.csv", "document,date:date,affiliation\n"+sony+",2015-01-12,SIIS\n"+setback+",June 2014,CICIR\n")
	o := execute(t, bin, env, "attributes", project, bad)
	if o.code != 1 || !strings.Contains(o.stderr, "line 3, column date") || !strings.Contains(o.stderr, `"June 2014" is not a date`) || strings.Count(o.stderr, "\n") != 1 {
		t.Errorf("bad table: exit %d, stderr %q; want 1 and one line naming line 3, column date", o.code, o.stderr)
	}
	if out := must("attributes", project, "--json"); !strings.Contains(out, `"attributes": []`) {
		t.Errorf("after the refused file the project has attributes: %s", out)
	}

	table := write("attributes.csv", "document,date,words,affiliation:category,op-ed\n"+
		sony+",2015-01-12,1100,SIIS,yes\n"+setback+",2014-06-05,950,CICIR,no\n")
	out := must("attributes", project, table)
	for _, want := range []string{"date", "words", "number", "affiliation", "category", "values SIIS, CICIR", "op-ed", "yes/no", "2 documents, 8 values changed"} {
		if !strings.Contains(out, want) {
			t.Errorf("import report %q does not say %q", out, want)
		}
	}
	var listed struct {
		Documents []struct {
			Name       string         `json:"name"`
			Attributes map[string]any `json:"attributes"`
		} `json:"documents"`
		Sets []struct {
			Name      string   `json:"name"`
			Documents []string `json:"documents"`
		} `json:"sets"`
	}
	if err := json.Unmarshal([]byte(must("list", project, "--json", "--where", "words>1000")), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.Documents) != 1 || listed.Documents[0].Name != sony {
		t.Fatalf("list --where words>1000: %+v, want the Sony article alone", listed.Documents)
	}
	attrs := listed.Documents[0].Attributes
	if attrs["date"] != "2015-01-12" || attrs["words"] != 1100.0 || attrs["op-ed"] != true || attrs["affiliation"] != "SIIS" {
		t.Errorf("list --json attributes %v: want the date as a string, words as a number, op-ed as a boolean", attrs)
	}

	// A set made from a condition follows the data.
	if out := must("set", project, "old", "--where", "date < 2015-01-01"); !strings.Contains(out, "1 document") {
		t.Errorf("set old: %q", out)
	}
	must("set", project, "both", "--add", sony+","+setback)
	listed.Sets = nil
	if err := json.Unmarshal([]byte(must("list", project, "--json")), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.Sets) != 2 || listed.Sets[0].Name != "both" || len(listed.Sets[0].Documents) != 2 || listed.Sets[1].Documents[0] != setback {
		t.Errorf("list --json sets: %+v", listed.Sets)
	}

	// Agreement on a filter is agreement on exactly its documents.
	text := storedText(t, sony)
	for _, coder := range []string{"alice", "bob"} {
		for i, phrase := range []string{"Sony hack", "cyber policies"} {
			start := runeIndex(t, text, phrase, 0)
			end := start + len([]rune(phrase))
			if coder == "bob" && i == 1 {
				end -= 3
			}
			must("code", project, "--coder", coder, "--document", sony, "--code", "Trust", "--start", strconv.Itoa(start), "--end", strconv.Itoa(end))
		}
	}
	setText := storedText(t, setback)
	start := runeIndex(t, setText, "PLA officers", 0)
	must("code", project, "--coder", "alice", "--document", setback, "--code", "Trust", "--start", strconv.Itoa(start), "--end", strconv.Itoa(start+12))
	filtered := must("agreement", project, "--coders", "alice,bob", "--where", "affiliation=SIIS", "--json")
	named := must("agreement", project, "--coders", "alice,bob", "--documents", sony, "--json")
	everything := must("agreement", project, "--coders", "alice,bob", "--json")
	if filtered != named {
		t.Errorf("agreement --where affiliation=SIIS differs from agreement --documents %s:\n%s\n%s", sony, filtered, named)
	}
	if filtered == everything {
		t.Error("agreement --where gave the figures of every document")
	}
	if bySet := must("agreement", project, "--coders", "alice,bob", "--set", "old", "--json"); !strings.Contains(bySet, setback) || strings.Contains(bySet, `"`+sony) {
		t.Errorf("agreement --set old does not consider the setback article alone:\n%s", bySet)
	}

	// Export takes the same filters.
	csvOut := filepath.Join(dir, "old.csv")
	must("export", project, csvOut, "--set", "old")
	data, _ := os.ReadFile(csvOut)
	if !strings.Contains(string(data), setback) || strings.Contains(string(data), sony) {
		t.Errorf("export --set old wrote:\n%s", data)
	}
	o = execute(t, bin, env, "export", project, filepath.Join(dir, "none.csv"), "--where", "date > 2020-01-01")
	if o.code != 1 || !strings.Contains(o.stderr, "no documents match date > 2020-01-01") {
		t.Errorf("export of an empty selection: exit %d, stderr %q; want 1 and no documents match", o.code, o.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.csv")); err == nil {
		t.Error("an export of no documents wrote a file")
	}
	o = execute(t, bin, env, "list", project, "--where", "affiliation")
	if o.code != 2 || !strings.Contains(o.stderr, "--where") {
		t.Errorf("list --where affiliation: exit %d, stderr %q; want 2", o.code, o.stderr)
	}

	// The table goes out and comes back unchanged.
	for _, ext := range []string{".csv", ".xlsx"} {
		outPath := filepath.Join(dir, "table"+ext)
		must("attributes", project, "--export", outPath)
		if out := must("attributes", project, outPath); !strings.Contains(out, "0 values changed") {
			t.Errorf("re-importing the exported %s: %q", ext, out)
		}
	}
}

// TestSampleProjectDescribesItsArticles: the sample project ships with
// the date, author, affiliation and language of its two articles, read
// from their first lines.
func TestSampleProjectDescribesItsArticles(t *testing.T) {
	project := filepath.Join(t.TempDir(), "sample.qdb")
	mustMG(t, "new", project, "--sample")
	var got struct {
		Documents []struct {
			Name       string            `json:"name"`
			Attributes map[string]string `json:"attributes"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "attributes", project, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		setback: {"date": "2014-06-05", "author": "Li Zheng", "affiliation": "CICIR", "language": "English"},
		sony:    {"date": "2015-01-12", "author": "Lu Chuanying", "affiliation": "Shanghai Institute for Int'l Studies", "language": "English"},
	}
	for _, d := range got.Documents {
		for k, v := range want[d.Name] {
			if d.Attributes[k] != v {
				t.Errorf("%s: %s = %q, want %q", d.Name, k, d.Attributes[k], v)
			}
		}
	}
	if len(got.Documents) != 2 {
		t.Errorf("%d documents described, want 2", len(got.Documents))
	}
}
