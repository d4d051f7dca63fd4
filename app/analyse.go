package app

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// analyseActions are what the Analyse tab asks the window to do.
type analyseActions struct {
	// Analyse reads the codings to analyse; it is called on a goroutine of its own.
	Analyse func(storage.Filter, analysis.Proximity) (storage.Analysis, error)
	// Document reads a document with its text, for the passages.
	Document func(id string) (coding.Document, error)
	// Open shows a passage in the Document tab, marked.
	Open func(docID string, span coding.Span)
	// Export asks where to write the tables and writes them.
	Export func(name string, tables []analysis.Table)
	// Words counts words (storage's Project.WordFrequencies); it runs off
	// the window's goroutine.
	Words func(storage.WordSource, analysis.WordOptions, func() bool) (analysis.WordFrequencies, bool, error)
	// Search searches the documents for a word in the Search tab.
	Search func(word string)
	// CodebookReport asks for and writes the codebook report of the
	// codings the filter selects; SummaryReport the project summary.
	CodebookReport func(storage.Filter)
	SummaryReport  func()
	Done           func(message string)
}

// The analyses the tab offers, in the order of its choice.
const (
	analyseFrequencies  = "Code frequencies"
	analyseMatrix       = "Code matrix"
	analyseCooccurrence = "Co-occurrence"
	analyseCrosstab     = "Crosstab"
)

// The crosstab's choices: by sets rather than an attribute, and what its
// cells count.
const (
	bySets         = "Sets and filters"
	countCodings   = "Codings"
	countDocuments = "Documents"
)

// The proximities of co-occurrence.
const (
	proxOverlap   = "Overlapping"
	proxWithin    = "Within N characters"
	proxParagraph = "Same paragraph"
)

// analyseView is the Analyse tab: the codings of the shown coders (from the
// window's State) as code frequencies with a bar chart, a code matrix
// (codes × documents) or a co-occurrence grid (codes × codes), each a
// sortable table; selecting a cell lists the passages behind it, and
// selecting a passage opens it in the Document tab. Errors are shown in win.
type analyseView struct {
	st  *State
	win fyne.Window
	do  analyseActions

	Kind      *widget.RadioGroup
	Proximity *widget.Select
	Within    *widget.Entry
	By        *widget.Select // crosstab: an attribute, or bySets
	Count     *widget.Select // crosstab: countCodings or countDocuments
	SetPick   *widget.Select // the documents analysed: a set or saved filter
	Where     *widget.Entry  // and a condition
	Progress  *widget.ProgressBarInfinite
	Cancel    *widget.Button
	Summary   *widget.Label
	Table     *widget.Table
	Explain   *widget.Label
	Export    *widget.Button
	Passages  *widget.List
	Behind    *widget.Label  // what the listed passages are
	WordsOf   *widget.Select // words: of all text, or of a code's passages
	AllWords  *widget.Check  // words: the stop words count too
	// Reports offers the reports (CodebookReport: .html or .docx;
	// SummaryReport: .html or .json), as `marginalia report` writes them.
	Reports        *widget.Button
	CodebookReport *fyne.MenuItem
	SummaryReport  *fyne.MenuItem

	// onDone, when set, is told when a run's result is shown.
	onDone func()
	// spawn runs an analysis off the window's goroutine and deliver hands
	// its result back to it; tests make both run in step.
	spawn   func(func())
	deliver func(func())

	run     int
	running bool
	busy    *fyne.Container // Progress and Cancel
	coOpts  *fyne.Container // co-occurrence's choices
	ctOpts  *fyne.Container // the crosstab's
	wdOpts  *fyne.Container // the word frequencies'
	// wordCodes are the codes WordsOf offers, by path; stopWords stops the
	// count of words in flight.
	wordCodes map[string]string
	stopWords *atomic.Bool
	words     *analysis.WordFrequencies // the word frequencies shown
	result    *storage.Analysis
	groups    []analysis.Group // the crosstab's columns
	by        string           // what the crosstab is by
	grid      analyseGrid
	order     []int // grid rows in display order
	sortCol   int   // -1: the analysis' own order
	desc      bool
	listed    []passage
	texts     map[string]coding.Document
	content   fyne.CanvasObject
}

// analyseGrid is an analysis as the table shows it.
type analyseGrid struct {
	columns []analyseColumn
	rows    []analyseRow
	heat    bool // colour cells by value
	bar     int  // the column drawn as a bar, or -1
	max     float64
}

type analyseColumn struct {
	header, tip string
	width       float32
}

type analyseRow struct {
	label string
	word  bool // a word of the word frequencies: selecting it searches for it
	cells []analyseCell
	all   func() []int // the code's codings, listed when its name is selected
	total bool         // the row of totals over every code (analysis.AnyCode), kept last
}

