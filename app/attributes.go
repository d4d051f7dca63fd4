package app

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// attributeActions are what the attributes table does to the project.
type attributeActions struct {
	// SetValue gives a document a value for an attribute ("" removes it);
	// the error says why a value does not fit its type.
	SetValue func(docID, attrID, value string) error
	// Add adds an attribute.
	Add func(coding.Attribute) error
	// Delete removes an attribute and its values.
	Delete func(attrID string) error
	// Edit renames an attribute or changes a category's values (its ID
	// and type stay).
	Edit func(coding.Attribute) error
	// AddCase adds a case, EditCase changes a case's name, documents or
	// passages (by its ID), DeleteCase removes one (its documents stay).
	AddCase    func(coding.Case) error
	EditCase   func(coding.Case) error
	DeleteCase func(caseID string) error
}

// attributesPanel is the Attributes tab: the documents as rows and the
// attributes as columns. Tapping a column's header sorts by it (again:
// the other way); selecting a cell edits it in place with its type's
// editor (a list of values for categories and yes/no, a text box else).
// The rows can be narrowed by a set and a condition (Narrow), as in the
// documents panel. Under the table it lists the cases; New case… and
// Edit case… make one, rename it, tick its documents and passages (added
// with Code → Add selected coding to case…) or delete it. It
// reads the window's State and changes the project only through its
// actions.
type attributesPanel struct {
	st       *State
	act      attributeActions
	win      fyne.Window
	Table    *widget.Table
	focusing bool           // the cell editor is being given the focus (see updateCell)
	Message  *widget.Label  // what went wrong with the last edit, or a hint
	New      *widget.Button // New attribute…
	Delete   *widget.Select // Delete attribute…
	Edit     *widget.Select // Edit attribute… (rename, a category's values)
	Narrow   *docFilter     // the documents shown
	Cases    *widget.Label  // the project's cases, one a line, with their documents and values
	NewCase  *widget.Button // New case…
	EditCase *widget.Select // Edit case… (rename, documents, delete)

	rows     []coding.Document
	sortCol  int // 0: document name, i: the i-th attribute
	sortDesc bool
	editing  widget.TableCellID // the cell being edited; Row -1 for none
	// Editor is the entry or select of the cell being edited (for tests).
	Editor  fyne.CanvasObject
	content fyne.CanvasObject
}

