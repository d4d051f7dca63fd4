package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// compareActions are what the Compare tab asks the window to do.
type compareActions struct {
	// Compare runs a comparison; it is called on a goroutine of its own.
	Compare func(storage.ComparisonOptions) (storage.Comparison, error)
	Done    func(message string)                     // say in the status line what happened
	Edit    func(docID string, selected coding.Span) // open a document in the Document tab with a span selected
	Sample  sampleActions                            // draw a reliability sample: compare_sample.go
	// Resolve writes one disagreement's resolution into the consensus
	// coder's codings, one undoable action: compare_resolve.go.
	Resolve func(storage.Resolution) error
	// SaveTicks remembers the coders the user ticked (see rememberTicks);
	// it may be nil.
	SaveTicks func([]string)
}

// compareView is the Compare tab: the researcher chooses coders and
// documents (offered from the window's State) and presses Compare; a
// heatmap of kappa by code and document follows, and selecting a cell shows
// that document with each coder's codings of that code in its own colour
// and margin lane, the disagreements marked and stepped through one by one.
// Errors are shown in win.
type compareView struct {
	st  *State
	win fyne.Window
	do  compareActions // tests may replace do.Compare

	Coders       *widget.CheckGroup
	CoderNote    *widget.Label // names the ticked coders who coded none of the chosen documents
	BlindNote    *widget.Label // why the tab shows nothing while Blind is on
	AllDocuments *widget.Check // compare every document a chosen coder coded
	Documents    *widget.CheckGroup
	Narrow       *docFilter // a set and a condition narrowing the documents (compare_filter.go)
	Run          *widget.Button
	Split        *container.Split // the table above, the pair's passages below (kept: windowstate.go)
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
	// CopyMethods copies the methods paragraph (with the intervals) to the
	// clipboard; enabled once there are results.
	CopyMethods *widget.Button
	legend      *fyne.Container
	busy        *fyne.Container
	sortRow     *fyne.Container

	// onStage, when set, is told "progress" when the progress indicator
	// appears and "done" when a run has ended (delivered, failed or
	// discarded), on the goroutine that updated the widgets.
	onStage func(stage string)

	run     int // the run in flight (or the last one); older results are discarded
	running bool
	ticked  bool // the user chose the coders; until then those who coded the chosen documents are ticked
	ticking bool // the ticks are being set by the view, not the user

	cmp           *storage.Comparison
	intervals     *agreement.Intervals // the bootstrap intervals of cmp's pooled rows
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

	// the reliability sample's controls (compare_sample.go), the dialog
	// last opened, and whether the results shown compared the sample
	sample         sampleControls
	sampleDialog   *sampleDialog
	comparedSample bool

	resolve resolveControls // resolving disagreements into the consensus: compare_resolve.go

	body    fyne.CanvasObject // the tab's choices and results, hidden while Blind is on
	content fyne.CanvasObject
}

