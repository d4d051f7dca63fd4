package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// TestAnalyseWords: the Analyse tab counts the sample articles' words
// ("cyber" 43 times, in both), sorts them, counts "the" only when asked,
// counts a code's passages, and a click on a word searches for it.
func TestAnalyseWords(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	av := wb.Analyse
	showAnalyse(t, wb, analyseWords)
	if text, _ := seen(av, 0, 0); text != "cyber" {
		t.Errorf("first word %q, want cyber", text)
	}
	if count, bar := seen(av, 0, 1); count != "43" || bar < 0.99 {
		t.Errorf("cyber: %q, bar %.2f of the width", count, bar)
	}
	if docs, _ := seen(av, 0, 2); docs != "2" {
		t.Errorf("cyber in %q documents", docs)
	}
	if !strings.Contains(av.Explain.Text, "character by character") || !strings.Contains(av.Explain.Text, "stop list") {
		t.Errorf("explanation %q", av.Explain.Text)
	}
	for r := range av.order {
		if text, _ := seen(av, r, 0); text == "the" {
			t.Fatal("the is counted with the stop list")
		}
	}
	av.sortBy(0) // by word, A to Z
	if first, _ := seen(av, 0, 0); first >= "b" {
		t.Errorf("sorted by word, the first is %q", first)
	}

	// The test workbench analyses in step: each choice has its result
	// shown when it returns.
	av.AllWords.SetChecked(true)
	if count, _ := seen(av, rowOf(t, av, "the"), 1); count != "147" {
		t.Errorf("with common words, the: %q, want 147", count)
	}
	av.AllWords.SetChecked(false)

	codeAs(t, wb, "alice", "Conflict", "cyber vandalism")
	av.WordsOf.SetSelected("Conflict")
	if len(av.order) != 2 || !strings.Contains(av.Summary.Text, "the passages coded Conflict: 2 words") {
		t.Errorf("Conflict's passages: %d words, summary %q", len(av.order), av.Summary.Text)
	}

	// Export writes the table shown.
	if tabs := av.tables(); len(tabs) != 1 || len(tabs[0].Rows) != 2 || tabs[0].Rows[0][1] != 1 {
		t.Errorf("export tables: %+v", tabs)
	}

	// Selecting a word searches the documents for it.
	sv := showSearch(wb)
	wb.Tabs.SelectIndex(len(wb.Tabs.Items) - 1)
	av.Table.Select(widget.TableCellID{Row: rowOf(t, av, "vandalism"), Col: 0})
	if wb.Tabs.Selected().Text != "Search" || sv.Query.Text != "vandalism" || len(sv.hits) != 3 {
		t.Errorf("after selecting vandalism: tab %q, query %q, %d hits (want 3)", wb.Tabs.Selected().Text, sv.Query.Text, len(sv.hits))
	}
}

// TestAnalyseWordsCancel: Cancel stops a count of words from reading more
// documents, and its result is not shown.
func TestAnalyseWordsCancel(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	av := wb.Analyse
	showAnalyse(t, wb, analyseWords)
	shown := len(av.order)
	var pending func()
	av.spawn = func(f func()) { pending = f } // still counting when Cancel is pressed
	stopped := false
	count := av.do.Words
	av.do.Words = func(src storage.WordSource, opt analysis.WordOptions, stop func() bool) (analysis.WordFrequencies, bool, error) {
		stopped = stop()
		return count(src, opt, stop)
	}
	av.AllWords.SetChecked(true)
	av.cancel()
	pending()
	if !stopped || av.running || !strings.Contains(av.Summary.Text, "cancelled") || len(av.order) != shown {
		t.Errorf("after Cancel: stop asked %v, running %v, summary %q, %d rows (want the %d shown before)", stopped, av.running, av.Summary.Text, len(av.order), shown)
	}
}
