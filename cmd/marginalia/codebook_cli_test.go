package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBinaryCodebookReport codes the sample articles through search (alice:
// Conflict on “cyber vandalism”, 2 passages in one document; bob: Trust on
// “trust”, wherever it is) and checks the codebook report's JSON, .csv and
// .xlsx against the starter codebook's descriptions and those counts.
func TestBinaryCodebookReport(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "study.qdb")
	env := parseableLocale
	run := func(args ...string) string {
		t.Helper()
		o := execute(t, bin, env, args...)
		if o.code != 0 {
			t.Fatalf("marginalia %s: exit %d; stderr %q", strings.Join(args, " "), o.code, o.stderr)
		}
		return o.stdout
	}
	run("new", project, "--sample")
	run("search", project, "cyber vandalism", "--code", "Conflict", "--coder", "alice")
	var trust struct{ Hits []struct{ Document string } }
	if err := json.Unmarshal([]byte(run("search", project, "trust", "--code", "Trust", "--coder", "bob", "--json")), &trust); err != nil {
		t.Fatal(err)
	}
	trustDocs := map[string]bool{}
	for _, h := range trust.Hits {
		trustDocs[h.Document] = true
	}

	var got struct {
		Codes []struct {
			Code, Color string
			Key         int
			Codable     bool
			Description struct {
				Definition string
			}
			Codings, Documents int
			ByCoder            map[string]int `json:"by_coder"`
		}
	}
	if err := json.Unmarshal([]byte(run("analyse", project, "codebook", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Codes) != 5 {
		t.Fatalf("%d codes, want the starter codebook's 5", len(got.Codes))
	}
	for _, c := range got.Codes {
		if c.Color == "" || c.Key == 0 || !c.Codable || c.Description.Definition == "" {
			t.Errorf("%s: colour %q, key %d, codable %v, definition %q", c.Code, c.Color, c.Key, c.Codable, c.Description.Definition)
		}
		switch c.Code {
		case "Conflict":
			if c.Codings != 2 || c.Documents != 1 || c.ByCoder["alice"] != 2 || c.ByCoder["bob"] != 0 {
				t.Errorf("Conflict: %+v", c)
			}
		case "Trust":
			if c.Codings != len(trust.Hits) || c.Documents != len(trustDocs) || c.ByCoder["bob"] != len(trust.Hits) {
				t.Errorf("Trust: %+v; want %d codings in %d documents", c, len(trust.Hits), len(trustDocs))
			}
		default:
			if c.Codings != 0 {
				t.Errorf("%s: %d codings, want 0", c.Code, c.Codings)
			}
		}
	}

	out := filepath.Join(dir, "codebook.csv")
	run("analyse", project, "codebook", "--out", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 6 {
		t.Fatalf("%d rows, %v; want a header and 5 codes", len(rows), err)
	}
	if strings.Join(rows[0][:8], "|") != "Code|Colour|Key|Applied to text|Definition|When to use|When not to use|Example" || rows[5][0] != "Conflict" || rows[5][8] != "2" {
		t.Errorf("csv: %q … %q", rows[0], rows[5])
	}

	book := filepath.Join(dir, "codebook.xlsx")
	run("analyse", project, "codebook", "--out", book)
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet, err := x.GetRows("Codebook")
	if err != nil || len(sheet) < 6 {
		t.Fatalf("sheet Codebook: %d rows, %v", len(sheet), err)
	}
	found := false
	for _, r := range sheet {
		if len(r) > 8 && r[0] == "Conflict" && r[8] == "2" && r[4] == got.Codes[4].Description.Definition {
			found = true
		}
	}
	if !found {
		t.Errorf("no Conflict row with its definition and 2 codings in %q", sheet)
	}
}
