package app

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// documentsPanel is the left panel: the project's documents with their
// length and codings per shown coder, and a filter box. It reads the
// window's State; choosing a document calls open. The open document is
// always the one selected in the list. The list can be narrowed to a set
// or saved filter (SetPick) and by a condition on attributes (Where,
// "affiliation = CICIR and date < 2015-01-01"); SaveSet keeps what is
// shown as a new set, and EditSet renames, changes or deletes the chosen
// one, each through its setActions.
type documentsPanel struct {
	st       *State
	open     func(docID string)
	sets     setActions
	win      fyne.Window
	Filter   *widget.Entry
	narrow   *docFilter
	SetPick  *widget.Select // noSet or a set's name (narrow's)
	Where    *widget.Entry  // the condition (narrow's)
	Problem  *widget.Label  // why the condition cannot be used (narrow's)
	SaveSet  *widget.Button
	EditSet  *widget.Button // Edit set… (enabled while a set is chosen)
	List     *widget.List
	shown    []coding.Document
	selected widget.ListItemID // the row the list selects, -1 for none
	syncing  bool              // the list is being made to show the open document
	content  fyne.CanvasObject
}

// setActions are what the documents panel does to the project's sets.
type setActions struct {
	Add    func(coding.DocumentSet) error // a new set or saved filter
	Edit   func(coding.DocumentSet) error // its name, documents or condition (by ID)
	Delete func(setID string) error
}

