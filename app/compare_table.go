package app

import (
	"cmp"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// Table columns: the code, its pooled figures, then one per document.
const (
	colCode   = 0
	colPooled = 1
	colFirst  = 2
)

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

// cellText is what the cell of a code in a column shows: in the pooled
// column, kappa's interval too when there is one.
func (cv *compareView) cellText(code string, col int, r agreement.Row, ok bool) string {
	if ri, found := cv.intervals.Code(code); found && ok && col == colPooled && ri.Kappa.Defined {
		return "κ " + agreement.FormatCoefficient(r.Kappa) + " " + agreement.FormatInterval(ri.Kappa) + " · " + agreement.FormatPercent(r.PercentAgreement)
	}
	return cellText(r, ok)
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
		label.SetText(cv.cellText(code, id.Col, r, ok))
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
