package app

import (
	"encoding/csv"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// Issue 26 item 11: with Blind on, the Compare tab shows nothing built from
// other coders' codings and says why; Coded segments and Analyse count only
// the coder's own codings and say so; exports started from the window hold
// only the coder's codings, and the workbook, comparison and summary are
// refused.
func TestBlindHidesOtherCodersEverywhere(t *testing.T) {
	wb, _ := newCompareWorkbench(t) // coding as alice; bob and carol coded too
	runCompare(t, wb.Compare, "alice", "bob")
	test.Tap(wb.Blind)
	cv := wb.Compare
	if cv.body.Visible() || !cv.BlindNote.Visible() || !strings.Contains(cv.BlindNote.Text, "Blind is on") {
		t.Errorf("Blind on: Compare's results visible %v, note %q (visible %v); want them hidden and the reason shown", cv.body.Visible(), cv.BlindNote.Text, cv.BlindNote.Visible())
	}
	if !cv.Run.Disabled() {
		t.Error("Blind on: Compare can still be pressed")
	}
	if wb.ShowPick.Selected != ShowMine {
		t.Errorf("Blind on: Show says %q, want %q", wb.ShowPick.Selected, ShowMine)
	}

	// Coded segments of Norms: alice's only, and the summary says why.
	wb.Tabs.SelectIndex(1)
	wb.Segments.Show(norms(wb))
	for _, s := range wb.Segments.segments {
		if s.coder != "alice" {
			t.Errorf("Blind on: Coded segments lists %s's passage %d–%d", s.coder, s.coding.Start, s.coding.End)
		}
	}
	if len(wb.Segments.segments) == 0 || !strings.Contains(wb.Segments.Summary.Text, "Blind is on") {
		t.Errorf("Blind on: %d segments, summary %q; want alice's and the reason", len(wb.Segments.segments), wb.Segments.Summary.Text)
	}

	// Analyse: alice's codings only.
	wb.Tabs.SelectIndex(5)
	wb.Analyse.start()
	if a := wb.Analyse.result; a == nil || len(a.Coders) != 1 || a.Coders[0].Name != "alice" || !strings.Contains(wb.Analyse.Summary.Text, "Blind is on") {
		t.Errorf("Blind on: Analyse's result %+v, summary %q; want alice's codings only and the reason", a, wb.Analyse.Summary.Text)
	}

	// File → Export… to .csv: alice's codings only.
	out := filepath.Join(t.TempDir(), "blind.csv")
	exported := make(chan error, 1)
	wb.exportInBackground(out, wb.exportFilter(), func(err error) { exported <- err })
	if err := await(t, exported, "the export"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[0] != "alice" {
			t.Errorf("Blind on: the export holds %s's coding of %q", r[0], r[5])
		}
	}
	if len(rows) != 5 {
		t.Errorf("Blind on: the export holds %d codings, want alice's 4", len(rows)-1)
	}
	for _, refused := range []func(){wb.exportComparisonDialog, wb.saveSummaryReport} {
		refused()
		if !strings.Contains(wb.LastAction.Text, "is hidden: Blind is on") {
			t.Errorf("Blind on: the status line says %q, want the refusal and its reason", wb.LastAction.Text)
		}
		wb.LastAction.SetText("")
	}

	test.Tap(wb.Blind)
	if !cv.body.Visible() || cv.BlindNote.Visible() || cv.Run.Disabled() || wb.ShowPick.Selected != ShowEveryone {
		t.Errorf("Blind off: Compare visible %v, note visible %v, Compare disabled %v, Show %q; want the tab back and Show %q",
			cv.body.Visible(), cv.BlindNote.Visible(), cv.Run.Disabled(), wb.ShowPick.Selected, ShowEveryone)
	}
}

// Issue 26 item 7: the Compare tab ticks the coders who coded the chosen
// documents (not one who coded nothing), says when a ticked coder coded
// nothing there, and keeps the user's choice for the next start.
func TestCompareTicksTheCodersWhoCoded(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	wb.SetCoder("lead") // a coder with no codings, as the window's user
	wb.freshen(wb.Compare.content)
	cv := wb.Compare
	if want := []string{"alice", "bob", "carol"}; !slices.Equal(cv.Coders.Selected, want) {
		t.Errorf("coders ticked at first: %v, want those who coded %v (not lead)", cv.Coders.Selected, want)
	}
	if cv.CoderNote.Visible() {
		t.Errorf("a note %q shows though every ticked coder coded", cv.CoderNote.Text)
	}
	// Only the Sony article: carol coded nothing there.
	cv.AllDocuments.SetChecked(false)
	cv.Documents.SetSelected([]string{sonyArticle})
	if want := []string{"alice", "bob"}; !slices.Equal(cv.Coders.Selected, want) {
		t.Errorf("coders ticked for %s: %v, want %v", sonyArticle, cv.Coders.Selected, want)
	}
	cv.Coders.SetSelected([]string{"alice", "bob", "lead"}) // the user's choice
	if !cv.CoderNote.Visible() || !strings.Contains(cv.CoderNote.Text, "lead coded nothing in the chosen documents") {
		t.Errorf("lead ticked: note %q (visible %v), want it to say lead coded nothing there", cv.CoderNote.Text, cv.CoderNote.Visible())
	}
	cv.Documents.SetSelected([]string{sonyArticle, "setback-cyber-cooperation.txt"})
	if want := []string{"alice", "bob", "lead"}; !slices.Equal(cv.Coders.Selected, want) {
		t.Errorf("after the user chose, other documents changed the ticks to %v, want %v kept", cv.Coders.Selected, want)
	}

	// The next start (the same app preferences) ticks the same coders.
	p, err := storage.Open(wb.project.Path())
	if err != nil {
		t.Fatal(err)
	}
	next := NewWorkbench(wb.app, wb.win, p)
	t.Cleanup(next.Close)
	next.freshen(next.Compare.content)
	if want := []string{"alice", "bob", "lead"}; !slices.Equal(next.Compare.Coders.Selected, want) {
		t.Errorf("after a restart the ticks are %v, want the user's %v", next.Compare.Coders.Selected, want)
	}
}

// Issue 26 item 12: File → Export… writes the kind of file the name's
// extension says (the agreement workbook for .xlsx, never out.xlsx.csv),
// and refuses a kind it does not write, saying which it writes.
func TestExportWritesByExtension(t *testing.T) {
	dir := t.TempDir()
	home := t.TempDir()
	for _, ext := range storage.ExportExtensions() {
		got, err := resolveSavePath("out"+ext, dir, home, ".csv", slices.DeleteFunc(storage.ExportExtensions(), func(e string) bool { return e == ".csv" })...)
		if err != nil || got != filepath.Join(dir, "out"+ext) {
			t.Errorf("out%s in the Export dialog: %q, %v; want %s", ext, got, err, filepath.Join(dir, "out"+ext))
		}
	}
	if got, err := resolveSavePath("out.xlsx", dir, home, ".csv"); err == nil || !strings.Contains(err.Error(), "this saves .csv files, not .xlsx: end the name with .csv") {
		t.Errorf("out.xlsx where only .csv is saved: %q, %v; want a refusal naming both", got, err)
	}
	if got, err := resolveSavePath("out.txt", dir, home, ".csv", ".xlsx"); err == nil || !strings.Contains(err.Error(), "this saves .csv or .xlsx files, not .txt") {
		t.Errorf("out.txt: %q, %v; want a refusal naming .csv or .xlsx", got, err)
	}

	wb, _ := newCompareWorkbench(t)
	for ext, magic := range map[string]string{".xlsx": "PK", ".qdpx": "PK", ".qdc": "<?xml", ".csv": "coder,"} {
		out := filepath.Join(dir, "study"+ext)
		s := wb.exportAs()
		s.Path.SetText(out)
		s.submit()
		b, err := readEventually(t, out)
		if err != nil {
			t.Errorf("Export… to %s: %v (files: %v)", out, err, filesIn(dir))
			continue
		}
		if !strings.HasPrefix(string(b), magic) {
			t.Errorf("Export… to %s wrote %q…, want a %s file", out, b[:min(len(b), 20)], ext)
		}
	}
	if files := filesIn(dir); slices.ContainsFunc(files, func(f string) bool { return strings.Count(f, ".") > 1 }) {
		t.Errorf("Export… appended an extension: %v", files)
	}
}

// readEventually reads a file written in the background, waiting up to 10 s.
func readEventually(t *testing.T, path string) ([]byte, error) {
	t.Helper()
	var b []byte
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err = os.ReadFile(path); err == nil && len(b) > 0 {
			return b, nil
		}
	}
	return b, err
}

