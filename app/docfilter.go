package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// docFilter is the choice of documents by set, case and condition that
// the documents panel, Coded segments and Compare offer alike: a set or
// saved filter, or a case's documents, whole or by a passage (SetPick:
// noSet for none, a set's name, or casePrefix and a case's name) and a
// condition on attributes
// typed in Where ("affiliation = CICIR and date < 2015-01-01"). Problem
// says why the condition cannot be used. It reads the window's State;
// changed is called whenever the choice changes.
type docFilter struct {
	st      *State
	setID   string // the chosen set's or case's ID, so that a renamed one stays chosen
	SetPick *widget.Select
	Where   *widget.Entry
	Problem *widget.Label
}

// casePrefix marks a case among the choices of SetPick.
const casePrefix = "Case: "

func newDocFilter(st *State, changed func()) *docFilter {
	f := &docFilter{st: st}
	f.SetPick = widget.NewSelect([]string{noSet}, func(name string) {
		f.setID = ""
		if s, ok := f.st.SetNamed(name); ok {
			f.setID = s.ID
		} else if c, ok := f.caseOption(name); ok {
			f.setID = c.ID
		}
		changed()
	})
	f.SetPick.Selected = noSet
	f.SetPick.PlaceHolder = noSet
	f.Where = widget.NewEntry()
	f.Where.SetPlaceHolder("Where… (a = b)")
	f.Where.OnChanged = func(string) { changed() }
	f.Problem = widget.NewLabel("")
	f.Problem.Wrapping = fyne.TextWrapWord
	f.Problem.Importance = widget.DangerImportance
	f.Problem.Hide()
	return f
}

// caseOption is the case a choice of SetPick names, when it names one
// (and no set has that name).
func (f *docFilter) caseOption(option string) (coding.Case, bool) {
	name, ok := strings.CutPrefix(option, casePrefix)
	if !ok {
		return coding.Case{}, false
	}
	if _, isSet := f.st.SetNamed(option); isSet {
		return coding.Case{}, false
	}
	return f.st.CaseNamed(name)
}

// Case is the chosen case, when a case is chosen.
func (f *docFilter) Case() (coding.Case, bool) { return f.caseOption(f.SetPick.Selected) }

// Within reports whether coding c lies in the chosen case: always when no
// case is chosen or the case gathers c's document whole; else when c
// overlaps one of the case's passages in that document. (Documents
// narrows the documents; Within then narrows a document gathered by a
// passage to the passage's span.)
func (f *docFilter) Within(c coding.Coding) bool {
	cs, ok := f.Case()
	if !ok || cs.Has(c.DocumentID) {
		return true
	}
	for _, p := range f.st.CasePassages(cs) {
		if p.DocumentID == c.DocumentID && p.Start < c.End && c.Start < p.End {
			return true
		}
	}
	return false
}

// Active reports whether a set, a case or a condition narrows the documents.
func (f *docFilter) Active() bool {
	return f.SetPick.Selected != noSet || strings.TrimSpace(f.Where.Text) != ""
}

// Usable reports whether the condition can be used (Problem is hidden).
func (f *docFilter) Usable() bool { return !f.Problem.Visible() }

// String names the choice: `in set “CICIR”`, `in case “Li Zheng”`,
// `where date < 2015-01-01`, joined by " and ", or "" when nothing
// narrows the documents.
func (f *docFilter) String() string {
	var parts []string
	if c, ok := f.Case(); ok {
		parts = append(parts, "in case “"+c.Name+"”")
	} else if f.SetPick.Selected != noSet {
		parts = append(parts, "in set “"+f.SetPick.Selected+"”")
	}
	if w := strings.TrimSpace(f.Where.Text); w != "" {
		parts = append(parts, "where "+w)
	}
	return strings.Join(parts, " and ")
}

// Documents offers the State's sets and cases, keeps the choice valid (a
// renamed set or case stays chosen under its new name, a deleted one
// falls back to noSet), and returns the documents of the chosen set or
// case that meet the condition, in list order. When the condition cannot
// be used it says why in Problem and returns every document with ok
// false.
func (f *docFilter) Documents() (docs []coding.Document, ok bool) {
	options := []string{noSet}
	for _, s := range f.st.Sets() {
		options = append(options, s.Name)
	}
	for _, c := range f.st.Cases() {
		options = append(options, casePrefix+c.Name)
	}
	f.SetPick.Options = options
	if f.SetPick.Selected != noSet && f.setID != "" {
		if i := slices.IndexFunc(f.st.Sets(), func(s coding.DocumentSet) bool { return s.ID == f.setID }); i >= 0 {
			f.SetPick.Selected = f.st.Sets()[i].Name // renamed, perhaps
		} else if i := slices.IndexFunc(f.st.Cases(), func(c coding.Case) bool { return c.ID == f.setID }); i >= 0 {
			f.SetPick.Selected = casePrefix + f.st.Cases()[i].Name
		}
	}
	set, found := f.st.SetNamed(f.SetPick.Selected)
	if c, isCase := f.Case(); !found && isCase {
		// A case narrows like a fixed set of its documents, those it
		// gathers whole and those of its passages.
		set, found = coding.DocumentSet{ID: c.ID, Name: casePrefix + c.Name, Documents: f.st.CaseDocuments(c)}, true
	}
	if !found && f.SetPick.Selected != noSet {
		f.SetPick.Selected = noSet
		f.SetPick.PlaceHolder = noSet // the set or case was deleted
		f.setID = ""
	}
	f.SetPick.Refresh()
	problem := ""
	docs = f.st.Documents()
	where, err := coding.ParseWhere(f.Where.Text)
	if err == nil {
		var picked []coding.Document
		if picked, err = f.st.SelectDocuments(set, where); err == nil {
			docs = picked
		}
	}
	if err != nil {
		problem = err.Error()
	}
	f.Problem.SetText(problem)
	if problem == "" {
		f.Problem.Hide()
	} else {
		f.Problem.Show()
	}
	return docs, problem == ""
}

// noSet is the set choice that narrows nothing (short: the panel is narrow).
const noSet = "All"
