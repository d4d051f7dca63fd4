package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// codebookActions are what the codebook panel asks the window to do.
type codebookActions struct {
	Apply       func(codeID string)              // code the selected passage
	Save        func(c coding.Code) error        // store an edited code
	New         func(parentID string)            // ask for and add a code
	Delete      func(codeID string)              // ask, then delete a code
	Move        func(codeID string)              // ask where, then move
	Merge       func(codeID string)              // ask into which, then merge
	CodeAllHits func(codeID string)              // code every search hit
	CanCode     func(codeID string) (why string) // why the selection cannot be coded with it now, or ""
	CanEdit     func() bool                      // whether this user may change the codebook (nil: yes)
	EditGroups  func()                           // edit the chosen code group, or ask which
}

// codebookPanel is the right panel: the code tree (colour swatch, key,
// name, number of codings by the shown coders), a filter box, a choice of
// code group (shown when the project has groups: the tree then shows the
// group's codes, under their parents), the codebook actions and the
// selected code's details. It reads the window's State and
// asks for changes through its actions. A click on a code selects it and
// shows its details; it codes nothing. Double-click, Enter, the code's
// number key or "Code selection" code the selected passage.
type codebookPanel struct {
	st         *State
	do         codebookActions
	Filter     *widget.Entry
	Group      *widget.Select // noGroup or a code group's name
	EditGroup  *widget.Button // edits the chosen group (or asks which)
	groupID    string         // the chosen group's ID, so that a renamed group stays chosen
	groupRow   fyne.CanvasObject
	Tree       *widget.Tree
	Details    *codeDetails
	NewCode    *widget.Button
	CodeIt     *widget.Button // "Code selection"
	AllHits    *widget.Button
	SubCode    *widget.Button
	DeleteCode *widget.Button
	MoveCode   *widget.Button
	MergeCode  *widget.Button
	Split      *container.Split // the tree above, the details below
	selectedID string
	matches    map[string]bool
	lastShape  string // the tree's structure when last drawn (see refresh)
	hidden     bool   // the tree is drawn empty for a moment (see refresh)
	content    fyne.CanvasObject
}

