package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Code → Add selected coding to case… puts the clicked coding's passage in
// a case (a new one by name, or one of the project's), one undoable
// action; the case then narrows the documents to those of its passages as
// well, Coded segments to the passages' spans in those documents; the
// passage goes when its coding is removed and comes back with an undo;
// the case editor lists the passages and unticking one takes it out.
func TestAddSelectedCodingToCase(t *testing.T) {
	wb, w := newTestWorkbench(t)
	var made []coding.Coding
	for _, r := range []storage.CodeRequest{
		{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "build trust")},
		{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "Sony hack")},
		{Coder: "bob", Document: setbackArticle, CodePath: "Trust", Span: coding.Span{Start: 3696, End: 3751}},
	} {
		c, err := wb.project.Code(r)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, c)
	}
	wb.sync()

	if err := wb.AddSelectedToCase("Speaker A"); err == nil {
		t.Error("with no coding selected, a passage was added")
	}
	wb.addToCaseDialog() // nothing selected: says so, no dialog
	if !strings.Contains(wb.LastAction.Text, "select a coding") || len(w.Canvas().Overlays().List()) != 0 {
		t.Errorf("Add to case with nothing selected: %q", wb.LastAction.Text)
	}
	wb.selected = made[0]
	wb.addToCaseDialog()
	if text := dialogText(w); !strings.Contains(text, `Add "build trust" (Trust · alice) to a case`) {
		t.Errorf("the dialog shows %q", text)
	}
	w.Canvas().Overlays().Top().Hide()
	if err := wb.AddSelectedToCase(" Speaker A "); err != nil {
		t.Fatal(err)
	}
	c, ok := wb.st.CaseNamed("Speaker A")
	if !ok || !slices.Equal(c.Passages, []string{made[0].ID}) || len(wb.st.CasePassages(c)) != 1 {
		t.Fatalf("the window's case %+v, passages %+v", c, wb.st.CasePassages(c))
	}
	stored, err := wb.project.CaseNamed("speaker a")
	if err != nil || !slices.Equal(stored.Passages, []string{made[0].ID}) {
		t.Fatalf("the project holds %+v, %v", stored, err)
	}
	wb.Tabs.Select(wb.Tabs.Items[slices.IndexFunc(wb.Tabs.Items, func(t *container.TabItem) bool { return t.Text == "Attributes" })])
	if !strings.Contains(wb.Attributes.Cases.Text, "Speaker A — 1 passage in "+sonyArticle) {
		t.Errorf("the Attributes tab lists %q", wb.Attributes.Cases.Text)
	}

	// The case narrows the documents panel to the document of its passage.
	dp := wb.Documents
	dp.SetPick.SetSelected(casePrefix + "Speaker A")
	if got := shownNames(wb); !slices.Equal(got, []string{sonyArticle}) {
		t.Errorf("case Speaker A shows %v", got)
	}
	// Given the setback article whole: Coded segments show every Trust
	// coding there, and in the Sony article only the passage's.
	c.Documents = []string{wb.st.docs[slices.IndexFunc(wb.st.docs, func(d coding.Document) bool { return d.Name == setbackArticle })].ID}
	if err := wb.editCase(c); err != nil {
		t.Fatal(err)
	}
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.Tabs.SelectIndex(1) // Coded segments, brought up to date
	wb.Segments.Narrow.SetPick.SetSelected(casePrefix + "Speaker A")
	wb.Segments.Show(trust.ID)
	var texts []string
	for _, s := range wb.Segments.segments {
		texts = append(texts, s.text)
	}
	slices.Sort(texts)
	if want := []string{"International trust is at the core of internet security", "build trust"}; !slices.Equal(texts, want) {
		t.Errorf("Coded segments in case Speaker A: %q, want %q", texts, want)
	}

	// The same passage again: nothing changes, no undo entry.
	if err := wb.AddSelectedToCase("speaker a"); err != nil || !strings.Contains(wb.LastAction.Text, "already") {
		t.Errorf("adding the passage again: %v, %q", err, wb.LastAction.Text)
	}
	// Removing the coding takes the passage out of the window's case;
	// undo brings it back.
	if err := wb.project.RemoveCoding(made[0].ID); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	c, _ = wb.st.CaseNamed("Speaker A")
	if n := len(wb.st.CasePassages(c)); n != 0 || slices.Contains(shownNames(wb), sonyArticle) {
		t.Errorf("after removing the coding: %d passages, documents %v", n, shownNames(wb))
	}
	wb.Undo()
	c, _ = wb.st.CaseNamed("Speaker A")
	if n := len(wb.st.CasePassages(c)); n != 1 || !slices.Contains(shownNames(wb), sonyArticle) {
		t.Errorf("after undoing the removal: %d passages, documents %v", n, shownNames(wb))
	}

	// The case editor lists the passage, ticked.
	wb.Attributes.askCase(c)
	if text := dialogText(w); !strings.Contains(text, "Passages") || !strings.Contains(text, sonyArticle+" [") || !strings.Contains(text, "Trust · alice “build trust”") {
		t.Errorf("the case editor shows %q", text)
	}
	w.Canvas().Overlays().Top().Hide()

	// A second passage into the same case, then undo: one action each.
	wb.selected = made[1]
	if err := wb.AddSelectedToCase("Speaker A"); err != nil {
		t.Fatal(err)
	}
	if c, _ = wb.st.CaseNamed("Speaker A"); len(wb.st.CasePassages(c)) != 2 {
		t.Errorf("after the second passage: %+v", wb.st.CasePassages(c))
	}
	wb.Undo()
	if c, _ = wb.st.CaseNamed("Speaker A"); len(wb.st.CasePassages(c)) != 1 {
		t.Errorf("after undoing the second passage: %+v", wb.st.CasePassages(c))
	}
	if stored, _ := wb.project.CaseNamed("Speaker A"); len(stored.Passages) != 1 {
		t.Errorf("after undo the project holds %+v", stored)
	}

	// Unticked in the case editor and saved: the passage leaves the case.
	c, _ = wb.st.CaseNamed("Speaker A")
	wb.Attributes.askCase(c)
	var save *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		switch x := o.(type) {
		case *widget.CheckGroup:
			if len(x.Options) == 1 && strings.Contains(x.Options[0], "Trust · alice") {
				x.SetSelected(nil)
			}
		case *widget.Button:
			if x.Text == "Save" {
				save = x
			}
		}
	}
	if save == nil {
		t.Fatal("no Save button in the case editor")
	}
	test.Tap(save)
	if stored, _ := wb.project.CaseNamed("Speaker A"); len(stored.Passages) != 0 || len(stored.Documents) != 1 {
		t.Errorf("after unticking the passage the project holds %+v", stored)
	}
	wb.Undo()
	if stored, _ := wb.project.CaseNamed("Speaker A"); len(stored.Passages) != 1 {
		t.Errorf("after undoing that the project holds %+v", stored)
	}
}