func newAttributesPanel(st *State, win fyne.Window, act attributeActions) *attributesPanel {
	ap := &attributesPanel{st: st, act: act, win: win, editing: widget.TableCellID{Row: -1}}
	ap.Message = widget.NewLabel("Select a cell to edit it; tap a column's name to sort by it.")
	ap.Message.Wrapping = fyne.TextWrapWord
	ap.Message.Importance = widget.LowImportance
	ap.Table = widget.NewTableWithHeaders(
		func() (int, int) { return len(ap.rows), len(ap.st.Attributes()) + 1 },
		func() fyne.CanvasObject {
			label := widget.NewLabel("")
			label.Truncation = fyne.TextTruncateEllipsis
			entry := widget.NewEntry()
			sel := widget.NewSelect(nil, nil)
			entry.Hide()
			sel.Hide()
			return container.NewStack(label, entry, sel)
		},
		ap.updateCell)
	ap.Table.ShowHeaderColumn = false
	ap.Table.StickyColumnCount = 1 // the Document column stays in view while the attributes scroll
	ap.Table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	ap.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		b.SetText(ap.columnName(id.Col))
		col := id.Col
		b.OnTapped = func() { ap.SortBy(col) }
	}
	ap.Table.OnSelected = func(id widget.TableCellID) {
		if id.Col == 0 || id.Row < 0 {
			ap.Table.UnselectAll()
			return
		}
		ap.editing = id
		ap.Table.Refresh()
	}
	ap.New = widget.NewButton("New attribute…", ap.newAttribute)
	ap.Delete = widget.NewSelect(nil, ap.deleteAttribute)
	ap.Delete.PlaceHolder = "Delete attribute…"
	ap.Edit = widget.NewSelect(nil, ap.editAttribute)
	ap.Edit.PlaceHolder = "Edit attribute…"
	ap.Narrow = newDocFilter(st, func() { ap.refresh() })
	narrow := container.NewGridWithColumns(2, container.NewBorder(nil, nil, widget.NewLabel("Set:"), nil, ap.Narrow.SetPick), ap.Narrow.Where)
	bar := container.NewVBox(container.NewHBox(ap.New, ap.Edit, ap.Delete), narrow, ap.Narrow.Problem)
	// A centre panel narrower than the bar scrolls sideways rather than
	// widening the panel.
	ap.Cases = widget.NewLabel("")
	ap.Cases.Wrapping = fyne.TextWrapWord
	cases := container.NewVScroll(ap.Cases)
	cases.SetMinSize(fyne.NewSize(0, 90))
	ap.NewCase = widget.NewButton("New case…", func() { ap.askCase(coding.Case{}) })
	ap.EditCase = widget.NewSelect(nil, func(name string) {
		if c, ok := ap.st.CaseNamed(name); ok {
			ap.askCase(c)
		}
	})
	ap.EditCase.PlaceHolder = "Edit case…"
	casesBar := container.NewHBox(boldLabel("Cases"), ap.NewCase, ap.EditCase)
	ap.content = container.NewHScroll(container.NewBorder(container.NewVBox(bar, ap.Message), container.NewVBox(casesBar, cases), nil, nil, ap.Table))
	ap.refresh()
	return ap
}

// quoteOrNone is a value in quotes, or "empty".
func quoteOrNone(v string) string {
	if v == "" {
		return "empty"
	}
	return strconv.Quote(v)
}

// columnName is the header of column col, with ▲ or ▼ on the sorted one.
func (ap *attributesPanel) columnName(col int) string {
	name := "Document"
	if col > 0 && col <= len(ap.st.Attributes()) {
		a := ap.st.Attributes()[col-1]
		name = a.Name + " (" + string(a.Type) + ")"
	}
	if col == ap.sortCol {
		if ap.sortDesc {
			return name + " ▼"
		}
		return name + " ▲"
	}
	return name
}

// Cell is the text column col of row row shows.
func (ap *attributesPanel) Cell(row, col int) string {
	if row >= len(ap.rows) {
		return ""
	}
	if col == 0 {
		return ap.rows[row].Name
	}
	return ap.st.Value(ap.rows[row].ID, ap.st.Attributes()[col-1].ID)
}

