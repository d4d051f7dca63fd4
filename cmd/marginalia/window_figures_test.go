package main

// TestWindowFigures drives the real window under Xvfb with xdotool for
// issue 26's items 7 (Compare ticks only the coders who coded), 12 (File →
// Export… writes by the extension typed) and 11 (Blind hides every figure
// built from other coders' codings), and checks each outcome through the
// command line and the files written.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding/agreement"
)

// Where the test points, in the window of windowLayout's size at 0,0 (see
// layoutFor), measured on screenshots: the Compare tab, its Compare
// button, the Blind check box, and the File menu's items.
var (
	compareTab      = image.Pt(520, 93)
	compareButton   = image.Pt(352, 789)
	blindBox        = image.Pt(1031, 49)
	fileMenu        = image.Pt(26, 13)
	exportMenu      = image.Pt(60, 284)  // File → Export (a sub-menu)
	exportItem      = image.Pt(305, 284) // File → Export → Export…
	exportCompare   = image.Pt(366, 323) // File → Export → Export comparison (.xlsx)…
	compareBody     = image.Rect(260, 230, 1030, 770)
	figuresSettling = 20 * time.Second
)

func TestWindowFigures(t *testing.T) {
	bin, dir, shots, env, cli := windowSetup(t)
	project := filepath.Join(dir, "P.qdb")
	cli("new", project, "--sample")
	const sony = "sony-hack-cyber-dialogue.txt"
	for _, c := range [][]string{
		{"ann", setback, "Trust", "300", "500"}, {"ben", setback, "Trust", "320", "500"},
		{"ann", setback, "Norms", "800", "1000"}, {"ben", setback, "Norms", "800", "980"},
		{"ann", sony, "Trust", "186", "364"}, {"ben", sony, "Trust", "200", "364"},
		{"ann", sony, "Norms", "1381", "1446"}, {"ben", sony, "Norms", "1395", "1446"},
	} {
		cli("code", project, "--coder", c[0], "--document", c[1], "--code", c[2], "--start", c[3], "--end", c[4])
	}
	codings := func() [][]string { return cliCodings(t, cli, project, dir) }

	x, lay := openWindow(t, bin, env, dir, shots, "open", project, "--coder", "lead") // lead has coded nothing
	whole := image.Rect(0, 0, windowWidth, windowHeight)
	// menu chooses a File menu item; saveAs types a path in the Save as
	// dialog that opens and presses Enter.
	menu := func(item image.Point) {
		x.click(fileMenu)
		time.Sleep(400 * time.Millisecond)
		x.click(exportMenu)
		time.Sleep(400 * time.Millisecond)
		x.click(item)
		time.Sleep(600 * time.Millisecond)
	}
	saveAs := func(path string) {
		x.do("key", "ctrl+a")
		x.do("type", "--delay", "10", path)
		x.do("key", "Return")
	}

	// Item 7: the Compare tab ticks ann and ben, who coded, not lead; the
	// agreement workbook exported from the tab's choices is Cohen's κ of
	// ann and ben, as `marginalia agreement --coders ann,ben` gives it.
	x.click(compareTab)
	x.waitStill(whole, 2*time.Second)
	shots.save(x, "01-compare-tab")
	workbook := filepath.Join(dir, "comparison.xlsx")
	menu(exportCompare)
	saveAs(workbook)
	if _, ok := poll(figuresSettling, func() error { _, err := os.Stat(workbook); return err }, func(err error) bool { return err == nil }); !ok {
		shots.save(x, "02-no-workbook")
		t.Fatalf("item 7: File → Export comparison wrote no %s", workbook)
	}
	var report struct {
		Codes []struct {
			Code  string   `json:"code"`
			Kappa *float64 `json:"kappa"`
		} `json:"codes"`
	}
	if err := json.Unmarshal([]byte(cli("agreement", project, "--coders", "ann,ben", "--json")), &report); err != nil {
		t.Fatal(err)
	}
	summary := workbookSummary(t, workbook)
	kappa := slices.Index(summary[0], agreement.KappaName(2))
	if kappa < 0 {
		t.Errorf("item 7: the workbook of the Compare tab's ticked coders has no %q column (heading %q): a coder who coded nothing was ticked", agreement.KappaName(2), summary[0])
	} else {
		for _, c := range report.Codes {
			row := slices.IndexFunc(summary, func(r []string) bool { return len(r) > 0 && r[0] == c.Code })
			if row < 0 || c.Kappa == nil || len(summary[row]) <= kappa {
				t.Errorf("item 7: no %s row with a κ in the window's workbook (CLI κ %v)", c.Code, c.Kappa)
				continue
			}
			if got, err := strconv.ParseFloat(summary[row][kappa], 64); err != nil || math.Abs(got-*c.Kappa) > 1e-9 {
				t.Errorf("item 7: %s: the window's workbook has κ %q, `agreement --coders ann,ben` %v", c.Code, summary[row][kappa], *c.Kappa)
			}
		}
	}
	shots.save(x, "02-comparison-exported")

	// Item 12: File → Export… to out.xlsx writes the workbook, to x.qdpx
	// the project (imported again, the same codings), to out.txt nothing.
	out := filepath.Join(dir, "out.xlsx")
	menu(exportItem)
	shots.save(x, "03-export-dialog")
	saveAs(out)
	if _, ok := poll(figuresSettling, func() error { _, err := os.Stat(out); return err }, func(err error) bool { return err == nil }); !ok {
		shots.save(x, "04-no-xlsx")
		t.Errorf("item 12: File → Export… to out.xlsx wrote no out.xlsx (files: %v)", dirNames(dir))
	} else if s := workbookSummary(t, out); slices.Index(s[0], agreement.KappaName(2)) < 0 {
		t.Errorf("item 12: out.xlsx is not the agreement workbook: Summary heading %q", s[0])
	}
	exchange := filepath.Join(dir, "x.qdpx")
	menu(exportItem)
	saveAs(exchange)
	if _, ok := poll(figuresSettling, func() error { _, err := os.Stat(exchange); return err }, func(err error) bool { return err == nil }); !ok {
		t.Errorf("item 12: File → Export… to x.qdpx wrote no x.qdpx (files: %v)", dirNames(dir))
	} else {
		again := filepath.Join(dir, "again.qdb")
		cli("new", again)
		cli("import", again, exchange)
		if got, want := cliCodings(t, cli, again, dir), codings(); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("item 12: x.qdpx from File → Export…, imported into a new project, holds codings %q, want %q", got, want)
		}
	}
	menu(exportItem)
	saveAs(filepath.Join(dir, "out.txt"))
	time.Sleep(time.Second)
	shots.save(x, "04-export-txt-refused")
	x.do("key", "Escape")
	for _, name := range dirNames(dir) {
		if strings.HasSuffix(name, ".xlsx.csv") || strings.HasSuffix(name, ".qdpx.csv") || strings.HasPrefix(name, "out.txt") {
			t.Errorf("item 12: File → Export… wrote %s", name)
		}
	}

	// Item 11: lead codes a passage from the command line; the Compare tab
	// shows a comparison; with Blind on it shows none of it, exporting
	// the comparison writes nothing, and File → Export… writes lead's
	// coding only.
	cli("code", project, "--coder", "lead", "--document", setback, "--code", "Trust", "--start", "40", "--end", "90")
	x.click(compareButton)
	x.do(append([]string{"mousemove"}, pt(lay.idle)...)...)
	shown := x.waitStill(whole, 3*time.Second)
	shots.saveImage(shown, "05-compared")
	if uniform(shown, compareBody) {
		t.Fatalf("item 11: no comparison shows in the Compare tab before Blind (screenshot 05-compared.png): the check below cannot work")
	}
	x.click(blindBox)
	x.do(append([]string{"mousemove"}, pt(lay.idle)...)...)
	blind := x.waitStill(whole, 3*time.Second)
	shots.saveImage(blind, "06-blind")
	if !uniform(blind, compareBody) {
		t.Errorf("item 11: with Blind on, the Compare tab still shows its choices or results (screenshot 06-blind.png)")
	}
	hidden := filepath.Join(dir, "blind-comparison.xlsx")
	menu(exportCompare)
	shots.save(x, "07-blind-export-comparison")
	if _, err := os.Stat(hidden); err == nil {
		t.Errorf("item 11: with Blind on, File → Export comparison wrote %s", hidden)
	}
	x.do("key", "Return") // closes the message
	time.Sleep(300 * time.Millisecond)
	mine := filepath.Join(dir, "blind.csv")
	menu(exportItem)
	saveAs(mine)
	if _, ok := poll(figuresSettling, func() error { _, err := os.Stat(mine); return err }, func(err error) bool { return err == nil }); !ok {
		t.Fatalf("item 11: File → Export… with Blind on wrote no %s", mine)
	}
	rows := csvRows(t, mine)
	if len(rows) != 1 || rows[0][0] != "lead" || rows[0][3] != "40" || rows[0][4] != "90" {
		t.Errorf("item 11: File → Export… with Blind on, as lead, holds %q; want lead's one coding only (the project has %d)", rows, len(codings()))
	}
	shots.save(x, "08-blind-exported")
}

// workbookSummary is the Summary sheet of an agreement workbook.
func workbookSummary(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: Summary: %v (%d rows)", path, err, len(rows))
	}
	return rows
}

// csvRows are a codings CSV's rows without the header.
func csvRows(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(records) == 0 {
		t.Fatalf("%s: %v %q", path, err, b)
	}
	return records[1:]
}

// dirNames names the files in dir.
func dirNames(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// uniform reports whether r of img is one colour (nothing drawn there).
func uniform(img image.Image, r image.Rectangle) bool {
	c := img.At(r.Min.X, r.Min.Y)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.At(x, y) != c {
				return false
			}
		}
	}
	return true
}