func newCodebookPanel(st *State, win fyne.Window, do codebookActions) *codebookPanel {
	cp := &codebookPanel{st: st, do: do}
	cp.Filter = widget.NewEntry()
	cp.Filter.SetPlaceHolder("Filter codes")
	cp.Filter.OnChanged = func(string) { cp.refresh() }
	cp.Group = widget.NewSelect([]string{noGroup}, func(name string) {
		cp.groupID = ""
		if g, ok := cp.st.CodeSetNamed(name); ok {
			cp.groupID = g.ID
		}
		cp.refresh()
	})
	cp.Group.Selected = noGroup
	cp.Group.PlaceHolder = noGroup
	editGroup := newTipButton("", theme.DocumentCreateIcon(), func() {
		if do.EditGroups != nil {
			do.EditGroups()
		}
	}, cp.editGroupTip)
	cp.EditGroup = &editGroup.Button
	cp.groupRow = container.NewBorder(nil, nil, widget.NewLabel("Group:"), editGroup, cp.Group)
	cp.Tree = widget.NewTree(cp.childIDs, cp.isBranch,
		func(bool) fyne.CanvasObject { return newCodeRow(cp) },
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*codeRow).show(id) })
	cp.Details = newCodeDetails(st, win, do.Save)
	cp.Tree.OnSelected = func(id widget.TreeNodeID) { cp.selectCode(id) }
	cp.Tree.OnUnselected = func(widget.TreeNodeID) {}
	selected := func(fn func(string)) func() {
		return func() {
			if cp.selectedID != "" {
				fn(cp.selectedID)
			}
		}
	}
	// Each button's tooltip says what it does to which code, or why it
	// is disabled.
	button := func(field **widget.Button, label string, icon fyne.Resource, tapped func(), tip func() string) *tipButton {
		b := newTipButton(label, icon, tapped, tip)
		*field = &b.Button
		return b
	}
	codeIt := button(&cp.CodeIt, "Code selection", theme.ConfirmIcon(), selected(do.Apply), cp.codeItTip)
	cp.CodeIt.Importance = widget.HighImportance
	allHits := button(&cp.AllHits, "Code all hits", nil, selected(do.CodeAllHits), cp.tip(
		"Code every hit of the search (Find, Ctrl+F) in this document with %s", "code every search hit with it"))
	subCode := button(&cp.SubCode, "Sub-code", theme.ContentAddIcon(), selected(do.New), cp.tip(
		"Add a new code under %s", "add a code under it"))
	deleteCode := button(&cp.DeleteCode, "Delete", theme.DeleteIcon(), selected(do.Delete), cp.tip(
		"Delete %s (asks first; Undo brings it back)", "delete it"))
	moveCode := button(&cp.MoveCode, "Move…", nil, selected(do.Move), cp.tip(
		"Move %s under another code or to the top level", "move it elsewhere in the codebook"))
	mergeCode := button(&cp.MergeCode, "Merge…", nil, selected(do.Merge), cp.tip(
		"Merge %s into another code: its codings go there and it is removed", "merge it into another code"))
	newCode := button(&cp.NewCode, "New", theme.ContentAddIcon(), func() { do.New("") }, func() string {
		return "Add a new code at the top level of the codebook"
	})
	// The buttons wrap to more rows in a narrow panel rather than widen
	// it. The coding actions stay under the tree; the codebook actions
	// scroll with the code's details, so that a short window still shows
	// some codes.
	coding := newFlow([]fyne.CanvasObject{codeIt, allHits})
	codebook := newFlow(
		[]fyne.CanvasObject{newCode, subCode, deleteCode},
		[]fyne.CanvasObject{moveCode, mergeCode},
	)
	heading := boldLabel("Codebook")
	heading.Truncation = fyne.TextTruncateEllipsis
	top := container.NewVBox(heading, cp.Filter, cp.groupRow)
	cp.Split = container.NewVSplit(container.NewBorder(nil, coding, nil, nil, cp.Tree),
		container.NewVScroll(container.NewVBox(codebook, cp.Details.content)))
	cp.Split.Offset = 0.55
	cp.content = container.NewBorder(top, nil, nil, nil, cp.Split)
	cp.selectionChanged()
	return cp
}

// selectCode makes id the selected code: its details show, edits to the
// code shown before are stored first.
func (cp *codebookPanel) selectCode(id string) {
	cp.Details.commit()
	cp.selectedID = id
	cp.Details.show(id)
	cp.selectionChanged()
}

func (cp *codebookPanel) childIDs(id widget.TreeNodeID) []widget.TreeNodeID {
	if cp.hidden {
		return nil
	}
	var out []string
	for _, child := range cp.st.codebook.Children(id) {
		if cp.matches == nil || cp.matches[child] {
			out = append(out, child)
		}
	}
	return out
}

func (cp *codebookPanel) isBranch(id widget.TreeNodeID) bool {
	return id == "" || len(cp.childIDs(id)) > 0
}

// noGroup is the code group choice that narrows nothing.
const noGroup = "All codes"

// chosenGroup offers the State's code groups (the row shows only when
// there are some), keeps the choice valid (a renamed group stays chosen,
// a deleted one falls back to noGroup) and returns the chosen group.
func (cp *codebookPanel) chosenGroup() (coding.CodeSet, bool) {
	options := []string{noGroup}
	var chosen coding.CodeSet
	found := false
	for _, g := range cp.st.CodeSets() {
		options = append(options, g.Name)
		if g.ID == cp.groupID {
			chosen, found = g, true
		}
	}
	cp.Group.Options = options
	if found {
		cp.Group.Selected = chosen.Name
	} else {
		cp.groupID = ""
		cp.Group.Selected = noGroup
	}
	cp.Group.Refresh()
	if len(options) > 1 {
		cp.groupRow.Show()
	} else {
		cp.groupRow.Hide()
	}
	return chosen, found
}

