package app

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// compareView is the Compare tab: the researcher chooses coders and
// documents and presses Compare; a heatmap of kappa by code and document
// follows, and selecting a cell shows that document with each coder's
// codings of that code in its own colour and margin lane, the disagreements
// marked and stepped through one by one.
type compareView struct {
	wb *Workbench

	Coders       *widget.CheckGroup
	AllDocuments *widget.Check // compare every document a chosen coder coded
	Documents    *widget.CheckGroup
	Run          *widget.Button
	Progress     *widget.ProgressBarInfinite
	Cancel       *widget.Button
	Overall      *widget.Label
	SortBy       *widget.Select
	Table        *widget.Table
	Pair         *widget.Label // which code and document are shown, with their figures
	Viewer       *textview.Viewer
	Previous     *widget.Button
	Next         *widget.Button
	Position     *widget.Label // "3 of 12: coded by alice, not by bob"
	OpenDocument *widget.Button
	legend       *fyne.Container
	busy         *fyne.Container
	sortRow      *fyne.Container

	// compare runs the comparison; tests may replace it.
	compare func(storage.ComparisonOptions) (storage.Comparison, error)
	// onStage, when set, is told "progress" when the progress indicator
	// appears and "done" when a run has ended (delivered, failed or
	// discarded), on the goroutine that updated the widgets.
	onStage func(stage string)

	run         int // the run in flight (or the last one); older results are discarded
	running     bool
	preselected bool // every coder was checked once there were two

	cmp           *storage.Comparison
	grid          compareGrid
	disagreements []agreement.Disagreement
	sort          sortKey
	order         []int // grid.codes indices in display order

	// the code and column whose codings are shown, and the disagreement selected
	pairCode string
	pairCol  int
	pairList []agreement.Disagreement
	pairDoc  string
	marks    []coding.Span
	current  int

	content fyne.CanvasObject
}

// Table columns: the code, its pooled figures, then one per document.
const (
	colCode   = 0
	colPooled = 1
	colFirst  = 2
)

// coderColors tell the compared coders apart in the comparison viewer.
var coderColors = []color.NRGBA{
	{R: 0x1E, G: 0x88, B: 0xE5, A: 0xFF}, // blue
	{R: 0xD8, G: 0x1B, B: 0x60, A: 0xFF}, // pink
	{R: 0x43, G: 0xA0, B: 0x47, A: 0xFF}, // green
	{R: 0x8E, G: 0x24, B: 0xAA, A: 0xFF}, // purple
	{R: 0x00, G: 0x89, B: 0x7B, A: 0xFF}, // teal
	{R: 0x6D, G: 0x4C, B: 0x41, A: 0xFF}, // brown
}

func coderColor(i int) color.NRGBA { return coderColors[i%len(coderColors)] }