func (ap *attributesPanel) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	label, entry, sel := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Entry), box.Objects[2].(*widget.Select)
	entry.OnSubmitted, sel.OnChanged = nil, nil
	if id.Row >= len(ap.rows) || id.Col > len(ap.st.Attributes()) {
		return
	}
	label.SetText(ap.Cell(id.Row, id.Col))
	if id != ap.editing || id.Col == 0 {
		label.Show()
		entry.Hide()
		sel.Hide()
		return
	}
	doc, attr := ap.rows[id.Row], ap.st.Attributes()[id.Col-1]
	value := ap.st.Value(doc.ID, attr.ID)
	commit := func(v string) {
		if err := ap.act.SetValue(doc.ID, attr.ID, v); err != nil {
			// The cell shows the stored value again; the message says what
			// was refused (naming the attribute once: the error may already).
			msg := err.Error()
			if !strings.HasPrefix(msg, attr.Name+":") {
				msg = attr.Name + ": " + msg
			}
			ap.Message.SetText(doc.Name + ", " + msg + " (the value stays " + quoteOrNone(value) + ")")
			ap.Message.Importance = widget.DangerImportance
			ap.Message.Refresh()
			entry.SetText(value)
			sel.Selected = value
			sel.Refresh()
			return
		}
		ap.Message.SetText("Set " + attr.Name + " of " + doc.Name + ".")
		ap.Message.Importance = widget.LowImportance
		ap.Message.Refresh()
		ap.editing = widget.TableCellID{Row: -1}
		ap.Table.UnselectAll()
		ap.Table.Refresh()
	}
	label.Hide()
	switch attr.Type {
	case coding.TypeCategory, coding.TypeYesNo:
		entry.Hide()
		options := attr.Choices
		if attr.Type == coding.TypeYesNo {
			options = []string{"yes", "no"}
		}
		sel.Options = append(slices.Clone(options), noValue)
		sel.Selected = value
		sel.OnChanged = func(v string) {
			if v == noValue {
				v = ""
			}
			commit(v)
		}
		sel.Show()
		sel.Refresh()
		ap.Editor = sel
	default:
		sel.Hide()
		entry.SetText(value)
		entry.SetPlaceHolder(placeholderFor(attr.Type))
		entry.OnSubmitted = commit
		entry.Show()
		ap.Editor = entry
		// Focusing the entry takes the focus from the table, which then
		// refreshes its cells, this one included: focus it only once.
		if c := fyne.CurrentApp().Driver().CanvasForObject(ap.Table); c != nil && c.Focused() != entry && !ap.focusing {
			ap.focusing = true
			c.Focus(entry)
			ap.focusing = false
		}
	}
}

// noValue is the choice that removes a document's value.
const noValue = "(none)"

func placeholderFor(t coding.AttributeType) string {
	switch t {
	case coding.TypeDate:
		return "YYYY-MM-DD, Enter"
	case coding.TypeNumber:
		return "a number, Enter"
	}
	return "Enter to set"
}

// SortBy sorts the rows by column col (0: document name); sorting by the
// sorted column again reverses the order. Numbers sort as numbers, and
// documents without a value come last.
func (ap *attributesPanel) SortBy(col int) {
	if col == ap.sortCol {
		ap.sortDesc = !ap.sortDesc
	} else {
		ap.sortCol, ap.sortDesc = col, false
	}
	ap.refresh()
}

// refresh reads the rows again from the state, in the chosen order.
func (ap *attributesPanel) refresh() {
	attrs := ap.st.Attributes()
	if ap.sortCol > len(attrs) {
		ap.sortCol, ap.sortDesc = 0, false
	}
	shown, _ := ap.Narrow.Documents()
	ap.rows = slices.Clone(shown)
	if ap.sortCol > 0 {
		a := attrs[ap.sortCol-1]
		slices.SortStableFunc(ap.rows, func(x, y coding.Document) int {
			vx, vy := ap.st.Value(x.ID, a.ID), ap.st.Value(y.ID, a.ID)
			switch {
			case vx == "" && vy == "":
				return 0
			case vx == "":
				return 1
			case vy == "":
				return -1
			}
			c := compareValues(a.Type, vx, vy)
			if ap.sortDesc {
				c = -c
			}
			return c
		})
	} else if ap.sortDesc {
		slices.Reverse(ap.rows)
	}
	names := make([]string, len(attrs))
	for i, a := range attrs {
		names[i] = a.Name
	}
	ap.Delete.Options = names
	ap.Delete.Selected = ""
	ap.Delete.Refresh()
	ap.Edit.Options = names
	ap.Edit.Selected = ""
	ap.Edit.Refresh()
	for i := range len(attrs) + 1 {
		ap.Table.SetColumnWidth(i, 170)
	}
	ap.Table.SetColumnWidth(0, 260)
	ap.Table.Refresh()
	ap.Cases.SetText(casesText(ap.st))
	var cases []string
	for _, c := range ap.st.Cases() {
		cases = append(cases, c.Name)
	}
	ap.EditCase.Options = cases
	ap.EditCase.Selected = ""
	ap.EditCase.Refresh()
	if len(cases) == 0 {
		ap.EditCase.Disable()
	} else {
		ap.EditCase.Enable()
	}
}

