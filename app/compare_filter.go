package app

// The Compare tab's choice of documents by set and condition (issue 11),
// kept apart from the rest of the tab: the documents offered, and "All
// coded documents", are narrowed to the documents of a set or saved
// filter that meet a condition on attributes, as in the documents panel.

import (
	"slices"

	"desktop/marginalia/storage"
)

// narrowedDocuments is the names of the documents the Compare tab offers:
// every document, or those of the chosen set meeting the condition.
func (cv *compareView) narrowedDocuments() []string {
	docs, _ := cv.Narrow.Documents()
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Name
	}
	return names
}

// narrowOptions restricts "All coded documents" to the chosen set and
// condition: the documents offered that at least one chosen coder coded.
func (cv *compareView) narrowOptions(opt storage.ComparisonOptions) storage.ComparisonOptions {
	if !cv.AllDocuments.Checked || !cv.Narrow.Active() {
		return opt
	}
	var coderIDs []string
	for _, c := range cv.st.Coders() {
		if slices.Contains(opt.Coders, c.Name) {
			coderIDs = append(coderIDs, c.ID)
		}
	}
	opt.Documents = []string{} // not nil: none coded is none, never "every document"
	for _, d := range cv.st.Documents() {
		if slices.Contains(cv.Documents.Options, d.Name) && slices.ContainsFunc(coderIDs, func(id string) bool { return cv.st.CodedBy(d.ID, id) }) {
			opt.Documents = append(opt.Documents, d.Name)
		}
	}
	return opt
}

// narrowProblem is why the chosen set and condition make no comparison
// ("" when they do): a condition that cannot be used, or no document.
func (cv *compareView) narrowProblem(opt storage.ComparisonOptions) string {
	switch {
	case !cv.Narrow.Active():
		return ""
	case !cv.Narrow.Usable():
		return "the condition cannot be used: " + cv.Narrow.Problem.Text
	case cv.AllDocuments.Checked && len(opt.Documents) == 0:
		return "no document " + cv.Narrow.String() + " was coded by the chosen coders"
	}
	return ""
}

// narrowSelection adds the set and condition to how the methods paragraph
// says the documents were chosen.
func (cv *compareView) narrowSelection(selection string) string {
	if !cv.Narrow.Active() {
		return selection
	}
	return selection + " among the documents " + cv.Narrow.String()
}
