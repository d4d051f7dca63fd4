package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

const setbackArticle = "setback-cyber-cooperation.txt"

// attrColumn is the attributes table's column showing the attribute named name.
func attrColumn(t *testing.T, wb *Workbench, name string) int {
	t.Helper()
	i := slices.IndexFunc(wb.st.Attributes(), func(a coding.Attribute) bool { return a.Name == name })
	if i < 0 {
		t.Fatalf("no attribute %q", name)
	}
	return i + 1
}

// attributeRowOf is the attributes table's row showing the document named name.
func attributeRowOf(t *testing.T, wb *Workbench, name string) int {
	t.Helper()
	for r := range wb.Attributes.rows {
		if wb.Attributes.Cell(r, 0) == name {
			return r
		}
	}
	t.Fatalf("no row for %s", name)
	return -1
}

// shownNames is the documents the documents panel lists.
func shownNames(wb *Workbench) []string {
	var out []string
	for _, d := range wb.Documents.shown {
		out = append(out, d.Name)
	}
	return out
}

func TestAttributesTableShowsEditsSortsAndUndoes(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, tab := range wb.Tabs.Items {
		if tab.Text == "Attributes" {
			wb.Tabs.Select(tab)
		}
	}
	ap := wb.Attributes
	date := attrColumn(t, wb, "date")
	if got := drawnCell(ap, attributeRowOf(t, wb, setbackArticle), date); got != "2014-06-05" {
		t.Fatalf("the setback article's date shows %q, want 2014-06-05", got)
	}
	// Sorted by date, newest first on the second tap.
	ap.SortBy(date)
	if ap.Cell(0, 0) != setbackArticle {
		t.Errorf("sorted by date, the first row is %s", ap.Cell(0, 0))
	}
	ap.SortBy(date)
	if ap.Cell(0, 0) != sonyArticle || !strings.HasSuffix(ap.columnName(date), "▼") {
		t.Errorf("sorted by date descending, the first row is %s, header %q", ap.Cell(0, 0), ap.columnName(date))
	}

	// Editing a date in place: a wrong date is refused with its reason.
	row := attributeRowOf(t, wb, sonyArticle)
	ap.Table.Select(widget.TableCellID{Row: row, Col: date})
	entry, ok := ap.Editor.(*widget.Entry)
	if !ok || !entry.Visible() {
		t.Fatalf("selecting a date cell shows %T, want a visible entry", ap.Editor)
	}
	entry.SetText("soon")
	test.Type(entry, "")
	entry.OnSubmitted(entry.Text)
	if !strings.Contains(ap.Message.Text, `"soon" is not a date`) || ap.Cell(row, date) != "2015-01-12" {
		t.Errorf("after entering soon: message %q, cell %q", ap.Message.Text, ap.Cell(row, date))
	}
	entry.SetText("2016-02-29")
	entry.OnSubmitted(entry.Text)
	row = attributeRowOf(t, wb, sonyArticle)
	if got := ap.Cell(row, date); got != "2016-02-29" {
		t.Errorf("after editing the cell shows %q", got)
	}
	if got := drawnCell(ap, row, date); got != "2016-02-29" {
		t.Errorf("the table draws %q, want the new date", got)
	}
	if !strings.Contains(wb.LastAction.Text, "Set date of "+sonyArticle) {
		t.Errorf("status line %q", wb.LastAction.Text)
	}

	// A category is edited with its values.
	aff := attrColumn(t, wb, "affiliation")
	ap.Table.Select(widget.TableCellID{Row: row, Col: aff})
	sel, ok := ap.Editor.(*widget.Select)
	if !ok || !slices.Contains(sel.Options, "CICIR") || !slices.Contains(sel.Options, noValue) {
		t.Fatalf("a category cell edits with %T %v", ap.Editor, sel)
	}
	sel.SetSelected("CICIR")
	if got := ap.Cell(attributeRowOf(t, wb, sonyArticle), aff); got != "CICIR" {
		t.Errorf("after choosing CICIR the cell shows %q", got)
	}

	wb.Undo()
	wb.Undo()
	row = attributeRowOf(t, wb, sonyArticle)
	if ap.Cell(row, date) != "2015-01-12" || ap.Cell(row, aff) != "Shanghai Institute for Int'l Studies" {
		t.Errorf("after two undos the row shows %q, %q", ap.Cell(row, date), ap.Cell(row, aff))
	}
}

