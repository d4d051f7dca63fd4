package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// codebookPanel is the right panel: the code tree (colour swatch, key
// number, name, number of codings), a filter box, the codebook actions and
// the selected code's details.
type codebookPanel struct {
	wb         *Workbench
	Filter     *widget.Entry
	Tree       *widget.Tree
	Details    *codeDetails
	selectedID string
	matches    map[string]bool
	content    fyne.CanvasObject
}

func newCodebookPanel(wb *Workbench) *codebookPanel {
	cp := &codebookPanel{wb: wb}
	cp.Filter = widget.NewEntry()
	cp.Filter.SetPlaceHolder("Filter codes")
	cp.Filter.OnChanged = func(string) { cp.refresh() }
	cp.Tree = widget.NewTree(cp.childIDs, cp.isBranch,
		func(bool) fyne.CanvasObject { return newCodeRow(cp) },
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*codeRow).show(id) })
	cp.Tree.OnSelected = func(id widget.TreeNodeID) {
		cp.selectedID = id
		cp.Details.show(id)
	}
	cp.Details = newCodeDetails(cp)
	toolbar := container.NewGridWithColumns(3,
		widget.NewButtonWithIcon("New", theme.ContentAddIcon(), func() { cp.newCode("") }),
		widget.NewButtonWithIcon("Sub-code", theme.ContentAddIcon(), func() { cp.newCode(cp.selectedID) }),
		widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), cp.deleteSelected),
		widget.NewButton("Move…", cp.moveSelected),
		widget.NewButton("Merge into…", cp.mergeSelected),
		widget.NewButton("Code all hits", func() {
			if cp.selectedID != "" {
				wb.CodeAllHits(cp.selectedID)
			}
		}),
	)
	top := container.NewVBox(boldLabel("Codebook"), cp.Filter)
	split := container.NewVSplit(container.NewBorder(nil, toolbar, nil, nil, cp.Tree), container.NewVScroll(cp.Details.content))
	split.Offset = 0.55
	cp.content = container.NewBorder(top, nil, nil, nil, split)
	return cp
}

func (cp *codebookPanel) childIDs(id widget.TreeNodeID) []widget.TreeNodeID {
	var out []string
	for _, child := range cp.wb.codebook.Children(id) {
		if cp.matches == nil || cp.matches[child] {
			out = append(out, child)
		}
	}
	return out
}

func (cp *codebookPanel) isBranch(id widget.TreeNodeID) bool {
	return id == "" || len(cp.childIDs(id)) > 0
}

// refresh applies the filter and redraws the tree.
func (cp *codebookPanel) refresh() {
	cp.matches = nil
	if f := strings.ToLower(strings.TrimSpace(cp.Filter.Text)); f != "" {
		cp.matches = map[string]bool{}
		for _, c := range cp.wb.codebook.Codes() {
			if strings.Contains(strings.ToLower(c.Name), f) {
				for id := c.ID; id != ""; {
					cp.matches[id] = true
					parent, _ := cp.wb.codebook.Code(id)
					id = parent.ParentID
				}
			}
		}
	}
	cp.Tree.OpenAllBranches() // one redraw, where opening each code redrew the tree each time
	if _, ok := cp.wb.codebook.Code(cp.selectedID); !ok {
		cp.selectedID = ""
		cp.Tree.UnselectAll()
	}
	cp.Tree.Refresh()
	cp.Details.show(cp.selectedID)
}

// reveal selects a code in the tree and shows its details.
func (cp *codebookPanel) reveal(id string) {
	cp.Tree.Select(id)
	cp.Tree.ScrollTo(id)
}

// tapped is a click on a code row: with a passage selected it codes the
// passage; it always selects the code to show its details.
func (cp *codebookPanel) tapped(id string) {
	cp.Tree.Select(id)
	if !cp.wb.Viewer.Selection().Empty() {
		cp.wb.ApplyCode(id)
	}
}

func (cp *codebookPanel) newCode(parentID string) {
	title := "New code"
	if parentID != "" {
		title = "New sub-code of " + cp.wb.codebook.Path(parentID)
	}
	cp.wb.askText(title, "Create", "Name", "", "", func(name string) {
		c, err := cp.wb.project.AddCode(coding.Code{Name: name, ParentID: parentID, Codable: true})
		if err != nil {
			showError(cp.wb.win, err)
			return
		}
		cp.wb.reload()
		cp.reveal(c.ID)
		cp.wb.done("Added code " + cp.wb.codebook.Path(c.ID))
	}, nil)
}

