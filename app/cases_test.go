package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
)

// The Attributes tab makes, renames, gathers and deletes cases, each one
// undoable action; the documents panel (and every docFilter) offers a case
// beside the sets, narrows to its documents and follows its changes.
func TestAttributesTabEditsCasesAndFiltersByThem(t *testing.T) {
	wb, w := newTestWorkbench(t)
	for _, tab := range wb.Tabs.Items {
		if tab.Text == "Attributes" {
			wb.Tabs.Select(tab)
		}
	}
	ap := wb.Attributes
	if !ap.EditCase.Disabled() {
		t.Error("Edit case… is enabled with no cases")
	}
	test.Tap(ap.NewCase)
	if text := dialogText(w); !strings.Contains(text, "New case") || !strings.Contains(text, sonyArticle) {
		t.Fatalf("New case… shows %q, want the New case dialog with a tick for each document", text)
	}
	w.Canvas().Overlays().Top().Hide()

	// A case needs a name: refused, nothing changed.
	if err := ap.SaveCase(coding.Case{}, "  ", []string{setbackArticle}, nil); err == nil || len(wb.st.Cases()) != 0 {
		t.Errorf("a case without a name: %v, %d cases", err, len(wb.st.Cases()))
	}
	if err := ap.SaveCase(coding.Case{}, "Li Zheng", []string{setbackArticle}, nil); err != nil {
		t.Fatal(err)
	}
	want := "Li Zheng — 1 document: " + setbackArticle
	if ap.Cases.Text != want || !slices.Equal(ap.EditCase.Options, []string{"Li Zheng"}) || ap.EditCase.Disabled() {
		t.Errorf("after New case: the tab lists %q, Edit case offers %v", ap.Cases.Text, ap.EditCase.Options)
	}
	stored, err := wb.project.CaseNamed("Li Zheng")
	if err != nil || len(stored.Documents) != 1 {
		t.Fatalf("the project holds %+v, %v", stored, err)
	}

	// The case's own values, checked like the table's: a date that is not
	// one is refused, naming it, and nothing changes.
	c, _ := wb.st.CaseNamed("Li Zheng")
	date := wb.st.Attributes()[attrColumn(t, wb, "date")-1].ID
	affiliation := wb.st.Attributes()[attrColumn(t, wb, "affiliation")-1].ID
	if err := ap.SaveCase(c, c.Name, []string{setbackArticle}, map[string]string{date: "soon", affiliation: "CICIR"}); err == nil || !strings.Contains(err.Error(), `"soon" is not a date`) {
		t.Errorf("a case's bad date: %v", err)
	}
	if stored, _ := wb.project.CaseNamed("Li Zheng"); len(stored.Values) != 0 {
		t.Errorf("after a refused edit the case has values %v", stored.Values)
	}
	if err := ap.SaveCase(c, c.Name, []string{setbackArticle}, map[string]string{date: "Jun 05 , 2014", affiliation: "cicir"}); err != nil {
		t.Fatal(err)
	}
	if stored, _ := wb.project.CaseNamed("Li Zheng"); stored.Value(date) != "2014-06-05" || stored.Value(affiliation) != "CICIR" {
		t.Errorf("the case's values are stored as %v", stored.Values)
	}
	if !strings.HasSuffix(ap.Cases.Text, "· date 2014-06-05, affiliation CICIR") {
		t.Errorf("the tab lists %q", ap.Cases.Text)
	}
	test.Tap(ap.NewCase) // the editors of a new case start empty
	w.Canvas().Overlays().Top().Hide()
	c, _ = wb.st.CaseNamed("Li Zheng")
	ap.askCase(c)
	if text := dialogText(w); !strings.Contains(text, "Edit case") || !strings.Contains(text, "2014-06-05") || !strings.Contains(text, "CICIR") {
		t.Errorf("Edit case shows %q, want the case's values in their editors", text)
	}
	w.Canvas().Overlays().Top().Hide()
	wb.Undo() // the values

	// The documents panel offers the case and narrows to its documents.
	dp := wb.Documents
	if !slices.Contains(dp.SetPick.Options, casePrefix+"Li Zheng") {
		t.Fatalf("the documents panel offers %v, want the case", dp.SetPick.Options)
	}
	dp.SetPick.SetSelected(casePrefix + "Li Zheng")
	if got := shownNames(wb); !slices.Equal(got, []string{setbackArticle}) {
		t.Errorf("case Li Zheng shows %v", got)
	}
	if dp.EditSet.Disabled() == false || dp.narrow.String() != "in case “Li Zheng”" {
		t.Errorf("with a case chosen: Edit set enabled %v, described %q", !dp.EditSet.Disabled(), dp.narrow.String())
	}

	// Renamed and given the Sony article: the panel follows, still on it.
	c, _ = wb.st.CaseNamed("Li Zheng")
	if err := ap.SaveCase(c, "Chinese authors", []string{setbackArticle, sonyArticle}, nil); err != nil {
		t.Fatal(err)
	}
	if dp.SetPick.Selected != casePrefix+"Chinese authors" || len(shownNames(wb)) != 2 {
		t.Errorf("after the edit the panel is on %q showing %v", dp.SetPick.Selected, shownNames(wb))
	}
	if stored, _ := wb.project.CaseNamed("chinese authors"); len(stored.Documents) != 2 || stored.ID != c.ID {
		t.Errorf("the project holds %+v", stored)
	}
	// The condition narrows the case's documents further.
	dp.Where.SetText("date < 2015-01-01")
	if got := shownNames(wb); !slices.Equal(got, []string{setbackArticle}) {
		t.Errorf("case and condition show %v", got)
	}
	dp.Where.SetText("")

	wb.Undo() // the edit
	if got := shownNames(wb); dp.SetPick.Selected != casePrefix+"Li Zheng" || !slices.Equal(got, []string{setbackArticle}) {
		t.Errorf("after undoing the edit the panel is on %q showing %v", dp.SetPick.Selected, got)
	}

	c, _ = wb.st.CaseNamed("Li Zheng")
	if err := ap.act.DeleteCase(c.ID); err != nil {
		t.Fatal(err)
	}
	if len(wb.st.Cases()) != 0 || dp.SetPick.Selected != noSet || len(shownNames(wb)) != 2 || !ap.EditCase.Disabled() {
		t.Errorf("after deleting the case: %d cases, panel on %q showing %v", len(wb.st.Cases()), dp.SetPick.Selected, shownNames(wb))
	}
	wb.Undo()
	if _, err := wb.project.CaseNamed("Li Zheng"); err != nil || !slices.Contains(dp.SetPick.Options, casePrefix+"Li Zheng") {
		t.Errorf("after undoing the delete: %v, offered %v", err, dp.SetPick.Options)
	}
}