// analyseCell is one figure and the passages behind it.
type analyseCell struct {
	text    string
	value   float64
	heat    bool // coloured as part of a heatmap
	codings func() []int
	pair    [2]string // co-occurrence: the two codes' IDs
}

// passage is one passage behind a cell: a coding, or a pair of co-occurring codings.
type passage struct {
	doc, coder string
	span       coding.Span
	what       string // the codes
}

func newAnalyseView(st *State, win fyne.Window, do analyseActions) *analyseView {
	av := &analyseView{st: st, win: win, do: do, sortCol: -1, spawn: func(f func()) { go f() }, deliver: fyne.Do}
	av.Kind = widget.NewRadioGroup([]string{analyseFrequencies, analyseMatrix, analyseCooccurrence, analyseCrosstab, analyseWords}, func(string) { av.start() })
	av.Kind.Horizontal = true
	av.Kind.Required = true
	av.Kind.Selected = analyseFrequencies
	av.Proximity = widget.NewSelect([]string{proxOverlap, proxWithin, proxParagraph}, func(string) { av.updateChoices(); av.start() })
	av.Proximity.Selected = proxOverlap
	av.Within = widget.NewEntry()
	av.Within.SetText("50")
	av.Within.OnSubmitted = func(string) { av.start() }
	av.By = widget.NewSelect(nil, func(string) { av.start() })
	av.Count = widget.NewSelect([]string{countCodings, countDocuments}, func(string) { av.start() })
	av.Count.Selected = countCodings
	av.SetPick = widget.NewSelect(nil, func(string) { av.start() })
	av.SetPick.Selected = noSet
	av.Where = widget.NewEntry()
	av.Where.SetPlaceHolder("Where… (date < 2015-01-01)")
	av.Where.OnSubmitted = func(string) { av.start() }
	av.Progress = widget.NewProgressBarInfinite()
	av.Progress.Stop()
	av.Cancel = widget.NewButton("Cancel", av.cancel)
	av.busy = container.NewHBox(container.NewGridWrap(fyne.NewSize(120, av.Cancel.MinSize().Height), av.Progress), av.Cancel)
	av.busy.Hide()
	av.Summary = widget.NewLabel("")
	av.Summary.Wrapping = fyne.TextWrapWord
	av.Explain = widget.NewLabel("")
	av.Explain.Wrapping = fyne.TextWrapWord
	av.Explain.Importance = widget.LowImportance
	av.Export = widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), av.export)
	av.Table = widget.NewTable(av.size, newAnalyseCell, av.updateCell)
	av.Table.ShowHeaderRow = true
	av.Table.StickyColumnCount = 1
	av.Table.CreateHeader = func() fyne.CanvasObject { return newAnalyseHeader() }
	av.Table.UpdateHeader = av.updateHeader
	av.Table.OnSelected = av.selectCell
	av.Behind = boldLabel("Select a cell to see the passages behind it.")
	av.Behind.Wrapping = fyne.TextWrapWord
	av.Passages = widget.NewList(func() int { return len(av.listed) },
		func() fyne.CanvasObject {
			head := widget.NewLabel("")
			head.TextStyle = fyne.TextStyle{Bold: true}
			head.Truncation = fyne.TextTruncateEllipsis
			body := widget.NewLabel("")
			body.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(head, body)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(av.listed) { // laid out while the list was emptied
				return
			}
			p := av.listed[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s · %d–%d", av.docName(p.doc), av.st.CoderName(p.coder), p.what, p.span.Start, p.span.End))
			box.Objects[1].(*widget.Label).SetText(av.excerpt(p))
		})
	av.Passages.OnSelected = func(id widget.ListItemID) {
		p := av.listed[id]
		av.Passages.UnselectAll()
		av.do.Open(p.doc, p.span)
	}
	withinBox := container.NewGridWrap(fyne.NewSize(70, av.Within.MinSize().Height), av.Within)
	av.coOpts = container.NewHBox(widget.NewLabel("Together when:"), av.Proximity, withinBox)
	av.ctOpts = container.NewHBox(widget.NewLabel("By:"), av.By, widget.NewLabel("Count:"), av.Count)
	av.newWordChoices()
	av.wdOpts = container.NewHBox(widget.NewLabel("Words of:"), av.WordsOf, av.AllWords)
	av.updateChoices()
	whereBox := container.NewGridWrap(fyne.NewSize(240, av.Where.MinSize().Height), av.Where)
	// Rows: the analyses; the documents, with Export… and Reports… at the
	// right end; the analysis' choices, with the progress at the right end.
	// Nothing is pushed out of a narrow window.
	first := container.NewHBox(av.Kind)
	second := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Documents:"), av.SetPick, whereBox),
		container.NewHBox(av.Export, av.reportsButton()))
	third := container.NewBorder(nil, nil, container.NewHBox(av.coOpts, av.ctOpts, av.wdOpts), av.busy) // one of them, or none
	top := container.NewVBox(first, second, third, av.Summary)
	passages := container.NewBorder(av.Behind, nil, nil, nil, av.Passages)
	split := container.NewVSplit(container.NewBorder(nil, av.Explain, nil, nil, av.Table), passages)
	split.Offset = 0.62
	av.content = container.NewHScroll(container.NewBorder(top, nil, nil, nil, split))
	return av
}