func (cp *codebookPanel) deleteSelected() {
	id := cp.selectedID
	if id == "" {
		return
	}
	n, err := cp.wb.project.CountCodingsUnder(id)
	if err != nil {
		showError(cp.wb.win, err)
		return
	}
	path := cp.wb.codebook.Path(id)
	msg := fmt.Sprintf("Delete %q and its sub-codes?\n%d codings go with them (Undo brings them back).", path, n)
	showConfirm("Delete code", msg, func(ok bool) {
		if !ok {
			return
		}
		if _, err := cp.wb.project.DeleteCode(id); err != nil {
			showError(cp.wb.win, err)
			return
		}
		cp.wb.reload()
		cp.wb.done(fmt.Sprintf("Deleted %s and %d codings", path, n))
	}, cp.wb.win)
}

// pickCode asks the user to choose a code other than id (and, when
// allowRoot, "(top level)"), then calls then with the chosen ID.
func (cp *codebookPanel) pickCode(title, confirm string, id string, allowRoot bool, then func(target string)) {
	var options []string
	ids := map[string]string{}
	if allowRoot {
		options = append(options, "(top level)")
		ids["(top level)"] = ""
	}
	for _, c := range cp.wb.codebook.Codes() {
		if c.ID != id {
			p := cp.wb.codebook.Path(c.ID)
			options = append(options, p)
			ids[p] = c.ID
		}
	}
	pick := widget.NewSelect(options, nil)
	showForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem("Code", pick)}, func(ok bool) {
		if ok && pick.Selected != "" {
			then(ids[pick.Selected])
		}
	}, cp.wb.win, 0)
}

func (cp *codebookPanel) moveSelected() {
	id := cp.selectedID
	c, ok := cp.wb.codebook.Code(id)
	if !ok {
		return
	}
	cp.pickCode("Move "+c.Name+" under", "Move", id, true, func(parent string) {
		c.ParentID = parent
		if err := cp.wb.project.UpdateCode(c); err != nil {
			showError(cp.wb.win, err)
			return
		}
		cp.wb.reload()
		cp.wb.done("Moved to " + cp.wb.codebook.Path(id))
	})
}

func (cp *codebookPanel) mergeSelected() {
	id := cp.selectedID
	c, ok := cp.wb.codebook.Code(id)
	if !ok {
		return
	}
	cp.pickCode("Merge "+c.Name+" into", "Merge", id, false, func(into string) {
		n, err := cp.wb.project.MergeCode(id, into)
		if err != nil {
			showError(cp.wb.win, err)
			return
		}
		cp.wb.reload()
		cp.reveal(into)
		cp.wb.done(fmt.Sprintf("Merged %s into %s (%d codings moved)", c.Name, cp.wb.codebook.Path(into), n))
	})
}

// codeRow is one line of the code tree. Tapping it codes the selected
// passage with the code.
type codeRow struct {
	widget.BaseWidget
	panel  *codebookPanel
	id     string
	swatch *canvas.Rectangle
	key    *widget.Label
	name   *widget.Label
	count  *widget.Label
	box    *fyne.Container
}

func newCodeRow(cp *codebookPanel) *codeRow {
	r := &codeRow{panel: cp, swatch: canvas.NewRectangle(color.Gray{Y: 0x88})}
	r.swatch.CornerRadius = 3
	r.swatch.SetMinSize(fyne.NewSize(14, 14))
	r.key = widget.NewLabel("")
	r.key.TextStyle = fyne.TextStyle{Monospace: true}
	r.name = widget.NewLabel("")
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.count = widget.NewLabel("")
	r.box = container.NewBorder(nil, nil, container.NewHBox(container.NewCenter(r.swatch), r.key), r.count, r.name)
	r.ExtendBaseWidget(r)
	return r
}

func (r *codeRow) show(id string) {
	r.id = id
	c, _ := r.panel.wb.codebook.Code(id)
	r.swatch.FillColor = parseHex(c.Color)
	if !c.Codable {
		r.swatch.FillColor = color.Transparent
		r.swatch.StrokeColor = parseHex(c.Color)
		r.swatch.StrokeWidth = 2
	} else {
		r.swatch.StrokeWidth = 0
	}
	r.swatch.Refresh()
	key := ""
	if n := r.panel.wb.shortcutNumber(id); n > 0 {
		key = fmt.Sprint(n)
	}
	r.key.SetText(key)
	r.name.SetText(c.Name)
	r.name.TextStyle = fyne.TextStyle{Italic: !c.Codable}
	r.count.SetText(fmt.Sprint(r.panel.wb.shownCount(r.panel.wb.codeCounts[id])))
}

// Tapped codes the selected passage with this row's code.
func (r *codeRow) Tapped(*fyne.PointEvent) { r.panel.tapped(r.id) }

// CreateRenderer draws the row.
func (r *codeRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }
