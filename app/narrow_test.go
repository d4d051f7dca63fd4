package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// The Compare tab narrowed by a condition compares exactly the documents
// that meet it: the same figures as comparing those documents by name.
func TestCompareNarrowedByConditionAndSet(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	test.Type(cv.Narrow.Where, "affiliation = CICIR")
	if !slices.Equal(cv.Documents.Options, []string{setbackArticle}) {
		t.Fatalf("where affiliation = CICIR offers %v", cv.Documents.Options)
	}
	runCompare(t, cv, "alice", "bob")
	if len(cv.cmp.Documents) != 1 || cv.cmp.Documents[0].Name != setbackArticle {
		t.Fatalf("compared %d documents, want only %s", len(cv.cmp.Documents), setbackArticle)
	}
	direct, err := wb.project.Compare(storage.ComparisonOptions{Coders: []string{"alice", "bob"}, Documents: []string{setbackArticle}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cv.cmp.Report.Overall.Alpha, direct.Report.Overall.Alpha; got != want {
		t.Errorf("narrowed alpha %v, comparing the document by name gives %v", got, want)
	}

	// The offered documents follow the attributes: the Sony article joins CICIR.
	aff := wb.st.Attributes()[attrColumn(t, wb, "affiliation")-1]
	var sonyID string
	for _, d := range wb.st.Documents() {
		if d.Name == sonyArticle {
			sonyID = d.ID
		}
	}
	if err := wb.setAttributeValue(sonyID, aff.ID, "CICIR"); err != nil {
		t.Fatal(err)
	}
	wb.freshen(cv.content)
	if len(cv.Documents.Options) != 2 {
		t.Errorf("after the Sony article became CICIR, %v offered", cv.Documents.Options)
	}
	wb.Undo()
	wb.freshen(cv.content)

	// A condition that cannot be used, or a set nobody coded in, compares nothing.
	cv.Narrow.Where.SetText("affilation = CICIR")
	if !cv.Run.Disabled() || !cv.Narrow.Problem.Visible() {
		t.Errorf("a misspelt attribute: Compare enabled %v, problem %q", !cv.Run.Disabled(), cv.Narrow.Problem.Text)
	}
	cv.Narrow.Where.SetText("")
	if cv.Run.Disabled() {
		t.Error("Compare stays disabled once the condition is cleared")
	}
	if err := wb.addSet(coding.DocumentSet{Name: "Nothing coded", Where: "language != English"}); err != nil {
		t.Fatal(err)
	}
	cv.Narrow.SetPick.SetSelected("Nothing coded")
	if !cv.Run.Disabled() || len(cv.Documents.Options) != 0 {
		t.Errorf("a set of no document: Compare enabled %v, %v offered", !cv.Run.Disabled(), cv.Documents.Options)
	}
	if problem := cv.narrowProblem(cv.options()); !strings.Contains(problem, "no document in set") {
		t.Errorf("the reason given is %q", problem)
	}
}

// Coded segments narrowed by a condition or a set show only the passages
// in those documents.
func TestCodedSegmentsNarrowedByConditionAndSet(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, c := range []storage.CodeRequest{
		{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "build trust")},
		{Coder: "bob", Document: setbackArticle, CodePath: "Trust", Span: coding.Span{Start: 3696, End: 3751}},
	} {
		if _, err := wb.project.Code(c); err != nil {
			t.Fatal(err)
		}
	}
	wb.sync()
	trust, _ := wb.st.codebook.ByPath("Trust")
	sv := wb.Segments
	sv.Show(trust.ID)
	if n := len(sv.segments); n != 2 {
		t.Fatalf("%d segments coded Trust, want 2", n)
	}
	test.Type(sv.Narrow.Where, "date < 2015-01-01")
	if len(sv.segments) != 1 || sv.segments[0].document != setbackArticle {
		t.Errorf("where date < 2015-01-01: %d segments (%v)", len(sv.segments), sv.segments)
	}
	if !slices.Equal(sv.DocPick.Options, []string{allDocuments, setbackArticle}) {
		t.Errorf("documents offered %v", sv.DocPick.Options)
	}
	if !strings.Contains(sv.Summary.Text, "where date < 2015-01-01") {
		t.Errorf("summary %q does not say the documents were narrowed", sv.Summary.Text)
	}
	sv.Narrow.Where.SetText("date > 2030-01-01")
	if len(sv.segments) != 0 || !strings.Contains(sv.Summary.Text, "No document where date > 2030-01-01") {
		t.Errorf("no document meets the condition: %d segments, summary %q", len(sv.segments), sv.Summary.Text)
	}
	sv.Narrow.Where.SetText("")
	var sonyID string
	for _, d := range wb.st.Documents() {
		if d.Name == sonyArticle {
			sonyID = d.ID
		}
	}
	if err := wb.addSet(coding.DocumentSet{Name: "Sony", Documents: []string{sonyID}}); err != nil {
		t.Fatal(err)
	}
	wb.freshen(sv.content) // as when the tab comes to the front
	sv.Narrow.SetPick.SetSelected("Sony")
	if len(sv.segments) != 1 || sv.segments[0].document != sonyArticle {
		t.Errorf("in set Sony: %d segments", len(sv.segments))
	}
	wb.Undo() // the set: the choice falls back to every document
	wb.freshen(sv.content)
	if sv.Narrow.SetPick.Selected != noSet || len(sv.segments) != 2 {
		t.Errorf("after the set was undone: set %q, %d segments", sv.Narrow.SetPick.Selected, len(sv.segments))
	}
}

// The Attributes tab narrows its rows by a set and a condition; an
// attribute is renamed and a category's values edited there, undoably.
func TestAttributesTabNarrowsAndEditsAttributes(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, tab := range wb.Tabs.Items {
		if tab.Text == "Attributes" {
			wb.Tabs.Select(tab)
		}
	}
	ap := wb.Attributes
	test.Type(ap.Narrow.Where, "date < 2015-01-01")
	if len(ap.rows) != 1 || ap.Cell(0, 0) != setbackArticle {
		t.Fatalf("where date < 2015-01-01 the table has %d rows", len(ap.rows))
	}
	ap.Narrow.Where.SetText("")
	if len(ap.rows) != 2 {
		t.Errorf("with no condition the table has %d rows", len(ap.rows))
	}
	aff := wb.st.Attributes()[attrColumn(t, wb, "affiliation")-1]
	if err := ap.SaveAttribute(aff, "institute", "CICIR\nShanghai Institute for Int'l Studies\nRAND"); err != nil {
		t.Fatal(err)
	}
	got := wb.st.Attributes()[attrColumn(t, wb, "institute")-1]
	if !slices.Equal(got.Choices, []string{"CICIR", "Shanghai Institute for Int'l Studies", "RAND"}) || !strings.Contains(ap.columnName(attrColumn(t, wb, "institute")), "institute") {
		t.Errorf("after editing: %+v", got)
	}
	if err := ap.SaveAttribute(got, "institute", "RAND"); err == nil || !strings.Contains(err.Error(), "leave out") {
		t.Errorf("dropping values documents have: %v", err)
	}
	wb.Undo()
	if _, ok := wb.st.attrs.Attribute("affiliation"); !ok {
		t.Error("undo does not bring the name affiliation back")
	}
}
