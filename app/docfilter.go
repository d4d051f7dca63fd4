package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// docFilter is the choice of documents by set and condition that the
// documents panel, Coded segments and Compare offer alike: a set or saved
// filter (SetPick, noSet for none) and a condition on attributes typed in
// Where ("affiliation = CICIR and date < 2015-01-01"). Problem says why the
// condition cannot be used. It reads the window's State; changed is called
// whenever the choice changes.
type docFilter struct {
	st      *State
	setID   string // the chosen set's ID, so that a renamed set stays chosen
	SetPick *widget.Select
	Where   *widget.Entry
	Problem *widget.Label
}

func newDocFilter(st *State, changed func()) *docFilter {
	f := &docFilter{st: st}
	f.SetPick = widget.NewSelect([]string{noSet}, func(name string) {
		s, _ := f.st.SetNamed(name)
		f.setID = s.ID
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

// Active reports whether a set or a condition narrows the documents.
func (f *docFilter) Active() bool {
	return f.SetPick.Selected != noSet || strings.TrimSpace(f.Where.Text) != ""
}

// Usable reports whether the condition can be used (Problem is hidden).
func (f *docFilter) Usable() bool { return !f.Problem.Visible() }

// String names the choice: `set "CICIR"`, `where date < 2015-01-01`, both
// joined by " and ", or "" when nothing narrows the documents.
func (f *docFilter) String() string {
	var parts []string
	if f.SetPick.Selected != noSet {
		parts = append(parts, "in set “"+f.SetPick.Selected+"”")
	}
	if w := strings.TrimSpace(f.Where.Text); w != "" {
		parts = append(parts, "where "+w)
	}
	return strings.Join(parts, " and ")
}

// Documents offers the State's sets, keeps the choice valid (a deleted set
// falls back to noSet), and returns the documents of the chosen set that
// meet the condition, in list order. When the condition cannot be used
// it says why in Problem and returns every document with ok false.
func (f *docFilter) Documents() (docs []coding.Document, ok bool) {
	options := []string{noSet}
	for _, s := range f.st.Sets() {
		options = append(options, s.Name)
	}
	f.SetPick.Options = options
	if i := slices.IndexFunc(f.st.Sets(), func(s coding.DocumentSet) bool { return s.ID == f.setID }); i >= 0 && f.SetPick.Selected != noSet {
		f.SetPick.Selected = f.st.Sets()[i].Name // renamed, perhaps
	}
	set, found := f.st.SetNamed(f.SetPick.Selected)
	if !found && f.SetPick.Selected != noSet {
		f.SetPick.Selected = noSet
		f.SetPick.PlaceHolder = noSet // the set was deleted
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
