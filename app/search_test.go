package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
)

// showSearch shows the Search tab, its searches run in step.
func showSearch(wb *Workbench) *searchView {
	sv := wb.SearchTab
	sv.spawn = func(f func()) { f() }
	sv.deliver = func(f func()) { f() }
	for i, tab := range wb.Tabs.Items {
		if tab.Text == "Search" {
			wb.Tabs.SelectIndex(i)
		}
	}
	return sv
}

func TestSearchTabFindsOpensAndCodesAllHits(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	sv := showSearch(wb)
	test.Type(sv.Query, "简体")
	sv.Query.OnSubmitted(sv.Query.Text)
	if len(sv.hits) != 2 || sv.hits[0].Document == sv.hits[1].Document {
		t.Fatalf("hits %+v: want one in each sample article", sv.hits)
	}
	if want := "2 hits for “简体” in 2 documents of 2 documents"; sv.Summary.Text != want {
		t.Errorf("summary %q, want %q", sv.Summary.Text, want)
	}
	head, body := hitLines(sv.hits[1], sv.documentName(sv.hits[1].Document))
	if !strings.Contains(head, "· 19–21") || !strings.Contains(body, "English 【简体】 繁體") {
		t.Errorf("the list shows %q / %q", head, body)
	}

	// Clicking a hit opens its document with the hit marked.
	hit := sv.hits[0]
	sv.List.Select(0)
	if wb.Tabs.SelectedIndex() != 0 || wb.st.doc.ID != hit.Document || wb.passage != hit.Span {
		t.Errorf("after a click: tab %d, document %s, passage %v; want the Document tab, %s, %v",
			wb.Tabs.SelectedIndex(), wb.st.doc.ID, wb.passage, hit.Document, hit.Span)
	}
	if got := coding.Slice(wb.st.doc.Text, wb.passage); got != "简体" {
		t.Errorf("marked %q", got)
	}

	// A phrase ignores case and finds hits in the document shown: code
	// them all with one action, then undo it in one step.
	showSearch(wb)
	sv.Query.SetText("CYBER   VANDALISM")
	test.Tap(sv.Find)
	if len(sv.hits) != 2 {
		t.Fatalf("%d hits for the phrase, want 2", len(sv.hits))
	}
	test.Tap(sv.CodeAll)
	if got := wb.LastAction.Text; got != "Choose the code to apply to every hit" {
		t.Errorf("without a code: %q", got)
	}
	sv.CodePick.SetSelected("Conflict")
	test.Tap(sv.CodeAll)
	if got := wb.LastAction.Text; got != "Coded 2 hits with Conflict" {
		t.Errorf("after coding all hits: %q", got)
	}
	n, err := wb.project.CodingCount()
	if err != nil || n != 2 {
		t.Fatalf("%d codings, %v; want 2", n, err)
	}
	test.Tap(sv.CodeAll)
	if got := wb.LastAction.Text; got != "Coded 0 hits with Conflict (2 hits already coded so)" {
		t.Errorf("coding them again: %q", got)
	}
	wb.Undo()
	if n, _ := wb.project.CodingCount(); n != 0 {
		t.Errorf("after one undo: %d codings, want 0", n)
	}

	// A pattern, and a bad one.
	sv.Regex.SetChecked(true)
	sv.Query.SetText(`cyber \w+`)
	test.Tap(sv.Find)
	if len(sv.hits) < 3 {
		t.Errorf("%d hits for a pattern", len(sv.hits))
	}
	sv.Query.SetText(`(`)
	test.Tap(sv.Find)
	if !strings.Contains(sv.Summary.Text, "missing closing )") {
		t.Errorf("a bad pattern says %q", sv.Summary.Text)
	}
}
