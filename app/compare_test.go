package app

import (
	"errors"
	"image/color"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/xlsx"
)

// compareFixture is a sample project coded by alice and bob, as in the
// screenshot script: on Norms in the Sony article alice coded 1381–1446 and
// bob 1395–1410, so they disagree on 1381–1395 and 1410–1446.
var compareFixture = []storage.CodeRequest{
	{Coder: "alice", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Cooperation", Span: coding.Span{Start: 186, End: 364}},
	{Coder: "bob", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Cooperation", Span: coding.Span{Start: 259, End: 364}},
	{Coder: "alice", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Norms", Span: coding.Span{Start: 1381, End: 1446}},
	{Coder: "bob", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Norms", Span: coding.Span{Start: 1395, End: 1410}},
	{Coder: "alice", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Trust", Span: coding.Span{Start: 5792, End: 5856}},
	{Coder: "bob", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Trust", Span: coding.Span{Start: 5761, End: 5856}},
	{Coder: "alice", Document: "setback-cyber-cooperation.txt", CodePath: "Norms", Span: coding.Span{Start: 40, End: 90}},
	{Coder: "bob", Document: "setback-cyber-cooperation.txt", CodePath: "Norms", Span: coding.Span{Start: 40, End: 90}},
	{Coder: "bob", Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: 100, End: 180}},
	{Coder: "carol", Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: 120, End: 180}},
}

// newCompareWorkbench is the sample project with compareFixture's codings,
// with the Compare tab in front.
func newCompareWorkbench(t *testing.T) (*Workbench, fyne.Window) {
	t.Helper()
	wb, w := newTestWorkbench(t)
	for _, r := range compareFixture {
		if _, err := wb.project.Code(r); err != nil {
			t.Fatal(err)
		}
	}
	wb.sync()
	wb.ShowCompare()
	return wb, w
}

// runCompare taps Compare with these coders checked and waits for the
// result to be shown.
func runCompare(t *testing.T, cv *compareView, coders ...string) {
	t.Helper()
	finished := make(chan struct{}, 1)
	cv.onStage = func(s string) {
		if s == "done" {
			finished <- struct{}{}
		}
	}
	cv.Coders.SetSelected(coders)
	if cv.Run.Disabled() {
		t.Fatalf("Compare is disabled with coders %v checked", coders)
	}
	test.Tap(cv.Run)
	await(t, finished, "the comparison")
	cv.onStage = nil
}

// compared is the fixture workbench after comparing these coders.
func compared(t *testing.T, coders ...string) (*Workbench, *compareView) {
	t.Helper()
	wb, _ := newCompareWorkbench(t)
	runCompare(t, wb.Compare, coders...)
	return wb, wb.Compare
}

// await receives from ch, failing the test after 20 s.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not finish within 20 s", what)
	}
	var zero T
	return zero
}

// cell is the text and background of a table cell, as the table draws it.
func cell(cv *compareView, row, col int) (string, canvas.Rectangle) {
	o := cv.Table.CreateCell()
	cv.Table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	box := o.(*fyne.Container)
	return box.Objects[1].(*widget.Label).Text, *box.Objects[0].(*canvas.Rectangle)
}

// column is the table column of a document (or "Pooled").
func column(t *testing.T, cv *compareView, name string) int {
	t.Helper()
	_, cols := cv.Table.Length()
	for col := range cols {
		if cv.columnName(col) == name {
			return col
		}
	}
	t.Fatalf("no column %q", name)
	return -1
}

// rowOfCode is the table row showing the code with this path.
func rowOfCode(t *testing.T, cv *compareView, path string) int {
	t.Helper()
	rows, _ := cv.Table.Length()
	for row := range rows {
		if text, _ := cell(cv, row, colCode); text == path {
			return row
		}
	}
	t.Fatalf("no row for %q", path)
	return -1
}

// expectedReport is what agreement.Compare and Disagreements say for the
// two coders on every document they coded, computed without the app.
func expectedReport(t *testing.T, wb *Workbench, coders ...string) (agreement.Report, []agreement.Disagreement, map[string]string) {
	t.Helper()
	p := wb.project
	var opt agreement.Options
	var ids []string
	for _, name := range coders {
		c, err := p.CoderNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		opt.Coders = append(opt.Coders, c.ID)
		ids = append(ids, c.ID)
	}
	codings, err := p.Codings(storage.Filter{Coders: ids})
	if err != nil {
		t.Fatal(err)
	}
	docIDs := map[string]string{}
	docs, _ := p.Documents()
	for _, d := range docs {
		docIDs[d.Name] = d.ID
		opt.Documents = append(opt.Documents, agreement.Document{ID: d.ID, Length: d.Length})
	}
	var segs []agreement.Segment
	for _, c := range codings {
		segs = append(segs, agreement.Segment{Coder: c.CoderID, Code: c.CodeID, Document: c.DocumentID, Span: c.Span})
	}
	return agreement.Compare(segs, opt), agreement.Disagreements(segs, opt), docIDs
}

func TestCompareTableShowsKappaPerCodeAndDocument(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")

	rep, _, docIDs := expectedReport(t, wb, "alice", "bob")
	var want agreement.Row
	for _, r := range rep.Rows {
		if r.Code == norms(wb) && r.Document == docIDs[sonyArticle] {
			want = r
		}
	}
	if !want.Kappa.Defined {
		t.Fatalf("agreement.Compare gives no kappa for Norms in %s: %+v", sonyArticle, want)
	}
	text, bg := cell(cv, rowOfCode(t, cv, "Norms"), column(t, cv, sonyArticle))
	wantText := "κ " + agreement.FormatCoefficient(want.Kappa) + " · " + agreement.FormatPercent(want.PercentAgreement)
	if text != wantText {
		t.Errorf("cell (Norms, %s) shows %q, want %q (kappa %v)", sonyArticle, text, wantText, want.Kappa)
	}
	if bg.FillColor != heatColor(want.Kappa) {
		t.Errorf("cell (Norms, %s) has background %v, want %v for kappa %v", sonyArticle, bg.FillColor, heatColor(want.Kappa), want.Kappa)
	}

	for _, tc := range []struct {
		code, column, want string
	}{
		{"Norms", "setback-cyber-cooperation.txt", "κ 1.00 · 100.0 %"},  // the same passage
		{"Trust", "setback-cyber-cooperation.txt", "κ 0.00 · 98.4 %"},   // only bob coded it
		{"Cooperation", "setback-cyber-cooperation.txt", "not applied"}, // nobody did
	} {
		if got, _ := cell(cv, rowOfCode(t, cv, tc.code), column(t, cv, tc.column)); got != tc.want {
			t.Errorf("cell (%s, %s) = %q, want %q", tc.code, tc.column, got, tc.want)
		}
	}
	o := rep.Overall
	for _, part := range []string{"2 coders", "Cohen's κ " + agreement.FormatCoefficient(o.Kappa), agreement.PercentAgreementName + " " + agreement.FormatPercent(o.PercentAgreement)} {
		if !strings.Contains(cv.Overall.Text, part) {
			t.Errorf("overall line %q lacks %q", cv.Overall.Text, part)
		}
	}
	if rows, cols := cv.Table.Length(); rows != 3 || cols != 4 {
		t.Errorf("table has %d rows and %d columns, want 3 codes and Code, Pooled and 2 documents", rows, cols)
	}
}

func TestCompareThreeCodersIsFleiss(t *testing.T) {
	wb, _ := compared(t, "alice", "bob", "carol")
	if !strings.HasPrefix(wb.Compare.Overall.Text, "3 coders") || !strings.Contains(wb.Compare.Overall.Text, "Fleiss' κ ") {
		t.Errorf("overall line %q does not name Fleiss' kappa for three coders", wb.Compare.Overall.Text)
	}
}

func TestCompareSelectingCellShowsDisagreements(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	_, ds, docIDs := expectedReport(t, wb, "alice", "bob")
	var want []coding.Span
	for _, d := range ds {
		if d.Code == norms(wb) && d.Document == docIDs[sonyArticle] {
			want = append(want, d.Span)
		}
	}
	if len(want) != 2 || want[0] != (coding.Span{Start: 1381, End: 1395}) {
		t.Fatalf("agreement.Disagreements for Norms in the Sony article = %v, want 1381–1395 and 1410–1446", want)
	}

	cv.Table.Select(widget.TableCellID{Row: rowOfCode(t, cv, "Norms"), Col: column(t, cv, sonyArticle)})
	sony, _ := wb.project.Document(docIDs[sonyArticle])
	if string(cv.Viewer.Text()) != sony.Text {
		t.Fatalf("selecting (Norms, %s) did not open that document", sonyArticle)
	}
	if !slices.Equal(cv.marks, want) {
		t.Errorf("marked %v, want the disagreements %v", cv.marks, want)
	}
	hs := cv.Viewer.Highlights()
	lanes := map[string]coding.Span{}
	for _, h := range hs {
		lanes[strings.TrimPrefix(h.Tooltip, "Norms — ")] = h.Span
	}
	alice, bob := lanes["alice"], lanes["bob"]
	if len(hs) != 2 || alice != (coding.Span{Start: 1381, End: 1446}) || bob != (coding.Span{Start: 1395, End: 1410}) || hs[0].Code == hs[1].Code {
		t.Errorf("highlights %+v, want alice's and bob's Norms codings in lanes of their own", hs)
	}

	test.Tap(cv.Next)
	if got := cv.Viewer.Selection(); got != want[0] {
		t.Errorf("Next disagreement selected %v, want %v", got, want[0])
	}
	if !strings.HasPrefix(cv.Position.Text, "1 of 2: coded by alice, not by bob") {
		t.Errorf("position %q", cv.Position.Text)
	}
	test.Tap(cv.Next)
	test.Tap(cv.Next) // wraps round
	test.Tap(cv.Previous)
	if got := cv.Viewer.Selection(); got != want[1] || !strings.HasPrefix(cv.Position.Text, "2 of 2:") {
		t.Errorf("Next, Next, Previous selected %v (%q), want %v", got, cv.Position.Text, want[1])
	}

	test.Tap(cv.OpenDocument)
	if wb.Tabs.SelectedIndex() != 0 || wb.Document().ID != sony.ID || wb.Viewer.Selection() != want[1] {
		t.Errorf("Edit in Document tab: tab %d, document %q, selection %v", wb.Tabs.SelectedIndex(), wb.Document().Name, wb.Viewer.Selection())
	}
	all, err := wb.project.CodingsOf(sony.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(wb.Viewer.Highlights()); n != len(all) {
		t.Errorf("the Document tab shows %d highlights, want every coding (%d)", n, len(all))
	}
}

func TestComparePooledCellWalksAllDocuments(t *testing.T) {
	_, cv := compared(t, "alice", "bob")
	cv.Table.Select(widget.TableCellID{Row: rowOfCode(t, cv, "Trust"), Col: colPooled})
	var seen []string
	for range 3 {
		test.Tap(cv.Next)
		seen = append(seen, cv.Position.Text)
	}
	// the documents come in project order; only bob coded Trust in the
	// setback article, and his Trust passage starts before alice's in the
	// Sony article.
	for i, want := range []string{
		"1 of 2: coded by bob, not by alice in setback-cyber-cooperation.txt (characters 100–180)",
		"2 of 2: coded by bob, not by alice in " + sonyArticle + " (characters 5761–5792)",
		"1 of 2: coded by bob, not by alice in setback-cyber-cooperation.txt",
	} {
		if !strings.HasPrefix(seen[i], want) {
			t.Errorf("Next %d: %q, want %q", i+1, seen[i], want)
		}
	}
}

func TestCompareSortByHeader(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	codes := func() string {
		rows, _ := cv.Table.Length()
		var out []string
		for row := range rows {
			text, _ := cell(cv, row, colCode)
			out = append(out, text)
		}
		return strings.Join(out, ",")
	}
	if got := codes(); got != "Trust,Norms,Cooperation" {
		t.Errorf("codebook order: %s", got)
	}
	header := newHeaderCell()
	tapHeader := func(col int) {
		cv.updateHeader(widget.TableCellID{Row: -1, Col: col}, header)
		test.Tap(header)
	}
	tapHeader(colCode)
	if got := codes(); got != "Cooperation,Norms,Trust" || cv.SortBy.Selected != "Code name" {
		t.Errorf("after tapping Code: %s (Sort by %q)", got, cv.SortBy.Selected)
	}
	tapHeader(colCode)
	if got := codes(); got != "Trust,Norms,Cooperation" {
		t.Errorf("after tapping Code twice: %s", got)
	}
	cv.updateHeader(widget.TableCellID{Row: -1, Col: colCode}, header)
	if header.Text != "Code ↓" {
		t.Errorf("Code header reads %q, want a descending arrow", header.Text)
	}
	sonyCol := column(t, cv, sonyArticle)
	kappa := func(code string) float64 {
		c, _ := wb.st.codebook.ByPath(code)
		r, _ := cv.grid.row(c.ID, sonyCol)
		return r.Kappa.Value
	}
	tapHeader(sonyCol) // lowest kappa first
	rows := strings.Split(codes(), ",")
	for i := 1; i < len(rows); i++ {
		if kappa(rows[i-1]) > kappa(rows[i]) {
			t.Errorf("sorted by kappa in %s: %v has %v before %v", sonyArticle, rows, kappa(rows[i-1]), kappa(rows[i]))
		}
	}
	cv.SortBy.SetSelected("Codebook order")
	if got := codes(); got != "Trust,Norms,Cooperation" {
		t.Errorf("Sort by Codebook order: %s", got)
	}

	// sorting keeps the pair shown and the disagreement selected
	cv.Table.Select(widget.TableCellID{Row: rowOfCode(t, cv, "Norms"), Col: sonyCol})
	test.Tap(cv.Next)
	sel, pos := cv.Viewer.Selection(), cv.Position.Text
	tapHeader(colCode)
	if cv.Viewer.Selection() != sel || cv.Position.Text != pos || cv.pairCode != norms(wb) {
		t.Errorf("after sorting: selection %v (%q), want %v (%q) still shown", cv.Viewer.Selection(), cv.Position.Text, sel, pos)
	}
}

// norms is the ID of the code Norms.
func norms(wb *Workbench) string {
	c, _ := wb.st.codebook.ByPath("Norms")
	return c.ID
}

func TestExportComparisonWritesWorkbook(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	path := filepath.Join(t.TempDir(), "study.xlsx")
	finished := make(chan error, 1)
	opt := storage.ComparisonOptions{Coders: []string{"alice", "bob"}, Documents: []string{"setback-cyber-cooperation.txt"}}
	wb.ExportComparison(path, opt, func(err error) { finished <- err })
	if err := await(t, finished, "the export"); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s is not a workbook: %v", path, err)
	}
	defer book.Close()
	rows, err := book.GetRows(xlsx.CodeDocumentSheet)
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, r := range rows[1:] {
		docs = append(docs, r[1])
	}
	slices.Sort(docs)
	if docs = slices.Compact(docs); !slices.Equal(docs, opt.Documents) {
		t.Errorf("the workbook compares documents %v, want only the chosen %v", docs, opt.Documents)
	}
	if !strings.Contains(wb.LastAction.Text, "Exported study.xlsx") {
		t.Errorf("status %q", wb.LastAction.Text)
	}
}

func TestCompareNeedsTwoCodersAndChosenDocuments(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	cv.Coders.SetSelected([]string{"alice"})
	if !cv.Run.Disabled() {
		t.Error("Compare is enabled with one coder")
	}
	cv.Coders.SetSelected([]string{"alice", "bob"})
	cv.AllDocuments.SetChecked(false)
	if !cv.Run.Disabled() {
		t.Error("Compare is enabled with no document chosen")
	}
	cv.Documents.SetSelected([]string{"setback-cyber-cooperation.txt"})
	runCompare(t, cv, "alice", "bob")
	if rows, cols := cv.Table.Length(); cols != colFirst+1 || rows != 2 {
		t.Errorf("one chosen document: %d rows, %d columns; want Norms and Trust by Code, Pooled and the document", rows, cols)
	}
}

func TestCompareCancelDiscardsResult(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	release := make(chan struct{})
	real := cv.do.Compare
	cv.do.Compare = func(opt storage.ComparisonOptions) (storage.Comparison, error) {
		<-release
		return real(opt)
	}
	stages := make(chan string, 2)
	cv.onStage = func(s string) { stages <- s }
	cv.Coders.SetSelected([]string{"alice", "bob"})
	test.Tap(cv.Run)
	if s := <-stages; s != "progress" || !cv.busy.Visible() || !cv.Run.Disabled() {
		t.Fatalf("after half a second: stage %q, progress shown %v, Compare disabled %v", s, cv.busy.Visible(), cv.Run.Disabled())
	}
	test.Tap(cv.Cancel)
	if cv.busy.Visible() || cv.Run.Disabled() || wb.LastAction.Text != "Comparison cancelled" {
		t.Errorf("after Cancel: progress shown %v, Compare disabled %v, status %q", cv.busy.Visible(), cv.Run.Disabled(), wb.LastAction.Text)
	}
	close(release)
	if s := <-stages; s != "done" {
		t.Fatalf("stage %q", s)
	}
	if rows, _ := cv.Table.Length(); rows != 0 || cv.cmp != nil {
		t.Errorf("a cancelled comparison was shown (%d rows)", rows)
	}
}

func TestCompareErrorIsShown(t *testing.T) {
	wb, w := newCompareWorkbench(t)
	cv := wb.Compare
	cv.do.Compare = func(storage.ComparisonOptions) (storage.Comparison, error) {
		return storage.Comparison{}, errors.New("disk on fire")
	}
	runCompare(t, cv, "alice", "bob")
	if !strings.Contains(dialogText(w), "ompare coders: disk on fire") {
		t.Errorf("no error dialog; overlay text %q", dialogText(w))
	}
	if cv.Run.Disabled() {
		t.Error("Compare stays disabled after a failed run")
	}
}

// dialogText is the text of the labels in the window's overlays.
func dialogText(w fyne.Window) string {
	var parts []string
	for _, o := range w.Canvas().Overlays().List() {
		for _, obj := range test.LaidOutObjects(o) {
			switch x := obj.(type) {
			case *widget.Label:
				parts = append(parts, x.Text)
			case *canvas.Text:
				parts = append(parts, x.Text)
			}
		}
	}
	return strings.Join(parts, " ")
}

// TestHeatColorBands checks that the heatmap gives every band of
// agreement.BandOf its own colour (the thresholds are tested there).
func TestHeatColorBands(t *testing.T) {
	seen := map[color.NRGBA]agreement.Band{}
	for _, b := range append(agreement.Bands(), agreement.Grey) {
		c, ok := heatColors[b]
		if !ok {
			t.Errorf("band %s has no heatmap colour", b)
		}
		if other, dup := seen[c]; dup {
			t.Errorf("bands %s and %s share the colour %v", other, b, c)
		}
		seen[c] = b
	}
	if heatColor(agreement.Of(0.399)) != heatColors[agreement.Amber] {
		t.Error("a kappa shown as 0.40 is not amber")
	}
}

func TestSortedCodesPutsUndefinedLast(t *testing.T) {
	row := func(k agreement.Stat) agreement.Row { return agreement.Row{Kappa: k} }
	g := compareGrid{
		codes:  []string{"a", "b", "c", "d"},
		pooled: map[string]agreement.Row{"a": row(agreement.Of(0.5)), "b": row(agreement.Undefined()), "c": row(agreement.Of(0.1)), "d": row(agreement.Of(0.9))},
	}
	name := map[string]string{"a": "delta", "b": "Alpha", "c": "charlie", "d": "bravo"}
	for _, tc := range []struct {
		key  sortKey
		want []int
	}{
		{sortKey{col: sortCodebook}, []int{0, 1, 2, 3}},
		{sortKey{col: colCode}, []int{1, 3, 2, 0}},
		{sortKey{col: colCode, desc: true}, []int{0, 2, 3, 1}},
		{sortKey{col: colPooled}, []int{2, 0, 3, 1}},
		{sortKey{col: colPooled, desc: true}, []int{3, 0, 2, 1}},
	} {
		got := sortedCodes(g, tc.key, func(id string) string { return name[id] })
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.key, got, tc.want)
		}
	}
}