// updateChoices shows the proximity only for co-occurrence (N only for
// "within") and the crosstab's choices for the crosstab; it offers the
// project's attributes and sets as they are now.
func (av *analyseView) updateChoices() {
	if av.Kind.Selected == analyseCooccurrence {
		av.coOpts.Show()
	} else {
		av.coOpts.Hide()
	}
	if av.Proximity.Selected == proxWithin {
		av.Within.Enable()
	} else {
		av.Within.Disable()
	}
	var by []string
	for _, a := range av.st.Attributes() {
		by = append(by, a.Name)
	}
	if len(av.st.Sets()) > 0 {
		by = append(by, bySets)
	}
	av.By.Options = by
	if !slices.Contains(by, av.By.Selected) {
		av.By.Selected = ""
		if len(by) > 0 {
			av.By.Selected = by[0]
		}
	}
	av.By.Refresh()
	if av.Kind.Selected == analyseCrosstab {
		av.ctOpts.Show()
	} else {
		av.ctOpts.Hide()
	}
	av.updateWordChoices()
	if av.Kind.Selected == analyseWords {
		av.wdOpts.Show()
	} else {
		av.wdOpts.Hide()
	}
	sets := []string{noSet}
	for _, s := range av.st.Sets() {
		sets = append(sets, s.Name)
	}
	av.SetPick.Options = sets
	if !slices.Contains(sets, av.SetPick.Selected) {
		av.SetPick.Selected = noSet // the set was deleted
	}
	av.SetPick.Refresh()
}

// refresh analyses again what the state shows (it is called when the tab
// is shown after a change).
func (av *analyseView) refresh() { av.start() }

// filter is the shown coders' codings in the documents of the chosen set
// that meet the condition; problem says why there is nothing to analyse.
// Without codings (the words of all text), no coder need be shown.
func (av *analyseView) filter(codings bool) (f storage.Filter, problem string) {
	for _, c := range av.st.Coders() {
		if av.st.Visible(c.ID) {
			f.Coders = append(f.Coders, c.ID)
		}
	}
	if len(f.Coders) == 0 && codings {
		return f, "No coder's codings are shown: choose whose codings to show at the top of the window."
	}
	set, _ := av.st.SetNamed(av.SetPick.Selected)
	where, err := coding.ParseWhere(av.Where.Text)
	if err != nil {
		return f, err.Error()
	}
	if set.Name == "" && len(where) == 0 {
		return f, "" // every document
	}
	docs, err := av.st.SelectDocuments(set, where)
	if err != nil {
		return f, err.Error()
	}
	if len(docs) == 0 { // an empty list would mean every document
		return f, "No document is in the set chosen and meets the condition: nothing to analyse."
	}
	for _, d := range docs {
		f.Documents = append(f.Documents, d.ID)
	}
	return f, ""
}

func (av *analyseView) proximity() (analysis.Proximity, error) {
	switch av.Proximity.Selected {
	case proxWithin:
		n, err := strconv.Atoi(strings.TrimSpace(av.Within.Text))
		if err != nil || n < 0 {
			return analysis.Proximity{}, fmt.Errorf("within %q characters: give a whole number, 0 or more", av.Within.Text)
		}
		return analysis.Proximity{Kind: analysis.Within, N: n}, nil
	case proxParagraph:
		return analysis.Proximity{Kind: analysis.Paragraph}, nil
	}
	return analysis.Proximity{}, nil
}

// start runs the analysis in the background; a newer run supersedes it.
func (av *analyseView) start() {
	av.updateChoices()
	av.run++
	run := av.run
	kind := av.Kind.Selected
	ct := crosstabChoice{by: av.By.Selected, documents: av.Count.Selected == countDocuments}
	f, problem := av.filter(kind != analyseWords || av.WordsOf.Selected != wordsOfAll)
	if problem == "" && kind == analyseCrosstab && ct.by == "" {
		problem = "A crosstab needs attributes or sets: add attributes in the Attributes tab, or save a set in the documents panel."
	}
	if problem != "" {
		av.settle()
		av.result, av.words = nil, nil
		av.grid = analyseGrid{bar: -1}
		av.order = nil
		av.Summary.SetText(problem)
		av.Table.Refresh()
		av.clearPassages()
		return
	}
	prox, err := av.proximity()
	if err != nil {
		showError(av.win, err)
		return
	}
	av.Summary.SetText("Analysing…")
	av.running = true
	if kind == analyseWords {
		av.startWords(run, f)
		return
	}
	stopProgress := av.busyLater(run)
	analyse := av.do.Analyse
	av.spawn(func() {
		a, err := analyse(f, prox)
		var g analyseGrid
		var groups []analysis.Group
		if err == nil {
			g, groups, err = buildGrid(kind, a, ct)
		}
		if err != nil {
			err = fmt.Errorf("analyse: %w", err)
		}
		av.deliver(func() {
			av.finish(run, stopProgress, err, func() {
				av.groups, av.by = groups, ct.label()
				av.show(&a, g)
			})
		})
	})
}

