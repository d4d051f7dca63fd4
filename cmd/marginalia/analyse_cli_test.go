package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBinaryAnalyse runs `marginalia analyse` as a user would, on the
// sample articles coded by alice and bob, and checks each figure against
// the passages coded:
//
//	alice  Conflict     "cyber vandalism"              15 characters
//	alice  Norms        "“cyber vandalism”"            17, holding alice's Conflict
//	bob    Conflict     "cyber vandalism"              15, the same characters
//	bob    Cooperation  "bilateral cyber cooperation"  27
//	alice  Trust        "English 简体 繁體"             13 (Chinese: one character each)
func TestBinaryAnalyse(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "study.qdb")
	env := parseableLocale
	run := func(want int, args ...string) outcome {
		t.Helper()
		o := execute(t, bin, env, args...)
		if o.code != want {
			t.Fatalf("marginalia %s: exit %d, want %d; stderr %q", strings.Join(args, " "), o.code, want, o.stderr)
		}
		return o
	}
	run(0, "new", project)
	run(0, "import", project, corpus(sony), corpus(setback))
	text := storedText(t, sony)
	code := func(coder, code, phrase string) {
		start := runeIndex(t, text, phrase, 0)
		end := start + len([]rune(phrase))
		run(0, "code", project, "--coder", coder, "--document", sony, "--code", code, "--start", strconv.Itoa(start), "--end", strconv.Itoa(end))
	}
	code("alice", "Conflict", "cyber vandalism")
	code("alice", "Norms", "“cyber vandalism”")
	code("bob", "Conflict", "cyber vandalism")
	code("bob", "Cooperation", "bilateral cyber cooperation")
	code("alice", "Trust", "English 简体 繁體")

	t.Run("frequencies", func(t *testing.T) {
		o := run(0, "analyse", project, "frequencies", "--json")
		var got struct {
			Rows []struct {
				Code                           string
				Codings, Documents, Characters int
				ByCoder                        map[string]int `json:"by_coder"`
			}
			Total struct{ Codings, Documents, Characters int }
		}
		if err := json.Unmarshal([]byte(o.stdout), &got); err != nil {
			t.Fatalf("%v\n%s", err, o.stdout)
		}
		want := map[string][4]int{ // codings, documents, characters, alice's codings
			"Conflict":    {2, 1, 15, 1}, // both coded the same 15 characters: counted once
			"Norms":       {1, 1, 17, 1},
			"Cooperation": {1, 1, 27, 0},
			"Trust":       {1, 1, 13, 1},
		}
		for _, r := range got.Rows {
			if w, ok := want[r.Code]; ok && [4]int{r.Codings, r.Documents, r.Characters, r.ByCoder["alice"]} != w {
				t.Errorf("%s: %d codings, %d documents, %d characters, alice %d; want %v", r.Code, r.Codings, r.Documents, r.Characters, r.ByCoder["alice"], w)
			}
		}
		// Any code: "“cyber vandalism”" (17) + 27 + 13 characters.
		if got.Total.Codings != 5 || got.Total.Documents != 1 || got.Total.Characters != 57 {
			t.Errorf("total %+v, want 5 codings, 1 document, 57 characters", got.Total)
		}
		o = run(0, "analyse", project, "frequencies", "--coders", "bob")
		if !strings.Contains(o.stdout, "Code frequencies: bob; 2 documents") || !regexpLine(o.stdout, "Conflict", "1", "1", "15") {
			t.Errorf("text output for bob:\n%s", o.stdout)
		}
	})

	t.Run("matrix", func(t *testing.T) {
		o := run(0, "analyse", project, "matrix")
		if !regexpLine(o.stdout, "Conflict", "0", "2", "2") || !regexpLine(o.stdout, "(any code)", "0", "5", "5") {
			t.Errorf("matrix (columns %s, %s, all):\n%s", setback, sony, o.stdout)
		}
	})

	t.Run("cooccurrence", func(t *testing.T) {
		cells := func(args ...string) []map[string]any {
			o := run(0, append([]string{"analyse", project, "cooccurrence", "--json"}, args...)...)
			var got struct{ Cells []map[string]any }
			if err := json.Unmarshal([]byte(o.stdout), &got); err != nil {
				t.Fatalf("%v\n%s", err, o.stdout)
			}
			return got.Cells
		}
		// Alice's Norms holds her Conflict: one pair of 15 shared characters;
		// Conflict has 2 codings, Norms 1: c = 1 / (2 + 1 − 1) = 0.5. Bob's
		// Conflict and Cooperation are far apart; alice's Trust too.
		got := cells()
		if len(got) != 1 || got[0]["a"] != "Conflict" || got[0]["b"] != "Norms" || got[0]["pairs"] != 1.0 || got[0]["characters"] != 15.0 || got[0]["c"] != 0.5 {
			t.Errorf("overlapping cells %v, want Conflict–Norms (codebook order: Conflict was made first), 1 pair, 15 characters, c 0.5", got)
		}
		between := runeIndex(t, text, "bilateral cyber cooperation", 0) - (runeIndex(t, text, "cyber vandalism", 0) + 15)
		if between < 0 {
			between = runeIndex(t, text, "cyber vandalism", 0) - (runeIndex(t, text, "bilateral cyber cooperation", 0) + 27)
		}
		if got := cells("--within", strconv.Itoa(between)); len(got) != 2 {
			t.Errorf("within %d characters: %v, want bob's Conflict and Cooperation to join", between, got)
		}
		if got := cells("--within", strconv.Itoa(between-1)); len(got) != 1 {
			t.Errorf("within %d characters: %v, want only Conflict–Norms", between-1, got)
		}
		if got := cells("--paragraph"); len(got) < 1 {
			t.Errorf("same paragraph: %v", got)
		}
		o := run(0, "analyse", project, "cooccurrence")
		if !regexpLine(o.stdout, "Conflict", "Norms", "1", "1", "15", "0.500", "2", "1") || !strings.Contains(o.stdout, "c-coefficient") {
			t.Errorf("text output:\n%s", o.stdout)
		}
	})

	t.Run("export", func(t *testing.T) {
		out := filepath.Join(dir, "frequencies.csv")
		run(0, "analyse", project, "frequencies", "--out", out)
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		records, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if records[0][0] != "Code" || records[len(records)-1][0] != "(any code)" || records[len(records)-1][3] != "57" {
			t.Errorf("CSV %q", records)
		}
		book := filepath.Join(dir, "cooccurrence.xlsx")
		if o := run(0, "analyse", project, "cooccurrence", "--out", book); o.stdout != "wrote "+book+"\n" {
			t.Errorf("stdout %q", o.stdout)
		}
		if st, err := os.Stat(book); err != nil || st.Size() == 0 {
			t.Errorf("no workbook: %v", err)
		}
	})

	t.Run("crosstab and selections", func(t *testing.T) {
		// The sony article is paper A, the setback article paper B; all five
		// codings are in the sony article.
		table := filepath.Join(dir, "papers.csv")
		if err := os.WriteFile(table, []byte("document,paper:category\n"+sony+",A\n"+setback+",B\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		run(0, "attributes", project, table)
		o := run(0, "analyse", project, "crosstab", "--by", "paper", "--json")
		var got struct {
			By     string
			Values []string
			Rows   []struct {
				Code               string
				Codings, Documents int
				Cells              map[string]struct {
					Codings, Documents int
					Row                float64 `json:"row_percent"`
					Column             float64 `json:"column_percent"`
					DocumentsColumn    float64 `json:"documents_column_percent"`
				}
			}
		}
		if err := json.Unmarshal([]byte(o.stdout), &got); err != nil {
			t.Fatalf("%v\n%s", err, o.stdout)
		}
		if got.By != "paper" || strings.Join(got.Values, ",") != "A,B" {
			t.Fatalf("by %q, values %q", got.By, got.Values)
		}
		for _, r := range got.Rows {
			if r.Code != "Conflict" {
				continue
			}
			// Conflict: 2 of paper A's 5 codings (40 %), both of Conflict's
			// (100 %), in A's one document (100 %); none in B.
			a, b := r.Cells["A"], r.Cells["B"]
			if r.Codings != 2 || a.Codings != 2 || a.Row != 100 || a.Column != 40 || a.DocumentsColumn != 100 || b.Codings != 0 || b.Documents != 0 {
				t.Errorf("Conflict: %+v", r)
			}
		}
		o = run(0, "analyse", project, "crosstab", "--by", "paper", "--coders", "bob")
		if !regexpLine(o.stdout, "Conflict", "1", "(100%", "·", "50%)", "0", "(0%", "·", "0%)", "1") {
			t.Errorf("bob's crosstab:\n%s", o.stdout)
		}
		// --set and --where narrow the documents of every analysis.
		run(0, "set", project, "Setback", "--add", setback)
		o = run(0, "analyse", project, "frequencies", "--set", "Setback", "--coders", "alice")
		if !strings.Contains(o.stdout, "alice; 1 document") || !regexpLine(o.stdout, "(any", "code)", "0", "0", "0") {
			t.Errorf("frequencies of the set Setback:\n%s", o.stdout)
		}
		o = run(0, "analyse", project, "crosstab", "--by-sets", "--where", "paper=A")
		if !regexpLine(o.stdout, "Code", "Setback", "All") || !regexpLine(o.stdout, "Conflict", "0", "(0%", "·", "0%)", "2") {
			t.Errorf("crosstab by sets where paper=A:\n%s", o.stdout)
		}
		o = run(1, "analyse", project, "matrix", "--where", "paper=C")
		if !strings.Contains(o.stderr, "paper") {
			t.Errorf("a condition nothing meets: %q", o.stderr)
		}
		o = run(1, "analyse", project, "crosstab", "--by", "journal")
		if !strings.Contains(o.stderr, `no attribute of that name (the project has paper)`) {
			t.Errorf("an unknown attribute: %q", o.stderr)
		}
		out := filepath.Join(dir, "crosstab.csv")
		run(0, "analyse", project, "crosstab", "--by", "paper", "--out", out)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil || len(records) < 2 || strings.Join(records[0][:4], "|") != "Code|A: codings|A: row %|A: column %" {
			t.Errorf("crosstab CSV %q (%v)", records, err)
		}
	})

	t.Run("mistakes", func(t *testing.T) {
		for _, args := range [][]string{
			{"analyse", project, "crosstab"},
			{"analyse", project, "crosstab", "--by", "paper", "--by-sets"},
			{"analyse", project, "frequencies", "--by", "paper"},
			{"analyse", project, "cooccurrence", "--within", "-3"},
			{"analyse", project, "cooccurrence", "--within", "5", "--paragraph"},
			{"analyse", project, "frequencies", "--within", "5"},
			{"analyse", project, "frequencies", "--out", filepath.Join(dir, "f.pdf")},
		} {
			o := run(2, args...)
			if strings.Count(o.stderr, "\n") != 1 {
				t.Errorf("%v: stderr %q is not one line", args, o.stderr)
			}
		}
		run(1, "analyse", project, "frequencies", "--coders", "carol")
	})
}

// regexpLine reports whether some line of out holds the fields in order,
// separated by spaces only.
func regexpLine(out string, fields ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.Join(strings.Fields(line), " ") == strings.Join(fields, " ") {
			return true
		}
	}
	return false
}
