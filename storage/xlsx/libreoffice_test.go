package xlsx_test

import (
	"context"
	"desktop/marginalia/coding/agreement"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLibreOfficeOpens converts the workbook's first sheet to CSV with
// LibreOffice: it must load without a repair or error and read the Summary
// as written.
func TestLibreOfficeOpens(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH: not checking that LibreOffice opens the workbook")
	}
	if testing.Short() {
		t.Skip("-short: not starting LibreOffice")
	}
	s := newSample(t)
	_, data := write(t, s.Study)
	dir := t.TempDir()
	path := filepath.Join(dir, "agreement.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")), // not the user's profile, which may be in use
		"--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false", // comma, double quote, UTF-8, values not as shown
		"--outdir", dir, path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, bad := range []string{"repair", "error", "corrupt"} {
		if strings.Contains(strings.ToLower(string(out)), bad) {
			t.Errorf("LibreOffice reported %q while converting:\n%s", bad, out)
		}
	}
	f, err := os.Open(filepath.Join(dir, "agreement.csv"))
	if err != nil {
		t.Fatalf("no CSV from LibreOffice (%v); it said:\n%s", err, out)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read LibreOffice's CSV: %v", err)
	}
	header := []string{"Code", "Length", "Coded by Ana", "Coded by Ben", "All", "None", agreement.PercentAgreementName, agreement.KappaName(2), agreement.AlphaName,
		"κ 95% low", "κ 95% high", "α 95% low", "α 95% high", "P(α < 0.667)", "P(α < 0.8)"}
	if len(records) < 6 || !slices.Equal(records[0], header) {
		t.Fatalf("LibreOffice reads the Summary as %q, want the header %q", records, header)
	}
	for i, code := range []string{"Conflict > Attack", "Cooperation", "Language", "Unused"} {
		got, want := records[i+1], s.Report.Codes[i].Kappa
		if got[0] != code {
			t.Errorf("row %d is %q, want %q", i+2, got[0], code)
		}
		k, err := strconv.ParseFloat(got[7], 64)
		switch {
		case !want.Defined && got[7] != "":
			t.Errorf("%s: LibreOffice shows kappa %q, want an empty cell", code, got[7])
		case want.Defined && (err != nil || math.Abs(k-want.Value) > 1e-9):
			t.Errorf("%s: LibreOffice shows kappa %q, want %v", code, got[7], want.Value)
		}
	}
	if records[5][0] != "Overall" {
		t.Errorf("row 6 is %q, want the Overall row", records[5])
	}
	// The intervals read back as the numbers written.
	o := s.Intervals.Overall
	for i, want := range []float64{o.Kappa.Lo, o.Kappa.Hi, o.Alpha.Lo, o.Alpha.Hi, o.AlphaBelow[0].Share.Value, o.AlphaBelow[1].Share.Value} {
		got, err := strconv.ParseFloat(records[5][9+i], 64)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("Overall %s: LibreOffice shows %q, want %v", header[9+i], records[5][9+i], want)
		}
	}
}
