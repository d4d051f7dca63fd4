package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// wordsJSON is report --kind words --json decoded.
type wordsJSON struct {
	Rows []struct {
		Word             string
		Count, Documents int
	}
	Segmenter string
	Words     int
	Documents int
	StopWords bool `json:"stop_words"`
	Code      string
}

func (w wordsJSON) count(word string) [2]int {
	for _, r := range w.Rows {
		if r.Word == word {
			return [2]int{r.Count, r.Documents}
		}
	}
	return [2]int{}
}

func reportWords(t *testing.T, args ...string) wordsJSON {
	t.Helper()
	var w wordsJSON
	out := mustMG(t, append([]string{"report"}, append(args, "--kind", "words", "--json")...)...)
	if err := json.Unmarshal([]byte(out), &w); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return w
}

// TestReportWords counts the sample articles' words as a user would: the
// corpus ("cyber" 43 times in both), a set (the Sony article), all words
// (with "the"), a code's passages (of every coder, or of one), the top N, and the .xlsx export.
func TestReportWords(t *testing.T) {
	project := projectWithArticles(t)
	all := reportWords(t, project)
	if all.count("cyber") != [2]int{43, 2} || all.count("U.S.")[0] != 22 || all.Segmenter != "characters" || !all.StopWords || all.Documents != 2 {
		t.Errorf("corpus: cyber %v, U.S. %v, segmenter %q, stop list %v, %d documents", all.count("cyber"), all.count("U.S."), all.Segmenter, all.StopWords, all.Documents)
	}
	if all.count("the") != [2]int{} {
		t.Errorf("the counted with the stop list: %v", all.count("the"))
	}
	if n := reportWords(t, project, "--all-words").count("the"); n != [2]int{147, 2} {
		t.Errorf("--all-words: the %v, want 147 in 2 documents", n)
	}
	mustMG(t, "set", project, "Sony", "--add", sony)
	set := reportWords(t, project, "--set", "Sony")
	if set.Documents != 1 || set.count("cyber") != [2]int{28, 1} || set.count("vandalism") != [2]int{3, 1} {
		t.Errorf("--set Sony: %d documents, cyber %v, vandalism %v", set.Documents, set.count("cyber"), set.count("vandalism"))
	}
	mustMG(t, "search", project, "cyber vandalism", "--code", "Conflict", "--coder", "alice")
	mustMG(t, "search", project, "Obama", "--code", "Conflict", "--coder", "bob")
	code := reportWords(t, project, "--code", "Conflict")
	// alice's two "cyber vandalism", bob's four "Obama".
	if code.Words != 8 || code.count("vandalism") != [2]int{2, 1} || code.count("Obama") != [2]int{4, 1} || code.Code != "Conflict" {
		t.Errorf("--code Conflict: %+v", code)
	}
	if alice := reportWords(t, project, "--code", "Conflict", "--coders", "alice"); alice.Words != 4 || alice.count("Obama") != [2]int{} {
		t.Errorf("--code Conflict --coders alice: %+v", alice)
	}
	if top := reportWords(t, project, "--top", "2"); len(top.Rows) != 2 || top.Rows[0].Word != "cyber" {
		t.Errorf("--top 2: %+v", top.Rows)
	}
	text := mustMG(t, "report", project, "--kind", "words", "--top", "3")
	if !strings.Contains(text, "cyber     43") || !strings.Contains(text, "character by character") {
		t.Errorf("printed:\n%s", text)
	}

	book := filepath.Join(t.TempDir(), "words.xlsx")
	mustMG(t, "report", project, "--kind", "words", "-o", book)
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil || len(rows) < 3 || rows[0][0] != "Word" || rows[1][0] != "cyber" || rows[1][1] != "43" {
		t.Errorf("workbook: %v %v", rows[:min(3, len(rows))], err)
	}

	for _, bad := range [][]string{
		{"report", project, "--kind", "words", "--code", "No such"},
		{"report", project, "--kind", "frequencies", "--all-words"},
		{"report", project, "--kind", "words", "--top", "0"},
		{"report", project, "--kind", "words", "--coders", "alice"},
		{"report", project, "--kind", "words", "-o", filepath.Join(t.TempDir(), "w.html")},
	} {
		if o := mg(t, bad...); o.code == 0 || o.stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", bad, o.code, o.stderr)
		}
	}
}