func newDocumentsPanel(st *State, win fyne.Window, open func(docID string), sets setActions) *documentsPanel {
	dp := &documentsPanel{st: st, open: open, sets: sets, win: win, selected: -1}
	dp.Filter = widget.NewEntry()
	dp.Filter.SetPlaceHolder("Filter documents")
	dp.Filter.OnChanged = func(string) { dp.refresh() }
	dp.narrow = newDocFilter(st, dp.refresh)
	dp.SetPick, dp.Where, dp.Problem = dp.narrow.SetPick, dp.narrow.Where, dp.narrow.Problem
	dp.SaveSet = widget.NewButton("Save as set…", dp.askSetName)
	dp.EditSet = widget.NewButton("Edit set…", dp.askEditSet)
	dp.EditSet.Disable()
	dp.List = widget.NewList(
		func() int { return len(dp.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("document name")
			name.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("")
			detail.TextStyle = fyne.TextStyle{Italic: true}
			detail.SizeName = theme.SizeNameCaptionText
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, detail)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(dp.shown) {
				return
			}
			d := dp.shown[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(d.Name)
			box.Objects[1].(*widget.Label).SetText(dp.detail(d))
		})
	dp.List.OnUnselected = func(widget.ListItemID) { dp.selected = -1 }
	dp.List.OnSelected = func(id widget.ListItemID) {
		dp.selected = id
		if dp.syncing || id >= len(dp.shown) {
			return
		}
		if dp.shown[id].ID != st.Document().ID {
			dp.open(dp.shown[id].ID)
		}
	}
	heading := boldLabel("Documents")
	dp.content = container.NewBorder(container.NewVBox(heading, dp.Filter, dp.SetPick, dp.Where, dp.Problem, dp.SaveSet, dp.EditSet), nil, nil, nil, dp.List)
	return dp
}

// detail is "7,036 characters · alice 12 · bob 9" (only the shown coders).
func (dp *documentsPanel) detail(d coding.Document) string {
	parts := []string{plural(d.Length, "character")}
	var coders []string
	for coderID, n := range dp.st.DocumentCounts(d.ID) {
		coders = append(coders, fmt.Sprintf("%s %d", dp.st.CoderName(coderID), n))
	}
	sort.Strings(coders)
	return strings.Join(append(parts, coders...), " · ")
}

// chosenDocuments is the documents of the chosen set that meet the
// condition; when the condition cannot be used, the panel says why and
// shows them all.
func (dp *documentsPanel) chosenDocuments() []coding.Document {
	docs, _ := dp.narrow.Documents()
	return docs
}

// refresh applies the filter, redraws the list and selects the open
// document in it (or nothing, when the filter hides it).
func (dp *documentsPanel) refresh() {
	filter := strings.ToLower(strings.TrimSpace(dp.Filter.Text))
	dp.shown = dp.shown[:0]
	for _, d := range dp.chosenDocuments() {
		if filter == "" || strings.Contains(strings.ToLower(d.Name), filter) {
			dp.shown = append(dp.shown, d)
		}
	}
	dp.List.Refresh()
	if _, isCase := dp.narrow.Case(); dp.SetPick.Selected == noSet || isCase {
		dp.EditSet.Disable() // a case is edited in the Attributes tab
	} else {
		dp.EditSet.Enable()
	}
	dp.syncing = true
	defer func() { dp.syncing = false }()
	for i, d := range dp.shown {
		if d.ID == dp.st.Document().ID {
			dp.List.Select(i)
			return
		}
	}
	dp.List.UnselectAll()
}

// askSetName asks for a name and saves what is shown as a set: a saved
// filter when only a condition narrows the list (its members then follow
// the data), else a static set of the documents shown.
func (dp *documentsPanel) askSetName() {
	entry := newDialogEntry(dp.win.Canvas(), false)
	what := plural(len(dp.shown), "document") + " shown, as a fixed list"
	if dp.isFilter() {
		what = "documents where " + strings.TrimSpace(dp.Where.Text) + " (members follow the attributes)"
	}
	showFormChecked("Save as set", "Save", []*widget.FormItem{
		widget.NewFormItem("Name", entry), widget.NewFormItem("Holds", widget.NewLabel(what)),
	}, func() error { return dp.saveShown(entry.Text) }, dp.win, 0)
	dp.win.Canvas().Focus(entry)
}

// isFilter reports whether the list is narrowed by a condition alone.
func (dp *documentsPanel) isFilter() bool {
	return dp.SetPick.Selected == noSet && strings.TrimSpace(dp.Filter.Text) == "" && strings.TrimSpace(dp.Where.Text) != "" && dp.narrow.Usable()
}

// SaveShown saves what is shown as a set named name (see askSetName).
func (dp *documentsPanel) SaveShown(name string) {
	if err := dp.saveShown(name); err != nil {
		showError(dp.win, err)
	}
}

// saveShown is SaveShown, returning why it refused.
func (dp *documentsPanel) saveShown(name string) error {
	s := coding.DocumentSet{Name: name}
	if dp.isFilter() {
		s.Where = strings.TrimSpace(dp.Where.Text)
	} else {
		for _, d := range dp.shown {
			s.Documents = append(s.Documents, d.ID)
		}
	}
	return dp.sets.Add(s)
}

// askEditSet shows the chosen set for editing: its name, and its condition
// (a saved filter) or a tick for each document (a static set); Save keeps
// the changes as one action, Delete set removes it (its documents stay).
func (dp *documentsPanel) askEditSet() {
	set, ok := dp.st.SetNamed(dp.SetPick.Selected)
	if !ok {
		return
	}
	name := newDialogEntry(dp.win.Canvas(), false)
	name.SetText(set.Name)
	items := []*widget.FormItem{widget.NewFormItem("Name", name)}
	where := newDialogEntry(dp.win.Canvas(), false)
	members := widget.NewCheckGroup(nil, nil)
	if set.IsFilter() {
		where.SetText(set.Where)
		items = append(items, widget.NewFormItem("Where", where))
	} else {
		byID := map[string]string{}
		for _, d := range dp.st.Documents() {
			members.Options = append(members.Options, d.Name)
			byID[d.ID] = d.Name
		}
		for _, id := range set.Documents {
			if n, ok := byID[id]; ok {
				members.Selected = append(members.Selected, n)
			}
		}
		scroll := container.NewVScroll(members)
		scroll.SetMinSize(fyne.NewSize(360, 200))
		items = append(items, widget.NewFormItem("Documents", scroll))
	}
	var form *formDialog
	remove := widget.NewButton("Delete set", func() {
		form.Hide()
		showConfirm("Delete set", "Delete the set "+set.Name+"? Its documents stay. (Edit → Undo brings it back.)", func(ok bool) {
			if ok {
				if err := dp.sets.Delete(set.ID); err != nil {
					showError(dp.win, err)
				}
			}
		}, dp.win)
	})
	remove.Importance = widget.DangerImportance
	items = append(items, widget.NewFormItem("", remove))
	form = showFormChecked("Edit set", "Save", items, func() error {
		return dp.SaveSetEdit(set, name.Text, where.Text, members.Selected)
	}, dp.win, 0)
	dp.win.Canvas().Focus(name)
}

// SaveSetEdit renames set to name and gives a saved filter the condition
// where, or a static set the documents named in members.
func (dp *documentsPanel) SaveSetEdit(set coding.DocumentSet, name, where string, members []string) error {
	set.Name = strings.TrimSpace(name)
	if set.IsFilter() {
		set.Where = strings.TrimSpace(where)
		if set.Where == "" {
			return fmt.Errorf("set %q: a saved filter needs a condition", set.Name)
		}
	} else {
		in := map[string]bool{}
		for _, n := range members {
			in[n] = true
		}
		set.Documents = nil
		for _, d := range dp.st.Documents() {
			if in[d.Name] {
				set.Documents = append(set.Documents, d.ID)
			}
		}
	}
	return dp.sets.Edit(set)
}