func newCompareView(wb *Workbench) *compareView {
	cv := &compareView{wb: wb, compare: wb.project.Compare, sort: sortKey{col: sortCodebook}}
	cv.Coders = widget.NewCheckGroup(nil, func([]string) { cv.updateRun() })
	cv.Documents = widget.NewCheckGroup(nil, func([]string) { cv.updateRun() })
	cv.AllDocuments = widget.NewCheck("All coded documents", func(on bool) {
		if on {
			cv.Documents.Disable()
		} else {
			cv.Documents.Enable()
		}
		cv.updateRun()
	})
	cv.AllDocuments.SetChecked(true)
	cv.Run = widget.NewButton("Compare", cv.start)
	cv.Run.Importance = widget.HighImportance
	cv.Progress = widget.NewProgressBarInfinite()
	cv.Progress.Stop()
	cv.Cancel = widget.NewButton("Cancel", cv.cancel)
	cv.busy = container.NewVBox(cv.Progress, cv.Cancel)
	cv.busy.Hide()

	cv.Overall = widget.NewLabel("Choose at least two coders and press Compare.")
	cv.Overall.Wrapping = fyne.TextWrapWord
	cv.SortBy = widget.NewSelect(nil, func(choice string) {
		if i := slices.Index(cv.SortBy.Options, choice); i >= 0 {
			cv.sortBy(sortKey{col: i - 1})
		}
	})
	cv.Table = widget.NewTable(cv.size, newHeatCell, cv.updateCell)
	cv.Table.ShowHeaderRow = true
	cv.Table.StickyColumnCount = 2
	cv.Table.CreateHeader = func() fyne.CanvasObject { return newHeaderCell() }
	cv.Table.UpdateHeader = cv.updateHeader
	cv.Table.SetColumnWidth(colCode, 140)
	cv.Table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(cv.order) {
			return
		}
		code, col := cv.grid.codes[cv.order[id.Row]], max(id.Col, colPooled)
		if code != cv.pairCode || col != cv.pairCol || cv.pairDoc == "" { // not just re-selected after sorting
			cv.showPair(code, col)
		}
	}

	cv.Pair = boldLabel("")
	cv.Pair.Truncation = fyne.TextTruncateEllipsis
	cv.Viewer = textview.New()
	cv.Previous = widget.NewButtonWithIcon("Previous disagreement", theme.NavigateBackIcon(), func() { cv.step(-1) })
	cv.Next = widget.NewButtonWithIcon("Next disagreement", theme.NavigateNextIcon(), func() { cv.step(+1) })
	cv.Next.IconPlacement = widget.ButtonIconTrailingText
	cv.Position = widget.NewLabel("")
	cv.Position.Truncation = fyne.TextTruncateEllipsis
	cv.OpenDocument = widget.NewButton("Edit in Document tab", cv.openInDocumentTab)
	cv.legend = container.NewHBox()
	cv.clearPair("Select a cell to see the coders' codings of that code side by side.")
	cv.updateRun()

	choices := container.NewBorder(
		container.NewVBox(boldLabel("Coders"), cv.Coders, widget.NewSeparator(), boldLabel("Documents"), cv.AllDocuments),
		container.NewVBox(widget.NewSeparator(), cv.Run, cv.busy),
		nil, nil,
		container.NewScroll(cv.Documents)) // long file names scroll rather than widen the column
	cv.sortRow = container.NewHBox(widget.NewLabel("Sort by:"), container.NewGridWrap(fyne.NewSize(260, cv.SortBy.MinSize().Height), cv.SortBy),
		widget.NewLabel("(or click a column heading)"))
	cv.sortRow.Hide()
	cv.Table.Hide() // until there are results
	results := container.NewBorder(container.NewVBox(cv.Overall, cv.sortRow), nil, nil, nil, cv.Table)
	nav := container.NewVBox(
		container.NewBorder(nil, nil, nil, cv.legend, cv.Pair),
		container.NewHBox(cv.Previous, cv.Next, cv.OpenDocument),
		cv.Position)
	pair := container.NewBorder(nav, nil, nil, nil, cv.Viewer)
	split := container.NewVSplit(results, pair)
	split.Offset = 0.5
	cv.content = container.NewBorder(nil, nil, container.NewPadded(choices), nil, split)
	return cv
}

// ShowCompare brings the Compare tab to the front.
func (wb *Workbench) ShowCompare() {
	for _, item := range wb.Tabs.Items {
		if item.Content == wb.Compare.content {
			wb.Tabs.Select(item)
		}
	}
}

// refresh offers the project's coders and documents, keeping the choices
// made; results already shown are marked as possibly out of date.
func (cv *compareView) refresh() {
	names := make([]string, len(cv.wb.coders))
	for i, c := range cv.wb.coders {
		names[i] = c.Name
	}
	cv.Coders.Options = names
	if !cv.preselected && len(names) >= 2 { // compare everyone until told otherwise
		cv.Coders.Selected = slices.Clone(names)
		cv.preselected = true
	}
	cv.Coders.Selected = keep(cv.Coders.Selected, names)
	cv.Coders.Refresh()
	docs := make([]string, len(cv.wb.docs))
	for i, d := range cv.wb.docs {
		docs[i] = d.Name
	}
	cv.Documents.Options = docs
	cv.Documents.Selected = keep(cv.Documents.Selected, docs)
	cv.Documents.Refresh()
	cv.updateRun()
	if cv.cmp != nil && !cv.running {
		cv.Overall.SetText(cv.overallText() + "\nThe project may have changed since " + cv.cmp.Generated.Format("15:04:05") + ": press Compare to update.")
	}
}

// keep is the chosen names that are still options, in their order.
func keep(chosen, options []string) []string {
	var out []string
	for _, c := range chosen {
		if slices.Contains(options, c) {
			out = append(out, c)
		}
	}
	return out
}

// options is what the chosen coders and documents ask Compare for.
func (cv *compareView) options() storage.ComparisonOptions {
	opt := storage.ComparisonOptions{Coders: keep(cv.Coders.Options, cv.Coders.Selected)}
	if !cv.AllDocuments.Checked {
		opt.Documents = keep(cv.Documents.Options, cv.Documents.Selected)
	}
	return opt
}

// updateRun enables Compare when the choices make a comparison.
func (cv *compareView) updateRun() {
	if cv.Run == nil {
		return
	}
	opt := cv.options()
	if cv.running || len(opt.Coders) < 2 || !cv.AllDocuments.Checked && len(opt.Documents) == 0 {
		cv.Run.Disable()
	} else {
		cv.Run.Enable()
	}
}

// start runs the comparison in the background. A progress indicator with
// Cancel appears when it takes longer than half a second; cancelling
// discards the result.
func (cv *compareView) start() {
	opt := cv.options()
	if len(opt.Coders) < 2 {
		cv.wb.done("Choose at least two coders to compare")
		return
	}
	cv.run++
	run := cv.run
	cv.running = true
	cv.updateRun()
	cv.wb.done("Comparing " + strings.Join(opt.Coders, ", ") + "…")
	timer := time.AfterFunc(progressDelay, func() {
		fyne.Do(func() {
			if cv.run == run && cv.running {
				cv.busy.Show()
				cv.Progress.Start()
				cv.stage("progress")
			}
		})
	})
	compare := cv.compare
	go func() {
		result, err := compare(opt)
		var ds []agreement.Disagreement
		if err == nil {
			ds = result.Disagreements()
		}
		timer.Stop()
		fyne.Do(func() {
			if cv.run != run { // cancelled, or superseded by a newer run
				cv.stage("done")
				return
			}
			cv.settle()
			if err != nil {
				showError(cv.wb.win, fmt.Errorf("compare coders: %w", err))
			} else {
				cv.show(&result, ds)
				cv.wb.done(fmt.Sprintf("Compared %s on %d documents", strings.Join(opt.Coders, ", "), len(result.Documents)))
			}
			cv.stage("done")
		})
	}()
}

// cancel abandons the comparison in flight: its result will be discarded.
func (cv *compareView) cancel() {
	if !cv.running {
		return
	}
	cv.run++
	cv.settle()
	cv.wb.done("Comparison cancelled")
}

// settle ends the busy state.
func (cv *compareView) settle() {
	cv.running = false
	cv.Progress.Stop()
	cv.busy.Hide()
	cv.updateRun()
}

func (cv *compareView) stage(s string) {
	if cv.onStage != nil {
		cv.onStage(s)
	}
}

