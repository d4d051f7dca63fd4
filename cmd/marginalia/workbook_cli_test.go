package main

import (
	"desktop/marginalia/coding/agreement"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The workbook and the JSON of the agreement command give the same figures:
// both are what researchers report.
func TestWorkbookFiguresEqualAgreementJSON(t *testing.T) {
	project := projectWithArticles(t)
	sony := "sony-hack-cyber-dialogue.txt"
	for _, c := range [][]string{
		{"alice", "Norms", "1380", "1446"}, {"bob", "Norms", "1395", "1410"},
		{"alice", "Trust", "5792", "5856"}, {"bob", "Trust", "5845", "5856"},
		{"alice", "Conflict", "1448", "1475"},
	} {
		mustMG(t, "code", project, "--coder", c[0], "--document", sony, "--code", c[1], "--start", c[2], "--end", c[3])
	}
	var report struct {
		Codes []struct {
			Code             string   `json:"code"`
			PercentAgreement *float64 `json:"percent_agreement"`
			Kappa            *float64 `json:"kappa"`
			Alpha            *float64 `json:"alpha"`
			UnitizingAlpha   *float64 `json:"unitizing_alpha"`
		} `json:"codes"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "agreement", project, "--coders", "alice,bob", "--json")), &report); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "agreement.xlsx")
	mustMG(t, "export", project, out, "--coders", "alice,bob")
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	column := map[string]int{}
	for i, h := range rows[0] {
		column[h] = i
	}
	for _, name := range []string{"Code", agreement.PercentAgreementName, agreement.KappaName(2), agreement.AlphaName, agreement.UnitizingAlphaName} {
		if _, ok := column[name]; !ok {
			t.Fatalf("Summary has no %q column: %q", name, rows[0])
		}
	}
	bySheet := map[string][]string{}
	for _, r := range rows[1:] {
		if len(r) > column["Code"] {
			bySheet[r[column["Code"]]] = r
		}
	}
	if len(report.Codes) != 3 {
		t.Fatalf("JSON has %d pooled codes, want 3", len(report.Codes))
	}
	for _, c := range report.Codes {
		r, ok := bySheet[c.Code]
		if !ok {
			t.Errorf("%s: no Summary row", c.Code)
			continue
		}
		for name, want := range map[string]*float64{agreement.PercentAgreementName: c.PercentAgreement, agreement.KappaName(2): c.Kappa, agreement.AlphaName: c.Alpha, agreement.UnitizingAlphaName: c.UnitizingAlpha} {
			cell := ""
			if i := column[name]; i < len(r) {
				cell = r[i]
			}
			if want == nil {
				if cell != "" {
					t.Errorf("%s %s: workbook %q, JSON null (undefined must be an empty cell)", c.Code, name, cell)
				}
				continue
			}
			got, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.Abs(got-*want) > 1e-9 {
				t.Errorf("%s %s: workbook %q, JSON %v", c.Code, name, cell, *want)
			}
		}
	}
}