// filesIn names the files in dir.
func filesIn(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Issue 26 item 16: a refused attribute value leaves the cell showing the
// stored value, and the message names the attribute once.
func TestRefusedAttributeValueRestoresTheCell(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	ap := wb.Attributes
	date := attrColumn(t, wb, "date")
	row := attributeRowOf(t, wb, sonyArticle)
	ap.Table.Select(widget.TableCellID{Row: row, Col: date})
	entry, ok := ap.Editor.(*widget.Entry)
	if !ok {
		t.Fatalf("selecting a date cell shows %T, want an entry", ap.Editor)
	}
	entry.SetText("soon")
	entry.OnSubmitted(entry.Text)
	if entry.Text != "2015-01-12" || ap.Cell(row, date) != "2015-01-12" {
		t.Errorf("after a refused value the cell's entry holds %q and the cell %q, want the stored 2015-01-12", entry.Text, ap.Cell(row, date))
	}
	if n := strings.Count(ap.Message.Text, "date:"); n != 1 || !strings.Contains(ap.Message.Text, `"soon" is not a date`) {
		t.Errorf("message %q: want the reason, naming the attribute once", ap.Message.Text)
	}
}

// Issue 26 item 16: on a read-only project New code says so before any
// dialog asks for a name.
func TestNewCodeOnReadOnlyProjectRefusesFirst(t *testing.T) {
	a := test.NewTempApp(t)
	path := newSampleProject(t, "ro.qdb")
	p, err := storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	t.Cleanup(func() { w.Close() })
	wb.newCode("")
	if text := overlayText(w); !strings.Contains(text, "is read-only") || strings.Contains(text, "Create") {
		t.Errorf("New code on a read-only project shows %q; want the refusal, not the New code dialog", text)
	}
}

// Issue 26 item 16: a backup that cannot be written says so in a sentence,
// with what to do, not the system's raw error.
func TestBackupFailureIsASentence(t *testing.T) {
	err := fmt.Errorf("backup: %w", &fs.PathError{Op: "mkdir", Path: "/data/P.qdb backups", Err: syscall.EACCES})
	got := backupFailure("/data/P.qdb backups", err)
	if strings.Contains(got, "mkdir") || !strings.Contains(got, "you may not create files in /data/P.qdb backups") || !strings.Contains(got, "Keep backups in the app's data folder") {
		t.Errorf("backup failure says %q", got)
	}
}

// Issue 26 item 10: after Code all hits over two documents, Undo counts
// the hits in the document on screen and those elsewhere; and (item 6) a
// coder the window has not shown yet is named, never "?".
func TestUndoSaysWhereTheCodingsWere(t *testing.T) {
	wb, _ := newTestWorkbench(t) // the Sony article is open
	hits, _, err := wb.project.Search(nil, analysis.SearchQuery{Text: "cyber"}, func() bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	here := 0
	for _, h := range hits {
		if h.Document == wb.st.doc.ID {
			here++
		}
	}
	if here == 0 || here == len(hits) {
		t.Fatalf("%d of %d hits in the open document: the test needs hits here and elsewhere", here, len(hits))
	}
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.codeSearchHits(trust.ID, hits)
	wb.Undo()
	want := fmt.Sprintf("Undid: Code %d hits (%d codings, %d in this document, %d in %s, not on screen)", len(hits), len(hits), here, len(hits)-here, setbackArticle)
	if wb.LastAction.Text != want {
		t.Errorf("after Undo: %q, want %q", wb.LastAction.Text, want)
	}

	// A coding (and its coder) added by another process, then undone
	// before the window has read the change.
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "cli", Document: sonyArticle, CodePath: "Trust", Span: coding.Span{Start: 0, End: 5}}); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.project.Undo(); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if got := wb.describe(wb.lastSet); strings.Contains(got, "?") || !strings.Contains(got, "cli") {
		t.Errorf("an undone coding by a coder the window never showed is described %q, want the coder named", got)
	}
}

