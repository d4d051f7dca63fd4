package app

// The window's side of the Compare tab: bringing it to the front, opening
// a compared document for editing, and the agreement workbook export of
// the coders and documents chosen in it.

import (
	"encoding/json"
	"fmt"
	"slices"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// ShowCompare brings the Compare tab to the front.
func (wb *Workbench) ShowCompare() {
	for _, item := range wb.Tabs.Items {
		if item.Content == wb.Compare.content {
			wb.Tabs.Select(item)
		}
	}
}

// prefCompareTicks (+ the project's path) keeps the coders the user
// ticked in the Compare tab, as a JSON list of names.
const prefCompareTicks = "compareCoders:"

// compareTicks are the coders last ticked in this project's Compare tab,
// nil when the user never chose.
func (wb *Workbench) compareTicks() []string {
	saved := wb.app.Preferences().String(prefCompareTicks + wb.project.Path())
	var names []string
	if saved == "" || json.Unmarshal([]byte(saved), &names) != nil {
		return nil
	}
	if names == nil {
		names = []string{} // chosen: none
	}
	return names
}

// saveCompareTicks remembers the coders ticked in the Compare tab.
func (wb *Workbench) saveCompareTicks(names []string) {
	if names == nil {
		names = []string{}
	}
	b, _ := json.Marshal(names)
	wb.app.Preferences().SetString(prefCompareTicks+wb.project.Path(), string(b))
}

// editInDocumentTab opens a document in the Document tab with a span
// selected (nothing when sel is empty), where its codings can be changed.
func (wb *Workbench) editInDocumentTab(docID string, sel coding.Span) {
	wb.OpenDocument(docID)
	if !sel.Empty() {
		wb.Viewer.SetSelection(sel)
		wb.updateStatus()
	}
}

// exportComparisonDialog asks where to write the agreement workbook of
// the coders and documents chosen in the Compare tab.
func (wb *Workbench) exportComparisonDialog() {
	if _, ok := wb.comparisonChosen(); ok {
		wb.askSavePath(projectTitle(wb.project.Path())+" comparison", ".xlsx", wb.exportComparisonTo)
	}
}

// comparisonChosen is what the Compare tab's choices compare; ok is false,
// and the user told why, when they compare nothing or Blind is on.
func (wb *Workbench) comparisonChosen() (storage.ComparisonOptions, bool) {
	if wb.blindRefuses("The comparison") {
		return storage.ComparisonOptions{}, false
	}
	wb.freshen(wb.Compare.content)
	opt := wb.Compare.options()
	if len(opt.Coders) < 2 {
		wb.ShowCompare()
		showError(wb.win, fmt.Errorf("export comparison: choose at least two coders in the Compare tab (%d chosen)", len(opt.Coders)))
		return opt, false
	}
	if problem := wb.Compare.narrowProblem(opt); problem != "" {
		wb.ShowCompare()
		showError(wb.win, fmt.Errorf("export comparison: %s", problem))
		return opt, false
	}
	return opt, true
}

// exportComparisonTo writes the agreement workbook of the Compare tab's
// choices to path.
func (wb *Workbench) exportComparisonTo(path string) {
	if opt, ok := wb.comparisonChosen(); ok {
		wb.ExportComparison(path, opt, nil)
	}
}

// ExportComparison writes the agreement workbook (.xlsx) of the coders and
// documents of opt (every document a chosen coder coded when it names none)
// to path in the background, as File → Export does; done, if not nil, then
// runs on the main goroutine.
func (wb *Workbench) ExportComparison(path string, opt storage.ComparisonOptions, done func(error)) {
	var f storage.Filter
	for _, c := range wb.st.coders {
		if slices.Contains(opt.Coders, c.Name) {
			f.Coders = append(f.Coders, c.ID)
		}
	}
	for _, d := range wb.st.docs {
		if slices.Contains(opt.Documents, d.Name) {
			f.Documents = append(f.Documents, d.ID)
		}
	}
	wb.exportInBackground(path, f, done)
}