// show presents a comparison: the overall figures, the sort choices and
// the table; the cell shown before is shown again if it still exists.
func (cv *compareView) show(c *storage.Comparison, ds []agreement.Disagreement) {
	cv.cmp, cv.disagreements = c, ds
	cv.grid = newCompareGrid(c.Report, c.Documents)
	cv.Overall.SetText(cv.overallText())
	cv.sortRow.Show()
	cv.Table.Show()
	options := []string{"Codebook order", "Code name", "κ Pooled"}
	for _, d := range c.Documents {
		options = append(options, "κ "+d.Name)
	}
	cv.SortBy.Options = options
	if cv.sort.col >= colFirst+len(c.Documents) {
		cv.sort = sortKey{col: sortCodebook}
	}
	cv.sortBy(cv.sort)
	for col := colPooled; col < colFirst+len(c.Documents); col++ {
		cv.Table.SetColumnWidth(col, 130)
	}
	cv.Table.UnselectAll()
	code, col := cv.pairCode, cv.pairCol
	cv.clearPair("Select a cell to see the coders' codings of that code side by side.")
	if row := cv.rowOf(code); row >= 0 && col < colFirst+len(c.Documents) {
		cv.Table.Select(widget.TableCellID{Row: row, Col: col})
	}
}

// overallText names the coefficient and gives the figures pooled over
// every code and document.
func (cv *compareView) overallText() string {
	c := cv.cmp
	o := c.Report.Overall
	seg := c.Segments.Overall
	return fmt.Sprintf("%d coders, %d codes in %d documents. Overall: %s %s · %s %s · %s %s · %s %s · segments matched %d of %d (overlap ≥ %.0f %%)",
		len(c.Coders), len(cv.grid.codes), len(c.Documents),
		agreement.KappaName(len(c.Coders)), agreement.FormatCoefficient(o.Kappa),
		agreement.AlphaName, agreement.FormatCoefficient(o.Alpha),
		agreement.PercentAgreementName, agreement.FormatPercent(o.PercentAgreement),
		agreement.UnitizingAlphaName, agreement.FormatCoefficient(c.Unitizing.Alpha),
		seg.Matched, seg.Matched+seg.Unmatched, c.Segments.Threshold*100)
}

// compareGrid is the report arranged as the table shows it.
type compareGrid struct {
	codes  []string // code IDs, codebook order
	docs   []string // document IDs, in the order considered
	pooled map[string]agreement.Row
	cells  map[[2]string]agreement.Row // by code and document
}

func newCompareGrid(rep agreement.Report, docs []coding.Document) compareGrid {
	g := compareGrid{pooled: map[string]agreement.Row{}, cells: map[[2]string]agreement.Row{}}
	for _, r := range rep.Codes {
		g.codes = append(g.codes, r.Code)
		g.pooled[r.Code] = r
	}
	for _, d := range docs {
		g.docs = append(g.docs, d.ID)
	}
	for _, r := range rep.Rows {
		g.cells[[2]string{r.Code, r.Document}] = r
	}
	return g
}

// row is the figures of a code in a table column (colPooled or a
// document's); ok is false when nobody applied the code in that document.
func (g compareGrid) row(code string, col int) (agreement.Row, bool) {
	if col == colPooled {
		r, ok := g.pooled[code]
		return r, ok
	}
	if i := col - colFirst; i >= 0 && i < len(g.docs) {
		r, ok := g.cells[[2]string{code, g.docs[i]}]
		return r, ok
	}
	return agreement.Row{}, false
}

// cellText is what a table cell shows for a row.
func cellText(r agreement.Row, ok bool) string {
	if !ok {
		return "not applied"
	}
	return "κ " + agreement.FormatCoefficient(r.Kappa) + " · " + agreement.FormatPercent(r.PercentAgreement)
}

// heatColors are the backgrounds of the kappa bands, translucent so that
// the theme's text reads on them in light and dark themes.
var heatColors = map[agreement.Band]color.NRGBA{
	agreement.Red:         {R: 0xE5, G: 0x39, B: 0x35, A: 0xA0},
	agreement.Amber:       {R: 0xFB, G: 0x8C, B: 0x00, A: 0xA0},
	agreement.YellowGreen: {R: 0xC0, G: 0xCA, B: 0x33, A: 0xA0},
	agreement.Green:       {R: 0x43, G: 0xA0, B: 0x47, A: 0xA0},
	agreement.Grey:        {R: 0x9E, G: 0x9E, B: 0x9E, A: 0x40},
}

// heatColor is the background for a kappa: the colour of its band
// (agreement.BandOf).
func heatColor(kappa agreement.Stat) color.NRGBA { return heatColors[agreement.BandOf(kappa)] }

// sortKey orders the table's codes: in codebook order, by name, or by the
// kappa of a column (lowest first unless desc; undefined always last).
type sortKey struct {
	col  int // sortCodebook, colCode, colPooled or a document column
	desc bool
}

const sortCodebook = -1

// sortedCodes is the display order of g.codes (indices) under key; name
// gives a code's path.
func sortedCodes(g compareGrid, key sortKey, name func(id string) string) []int {
	order := make([]int, len(g.codes))
	for i := range order {
		order[i] = i
	}
	if key.col == sortCodebook {
		return order
	}
	dir := 1
	if key.desc {
		dir = -1
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ca, cb := g.codes[a], g.codes[b]
		if key.col == colCode {
			return dir * strings.Compare(strings.ToLower(name(ca)), strings.ToLower(name(cb)))
		}
		ka, _ := g.row(ca, key.col)
		kb, _ := g.row(cb, key.col)
		switch {
		case ka.Kappa.Defined != kb.Kappa.Defined:
			if ka.Kappa.Defined {
				return -1
			}
			return 1
		case !ka.Kappa.Defined:
			return 0
		}
		return dir * cmp.Compare(ka.Kappa.Value, kb.Kappa.Value)
	})
	return order
}

// sortBy reorders the table and shows the order in the Sort by choice.
func (cv *compareView) sortBy(key sortKey) {
	cv.sort = key
	if cv.cmp == nil {
		return
	}
	cv.order = sortedCodes(cv.grid, key, cv.cmp.CodePath)
	cv.SortBy.Selected = cv.SortBy.Options[key.col+1]
	cv.SortBy.Refresh()
	cv.Table.UnselectAll()
	cv.Table.Refresh()
	if row := cv.rowOf(cv.pairCode); row >= 0 {
		cv.Table.Select(widget.TableCellID{Row: row, Col: cv.pairCol})
	}
}

// rowOf is the table row of a code, or -1.
func (cv *compareView) rowOf(code string) int {
	return slices.IndexFunc(cv.order, func(i int) bool { return cv.grid.codes[i] == code })
}

func (cv *compareView) size() (rows, cols int) {
	if cv.cmp == nil {
		return 0, 0
	}
	return len(cv.order), colFirst + len(cv.grid.docs)
}

// newHeatCell is a table cell: a coloured background behind a label.
func newHeatCell() fyne.CanvasObject {
	label := widget.NewLabel("κ 0.00 · 100.0 %")
	label.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(canvas.NewRectangle(color.Transparent), label)
}

func (cv *compareView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg, label := box.Objects[0].(*canvas.Rectangle), box.Objects[1].(*widget.Label)
	if id.Row >= len(cv.order) {
		return
	}
	code := cv.grid.codes[cv.order[id.Row]]
	if id.Col == colCode {
		bg.FillColor = color.Transparent
		label.SetText(cv.cmp.CodePath(code))
	} else {
		r, ok := cv.grid.row(code, id.Col)
		bg.FillColor = heatColor(r.Kappa)
		label.SetText(cellText(r, ok))
	}
	bg.Refresh()
}

// headerCell is a column heading that sorts by its column when tapped.
type headerCell struct {
	widget.Label
	onTapped func()
}

func newHeaderCell() *headerCell {
	h := &headerCell{}
	h.TextStyle = fyne.TextStyle{Bold: true}
	h.Truncation = fyne.TextTruncateEllipsis
	h.ExtendBaseWidget(h)
	return h
}

// Tapped sorts by the heading's column.
func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTapped != nil {
		h.onTapped()
	}
}

