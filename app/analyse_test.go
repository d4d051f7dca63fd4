package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// codeAs adds a coding through storage, as another window would, and lets
// the window apply it.
func codeAs(t *testing.T, wb *Workbench, coder, code, phrase string) coding.Span {
	t.Helper()
	span := spanOf(t, wb, phrase)
	if _, err := wb.project.Code(storage.CodeRequest{Coder: coder, Document: sonyArticle, CodePath: code, Span: span}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	return span
}

// showAnalyse shows the Analyse tab (or switches its analysis) and waits
// for the result.
func showAnalyse(t *testing.T, wb *Workbench, kind string) {
	t.Helper()
	done := make(chan struct{}, 4)
	wb.Analyse.onDone = func() { done <- struct{}{} }
	defer func() { wb.Analyse.onDone = nil }()
	if wb.Tabs.Selected().Text != "Analyse" {
		wb.Tabs.SelectIndex(len(wb.Tabs.Items) - 1)
	}
	if wb.Analyse.Kind.Selected != kind {
		wb.Analyse.Kind.SetSelected(kind)
	} else if wb.Analyse.result == nil || len(done) == 0 {
		wb.Analyse.start()
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the analysis did not finish")
	}
}

// seen is what the table shows in a cell, drawn as the user sees it: the
// text, and the bar's share of the cell's width.
func seen(av *analyseView, row, col int) (string, float32) {
	o := newAnalyseCell()
	o.Resize(fyne.NewSize(200, 36))
	av.updateCell(widget.TableCellID{Row: row, Col: col}, o)
	box := o.(*fyne.Container)
	bar := box.Objects[1].(*canvas.Rectangle)
	return box.Objects[2].(*widget.Label).Text, bar.Size().Width / (200 - 8)
}

// rowOf is the display row whose first column shows label.
func rowOf(t *testing.T, av *analyseView, label string) int {
	t.Helper()
	for r := range av.order {
		if text, _ := seen(av, r, 0); text == label {
			return r
		}
	}
	t.Fatalf("no row %q in the table", label)
	return -1
}

func TestAnalyseTab(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	vandalism := codeAs(t, wb, "alice", "Conflict", "cyber vandalism")
	codeAs(t, wb, "alice", "Norms", "“cyber vandalism”")
	codeAs(t, wb, "bob", "Conflict", "cyber vandalism")
	codeAs(t, wb, "bob", "Cooperation", "bilateral cyber cooperation")
	av := wb.Analyse

	showAnalyse(t, wb, analyseFrequencies)
	conflict := rowOf(t, av, "Conflict")
	// The codings are all in the Sony article: the summary says so.
	if !strings.Contains(av.Summary.Text, "of 4 codings in 1 of the 2 documents by") {
		t.Errorf("summary %q; want the 4 codings in 1 of the 2 documents", av.Summary.Text)
	}
	if text, frac := seen(av, conflict, 1); text != "2" || frac < 0.99 {
		t.Errorf("Conflict's codings show %q with a bar of %.2f of the width; want 2 and a full bar (the most coded code)", text, frac)
	}
	if text, frac := seen(av, rowOf(t, av, "Norms"), 1); text != "1" || frac < 0.49 || frac > 0.51 {
		t.Errorf("Norms' codings show %q with a bar of %.2f; want 1 and half a bar", text, frac)
	}
	if text, _ := seen(av, conflict, 3); text != "15" {
		t.Errorf("Conflict's characters show %q; want 15 (both coders coded the same 15 characters)", text)
	}
	if !strings.Contains(av.Explain.Text, "counts once") {
		t.Errorf("the explanation reads %q", av.Explain.Text)
	}

	// Clicking a heading sorts by it, largest first.
	av.sortBy(1)
	if text, _ := seen(av, 0, 0); text != "Conflict" {
		t.Errorf("sorted by codings, the first row is %q; want Conflict", text)
	}

	// A cell lists its passages; a passage opens its document, marked.
	av.Table.Select(widget.TableCellID{Row: rowOf(t, av, "Conflict"), Col: 1})
	if len(av.listed) != 2 || !strings.Contains(av.Behind.Text, "2 passages") {
		t.Fatalf("Conflict lists %d passages (%q); want 2", len(av.listed), av.Behind.Text)
	}
	if got := av.excerpt(av.listed[0]); !strings.Contains(got, "【cyber vandalism】") {
		t.Errorf("the passage reads %q", got)
	}
	wb.Tabs.SelectIndex(len(wb.Tabs.Items) - 1)
	av.Passages.Select(0)
	if wb.Tabs.SelectedIndex() != 0 || wb.passage != vandalism {
		t.Errorf("after clicking the passage: tab %d, marked %v; want the Document tab with %v marked", wb.Tabs.SelectedIndex(), wb.passage, vandalism)
	}

	// Co-occurrence: alice's Norms holds her Conflict, one pair; Conflict
	// has 2 codings, Norms 1: c = 1 / (2 + 1 − 1) = 0.50.
	showAnalyse(t, wb, analyseCooccurrence)
	col := 0
	for i, c := range av.grid.columns {
		if c.header == "Norms" {
			col = i
		}
	}
	if text, _ := seen(av, rowOf(t, av, "Conflict"), col); text != "1 · c 0.50" {
		t.Errorf("Conflict × Norms shows %q; want 1 · c 0.50", text)
	}
	if tip := av.grid.columns[col].tip; !strings.Contains(tip, "c-coefficient") || !strings.Contains(tip, "from 0 (never together) to 1") {
		t.Errorf("the heading's tooltip says %q", tip)
	}
	av.Table.Select(widget.TableCellID{Row: rowOf(t, av, "Conflict"), Col: col})
	if len(av.listed) != 1 || av.listed[0].what != "Conflict + Norms" {
		t.Errorf("the cell lists %+v; want alice's one pair", av.listed)
	}

	// Show: Mine (alice) leaves bob out; the tab, hidden meanwhile, is
	// analysed again when shown.
	wb.Tabs.SelectIndex(0)
	wb.ShowPick.SetSelected(ShowMine)
	if _, stale := wb.stale[av.content]; !stale {
		t.Fatal("the Analyse tab is not marked stale after Show changed")
	}
	showAnalyse(t, wb, analyseMatrix)
	row := rowOf(t, av, "Conflict")
	total := 0
	for c := 1; c < len(av.grid.columns)-1; c++ { // the documents' columns, not All documents
		text, _ := seen(av, row, c)
		if text == "1" {
			total++
		}
	}
	if total != 1 || !strings.Contains(av.Summary.Text, "by alice.") {
		t.Errorf("under Show: Mine, Conflict's row shows one coding in %d documents (summary %q); want alice's one coding", total, av.Summary.Text)
	}
}

// analyseAfter does what and waits for the analysis it starts.
func analyseAfter(t *testing.T, wb *Workbench, what func()) {
	t.Helper()
	done := make(chan struct{}, 4)
	wb.Analyse.onDone = func() { done <- struct{}{} }
	defer func() { wb.Analyse.onDone = nil }()
	what()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the analysis did not finish")
	}
}