func newCompareView(st *State, win fyne.Window, do compareActions) *compareView {
	cv := &compareView{st: st, win: win, do: do, sort: sortKey{col: sortCodebook}}
	cv.Coders = widget.NewCheckGroup(nil, func(chosen []string) {
		if !cv.ticking {
			cv.ticked = true
			if cv.do.SaveTicks != nil {
				cv.do.SaveTicks(chosen)
			}
		}
		cv.updateRun()
	})
	cv.CoderNote = widget.NewLabel("")
	cv.CoderNote.Wrapping = fyne.TextWrapWord
	cv.CoderNote.Importance = widget.WarningImportance
	cv.CoderNote.Hide()
	cv.Documents = widget.NewCheckGroup(nil, func([]string) { cv.tickDefault(); cv.updateRun() })
	cv.Narrow = newDocFilter(st, func() { cv.refresh() })
	cv.AllDocuments = widget.NewCheck("All coded documents", func(on bool) {
		if on {
			cv.Documents.Disable()
		} else {
			cv.Documents.Enable()
		}
		cv.tickDefault()
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

	cv.CopyMethods = widget.NewButtonWithIcon("Copy methods paragraph", theme.ContentCopyIcon(), cv.copyMethods)
	cv.CopyMethods.Disable()
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
	cv.Pair.Wrapping = fyne.TextWrapWord // the pooled line with its intervals is longer than the panel is wide
	cv.Viewer = textview.New()
	cv.Previous = widget.NewButtonWithIcon("Previous disagreement", theme.NavigateBackIcon(), func() { cv.step(-1) })
	cv.Next = widget.NewButtonWithIcon("Next disagreement", theme.NavigateNextIcon(), func() { cv.step(+1) })
	cv.Next.IconPlacement = widget.ButtonIconTrailingText
	cv.Position = widget.NewLabel("")
	cv.Position.Wrapping = fyne.TextWrapWord // ends with whether the disagreement is resolved, and how
	cv.OpenDocument = widget.NewButton("Edit in Document tab", cv.openInDocumentTab)
	cv.legend = container.NewHBox()
	resolve := cv.newResolveControls()
	cv.clearPair("Select a cell to see the coders' codings of that code side by side.")
	cv.updateRun()

	choices := container.NewBorder(
		container.NewVBox(boldLabel("Coders"), cv.Coders, cv.CoderNote, widget.NewSeparator(), boldLabel("Documents"), cv.newSampleControls(do.Sample),
			cv.Narrow.SetPick, cv.Narrow.Where, cv.Narrow.Problem, cv.AllDocuments),
		container.NewVBox(widget.NewSeparator(), cv.Run, cv.busy),
		nil, nil,
		container.NewScroll(cv.Documents)) // long file names scroll rather than widen the column
	cv.sortRow = container.NewHBox(widget.NewLabel("Sort by:"), container.NewGridWrap(fyne.NewSize(260, cv.SortBy.MinSize().Height), cv.SortBy),
		widget.NewLabel("(or click a column heading)"))
	cv.sortRow.Hide()
	cv.Table.Hide() // until there are results
	overall := container.NewBorder(nil, nil, nil, container.NewVBox(cv.CopyMethods), cv.Overall)
	results := container.NewBorder(container.NewVBox(overall, cv.sortRow), nil, nil, nil, cv.Table)
	nav := container.NewVBox(
		container.NewBorder(nil, nil, nil, cv.legend, cv.Pair),
		container.NewHBox(cv.Previous, cv.Next, cv.OpenDocument),
		cv.Position,
		resolve)
	pair := container.NewBorder(nav, nil, nil, nil, cv.Viewer)
	cv.Split = container.NewVSplit(results, pair)
	cv.Split.Offset = 0.5
	// A centre panel narrower than the view scrolls sideways rather than
	// widening the panel.
	cv.body = container.NewHScroll(container.NewBorder(nil, nil, container.NewPadded(choices), nil, cv.Split))
	cv.BlindNote = widget.NewLabel("")
	cv.BlindNote.Wrapping = fyne.TextWrapWord
	cv.BlindNote.Hide()
	cv.content = container.NewStack(cv.body, container.NewPadded(container.NewVBox(cv.BlindNote)))
	cv.showBlind()
	return cv
}

// rememberTicks ticks the coders the user chose last time (ticks returns
// nil when they never chose) and keeps each new choice with save.
func (cv *compareView) rememberTicks(ticks func() []string, save func([]string)) {
	cv.do.SaveTicks = save
	if saved := ticks(); saved != nil {
		cv.Coders.Selected = keep(saved, cv.Coders.Options) // refresh offers the coders, keeping these
		if cv.Coders.Options == nil {
			cv.Coders.Selected = saved
		}
		cv.ticked = true
		cv.Coders.Refresh()
		cv.updateRun()
	}
}

// showBlind hides the whole tab while Blind is on: every figure and lane
// it shows is built from other coders' codings; BlindNote says why.
func (cv *compareView) showBlind() {
	note := cv.st.BlindNote()
	if note == "" {
		cv.BlindNote.Hide()
		cv.body.Show()
		return
	}
	cv.BlindNote.SetText("Compare shows other coders' codings and the agreement figures built from them.\n" + note)
	cv.BlindNote.Show()
	cv.body.Hide()
}

// chosenDocumentIDs are the IDs of the documents the choices compare; nil
// means every document.
func (cv *compareView) chosenDocumentIDs() map[string]bool {
	names := cv.options().Documents
	if len(names) == 0 {
		return nil
	}
	ids := map[string]bool{}
	for _, d := range cv.st.Documents() {
		if slices.Contains(names, d.Name) {
			ids[d.ID] = true
		}
	}
	return ids
}

// codedChosen reports whether a coder coded any of the chosen documents.
func (cv *compareView) codedChosen(c coding.Coder, docs map[string]bool) bool {
	for _, d := range cv.st.Documents() {
		if (docs == nil || docs[d.ID]) && cv.st.CodedBy(d.ID, c.ID) {
			return true
		}
	}
	return false
}

// tickDefault ticks the coders who coded the chosen documents (never the
// consensus coder, which is resolved, not measured), until the user has
// chosen the coders themselves.
func (cv *compareView) tickDefault() {
	if cv.ticked || cv.Coders == nil {
		return
	}
	docs := cv.chosenDocumentIDs()
	var coded []string
	for _, c := range cv.st.Coders() {
		if c.Name != coding.ConsensusName && cv.codedChosen(c, docs) {
			coded = append(coded, c.Name)
		}
	}
	if slices.Equal(coded, cv.Coders.Selected) {
		return
	}
	cv.ticking = true
	cv.Coders.SetSelected(coded)
	cv.ticking = false
}

// noteUncoded names the ticked coders who coded none of the chosen
// documents: compared, every passage counts as not coded by them.
func (cv *compareView) noteUncoded() {
	docs := cv.chosenDocumentIDs()
	var none []string
	for _, c := range cv.st.Coders() {
		if slices.Contains(cv.Coders.Selected, c.Name) && !cv.codedChosen(c, docs) {
			none = append(none, c.Name)
		}
	}
	if len(none) == 0 {
		cv.CoderNote.Hide()
		return
	}
	whom := none[0]
	if len(none) > 1 {
		whom = "them"
	}
	cv.CoderNote.SetText(fmt.Sprintf("%s coded nothing in the chosen documents: compared, every passage counts as not coded by %s, which lowers the agreement.",
		strings.Join(none, ", "), whom))
	cv.CoderNote.Show()
}

// refresh offers the project's coders and documents, keeping the choices
// made; results already shown are marked as possibly out of date. The
// check boxes are rebuilt only when the names changed: with a thousand
// documents that takes a noticeable moment.
func (cv *compareView) refresh() {
	names := make([]string, len(cv.st.Coders()))
	for i, c := range cv.st.Coders() {
		names[i] = c.Name
	}
	offer(cv.Coders, names)
	offer(cv.Documents, cv.narrowedDocuments())
	cv.tickDefault()
	cv.showBlind()
	cv.refreshSample()
	cv.updateRun()
	// Resolving disagreements into the consensus leaves the comparison
	// current (compare_resolve.go).
	current := cv.resolve.quiet && !cv.resolve.loud
	cv.resolve.quiet, cv.resolve.loud = false, false
	if cv.cmp != nil && !cv.running && !current {
		cv.Overall.SetText(cv.overallText() + "\nThe project may have changed since " + cv.cmp.Generated.Format("15:04:05") + ": press Compare to update.")
	}
}

// offer makes names the options of a check group, keeping the checked
// ones that are still offered; it leaves the group alone when it offers
// these names already.
func offer(group *widget.CheckGroup, names []string) {
	if slices.Equal(group.Options, names) {
		return
	}
	group.Options = names
	group.Selected = keep(group.Selected, names)
	group.Refresh()
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
	if sample := cv.sampleChosen(); sample != nil { // the reliability sample, whatever the other choices
		opt.Documents = sample
		return opt
	}
	return cv.narrowOptions(opt)
}

// updateRun enables Compare when the choices make a comparison.
func (cv *compareView) updateRun() {
	if cv.Run == nil {
		return
	}
	opt := cv.options()
	sample := cv.sampleChosen() != nil
	cv.noteUncoded()
	if cv.st.Blind() || cv.running || len(opt.Coders) < 2 || !sample && (!cv.AllDocuments.Checked && len(opt.Documents) == 0 || cv.narrowProblem(opt) != "") {
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
	if note := cv.st.BlindNote(); note != "" {
		cv.do.Done(note)
		return
	}
	if len(opt.Coders) < 2 {
		cv.do.Done("Choose at least two coders to compare")
		return
	}
	if problem := cv.narrowProblem(opt); problem != "" {
		cv.do.Done("Cannot compare: " + problem)
		return
	}
	cv.run++
	run := cv.run
	sample := cv.sampleChosen() != nil
	cv.running = true
	cv.updateRun()
	cv.do.Done("Comparing " + strings.Join(opt.Coders, ", ") + "…")
	stopProgress := showProgressLater(func() {
		if cv.run == run && cv.running {
			cv.busy.Show()
			cv.Progress.Start()
			cv.stage("progress")
		}
	})
	compare := cv.do.Compare
	go func() {
		result, err := compare(opt)
		var ds []agreement.Disagreement
		var iv *agreement.Intervals
		if err == nil {
			ds = result.Disagreements()
			x := result.Intervals(agreement.BootstrapOptions{})
			iv = &x
		}
		fyne.Do(func() {
			stopProgress()
			if cv.run != run { // cancelled, or superseded by a newer run
				cv.stage("done")
				return
			}
			cv.settle()
			if err != nil {
				showError(cv.win, fmt.Errorf("compare coders: %w", err))
			} else {
				cv.comparedSample = sample
				cv.show(&result, ds, iv)
				cv.do.Done(fmt.Sprintf("Compared %s on %s", strings.Join(opt.Coders, ", "), plural(len(result.Documents), "document")))
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
	cv.do.Done("Comparison cancelled")
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
func (cv *compareView) show(c *storage.Comparison, ds []agreement.Disagreement, iv *agreement.Intervals) {
	cv.cmp, cv.disagreements, cv.intervals = c, ds, iv
	cv.resolve.status, cv.resolve.codings = c.ConsensusStatus(), nil
	cv.CopyMethods.Enable()
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
	if iv != nil {
		cv.Table.SetColumnWidth(colPooled, 230) // room for the interval
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
	text := fmt.Sprintf("%s, %s in %s%s. Overall: %s %s · %s %s · %s %s · %s %s · segments matched %d of %d (overlap ≥ %.0f %%)",
		plural(len(c.Coders), "coder"), plural(len(cv.grid.codes), "code"), plural(len(c.Documents), "document"), cv.sampleNote(),
		agreement.KappaName(len(c.Coders)), agreement.FormatCoefficient(o.Kappa),
		agreement.AlphaName, agreement.FormatCoefficient(o.Alpha),
		agreement.PercentAgreementName, agreement.FormatPercent(o.PercentAgreement),
		agreement.UnitizingAlphaName, agreement.FormatCoefficient(c.Unitizing.Alpha),
		seg.Matched, seg.Matched+seg.Unmatched, c.Segments.Threshold*100)
	if iv := cv.intervals; iv != nil {
		text += "\n" + intervalsText(iv, len(c.Coders))
	}
	return text
}

// intervalsText gives the overall intervals and how they were computed.
func intervalsText(iv *agreement.Intervals, coders int) string {
	o := iv.Overall
	var risks []string
	for _, b := range o.AlphaBelow {
		risks = append(risks, fmt.Sprintf("P(α < %s) %s", strconv.FormatFloat(b.Minimum, 'f', -1, 64), agreement.FormatShare(b.Share)))
	}
	unit := plural(iv.Clusters, "document")
	if iv.Unit == agreement.UnitParagraph {
		unit = fmt.Sprintf("%d paragraphs, as fewer than %d documents are compared", iv.Clusters, agreement.MinDocuments)
	}
	return fmt.Sprintf("%s %% intervals: %s %s · %s %s · %s (bootstrap of %s, %d resamples)",
		strconv.FormatFloat(100*iv.Level, 'f', -1, 64),
		agreement.KappaName(coders), agreement.FormatInterval(o.Kappa), agreement.AlphaName, agreement.FormatInterval(o.Alpha),
		strings.Join(risks, " · "), unit, iv.Resamples)
}

// copyMethods puts the methods paragraph of the comparison shown on the
// clipboard.
func (cv *compareView) copyMethods() {
	if cv.cmp == nil {
		return
	}
	selection := storage.SelectionEveryCoded
	if !cv.AllDocuments.Checked {
		selection = storage.SelectionByName
	}
	if cv.comparedSample {
		selection = storage.SelectionSample
		if cv.do.Sample.Selection != nil {
			if s, err := cv.do.Sample.Selection(); err == nil {
				selection = s
			}
		}
	} else {
		selection = cv.narrowSelection(selection)
	}
	text := cv.cmp.Methods(len(cv.st.Documents()), selection, cv.intervals)
	fyne.CurrentApp().Clipboard().SetContent(text)
	cv.do.Done("Copied the methods paragraph to the clipboard")
}