// Issue 26 item 6: as ben, Undo undoes ben's own last action, never a
// later coding the command line made as cli; with nothing of ben's left,
// it asks, naming cli, before undoing cli's.
func TestUndoTakesTheCodersOwnAndAsksForOthers(t *testing.T) {
	wb, w := newTestWorkbench(t)
	wb.SetCoder("ben")
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.Viewer.SetSelection(spanOf(t, wb, "Sony hack"))
	wb.ApplyCode(trust.ID)
	other, err := storage.Open(wb.project.Path()) // the command line
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Code(storage.CodeRequest{Coder: "cli", Document: sonyArticle, CodePath: "Norms", Span: spanOf(t, wb, "cyber vandalism")}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	byCoder := func() map[string]int {
		n := map[string]int{}
		for _, c := range codingsOf(t, wb) {
			n[wb.st.CoderName(c.CoderID)]++
		}
		return n
	}
	wb.Undo()
	if got := byCoder(); got["ben"] != 0 || got["cli"] != 1 {
		t.Errorf("after ben's Undo the codings by coder are %v, want cli's kept and ben's gone", got)
	}
	if !strings.Contains(wb.LastAction.Text, "cli's later") {
		t.Errorf("status %q does not say cli's later action stays", wb.LastAction.Text)
	}
	wb.Undo() // ben has nothing left (adding ben, before, was ben's too)
	for i := 0; i < 3 && !strings.Contains(overlayText(w), "cli"); i++ {
		wb.Undo()
	}
	if got := byCoder(); got["cli"] != 1 {
		t.Fatalf("Undo removed cli's coding without asking: %v", got)
	}
	if text := overlayText(w); !strings.Contains(text, "made by cli") {
		t.Fatalf("with nothing of ben's to undo, the window shows %q; want a question naming cli", text)
	}
	pressKey(w, fyne.KeyReturn) // yes
	if got := byCoder(); got["cli"] != 0 {
		t.Errorf("after agreeing to undo cli's action the codings are %v", got)
	}
}

// Issue 26 item 9: the sample-size planner plans for the number of coders
// ticked in the Compare tab (155 units for three, as `sample --plan
// --coder-count 3` gives), says what it assumed, and takes another number.
func TestSamplePlannerTakesTheTickedCoders(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	cv.Coders.SetSelected([]string{"alice", "bob", "carol"})
	test.Tap(cv.sample.Draw)
	sd := cv.sampleDialog
	if !strings.Contains(sd.Plan.Text, "With 3 coders (the coders ticked in the Compare tab)") || !strings.Contains(sd.Plan.Text, "at least 155 units") {
		t.Errorf("three coders ticked: the planner says %q; want 155 units and that it assumed the 3 ticked coders", sd.Plan.Text)
	}
	sd.Coders.SetSelected("2")
	if !strings.Contains(sd.Plan.Text, "With 2 coders (as chosen; 3 are ticked in the Compare tab)") || !strings.Contains(sd.Plan.Text, "at least 103 units") {
		t.Errorf("two coders chosen: the planner says %q; want 103 units and what was assumed", sd.Plan.Text)
	}
}

// Issue 26 item 28: a coded passage with a line break is listed in Coded
// segments on one line, which cannot overwrite the next row.
func TestCodedSegmentWithLineBreakIsOneLine(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	text := []rune(wb.st.doc.Text)
	nl := slices.Index(text, '\n')
	for nl >= 0 && nl < 40 {
		next := slices.Index(text[nl+1:], '\n')
		if next < 0 {
			break
		}
		nl += next + 1
	}
	if nl < 40 {
		t.Fatal("the Sony article has no line break to code across")
	}
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: coding.Span{Start: nl - 30, End: nl + 30}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	wb.Tabs.SelectIndex(1)
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.Segments.Show(trust.ID)
	if len(wb.Segments.segments) != 1 {
		t.Fatalf("%d segments, want 1", len(wb.Segments.segments))
	}
	s := wb.Segments.segments[0]
	if row := s.before + s.text + s.after; strings.ContainsAny(row, "\n\r") {
		t.Errorf("the segment's row holds a line break: %q", row)
	}
}

// Issue 26 item 21: the matrix legend is true in both themes: the cell's
// blue grows stronger with the count (its alpha), which reads darker on
// a light background and brighter on a dark one, so it says "stronger".
func TestMatrixLegendHoldsInBothThemes(t *testing.T) {
	text := explanation(analyseMatrix)
	if strings.Contains(text, "darker") || strings.Contains(text, "lighter") || !strings.Contains(text, "stronger the blue") {
		t.Errorf("the matrix legend says %q", text)
	}
	weak, strong := heat(1, 10).(color.NRGBA), heat(10, 10).(color.NRGBA)
	if weak.R != strong.R || weak.G != strong.G || weak.B != strong.B || weak.A >= strong.A {
		t.Errorf("heat(1) %v, heat(10) %v: want the same blue, stronger for more", weak, strong)
	}
}

// Issue 26 item 23: the Analyse tab's frequencies and matrix have the
// "(any code)" row and the matrix the "All documents" column that their
// exports have, with the same figures, and the totals stay last when
// sorted.
func TestAnalyseTabHasTheExportsTotals(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	wb.Tabs.SelectIndex(5)
	av := wb.Analyse
	for _, kind := range []string{analyseFrequencies, analyseMatrix} {
		showAnalyse(t, wb, kind)
		a := av.result
		var table analysis.Table
		if kind == analyseMatrix {
			table = analysis.CodeMatrix(a.Codings, a.Options()).Table(a.Names())
		} else {
			table = analysis.CodeFrequencies(a.Codings, a.Options()).Table(a.Names())
		}
		av.sortBy(1) // largest first: the totals stay last all the same
		last := av.grid.rows[av.order[len(av.order)-1]]
		if last.label != analysis.AnyCode || len(table.Footer) != 1 {
			t.Fatalf("%s: the last row is %q (export footer %v); want %s", kind, last.label, table.Footer, analysis.AnyCode)
		}
		for j, col := range av.grid.columns[1:] { // each of the tab's columns against the export's of that name
			i := slices.IndexFunc(table.Columns, func(c analysis.Column) bool { return c.Header == col.header })
			if i < 0 {
				t.Errorf("%s: the export has no column %q", kind, col.header)
				continue
			}
			if got, want := last.cells[j].text, fmt.Sprint(table.Footer[0][i]); got != want {
				t.Errorf("%s: total of %s: tab %q, export %v", kind, col.header, got, want)
			}
		}
		if kind == analyseMatrix && av.grid.columns[len(av.grid.columns)-1].header != analysis.AllDocuments {
			t.Errorf("the matrix's last column is %q, want %s", av.grid.columns[len(av.grid.columns)-1].header, analysis.AllDocuments)
		}
	}
}

// Issue 26 item 24: "Resolve as" does not carry over to the next
// disagreement or to a newly opened cell, and the position line says
// whether the disagreement shown is resolved, and how.
func TestConsensusChoiceDoesNotCarryOver(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	r := &cv.resolve
	norms, _ := wb.st.Codebook().ByPath("Norms")
	cv.Table.Select(widget.TableCellID{Row: rowOfCode(t, cv, "Norms"), Col: colPooled})
	if cv.pairCode != norms.ID || len(cv.pairList) < 2 {
		t.Fatalf("Norms pooled: %d disagreements, want at least 2", len(cv.pairList))
	}
	test.Tap(cv.Next)
	if !strings.HasSuffix(cv.Position.Text, "not resolved yet") {
		t.Errorf("position %q does not say the disagreement is not resolved yet", cv.Position.Text)
	}
	first := cv.current
	r.Choice.SetSelected("Neither")
	test.Tap(r.Apply)
	if r.Choice.Selected != "" {
		t.Errorf("after resolving, the next disagreement is preselected %q", r.Choice.Selected)
	}
	cv.step(first - cv.current)
	if !strings.HasSuffix(cv.Position.Text, "resolved: neither") {
		t.Errorf("back on the resolved one, the position says %q; want how it was resolved", cv.Position.Text)
	}
	r.Choice.SetSelected("Both (union)")
	cv.Table.Select(widget.TableCellID{Row: rowOfCode(t, cv, "Trust"), Col: colPooled})
	if r.Choice.Selected != "" {
		t.Errorf("a newly opened cell starts with %q chosen", r.Choice.Selected)
	}
}

// Issue 26 item 30: a tooltip does not stay on screen after what it named
// was deleted, nor after the window changed size.
func TestTooltipGoesWithADeleteOrResize(t *testing.T) {
	wb, w := newTestWorkbench(t)
	tipAfter = func(_ time.Duration, f func()) { f() }
	t.Cleanup(func() { tipAfter = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) } })
	root := wb.Content().(*tipRoot)
	trustRow := func() {
		test.MoveMouse(w.Canvas(), canvasPosition(w, wb.Codes.Tree).Add(fyne.NewPos(40, 10)))
	}
	trustRow()
	if !strings.Contains(root.Tooltip(), "Trust") {
		t.Fatalf("hovering Trust shows %q", root.Tooltip())
	}
	trust, _ := wb.st.codebook.ByPath("Trust")
	if _, err := wb.project.DeleteCode(trust.ID); err != nil { // as Delete code… does once confirmed
		t.Fatal(err)
	}
	wb.sync()
	if got := root.Tooltip(); got != "" {
		t.Errorf("after Trust was deleted its tooltip still shows: %q", got)
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(1, 1))
	trustRow()
	if root.Tooltip() == "" {
		t.Fatal("hovering the first code shows no tooltip")
	}
	w.Resize(fyne.NewSize(1100, 800))
	if got := root.Tooltip(); got != "" {
		t.Errorf("after a resize the tooltip still shows: %q", got)
	}
}