// askCase asks for a case's name, ticks its documents and asks for its
// value of each attribute (with the type's editor, as in the table): a
// new case (no ID; the documents shown in the table come ticked when a
// set, case or condition narrows them) or an existing one, which can also
// be deleted here. Save is one action, undoable.
func (ap *attributesPanel) askCase(c coding.Case) {
	defer ap.EditCase.ClearSelected()
	name := newDialogEntry(ap.win.Canvas(), false)
	name.SetText(c.Name)
	name.SetPlaceHolder("an author, an organisation…")
	members := widget.NewCheckGroup(nil, nil)
	in := map[string]bool{}
	for _, id := range c.Documents {
		in[id] = true
	}
	if c.ID == "" && ap.Narrow.Active() {
		for _, d := range ap.rows {
			in[d.ID] = true
		}
	}
	for _, d := range ap.st.Documents() {
		members.Options = append(members.Options, d.Name)
		if in[d.ID] {
			members.Selected = append(members.Selected, d.Name)
		}
	}
	scroll := container.NewVScroll(members)
	scroll.SetMinSize(fyne.NewSize(360, 200))
	items := []*widget.FormItem{widget.NewFormItem("Name", name), widget.NewFormItem("Documents", scroll)}
	// Its passages, ticked: one unticked leaves the case on Save.
	passages := widget.NewCheckGroup(nil, nil)
	passageIDs := map[string]string{} // option → coding ID
	for _, p := range ap.st.CasePassages(c) {
		if !ap.st.Visible(p.CoderID) {
			continue // blind: another coder's passage, kept as it is
		}
		option := passageLabel(ap.st, p)
		passageIDs[option] = p.ID
		passages.Options = append(passages.Options, option)
		passages.Selected = append(passages.Selected, option)
	}
	if len(passages.Options) > 0 {
		list := container.NewVScroll(passages)
		list.SetMinSize(fyne.NewSize(360, min(float32(len(passages.Options))*40, 160)))
		items = append(items, widget.NewFormItem("Passages", list))
	}
	// Each attribute's editor, and how to read the value it holds.
	values := map[string]func() string{}
	for _, a := range ap.st.Attributes() {
		value := c.Value(a.ID)
		switch a.Type {
		case coding.TypeCategory, coding.TypeYesNo:
			options := a.Choices
			if a.Type == coding.TypeYesNo {
				options = []string{"yes", "no"}
			}
			sel := widget.NewSelect(append(slices.Clone(options), noValue), nil)
			sel.Selected = value
			values[a.ID] = func() string {
				if sel.Selected == noValue {
					return ""
				}
				return sel.Selected
			}
			items = append(items, widget.NewFormItem(a.Name, sel))
		default:
			entry := newDialogEntry(ap.win.Canvas(), false)
			entry.SetText(value)
			entry.SetPlaceHolder(map[coding.AttributeType]string{coding.TypeDate: "YYYY-MM-DD", coding.TypeNumber: "a number"}[a.Type])
			values[a.ID] = func() string { return entry.Text }
			items = append(items, widget.NewFormItem(a.Name, entry))
		}
	}
	title, confirm := "New case", "Add"
	var form *formDialog
	if c.ID != "" {
		title, confirm = "Edit case", "Save"
		remove := widget.NewButton("Delete case", func() {
			form.Hide()
			showConfirm("Delete case", "Delete the case "+c.Name+"? Its documents stay. (Edit → Undo brings it back.)", func(ok bool) {
				if ok {
					if err := ap.act.DeleteCase(c.ID); err != nil {
						showError(ap.win, err)
					}
				}
			}, ap.win)
		})
		remove.Importance = widget.DangerImportance
		items = append(items, widget.NewFormItem("", remove))
	}
	form = showFormChecked(title, confirm, items, func() error {
		given := map[string]string{}
		for id, read := range values {
			given[id] = read()
		}
		c := c.Clone()
		c.Passages = slices.DeleteFunc(c.Passages, func(id string) bool {
			for option, pid := range passageIDs {
				if pid == id {
					return !slices.Contains(passages.Selected, option)
				}
			}
			return false // a passage whose coding is not there stays as it is
		})
		return ap.SaveCase(c, name.Text, members.Selected, given)
	}, ap.win, 480)
	ap.win.Canvas().Focus(name)
}