// The codebook panel offers the code groups (only when there are some) and
// shows a chosen group's codes; a renamed group stays chosen, a deleted one
// falls back to every code.
func TestCodebookFiltersByCodeGroup(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	cp := wb.Codes
	if cp.groupRow.Visible() {
		t.Error("the group choice shows in a project without code groups")
	}
	cb := wb.st.Codebook()
	trust, _ := cb.ByPath("Trust")
	conflict, _ := cb.ByPath("Conflict")
	g, err := wb.project.AddCodeSet(coding.CodeSet{Name: "Pilot", Codes: []string{conflict.ID, trust.ID}})
	if err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if !cp.groupRow.Visible() || !slices.Equal(cp.Group.Options, []string{noGroup, "Pilot"}) {
		t.Fatalf("group choice visible %v, options %v", cp.groupRow.Visible(), cp.Group.Options)
	}
	all := len(cp.childIDs(""))
	cp.Group.SetSelected("Pilot")
	if got := cp.childIDs(""); !slices.Equal(got, []string{trust.ID, conflict.ID}) {
		t.Errorf("group Pilot shows %v, want Trust and Conflict in codebook order", got)
	}
	test.Type(cp.Filter, "tru")
	if got := cp.childIDs(""); !slices.Equal(got, []string{trust.ID}) {
		t.Errorf("group Pilot and filter tru show %v", got)
	}
	cp.Filter.SetText("")

	g.Name = "Pilot codes"
	if err := wb.project.UpdateCodeSet(g); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if cp.Group.Selected != "Pilot codes" || len(cp.childIDs("")) != 2 {
		t.Errorf("after renaming the group: chosen %q, %d codes shown", cp.Group.Selected, len(cp.childIDs("")))
	}
	if err := wb.project.DeleteCodeSet(g.ID); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if cp.Group.Selected != noGroup || len(cp.childIDs("")) != all || cp.groupRow.Visible() {
		t.Errorf("after deleting the group: chosen %q, %d of %d codes shown, row visible %v", cp.Group.Selected, len(cp.childIDs("")), all, cp.groupRow.Visible())
	}
}