// finish ends run on the window's goroutine: unless it was cancelled or
// superseded by a newer run, it shows the error or, with show, the result.
func (av *analyseView) finish(run int, stopProgress func(), err error, show func()) {
	stopProgress()
	if av.run != run { // cancelled, or superseded by a newer run
		return
	}
	av.settle()
	if err != nil {
		av.Summary.SetText("")
		showError(av.win, err)
		return
	}
	show()
	if av.onDone != nil {
		av.onDone()
	}
}

// busyLater shows the progress bar and Cancel if run is still going after
// a moment; call the stop it returns when the run ends.
func (av *analyseView) busyLater(run int) (stop func()) {
	return showProgressLater(func() {
		if av.run == run && av.running {
			av.busy.Show()
			av.Progress.Start()
		}
	})
}

// cancel abandons the analysis in flight: its result will be discarded.
func (av *analyseView) cancel() {
	if !av.running {
		return
	}
	if av.stopWords != nil {
		av.stopWords.Store(true) // a count of words stops reading documents
	}
	av.run++
	av.settle()
	av.Summary.SetText("Analysis cancelled. Change a choice, or show the tab again, to analyse again.")
	av.do.Done("Analysis cancelled")
}

// settle ends the busy state.
func (av *analyseView) settle() {
	av.running = false
	av.Progress.Stop()
	av.busy.Hide()
}

// crosstabChoice is what the crosstab is by (an attribute's name, or
// bySets) and whether its cells count documents rather than codings.
type crosstabChoice struct {
	by        string
	documents bool
}

// label names the columns for the tables' notes: the attribute, or "sets".
func (c crosstabChoice) label() string {
	if c.by == bySets {
		return "sets"
	}
	return c.by
}

// show presents a result, keeping the sort column when it still exists.
func (av *analyseView) show(a *storage.Analysis, g analyseGrid) {
	av.result, av.words, av.grid = a, nil, g
	av.texts = map[string]coding.Document{}
	if av.sortCol >= len(g.columns) {
		av.sortCol = -1
	}
	av.sortRows()
	for i, c := range g.columns {
		av.Table.SetColumnWidth(i, c.width)
	}
	var coders []string
	for _, c := range a.Coders {
		coders = append(coders, c.Name)
	}
	coded := map[string]bool{}
	for _, c := range a.Codings {
		coded[c.DocumentID] = true
	}
	in := plural(len(a.Documents), "document")
	if len(coded) > 0 && len(coded) < len(a.Documents) {
		in = fmt.Sprintf("%d of the %s", len(coded), in) // "11 codings in 3 of the 6 documents"
	}
	what := fmt.Sprintf("%s of %s in %s by %s.", av.Kind.Selected, plural(len(a.Codings), "coding"), in, strings.Join(coders, ", "))
	switch av.Kind.Selected {
	case analyseCooccurrence:
		what += " Codings go together when " + proximityWords(a.Proximity) + "."
	case analyseCrosstab:
		what += " Columns: the documents by " + av.by + "; each cell " + strings.ToLower(av.Count.Selected) + " (row % · column %)."
	}
	av.Summary.SetText(strings.TrimSpace(what + " Select a cell to list its passages; click a heading to sort. " + av.st.BlindNote()))
	av.Explain.SetText(explanation(av.Kind.Selected))
	av.Table.UnselectAll()
	av.Table.Refresh()
	av.clearPassages()
}

func proximityWords(p analysis.Proximity) string {
	switch p.Kind {
	case analysis.Within:
		return fmt.Sprintf("they overlap or lie at most %d characters apart", p.N)
	case analysis.Paragraph:
		return "they touch the same paragraph"
	}
	return "they share at least one character"
}

// explanation says what the figures of an analysis mean, in plain words.
func explanation(kind string) string {
	switch kind {
	case analyseMatrix:
		return analysis.ExplainMatrix + " The stronger the blue of a cell, the more codings (in the light and the dark theme)."
	case analyseCooccurrence:
		return "Each cell: pairs · c. " + analysis.ExplainPairs + " " + analysis.ExplainC + " On the diagonal, the code's own codings."
	case analyseCrosstab:
		return analysis.ExplainRowPercent + " " + analysis.ExplainColPercent + " Export… writes codings and documents with both percentages."
	}
	return analysis.ExplainCodings + " " + analysis.ExplainDocuments + " " + analysis.ExplainCharacters
}

func (av *analyseView) clearPassages() {
	av.listed = nil
	av.Behind.SetText("Select a cell to see the passages behind it.")
	av.Passages.Refresh()
}

// buildGrid arranges an analysis for the table; for a crosstab it also
// gives its columns' groups.
func buildGrid(kind string, a storage.Analysis, ct crosstabChoice) (analyseGrid, []analysis.Group, error) {
	names := a.Names()
	opt := a.Options()
	byCode := map[string][]int{}
	for i, c := range a.Codings {
		byCode[c.CodeID] = append(byCode[c.CodeID], i)
	}
	where := func(code string, keep func(coding.Coding) bool) func() []int {
		return func() []int {
			var out []int
			for _, i := range byCode[code] {
				if keep == nil || keep(a.Codings[i]) {
					out = append(out, i)
				}
			}
			return out
		}
	}
	num := func(n int) string { return strconv.Itoa(n) }
	// every is the codings of any code that keep accepts (nil: all).
	every := func(keep func(coding.Coding) bool) func() []int {
		return func() []int {
			var out []int
			for i, c := range a.Codings {
				if keep == nil || keep(c) {
					out = append(out, i)
				}
			}
			return out
		}
	}
	g := analyseGrid{bar: -1}
	var groups []analysis.Group
	switch kind {
	case analyseFrequencies:
		f := analysis.CodeFrequencies(a.Codings, opt)
		g.bar = 1
		g.columns = []analyseColumn{{"Code", "", 180}, {"Codings", analysis.ExplainCodings, 160}, {"Documents", analysis.ExplainDocuments, 90}, {"Characters", analysis.ExplainCharacters, 100}}
		perCoder := len(f.Coders) > 1
		if perCoder {
			for _, c := range f.Coders {
				g.columns = append(g.columns, analyseColumn{"Codings: " + names.Coder(c), "Codings by " + names.Coder(c) + ".", 120})
			}
		}
		for _, r := range f.Rows {
			code := r.Code
			all := where(code, nil)
			row := analyseRow{label: names.Code(code), all: all}
			row.cells = []analyseCell{{text: num(r.Codings), value: float64(r.Codings), codings: all},
				{text: num(r.Documents), value: float64(r.Documents), codings: all},
				{text: num(r.Characters), value: float64(r.Characters), codings: all}}
			if perCoder {
				for j, c := range r.ByCoder {
					coder := f.Coders[j]
					row.cells = append(row.cells, analyseCell{text: num(c.Codings), value: float64(c.Codings),
						codings: where(code, func(x coding.Coding) bool { return x.CoderID == coder })})
				}
			}
			g.max = max(g.max, float64(r.Codings))
			g.rows = append(g.rows, row)
		}
		t := f.Total
		total := analyseRow{label: analysis.AnyCode, all: every(nil), total: true}
		total.cells = []analyseCell{{text: num(t.Codings), codings: total.all}, {text: num(t.Documents), codings: total.all}, {text: num(t.Characters), codings: total.all}}
		if perCoder {
			for j, c := range t.ByCoder {
				coder := f.Coders[j]
				total.cells = append(total.cells, analyseCell{text: num(c.Codings), codings: every(func(x coding.Coding) bool { return x.CoderID == coder })})
			}
		}
		g.rows = append(g.rows, total)
	case analyseMatrix:
		m := analysis.CodeMatrix(a.Codings, opt)
		g.heat = true
		g.columns = []analyseColumn{{"Code", "", 180}}
		for _, d := range m.Documents {
			g.columns = append(g.columns, analyseColumn{names.Document(d), "Codings of each code in " + names.Document(d) + ".", 130})
		}
		g.columns = append(g.columns, analyseColumn{analysis.AllDocuments, "Codings of each code in all the documents analysed.", 130})
		sums := make([]int, len(m.Documents)+1)
		for i, code := range m.Codes {
			row := analyseRow{label: names.Code(code), all: where(code, nil)}
			n := 0
			for j, c := range m.Cells[i] {
				doc := m.Documents[j]
				row.cells = append(row.cells, analyseCell{text: num(c.Codings), value: float64(c.Codings), heat: true,
					codings: where(code, func(x coding.Coding) bool { return x.DocumentID == doc })})
				g.max = max(g.max, float64(c.Codings))
				n += c.Codings
				sums[j] += c.Codings
			}
			sums[len(m.Documents)] += n
			row.cells = append(row.cells, analyseCell{text: num(n), value: float64(n), codings: row.all})
			g.rows = append(g.rows, row)
		}
		total := analyseRow{label: analysis.AnyCode, all: every(nil), total: true}
		for j, n := range sums {
			keep := func(coding.Coding) bool { return true }
			if j < len(m.Documents) {
				doc := m.Documents[j]
				keep = func(x coding.Coding) bool { return x.DocumentID == doc }
			}
			total.cells = append(total.cells, analyseCell{text: num(n), value: float64(n), codings: every(keep)})
		}
		g.rows = append(g.rows, total)
	case analyseCooccurrence:
		co := analysis.CodeCooccurrence(a.Codings, opt, a.Proximity)
		g.heat = true
		g.columns = []analyseColumn{{"Code", "", 180}}
		for _, c := range co.Codes {
			g.columns = append(g.columns, analyseColumn{names.Code(c), "Pairs of codings with " + names.Code(c) + " and c, the c-coefficient. " + analysis.ExplainC, 130})
		}
		for i, ci := range co.Codes {
			row := analyseRow{label: names.Code(ci), all: where(ci, nil)}
			for j, cj := range co.Codes {
				if i == j {
					row.cells = append(row.cells, analyseCell{text: "(" + num(co.Codings[i]) + ")", value: -1, codings: where(ci, nil)})
					continue
				}
				cell := co.Cell(i, j)
				text := "–"
				if cell.Pairs > 0 {
					text = fmt.Sprintf("%d · c %.2f", cell.Pairs, cell.C)
					if cell.Capped {
						text += "*"
					}
				}
				row.cells = append(row.cells, analyseCell{text: text, value: cell.C, heat: true, pair: [2]string{ci, cj}})
				g.max = max(g.max, cell.C)
			}
			g.rows = append(g.rows, row)
		}
	case analyseCrosstab:
		var err error
		if groups, err = a.Groups(ct.by, ct.by == bySets); err != nil {
			return g, nil, err
		}
		x := a.Crosstab(groups)
		g.heat = true
		g.columns = []analyseColumn{{"Code", "", 180}}
		what := "Codings: how many passages of these documents were coded with the code"
		if ct.documents {
			what = "Documents: in how many of these documents the code was applied"
		}
		for _, grp := range groups {
			whose := fmt.Sprintf("The %s whose %s is %s", plural(len(grp.Documents), "document"), ct.by, grp.Name)
			if ct.by == bySets {
				whose = fmt.Sprintf("The %s of the set %s", plural(len(grp.Documents), "document"), grp.Name)
			}
			g.columns = append(g.columns, analyseColumn{grp.Name, whose + ". " + what + " (row % · column %).\n" +
				analysis.ExplainRowPercent + "\n" + analysis.ExplainColPercent, 150})
		}
		g.columns = append(g.columns, analyseColumn{"All", "All the documents analysed.", 80})
		pc := analysis.FormatWholePercent
		for i, code := range x.Codes {
			row := analyseRow{label: names.Code(code), all: where(code, nil)}
			for j, c := range x.Cells[i] {
				in := map[string]bool{}
				for _, d := range groups[j].Documents {
					in[d] = true
				}
				n, r, col := c.Codings, c.RowPercent, c.ColumnPercent
				if ct.documents {
					n, r, col = c.Documents, c.DocumentsRowPercent, c.DocumentsColumnPercent
				}
				row.cells = append(row.cells, analyseCell{text: fmt.Sprintf("%d (%s · %s)", n, pc(r), pc(col)), value: float64(n), heat: true,
					codings: where(code, func(x coding.Coding) bool { return in[x.DocumentID] })})
				g.max = max(g.max, float64(n))
			}
			n := x.Rows[i].Codings
			if ct.documents {
				n = x.Rows[i].Documents
			}
			row.cells = append(row.cells, analyseCell{text: num(n), value: float64(n), codings: row.all})
			g.rows = append(g.rows, row)
		}
		total := analyseRow{label: analysis.AnyCode, all: every(nil), total: true}
		all := 0
		for j, c := range x.Columns {
			in := map[string]bool{}
			for _, d := range groups[j].Documents {
				in[d] = true
			}
			n := c.Codings
			if ct.documents {
				n = c.Documents
			}
			total.cells = append(total.cells, analyseCell{text: num(n), value: float64(n), codings: every(func(x coding.Coding) bool { return in[x.DocumentID] })})
		}
		for _, r := range x.Rows {
			all += r.Codings
		}
		last := analyseCell{text: num(all), value: float64(all), codings: total.all}
		if ct.documents {
			last.text = "" // documents are not summed over codes: the footer of the export gives each column's
		}
		total.cells = append(total.cells, last)
		g.rows = append(g.rows, total)
	}
	return g, groups, nil
}

func (av *analyseView) size() (int, int) {
	if len(av.grid.columns) == 0 {
		return 0, 0
	}
	return len(av.order), len(av.grid.columns)
}

// sortRows orders the rows by the sort column: the label alphabetically,
// a figure largest first (smallest first when desc is false for labels).
func (av *analyseView) sortRows() {
	av.order = make([]int, len(av.grid.rows))
	for i := range av.order {
		av.order[i] = i
	}
	col := av.sortCol
	if col < 0 {
		return
	}
	slices.SortStableFunc(av.order, func(a, b int) int {
		ra, rb := av.grid.rows[a], av.grid.rows[b]
		if ra.total != rb.total { // the totals stay last
			if ra.total {
				return 1
			}
			return -1
		}
		var c int
		if col == 0 {
			c = strings.Compare(strings.ToLower(ra.label), strings.ToLower(rb.label))
		} else {
			c = cmp.Compare(rb.cells[col-1].value, ra.cells[col-1].value) // largest first
		}
		if av.desc {
			return -c
		}
		return c
	})
}

// sortBy sorts by a column; the same column again reverses the order.
func (av *analyseView) sortBy(col int) {
	if av.sortCol == col {
		av.desc = !av.desc
	} else {
		av.sortCol, av.desc = col, false
	}
	av.sortRows()
	av.Table.UnselectAll()
	av.Table.Refresh()
	av.clearPassages()
}