// SaveCase gives case c (a new one when its ID is empty) the name, the
// documents named in members and the values given (attribute ID → value,
// "" for none; an attribute not given keeps the case's value). A value
// its attribute cannot hold is refused by the action, naming both.
func (ap *attributesPanel) SaveCase(c coding.Case, name string, members []string, values map[string]string) error {
	c = c.Clone()
	c.Name = strings.TrimSpace(name)
	for id, v := range values {
		if c.Values == nil {
			c.Values = map[string]string{}
		}
		c.Values[id] = strings.TrimSpace(v) // empty ones are dropped when checked
	}
	in := map[string]bool{}
	for _, n := range members {
		in[n] = true
	}
	// Documents it had keep their place; new ones follow in list order.
	c.Documents = slices.DeleteFunc(c.Documents, func(id string) bool {
		d, ok := ap.st.DocumentByID(id)
		return !ok || !in[d.Name]
	})
	for _, d := range ap.st.Documents() {
		if in[d.Name] && !c.Has(d.ID) {
			c.Documents = append(c.Documents, d.ID)
		}
	}
	if c.ID == "" {
		return ap.act.AddCase(c)
	}
	return ap.act.EditCase(c)
}

// passageLabel names a case's passage: `a.txt [120,180) Trust · alice
// “the coded text…”` (the text when the document is open).
func passageLabel(st *State, p coding.Coding) string {
	doc := p.DocumentID
	if d, ok := st.DocumentByID(p.DocumentID); ok {
		doc = d.Name
	}
	label := fmt.Sprintf("%s [%d,%d) %s · %s", doc, p.Start, p.End, st.Codebook().Path(p.CodeID), st.CoderName(p.CoderID))
	if st.Document().ID == p.DocumentID {
		label += " “" + excerpt(coding.Slice(st.Document().Text, p.Span), 40) + "”"
	}
	return label
}