// Cursor shows that the heading can be clicked.
func (h *headerCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (cv *compareView) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*headerCell)
	col := id.Col
	text := cv.columnName(col)
	if cv.sort.col == col {
		text += map[bool]string{false: " ↑", true: " ↓"}[cv.sort.desc]
	}
	h.SetText(text)
	h.onTapped = func() { cv.sortBy(sortKey{col: col, desc: cv.sort.col == col && !cv.sort.desc}) }
}

// columnName is the heading of a table column.
func (cv *compareView) columnName(col int) string {
	switch {
	case col == colCode:
		return "Code"
	case col == colPooled:
		return "Pooled"
	case cv.cmp != nil && col-colFirst < len(cv.grid.docs):
		return cv.cmp.DocumentName(cv.grid.docs[col-colFirst])
	}
	return ""
}

// showPair shows the codings of one code by the compared coders: in one
// document (a document column) or, for the pooled column, in the first
// document where they disagree on it, with Next and Previous going through
// the disagreements of every document.
func (cv *compareView) showPair(code string, col int) {
	c := cv.cmp
	cv.pairCode, cv.pairCol, cv.current = code, col, -1
	doc := ""
	if i := col - colFirst; i >= 0 && i < len(cv.grid.docs) {
		doc = cv.grid.docs[i]
	}
	cv.pairList = nil
	for _, d := range cv.disagreements {
		if d.Code == code && (doc == "" || d.Document == doc) {
			cv.pairList = append(cv.pairList, d)
		}
	}
	switch {
	case doc != "":
	case len(cv.pairList) > 0:
		doc = cv.pairList[0].Document
	default: // no disagreements: the first document where the code was applied
		for _, id := range cv.grid.docs {
			if _, ok := cv.grid.cells[[2]string{code, id}]; ok {
				doc = id
				break
			}
		}
	}
	r, ok := cv.grid.row(code, col)
	where := cv.columnName(col)
	if col == colPooled {
		where = "all documents"
	}
	cv.Pair.SetText(fmt.Sprintf("%s in %s: %s", c.CodePath(code), where, cellText(r, ok)))
	cv.loadDocument(doc)
	switch len(cv.pairList) {
	case 0:
		cv.Position.SetText("No disagreements: the coders coded the same text.")
	default:
		cv.Position.SetText(fmt.Sprintf("%d disagreements: use Next to go through them.", len(cv.pairList)))
	}
	cv.updateNav()
}

// loadDocument shows a considered document with the pair's code's codings
// of each compared coder in its colour and lane, and its disagreements
// marked.
func (cv *compareView) loadDocument(id string) {
	c := cv.cmp
	cv.pairDoc = id
	d, _ := c.Document(id)
	cv.Viewer.SetText(d.Text)
	var hs []textview.Highlight
	for i, coder := range c.Coders { // one lane per coder, in their order
		for _, cd := range c.Codings {
			if cd.DocumentID == id && cd.CodeID == cv.pairCode && cd.CoderID == coder.ID {
				hs = append(hs, textview.Highlight{Span: cd.Span, Color: coderColor(i), Code: coder.ID,
					Tooltip: c.CodePath(cd.CodeID) + " — " + coder.Name, Key: cd.ID})
			}
		}
	}
	cv.Viewer.SetHighlights(hs)
	cv.marks = nil
	for _, dis := range cv.pairList {
		if dis.Document == id {
			cv.marks = append(cv.marks, dis.Span)
		}
	}
	cv.Viewer.SetMarks(cv.marks)
}

// step selects the next (+1) or previous (-1) disagreement, opening its
// document if needed.
func (cv *compareView) step(delta int) {
	n := len(cv.pairList)
	if n == 0 {
		return
	}
	switch {
	case cv.current < 0 && delta < 0:
		cv.current = n - 1
	case cv.current < 0:
		cv.current = 0
	default:
		cv.current = (cv.current + delta + n) % n
	}
	d := cv.pairList[cv.current]
	if d.Document != cv.pairDoc {
		cv.loadDocument(d.Document)
	}
	cv.Viewer.SetSelection(d.Span)
	cv.Position.SetText(fmt.Sprintf("%d of %d: %s", cv.current+1, n, cv.describe(d)))
	cv.updateNav()
}