// refresh applies the filter and the code group and redraws the tree from
// the state.
func (cp *codebookPanel) refresh() {
	cp.matches = nil
	group, grouped := cp.chosenGroup()
	if f := strings.ToLower(strings.TrimSpace(cp.Filter.Text)); f != "" || grouped {
		cp.matches = map[string]bool{}
		for _, c := range cp.st.codebook.Codes() {
			if strings.Contains(strings.ToLower(c.Name), f) && (!grouped || group.Has(c.ID)) {
				for id := c.ID; id != ""; {
					cp.matches[id] = true
					parent, _ := cp.st.codebook.Code(id)
					id = parent.ParentID
				}
			}
		}
	}
	if _, ok := cp.st.codebook.Code(cp.selectedID); !ok && cp.selectedID != "" {
		cp.selectedID = ""
		cp.Tree.UnselectAll()
	}
	// A code moved under another (or back) shows there at once. Fyne's
	// tree keeps each visible node's depth from when it was first drawn,
	// so when the shape of the tree changed it is drawn empty once, which
	// lets every node go, then whole again, every branch open.
	if shape := cp.shape(); shape != cp.lastShape {
		cp.lastShape = shape
		cp.hidden = true
		cp.Tree.Refresh()
		cp.hidden = false
	}
	cp.Tree.OpenAllBranches()
	cp.Tree.Refresh()
	cp.Details.show(cp.selectedID)
	cp.selectionChanged()
}

// shape is the tree's structure: each shown code's parent, in order.
func (cp *codebookPanel) shape() string {
	var b strings.Builder
	for _, c := range cp.st.codebook.Codes() {
		if cp.matches == nil || cp.matches[c.ID] {
			b.WriteString(c.ID + "<" + c.ParentID + ";")
		}
	}
	return b.String()
}