func TestDocumentsPanelFiltersAndMakesSets(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	dp := wb.Documents
	test.Type(dp.Where, "date < 2015-01-01")
	if got := shownNames(wb); !slices.Equal(got, []string{setbackArticle}) {
		t.Fatalf("where date < 2015-01-01 shows %v", got)
	}
	dp.SaveShown("Before 2015")
	set, ok := wb.st.SetNamed("Before 2015")
	if !ok || set.Where != "date < 2015-01-01" {
		t.Fatalf("saved set %+v, want a saved filter", set)
	}
	dp.Where.SetText("affilation = CICIR")
	if !dp.Problem.Visible() || !strings.Contains(dp.Problem.Text, `no attribute named "affilation"`) || len(dp.shown) != 2 {
		t.Errorf("a misspelt attribute: problem %q (visible %v), %d shown", dp.Problem.Text, dp.Problem.Visible(), len(dp.shown))
	}
	dp.Where.SetText("")
	dp.Filter.SetText("sony")
	dp.SaveShown("Sony")
	dp.Filter.SetText("")
	dp.SetPick.SetSelected("Sony")
	if got := shownNames(wb); !slices.Equal(got, []string{sonyArticle}) {
		t.Errorf("set Sony shows %v", got)
	}
	// The saved filter follows the data: the Sony article moves back in time.
	date := attrColumn(t, wb, "date")
	if err := wb.setAttributeValue(wb.st.Document().ID, wb.st.Attributes()[date-1].ID, "2013-01-01"); err != nil {
		t.Fatal(err)
	}
	dp.SetPick.SetSelected("Before 2015")
	if got := shownNames(wb); len(got) != 2 {
		t.Errorf("saved filter Before 2015 shows %v after the Sony article's date changed", got)
	}
	wb.Undo() // the date
	wb.Undo() // the set Sony
	if _, ok := wb.st.SetNamed("Sony"); ok || slices.Contains(dp.SetPick.Options, "Sony") {
		t.Errorf("after undo the set Sony is still offered: %v", dp.SetPick.Options)
	}
	if got := shownNames(wb); !slices.Equal(got, []string{setbackArticle}) {
		t.Errorf("after undoing the date, Before 2015 shows %v", got)
	}
}

// drawnCell is the text the table draws in a cell (not being edited).
func drawnCell(ap *attributesPanel, row, col int) string {
	o := ap.Table.CreateCell()
	ap.Table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*fyne.Container).Objects[0].(*widget.Label).Text
}

func TestDocumentsPanelEditsRenamesAndDeletesSets(t *testing.T) {
	wb, w := newTestWorkbench(t)
	dp := wb.Documents
	if !dp.EditSet.Disabled() {
		t.Error("Edit set… is enabled with no set chosen")
	}
	dp.SaveShown("Both") // a static set of the two articles
	test.Type(dp.Where, "date < 2015-01-01")
	dp.SaveShown("Early")
	dp.Where.SetText("")
	dp.SetPick.SetSelected("Both")
	if dp.EditSet.Disabled() {
		t.Fatal("Edit set… is disabled with a set chosen")
	}
	test.Tap(dp.EditSet)
	if text := dialogText(w); !strings.Contains(text, "Documents") || !strings.Contains(text, sonyArticle) {
		t.Errorf("Edit set… shows no dialog with the set's documents: %q", text)
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	// A static set: rename it and drop a document, one action.
	both, _ := wb.st.SetNamed("Both")
	if err := dp.SaveSetEdit(both, "Setback only", "", []string{setbackArticle}); err != nil {
		t.Fatal(err)
	}
	if dp.SetPick.Selected != "Setback only" || !slices.Equal(shownNames(wb), []string{setbackArticle}) {
		t.Errorf("after the edit the panel shows set %q with %v", dp.SetPick.Selected, shownNames(wb))
	}
	if label, _ := wb.project.UndoLabel(); label != "Edit set Setback only" {
		t.Errorf("undo would undo %q", label)
	}
	wb.Undo()
	if s, ok := wb.st.SetNamed("Both"); !ok || len(s.Documents) != 2 || dp.SetPick.Selected != "Both" || len(shownNames(wb)) != 2 {
		t.Errorf("after undo: set %+v (found %v), chosen %q, shown %v", s, ok, dp.SetPick.Selected, shownNames(wb))
	}

	// A saved filter: its condition changes; a condition naming no
	// attribute is refused and changes nothing.
	dp.SetPick.SetSelected("Early")
	early, _ := wb.st.SetNamed("Early")
	if err := dp.SaveSetEdit(early, "Early", "affiliation = CICIR", nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := wb.st.SetNamed("Early"); s.Where != "affiliation = CICIR" || !slices.Equal(shownNames(wb), []string{setbackArticle}) {
		t.Errorf("edited filter %+v shows %v", s, shownNames(wb))
	}
	if err := dp.SaveSetEdit(early, "Early", "affilation = CICIR", nil); err == nil || !strings.Contains(err.Error(), "affilation") {
		t.Errorf("a misspelt attribute: error %v", err)
	}
	if err := dp.SaveSetEdit(early, "Both", "date < 2015-01-01", nil); err == nil {
		t.Error("renaming a set to another set's name was accepted")
	}

	// Deleting: the choice falls back to all documents; undo brings it back.
	if err := wb.deleteSet(early.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := wb.st.SetNamed("Early"); ok || dp.SetPick.Selected != noSet || len(shownNames(wb)) != 2 || !dp.EditSet.Disabled() {
		t.Errorf("after delete: chosen %q, shown %v", dp.SetPick.Selected, shownNames(wb))
	}
	wb.Undo()
	if s, ok := wb.st.SetNamed("Early"); !ok || s.Where != "affiliation = CICIR" || !slices.Contains(dp.SetPick.Options, "Early") {
		t.Errorf("after undoing the delete: %+v (found %v), options %v", s, ok, dp.SetPick.Options)
	}
}

func TestAttributesTabListsCases(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, tab := range wb.Tabs.Items {
		if tab.Text == "Attributes" {
			wb.Tabs.Select(tab)
		}
	}
	ap := wb.Attributes
	if !strings.HasPrefix(ap.Cases.Text, "No cases yet") {
		t.Errorf("with no cases the tab says %q", ap.Cases.Text)
	}
	setback, _ := wb.project.DocumentNamed(setbackArticle)
	affiliation := wb.st.Attributes()[attrColumn(t, wb, "affiliation")-1].ID
	if _, err := wb.project.AddCase(coding.Case{Name: "Li Zheng", Documents: []string{setback.ID}, Values: map[string]string{affiliation: "CICIR"}}); err != nil {
		t.Fatal(err)
	}
	wb.sync() // the change set, as the window's own action applies it
	want := "Li Zheng — 1 document: " + setbackArticle + " · affiliation CICIR"
	if len(wb.st.Cases()) != 1 || ap.Cases.Text != want {
		t.Errorf("the tab lists %q, want %q", ap.Cases.Text, want)
	}
	wb.Undo()
	if len(wb.st.Cases()) != 0 || !strings.HasPrefix(ap.Cases.Text, "No cases yet") {
		t.Errorf("after undo: %d cases, the tab says %q", len(wb.st.Cases()), ap.Cases.Text)
	}
}

// A click on a cell first gives the table the focus; the cell's editor
// then takes it, and the table, losing it, redraws its cells, this one
// included: that must not give the focus again, and again (it hung the
// window).
func TestAttributeCellEditorTakesTheFocusOnce(t *testing.T) {
	wb, w := newTestWorkbench(t)
	for _, tab := range wb.Tabs.Items {
		if tab.Text == "Attributes" {
			wb.Tabs.Select(tab)
		}
	}
	ap := wb.Attributes
	date := attrColumn(t, wb, "date")
	w.Canvas().Focus(ap.Table)
	ap.Table.Select(widget.TableCellID{Row: attributeRowOf(t, wb, sonyArticle), Col: date})
	if f, _ := w.Canvas().Focused().(fyne.CanvasObject); f != ap.Editor {
		t.Errorf("the focus is on %T, want the cell's editor", w.Canvas().Focused())
	}
}
