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
// always the one selected in the list.
type documentsPanel struct {
	st       *State
	open     func(docID string)
	Filter   *widget.Entry
	List     *widget.List
	shown    []coding.Document
	selected widget.ListItemID // the row the list selects, -1 for none
	syncing  bool              // the list is being made to show the open document
	content  fyne.CanvasObject
}

func newDocumentsPanel(st *State, open func(docID string)) *documentsPanel {
	dp := &documentsPanel{st: st, open: open, selected: -1}
	dp.Filter = widget.NewEntry()
	dp.Filter.SetPlaceHolder("Filter documents")
	dp.Filter.OnChanged = func(string) { dp.refresh() }
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
	dp.content = container.NewBorder(container.NewVBox(heading, dp.Filter), nil, nil, nil, dp.List)
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

// refresh applies the filter, redraws the list and selects the open
// document in it (or nothing, when the filter hides it).
func (dp *documentsPanel) refresh() {
	filter := strings.ToLower(strings.TrimSpace(dp.Filter.Text))
	dp.shown = dp.shown[:0]
	for _, d := range dp.st.Documents() {
		if filter == "" || strings.Contains(strings.ToLower(d.Name), filter) {
			dp.shown = append(dp.shown, d)
		}
	}
	dp.List.Refresh()
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