// selectionChanged enables the buttons that act on the selected code and
// the selected passage, saying why the others do nothing.
func (cp *codebookPanel) selectionChanged() {
	has := cp.selectedID != ""
	edit := cp.do.CanEdit == nil || cp.do.CanEdit()
	if edit {
		cp.NewCode.Enable()
	} else {
		cp.NewCode.Disable()
	}
	if edit && cp.do.EditGroups != nil {
		cp.EditGroup.Enable()
	} else {
		cp.EditGroup.Disable()
	}
	for _, b := range []*widget.Button{cp.SubCode, cp.DeleteCode, cp.MoveCode, cp.MergeCode, cp.AllHits} {
		if has && (edit || b == cp.AllHits) {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if cp.do.CanCode != nil && cp.do.CanCode(cp.selectedID) == "" {
		cp.CodeIt.Enable()
	} else {
		cp.CodeIt.Disable()
	}
}

// tip is a button's tooltip: does (with %s the selected code's path)
// when a code is selected, else why the button does nothing yet.
func (cp *codebookPanel) tip(does, needs string) func() string {
	return func() string {
		if cp.selectedID == "" {
			return "Select a code first, to " + needs
		}
		return fmt.Sprintf(does, "“"+cp.st.codebook.Path(cp.selectedID)+"”")
	}
}

// editGroupTip is the tooltip of the pencil beside the Group choice.
func (cp *codebookPanel) editGroupTip() string {
	what := "Edit a code group"
	if cp.groupID != "" {
		what = "Edit the code group " + cp.Group.Selected
	}
	tip := what + ": rename it, describe it, add or take out codes, or delete it"
	if cp.do.CanEdit != nil && !cp.do.CanEdit() {
		tip += "\nNot now: you may not change the codebook"
	}
	return tip
}

// codeItTip is the tooltip of "Code selection".
func (cp *codebookPanel) codeItTip() string {
	tip := "Code the selected passage with the selected code (or press Enter, double-click the code, or its number key)"
	if cp.selectedID != "" {
		tip = "Code the selected passage with “" + cp.st.codebook.Path(cp.selectedID) + "” (or press Enter, double-click the code, or its number key)"
	}
	if cp.do.CanCode != nil {
		if why := cp.do.CanCode(cp.selectedID); why != "" {
			tip += "\nNot now: " + why
		}
	}
	return tip
}

// reveal selects a code in the tree and shows its details.
func (cp *codebookPanel) reveal(id string) {
	cp.Tree.Select(id)
	cp.Tree.ScrollTo(id)
}

// codeRow is one line of the code tree: a click selects the code, a
// double-click codes the selected passage with it.
type codeRow struct {
	widget.BaseWidget
	panel  *codebookPanel
	id     string
	swatch *canvas.Rectangle
	key    *widget.Label
	name   *widget.Label
	count  *widget.Label
	box    *fyne.Container
	tip    hoverTip
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
	r.tip.text = r.tooltip
	r.ExtendBaseWidget(r)
	return r
}

func (r *codeRow) show(id string) {
	r.id = id
	c, _ := r.panel.st.codebook.Code(id)
	r.swatch.FillColor = parseHex(c.Color)
	if !c.Codable {
		r.swatch.FillColor = color.Transparent
		r.swatch.StrokeColor = parseHex(c.Color)
		r.swatch.StrokeWidth = 2
	} else {
		r.swatch.StrokeWidth = 0
	}
	r.swatch.Refresh()
	key := " "
	if c.Key > 0 {
		key = fmt.Sprint(c.Key)
	}
	r.key.SetText(key)
	r.name.SetText(c.Name)
	r.name.TextStyle = fyne.TextStyle{Italic: !c.Codable}
	r.count.SetText(fmt.Sprint(r.panel.st.CodeCount(id)))
}

// tooltip is the code's path, key, number of codings and the first line
// of its definition.
func (r *codeRow) tooltip() string {
	c, ok := r.panel.st.codebook.Code(r.id)
	if !ok {
		return ""
	}
	lines := []string{r.panel.st.codebook.Path(r.id)}
	about := plural(r.panel.st.CodeCount(r.id), "coding") + " shown"
	if c.Key > 0 {
		about = fmt.Sprintf("Key %d · %s", c.Key, about)
	}
	if !c.Codable {
		about += " · a category (groups codes, not codable)"
	}
	lines = append(lines, about)
	if def, _, _ := strings.Cut(strings.TrimSpace(c.Description.Definition), "\n"); def != "" {
		lines = append(lines, excerpt(def, 80))
	}
	return strings.Join(lines, "\n")
}

// MouseIn starts the wait for the row's tooltip.
func (r *codeRow) MouseIn(ev *desktop.MouseEvent) { r.tip.in(r, ev) }

// MouseMoved follows the pointer.
func (r *codeRow) MouseMoved(ev *desktop.MouseEvent) { r.tip.moved(ev) }

// MouseOut hides the row's tooltip.
func (r *codeRow) MouseOut() { r.tip.out() }

// Tapped selects the row's code. A text field (the details, the filter)
// gives up the keyboard focus, so that the next number key or Enter codes
// the selected passage rather than typing into the field.
func (r *codeRow) Tapped(*fyne.PointEvent) {
	r.tip.out()
	r.releaseTextFocus()
	r.panel.Tree.Select(r.id)
}

// DoubleTapped codes the selected passage with the row's code.
func (r *codeRow) DoubleTapped(*fyne.PointEvent) {
	r.releaseTextFocus()
	r.panel.Tree.Select(r.id)
	r.panel.do.Apply(r.id)
}

// releaseTextFocus unfocuses the text field that has the keyboard focus,
// if one has. (Fyne's driver keeps the focus where it was on a click in
// the tree, since the tree itself can take the focus.)
func (r *codeRow) releaseTextFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		if _, typing := c.Focused().(textEditor); typing {
			c.Unfocus()
		}
	}
}

// CreateRenderer draws the row.
func (r *codeRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }
