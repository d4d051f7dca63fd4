package xlsx_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/storage/xlsx"
)

// usedRange is the range from A1 to the last row and column holding a
// value, as read cell by cell.
func usedRange(t *testing.T, f *excelize.File, sheet string) (rowsUsed, colsUsed int) {
	t.Helper()
	for i, r := range rows(t, f, sheet) {
		for j, v := range r {
			if v != "" {
				rowsUsed, colsUsed = max(rowsUsed, i+1), max(colsUsed, j+1)
			}
		}
	}
	return rowsUsed, colsUsed
}

// checkDimensions checks that every sheet's <dimension> names the rows
// and columns its cells use (the notes under the Summary table are merged
// across the table's columns, so the range may be wider than the cells
// holding a value, never narrower or shorter).
func checkDimensions(t *testing.T, f *excelize.File) map[string]int {
	t.Helper()
	lastRows := map[string]int{}
	for _, sheet := range f.GetSheetList() {
		dim, err := f.GetSheetDimension(sheet)
		if err != nil {
			t.Fatal(err)
		}
		r, c := usedRange(t, f, sheet)
		first, last, ok := strings.Cut(dim, ":")
		if !ok || first != "A1" {
			t.Errorf("%s: dimension %q, want A1:…", sheet, dim)
			continue
		}
		col, row, err := excelize.CellNameToCoordinates(last)
		if err != nil {
			t.Fatalf("%s: dimension %q: %v", sheet, dim, err)
		}
		if row != r || col < c {
			t.Errorf("%s: dimension %s, but the cells use %d rows and %d columns", sheet, dim, r, c)
		}
		lastRows[sheet] = r
	}
	return lastRows
}

// TestDimensionNamesUsedRange: every sheet's <dimension> names its used
// range, so that readers that trust it (openpyxl's read-only mode, used by
// csvkit and others) see every row; read back with openpyxl too when
// Python has it.
func TestDimensionNamesUsedRange(t *testing.T) {
	s := newSample(t)
	f, data := write(t, s.Study)
	want := checkDimensions(t, f)
	if want[xlsx.SummarySheet] < len(s.Report.Codes)+10 {
		t.Errorf("Summary uses %d rows; the notes are missing", want[xlsx.SummarySheet])
	}
	_, tables := analysisTables(t)
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, "Analysis", tables); err != nil {
		t.Fatal(err)
	}
	af := open(t, buf.Bytes())
	wantAnalysis := checkDimensions(t, af)

	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} { // the system's, when another python3 comes first
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import openpyxl").Run() == nil {
			python = path
			break
		}
	}
	if python == "" {
		t.Log("python3 with openpyxl not found: the workbook is checked by its XML only")
		return
	}
	for name, c := range map[string]struct {
		data []byte
		want map[string]int
		f    *excelize.File
	}{"agreement": {data, want, f}, "analysis": {buf.Bytes(), wantAnalysis, af}} {
		path := filepath.Join(t.TempDir(), name+".xlsx")
		if err := os.WriteFile(path, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		out, err := exec.CommandContext(ctx, python, "-c", `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
for ws in wb:
    n = sum(1 for row in ws.iter_rows(values_only=True))
    print(ws.title + "\t" + str(ws.max_row) + "\t" + str(n))`, path).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("openpyxl: %v\n%s", err, out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			fields := strings.Split(line, "\t")
			if len(fields) != 3 {
				t.Fatalf("openpyxl printed %q", line)
			}
			w := strconv.Itoa(c.want[fields[0]])
			if fields[1] != w || fields[2] != w {
				t.Errorf("%s workbook, sheet %s: openpyxl (read-only) sees max_row %s and %s rows, want %s", name, fields[0], fields[1], fields[2], w)
			}
		}
		if got := len(strings.Split(strings.TrimSpace(string(out)), "\n")); got != len(c.f.GetSheetList()) {
			t.Errorf("%s workbook: openpyxl read %d sheets, want %d", name, got, len(c.f.GetSheetList()))
		}
	}
}