// cellLayout lays out a table cell: a background, a bar of frac of the
// width, and the text on top.
type cellLayout struct{ frac float32 }

func (l *cellLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
	pad := float32(4)
	objs[1].Move(fyne.NewPos(pad, pad))
	objs[1].Resize(fyne.NewSize(max(0, (size.Width-2*pad)*l.frac), max(0, size.Height-2*pad)))
	objs[2].Resize(size)
	objs[2].Move(fyne.NewPos(0, 0))
}

func (l *cellLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[2].MinSize() }

// barColor is the bars' colour, translucent so the text reads on it.
var barColor = color.NRGBA{R: 0x44, G: 0x72, B: 0xC4, A: 0x90}

func newAnalyseCell() fyne.CanvasObject {
	label := widget.NewLabel("0000 · c 0.00")
	label.Truncation = fyne.TextTruncateEllipsis
	bar := canvas.NewRectangle(barColor)
	return container.New(&cellLayout{}, canvas.NewRectangle(color.Transparent), bar, label)
}

// heat is the background of a heatmap cell: blue, the stronger the larger
// the value against the table's largest.
func heat(v, top float64) color.Color {
	if v <= 0 || top <= 0 {
		return color.Transparent
	}
	return color.NRGBA{R: 0x1E, G: 0x88, B: 0xE5, A: uint8(40 + 160*min(v/top, 1))}
}

func (av *analyseView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg, bar, label := box.Objects[0].(*canvas.Rectangle), box.Objects[1].(*canvas.Rectangle), box.Objects[2].(*widget.Label)
	l := box.Layout.(*cellLayout)
	l.frac = 0
	bg.FillColor = color.Transparent
	if id.Row >= len(av.order) || id.Col >= len(av.grid.columns) {
		return
	}
	row := av.grid.rows[av.order[id.Row]]
	if id.Col == 0 {
		label.SetText(row.label)
	} else {
		c := row.cells[id.Col-1]
		label.SetText(c.text)
		if c.heat {
			bg.FillColor = heat(c.value, av.grid.max)
		}
		if id.Col == av.grid.bar && av.grid.max > 0 && !row.total {
			l.frac = float32(c.value / av.grid.max)
		}
	}
	bg.Refresh()
	bar.Refresh()
	box.Refresh()
}

// analyseHeader is a column heading that sorts when tapped and explains
// its figure in a tooltip.
type analyseHeader struct {
	headerCell
	tip hoverTip
}

func newAnalyseHeader() *analyseHeader {
	h := &analyseHeader{}
	h.TextStyle = fyne.TextStyle{Bold: true}
	h.Truncation = fyne.TextTruncateEllipsis
	h.ExtendBaseWidget(h)
	return h
}

// MouseIn starts the wait for the heading's tooltip.
func (h *analyseHeader) MouseIn(ev *desktop.MouseEvent) { h.tip.in(h, ev) }

// MouseMoved follows the pointer.
func (h *analyseHeader) MouseMoved(ev *desktop.MouseEvent) { h.tip.moved(ev) }

// MouseOut hides the tooltip.
func (h *analyseHeader) MouseOut() { h.tip.out() }