func TestCompareChoicesFollowTheProject(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	if want := []string{"alice", "bob", "carol"}; !slices.Equal(cv.Coders.Selected, want) {
		t.Errorf("coders checked at first: %v, want everyone %v", cv.Coders.Selected, want)
	}
	runCompare(t, cv, "alice", "bob")
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "dave", Document: sonyArticle, CodePath: "Norms", Span: coding.Span{Start: 1, End: 9}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if !slices.Contains(cv.Coders.Options, "dave") || slices.Contains(cv.Coders.Selected, "dave") {
		t.Errorf("after dave coded: options %v, checked %v; want dave offered, not checked", cv.Coders.Options, cv.Coders.Selected)
	}
	if !strings.Contains(cv.Overall.Text, "press Compare to update") {
		t.Errorf("overall line %q does not say the figures may be out of date", cv.Overall.Text)
	}
}

// TestCompareRefreshRebuildsOnlyChangedChoices checks that a change that
// leaves the coders and documents as they were (a coding) does not rebuild
// the check boxes, which takes a noticeable moment with a thousand
// documents, and that a new document is offered with the choices kept.
func TestCompareRefreshRebuildsOnlyChangedChoices(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	runCompare(t, cv, "alice", "bob")
	cv.AllDocuments.SetChecked(false)
	cv.Documents.SetSelected([]string{sonyArticle})
	// CheckGroup.Refresh replaces Options with a new slice: the same first
	// element means the group was not refreshed.
	coders, docs := &cv.Coders.Options[0], &cv.Documents.Options[0]
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "carol", Document: sonyArticle, CodePath: "Norms", Span: coding.Span{Start: 1, End: 9}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if &cv.Coders.Options[0] != coders || &cv.Documents.Options[0] != docs {
		t.Error("a coding by a known coder in a known document rebuilt the coder or document choices")
	}
	if !strings.Contains(cv.Overall.Text, "press Compare to update") {
		t.Errorf("overall line %q does not say the figures may be out of date", cv.Overall.Text)
	}
	if _, err := wb.project.AddDocuments([]coding.Document{coding.NewDocument("added.txt", "A new article.")}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if !slices.Contains(cv.Documents.Options, "added.txt") || !slices.Equal(cv.Documents.Selected, []string{sonyArticle}) {
		t.Errorf("after a document was added: options %v, checked %v; want added.txt offered and only %s checked", cv.Documents.Options, cv.Documents.Selected, sonyArticle)
	}
	if &cv.Coders.Options[0] != coders {
		t.Error("a new document rebuilt the coder choices")
	}
}
