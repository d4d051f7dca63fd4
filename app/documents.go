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
// length and codings per coder, and a filter box.
type documentsPanel struct {
	wb      *Workbench
	Filter  *widget.Entry
	List    *widget.List
	shown   []coding.Document
	content fyne.CanvasObject
}

func newDocumentsPanel(wb *Workbench) *documentsPanel {
	dp := &documentsPanel{wb: wb}
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
	dp.List.OnSelected = func(id widget.ListItemID) {
		if id < len(dp.shown) && dp.shown[id].ID != wb.doc.ID {
			wb.OpenDocument(dp.shown[id].ID)
		}
	}
	dp.content = container.NewBorder(container.NewVBox(boldLabel("Documents"), dp.Filter), nil, nil, nil, dp.List)
	return dp
}

// detail is "7,036 characters · alice 12 · bob 9" (only the shown coders).
func (dp *documentsPanel) detail(d coding.Document) string {
	parts := []string{fmt.Sprintf("%d characters", d.Length)}
	var coders []string
	for coderID, n := range dp.wb.docCounts[d.ID] {
		if dp.wb.visible(coderID) {
			coders = append(coders, fmt.Sprintf("%s %d", dp.wb.coderName(coderID), n))
		}
	}
	sort.Strings(coders)
	return strings.Join(append(parts, coders...), " · ")
}

// refresh applies the filter and redraws the list.
func (dp *documentsPanel) refresh() {
	filter := strings.ToLower(strings.TrimSpace(dp.Filter.Text))
	dp.shown = dp.shown[:0]
	for _, d := range dp.wb.docs {
		if filter == "" || strings.Contains(strings.ToLower(d.Name), filter) {
			dp.shown = append(dp.shown, d)
		}
	}
	dp.List.Refresh()
}

func (dp *documentsPanel) selectDocument(id string) {
	for i, d := range dp.shown {
		if d.ID == id {
			dp.List.Select(i)
			return
		}
	}
}