func (av *analyseView) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*analyseHeader)
	if id.Col < 0 || id.Col >= len(av.grid.columns) {
		h.SetText("")
		return
	}
	c := av.grid.columns[id.Col]
	text := c.header
	if av.sortCol == id.Col {
		text += map[bool]string{false: " ↓", true: " ↑"}[av.desc != (id.Col == 0)]
	}
	h.SetText(text)
	tip := c.tip
	h.tip.text = func() string { return tip }
	col := id.Col
	h.onTapped = func() { av.sortBy(col) }
}

// selectCell lists the passages behind a cell.
func (av *analyseView) selectCell(id widget.TableCellID) {
	if av.result == nil && av.words == nil || id.Row < 0 || id.Row >= len(av.order) || id.Col < 0 {
		return
	}
	row := av.grid.rows[av.order[id.Row]]
	if row.word {
		av.Table.UnselectAll()
		av.do.Search(row.label)
		return
	}
	c := analyseCell{codings: row.all} // the code's name: all its passages
	if id.Col > 0 {
		c = row.cells[id.Col-1]
	}
	a := av.result
	cb := a.Codebook
	av.listed = nil
	switch {
	case c.pair[0] != "":
		codeA, codeB := cb.Path(c.pair[0]), cb.Path(c.pair[1])
		for _, p := range analysis.CooccurringPairs(a.Codings, a.Options(), a.Proximity, c.pair[0], c.pair[1]) {
			x, y := a.Codings[p.First], a.Codings[p.Second]
			av.listed = append(av.listed, passage{doc: x.DocumentID, coder: x.CoderID,
				span: coding.Span{Start: min(x.Start, y.Start), End: max(x.End, y.End)}, what: codeA + " + " + codeB})
		}
		av.Behind.SetText(fmt.Sprintf("%s where %s and %s go together:", plural(len(av.listed), "pair"), codeA, codeB))
	case c.codings != nil:
		for _, i := range c.codings() {
			x := a.Codings[i]
			av.listed = append(av.listed, passage{doc: x.DocumentID, coder: x.CoderID, span: x.Span, what: cb.Path(x.CodeID)})
		}
		if id.Col == 0 {
			av.Behind.SetText(fmt.Sprintf("%s coded %s:", plural(len(av.listed), "passage"), row.label))
		} else {
			av.Behind.SetText(fmt.Sprintf("%s behind %s, %s:", plural(len(av.listed), "passage"), row.label, av.grid.columns[id.Col].header))
		}
	}
	av.Passages.Refresh()
}

func (av *analyseView) docName(id string) string {
	if d, ok := av.st.DocumentByID(id); ok {
		return d.Name
	}
	return "?"
}

// excerpt is the passage with some context, the passage in brackets.
func (av *analyseView) excerpt(p passage) string {
	d, ok := av.texts[p.doc]
	if !ok {
		var err error
		if d, err = av.do.Document(p.doc); err != nil {
			return err.Error()
		}
		av.texts[p.doc] = d
	}
	return "…" + excerpt(coding.Slice(d.Text, coding.Span{Start: p.span.Start - contextRunes, End: p.span.Start}), contextRunes) +
		"【" + excerpt(coding.Slice(d.Text, p.span), 200) + "】" +
		excerpt(coding.Slice(d.Text, coding.Span{Start: p.span.End, End: p.span.End + contextRunes}), contextRunes) + "…"
}

// tables are the analysis shown, as the export writes it.
func (av *analyseView) tables() []analysis.Table {
	if av.words != nil {
		return []analysis.Table{av.words.Table()}
	}
	if av.result == nil {
		return nil
	}
	a := av.result
	names := a.Names()
	switch av.Kind.Selected {
	case analyseMatrix:
		return []analysis.Table{a.Matrix().Table(names)}
	case analyseCooccurrence:
		co := a.Cooccurrence()
		return []analysis.Table{co.Table(names), co.Grid(names)}
	case analyseCrosstab:
		return []analysis.Table{a.Crosstab(av.groups).Table(names, av.by)}
	}
	return []analysis.Table{a.Frequencies().Table(names)}
}

func (av *analyseView) export() {
	t := av.tables()
	if len(t) == 0 {
		av.do.Done("Nothing to export: no analysis shown")
		return
	}
	name := av.Kind.Selected
	if name == analyseWords {
		name = analysis.WordsTable
	}
	av.do.Export(name, t)
}

// exportAnalysis asks where to write the tables of an analysis (.xlsx, or
// .csv for the first table: the dialog offers both) and writes them in the
// background, with progress when it takes a while.
func (wb *Workbench) exportAnalysis(name string, tables []analysis.Table) {
	wb.askSavePathAs(projectTitle(wb.project.Path())+" "+strings.ToLower(name), []string{".xlsx", ".csv"}, func(path string) {
		wb.writeInBackground("Exporting", path, "Exported "+strings.ToLower(name)+" to", func() error { return storage.ExportTables(path, name, tables) }, nil)
	})
}