// casesText is one line a case: "Li Zheng — 1 document: a.txt; 2 passages
// in b.txt · affiliation CICIR", its values in column order.
func casesText(st *State) string {
	if len(st.Cases()) == 0 {
		return "No cases yet. A case gathers the documents and passages of one unit of analysis (an author, an organisation) " +
			"with values of its own: New case…, Code → Add selected coding to case…, marginalia case PROJECT NAME --add DOCUMENT… --add-passage DOCUMENT:START-END --value ATTRIBUTE=VALUE, or import them from a .qdpx."
	}
	var lines []string
	for _, c := range st.Cases() {
		var docs []string
		for _, id := range c.Documents {
			if d, ok := st.DocumentByID(id); ok {
				docs = append(docs, d.Name)
			}
		}
		var parts []string
		passages := st.CasePassages(c)
		if len(docs) > 0 || len(passages) == 0 {
			part := plural(len(docs), "document")
			if len(docs) > 0 {
				part += ": " + strings.Join(docs, ", ")
			}
			parts = append(parts, part)
		}
		if len(passages) > 0 {
			var in []string
			for _, p := range passages {
				if d, ok := st.DocumentByID(p.DocumentID); ok && !slices.Contains(in, d.Name) {
					in = append(in, d.Name)
				}
			}
			parts = append(parts, plural(len(passages), "passage")+" in "+strings.Join(in, ", "))
		}
		line := c.Name + " — " + strings.Join(parts, "; ")
		var values []string
		for _, a := range st.Attributes() {
			if v := c.Value(a.ID); v != "" {
				values = append(values, a.Name+" "+v)
			}
		}
		if len(values) > 0 {
			line += " · " + strings.Join(values, ", ")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// compareValues orders two canonical values of a type.
func compareValues(t coding.AttributeType, a, b string) int {
	if t == coding.TypeNumber {
		x, errX := strconv.ParseFloat(a, 64)
		y, errY := strconv.ParseFloat(b, 64)
		if errX == nil && errY == nil {
			return cmp.Compare(x, y)
		}
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// newAttribute asks for a new attribute's name, type and (for a
// category) values.
func (ap *attributesPanel) newAttribute() {
	name := newDialogEntry(ap.win.Canvas(), false)
	var types []string
	for _, t := range coding.AttributeTypes {
		types = append(types, string(t))
	}
	typ := widget.NewSelect(types, nil)
	typ.SetSelected(string(coding.TypeText))
	values := newDialogEntry(ap.win.Canvas(), false)
	values.SetPlaceHolder("for a category: values, comma-separated")
	showFormChecked("New attribute", "Add", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Type", typ), widget.NewFormItem("Values", values),
	}, func() error {
		a := coding.Attribute{Name: name.Text, Type: coding.AttributeType(typ.Selected)}
		if a.Type == coding.TypeCategory {
			for _, v := range strings.Split(values.Text, ",") {
				if v = strings.TrimSpace(v); v != "" {
					a.Choices = append(a.Choices, v)
				}
			}
		}
		return ap.act.Add(a)
	}, ap.win, 0)
	ap.win.Canvas().Focus(name)
}

// deleteAttribute asks before deleting the attribute named name.
func (ap *attributesPanel) deleteAttribute(name string) {
	if name == "" {
		return
	}
	i := slices.IndexFunc(ap.st.Attributes(), func(a coding.Attribute) bool { return a.Name == name })
	if i < 0 {
		return
	}
	id := ap.st.Attributes()[i].ID
	showConfirm("Delete attribute", "Delete "+name+" and every document's value for it? (Edit → Undo brings it back.)", func(ok bool) {
		if ok {
			if err := ap.act.Delete(id); err != nil {
				showError(ap.win, err)
			}
		}
		ap.Delete.ClearSelected()
	}, ap.win)
}

// editAttribute asks for a new name for the attribute named name and, for
// a category, its values (one a line); a value some document has cannot
// be dropped (the action says which).
func (ap *attributesPanel) editAttribute(name string) {
	i := slices.IndexFunc(ap.st.Attributes(), func(a coding.Attribute) bool { return a.Name == name })
	if name == "" || i < 0 {
		return
	}
	attr := ap.st.Attributes()[i]
	rename := newDialogEntry(ap.win.Canvas(), false)
	rename.SetText(attr.Name)
	items := []*widget.FormItem{widget.NewFormItem("Name", rename)}
	values := newDialogEntry(ap.win.Canvas(), true)
	values.Wrapping = fyne.TextWrapOff // one value a line
	if attr.Type == coding.TypeCategory {
		values.SetText(strings.Join(attr.Choices, "\n"))
		values.SetMinRowsVisible(5)
		items = append(items, widget.NewFormItem("Values", values))
	}
	defer ap.Edit.ClearSelected()
	showFormChecked("Edit attribute", "Save", items, func() error {
		return ap.SaveAttribute(attr, rename.Text, values.Text)
	}, ap.win, 0)
	ap.win.Canvas().Focus(rename)
}

// SaveAttribute renames attr to name and, for a category, gives it the
// values listed one a line in values.
func (ap *attributesPanel) SaveAttribute(attr coding.Attribute, name, values string) error {
	attr.Name = strings.TrimSpace(name)
	if attr.Type == coding.TypeCategory {
		attr.Choices = nil
		for _, v := range strings.Split(values, "\n") {
			if v = strings.TrimSpace(v); v != "" {
				attr.Choices = append(attr.Choices, v)
			}
		}
	}
	return ap.act.Edit(attr)
}