// describe says who coded a disagreement and who did not, and where.
func (cv *compareView) describe(d agreement.Disagreement) string {
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = cv.cmp.CoderName(id)
		}
		return strings.Join(out, ", ")
	}
	text := fmt.Sprintf("coded by %s, not by %s", names(d.CodedBy), names(d.NotCodedBy))
	if cv.pairCol == colPooled {
		text += " in " + cv.cmp.DocumentName(d.Document)
	}
	return text + fmt.Sprintf(" (characters %d–%d)", d.Start, d.End)
}

// clearPair empties the comparison viewer, saying why.
func (cv *compareView) clearPair(message string) {
	cv.pairCode, cv.pairCol, cv.pairList, cv.pairDoc, cv.marks, cv.current = "", colPooled, nil, "", nil, -1
	cv.Pair.SetText("")
	cv.Position.SetText(message)
	cv.Viewer.SetText("")
	cv.updateNav()
}

// updateNav enables the buttons that apply and shows the coders' colours.
func (cv *compareView) updateNav() {
	for _, b := range []*widget.Button{cv.Previous, cv.Next} {
		if len(cv.pairList) > 0 {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if cv.pairDoc == "" {
		cv.OpenDocument.Disable()
	} else {
		cv.OpenDocument.Enable()
	}
	cv.legend.RemoveAll()
	if cv.cmp == nil || cv.pairDoc == "" {
		return
	}
	for i, c := range cv.cmp.Coders {
		swatch := canvas.NewRectangle(coderColor(i))
		swatch.SetMinSize(fyne.NewSize(14, 14))
		swatch.CornerRadius = 3
		cv.legend.Add(container.NewCenter(swatch))
		cv.legend.Add(widget.NewLabel(c.Name))
	}
	cv.legend.Add(layout.NewSpacer())
}

// openInDocumentTab opens the shown document in the Document tab, with the
// selected disagreement selected, where codings can be changed.
func (cv *compareView) openInDocumentTab() {
	if cv.pairDoc == "" {
		return
	}
	sel := cv.Viewer.Selection()
	cv.wb.OpenDocument(cv.pairDoc)
	if !sel.Empty() {
		cv.wb.Viewer.SetSelection(sel)
		cv.wb.updateStatus()
	}
}

// exportComparisonDialog asks where to write the agreement workbook of
// the coders and documents chosen in the Compare tab.
func (wb *Workbench) exportComparisonDialog() {
	wb.freshen(wb.Compare.content)
	opt := wb.Compare.options()
	if len(opt.Coders) < 2 {
		wb.ShowCompare()
		showError(wb.win, fmt.Errorf("export comparison: choose at least two coders in the Compare tab (%d chosen)", len(opt.Coders)))
		return
	}
	wb.askSavePath(projectTitle(wb.project.Path())+" comparison", ".xlsx", func(path string) {
		wb.ExportComparison(path, opt, nil)
	})
}

// ExportComparison writes the agreement workbook (.xlsx) of the coders and
// documents of opt (every document a chosen coder coded when it names none)
// to path in the background, as File → Export does; done, if not nil, then
// runs on the main goroutine.
func (wb *Workbench) ExportComparison(path string, opt storage.ComparisonOptions, done func(error)) {
	var f storage.Filter
	for _, c := range wb.coders {
		if slices.Contains(opt.Coders, c.Name) {
			f.Coders = append(f.Coders, c.ID)
		}
	}
	for _, d := range wb.docs {
		if slices.Contains(opt.Documents, d.Name) {
			f.Documents = append(f.Documents, d.ID)
		}
	}
	wb.exportInBackground(path, f, done)
}