// TestAnalyseCrosstab: the sample articles' affiliations as columns, the
// documents narrowed by a condition, a code's name listing its passages,
// and a cancelled run leaving nothing behind.
func TestAnalyseCrosstab(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	codeAs(t, wb, "alice", "Conflict", "cyber vandalism")
	codeAs(t, wb, "alice", "Norms", "“cyber vandalism”")
	codeAs(t, wb, "bob", "Conflict", "cyber vandalism")
	codeAs(t, wb, "bob", "Cooperation", "bilateral cyber cooperation")
	av := wb.Analyse
	showAnalyse(t, wb, analyseCrosstab)
	if !av.ctOpts.Visible() || av.coOpts.Visible() || !strings.Contains(strings.Join(av.By.Options, ","), "affiliation") {
		t.Fatalf("crosstab choices shown %v, co-occurrence's %v, by %q", av.ctOpts.Visible(), av.coOpts.Visible(), av.By.Options)
	}
	analyseAfter(t, wb, func() { av.By.SetSelected("affiliation") })
	col := func(header string) int {
		for i, c := range av.grid.columns {
			if c.header == header {
				return i
			}
		}
		t.Fatalf("no column %q in %+v", header, av.grid.columns)
		return -1
	}
	siis, cicir := col("Shanghai Institute for Int'l Studies"), col("CICIR")
	conflict := rowOf(t, av, "Conflict")
	// All four codings are in the Sony article (SIIS): Conflict has 2, all
	// of its own (100 %) and half of the article's (50 %).
	if text, _ := seen(av, conflict, siis); text != "2 (100% · 50%)" {
		t.Errorf("Conflict × SIIS shows %q; want 2 (100%% · 50%%)", text)
	}
	if text, _ := seen(av, conflict, cicir); text != "0 (0% · 0%)" {
		t.Errorf("Conflict × CICIR shows %q", text)
	}
	if tip := av.grid.columns[siis].tip; !strings.Contains(tip, "whose affiliation is Shanghai") || !strings.Contains(tip, "Row %") {
		t.Errorf("the heading's tooltip: %q", tip)
	}
	av.Table.Select(widget.TableCellID{Row: conflict, Col: siis})
	if len(av.listed) != 2 {
		t.Errorf("Conflict × SIIS lists %d passages; want 2", len(av.listed))
	}
	// Selecting a code's name lists all its passages.
	av.Table.Select(widget.TableCellID{Row: rowOf(t, av, "Norms"), Col: 0})
	if len(av.listed) != 1 || av.Behind.Text != "1 passage coded Norms:" {
		t.Errorf("Norms' name lists %d passages (%q); want 1", len(av.listed), av.Behind.Text)
	}
	analyseAfter(t, wb, func() { av.Count.SetSelected(countDocuments) })
	if text, _ := seen(av, rowOf(t, av, "Conflict"), siis); text != "1 (100% · 100%)" {
		t.Errorf("counting documents, Conflict × SIIS shows %q; want 1 (100%% · 100%%)", text)
	}
	tables := av.tables()
	if len(tables) != 1 || tables[0].Columns[1].Header != "CICIR: codings" {
		t.Errorf("the export's tables: %+v", tables)
	}

	// Only the CICIR article: nothing coded there.
	av.Where.SetText("affiliation = CICIR")
	analyseAfter(t, wb, func() { av.Where.OnSubmitted(av.Where.Text) })
	if !strings.Contains(av.Summary.Text, "in 1 document") {
		t.Errorf("summary %q; want the one CICIR article", av.Summary.Text)
	}
	if text, _ := seen(av, rowOf(t, av, "Conflict"), len(av.grid.columns)-1); text != "0" {
		t.Errorf("Conflict in the CICIR article: %q", text)
	}
	av.Where.SetText("date > 2030-01-01")
	av.start()
	if av.result != nil || !strings.Contains(av.Summary.Text, "No document") {
		t.Errorf("a condition no document meets: summary %q", av.Summary.Text)
	}
	av.Where.SetText("")

	// Cancel: the run's result is discarded.
	var pending func()
	av.spawn = func(f func()) { pending = f } // the run is still working when Cancel is pressed
	av.start()
	av.cancel()
	pending()
	av.spawn = func(f func()) { f() }
	if av.running || av.busy.Visible() || !strings.Contains(av.Summary.Text, "cancelled") {
		t.Errorf("after Cancel: running %v, progress shown %v, summary %q", av.running, av.busy.Visible(), av.Summary.Text)
	}
}
