package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Which coders' codings the viewer shows.
const (
	ShowMine     = "Mine"
	ShowEveryone = "Everyone"
	ShowChosen   = "Chosen coders…"
)

// Workbench is the main window: documents on the left, the article viewer
// in the centre, the codebook on the right, the coder switch and search on
// top and the status line at the bottom.
//
// State flows one way: a user action → one storage action → the change set
// it reports (OnChange) → State.Apply → redraw of the panels it touched.
// Changes by other processes arrive the same way (watch, ChangesSince).
// Its widgets are exported fields so that tests can drive them.
type Workbench struct {
	app     fyne.App
	win     fyne.Window
	project *storage.Project
	st      *State

	inbox     changeInbox       // change sets this window's actions made, not yet applied
	seen      atomic.Int64      // st.seq, for the watcher goroutine
	stop      chan struct{}     // closed when the window's project closes
	reloading bool              // the project is being read again in the background
	lastSet   storage.ChangeSet // the last change set applied (for the status line)
	selected  coding.Coding     // the coding last clicked in the viewer
	hits      []coding.Span     // the last search's hits in the open document
	passage   coding.Span       // a passage shown from elsewhere (Coded segments), marked

	lastBackup storage.BackupInfo // the last backup this window made (see KeepBackedUp)

	noDocument *widget.Label // says how to add documents while there are none
	title      *widget.Label

	// A team project's line under the top bar, and the warning shown while
	// its server cannot be reached (offline says why; see team.go).
	teamBadge     *widget.Label
	offlineBanner *widget.Label
	offline       string
	unreachable   atomic.Bool // the watcher's last poll of the server failed
	// background runs work off the window's goroutine (reading the project
	// again); tests run it in step, since their driver runs fyne.Do on the
	// calling goroutine.
	background func(func())
	frame      *fyne.Container // the window's layout, laid out again when a banner shows or hides
	// The dividers documents | centre and centre | codebook (windowstate.go).
	splitLeft, splitRight *container.Split

	Documents  *documentsPanel
	Viewer     *textview.Viewer
	Codes      *codebookPanel
	CoderPick  *widget.Select
	ShowPick   *widget.Select
	Blind      *widget.Check // the check box of blindCheck
	blindCheck *tipCheck
	Search     *widget.Entry
	Status     *widget.Label
	LastAction *widget.Label
	Tabs       *container.AppTabs
	Segments   *segmentsView
	Compare    *compareView
	Attributes *attributesPanel // the Attributes tab: attributes.go
	Analyse    *analyseView     // issue 12: analyse.go
	SearchTab  *searchView      // issue 12: the Search tab, search.go

	// stale are the tab views that missed a change while hidden, with the
	// refresh each needs before it is seen.
	stale map[fyne.CanvasObject]func()

	content fyne.CanvasObject
}

// changeInbox holds the change sets the project reports, until the window
// applies them on its own goroutine.
type changeInbox struct {
	mu   sync.Mutex
	sets []storage.ChangeSet
}

func (in *changeInbox) put(cs storage.ChangeSet) {
	in.mu.Lock()
	in.sets = append(in.sets, cs)
	in.mu.Unlock()
}

func (in *changeInbox) take() []storage.ChangeSet {
	in.mu.Lock()
	defer in.mu.Unlock()
	sets := in.sets
	in.sets = nil
	return sets
}

// NewWorkbench builds the workbench for project p in window w. It reads
// the coder's name from the app preferences.
func NewWorkbench(a fyne.App, w fyne.Window, p *storage.Project) *Workbench {
	wb := &Workbench{app: a, win: w, project: p, stop: make(chan struct{}), stale: map[fyne.CanvasObject]func(){},
		background: func(f func()) { go f() }}
	o, err := p.Overview()
	if err != nil {
		showError(w, err)
	}
	wb.st = newState(o)
	wb.seen.Store(o.Seq)
	p.OnChange(wb.inbox.put)

	wb.Viewer = textview.New()
	wb.Viewer.OnSelectionChanged = func(coding.Span) { wb.deselectCoding(); wb.updateStatus() }
	wb.Viewer.OnHighlightTapped = wb.highlightTapped
	wb.Viewer.OnTypedRune = wb.typedRune
	wb.Viewer.OnTypedKey = wb.typedKey
	wb.Status = widget.NewLabel("")
	wb.Status.Truncation = fyne.TextTruncateEllipsis
	wb.noDocument = widget.NewLabel("No documents yet.\nFile → Import a document…, Import documents from a folder…,\nor drop files on this window.")
	wb.noDocument.Alignment = fyne.TextAlignCenter
	wb.noDocument.Importance = widget.LowImportance
	wb.LastAction = widget.NewLabel("")
	wb.LastAction.Truncation = fyne.TextTruncateEllipsis
	wb.Documents = newDocumentsPanel(wb.st, wb.win, wb.OpenDocument, setActions{Add: wb.addSet, Edit: wb.editSet, Delete: wb.deleteSet})
	wb.Codes = newCodebookPanel(wb.st, wb.win, codebookActions{
		Apply:       wb.ApplyCode,
		Save:        wb.saveCode,
		New:         wb.newCode,
		Delete:      wb.deleteCode,
		Move:        wb.moveCode,
		Merge:       wb.mergeCode,
		CodeAllHits: wb.CodeAllHits,
		CanEdit:     wb.canEditCodebook,
		CanCode:     wb.canCode,
		EditGroups:  wb.editCodeGroupsDialog, // codegroups.go
	})
	wb.Segments = newSegmentsView(wb.st, p, wb.showPassage, wb.win)
	wb.Compare = newCompareView(wb.st, wb.win, compareActions{
		Compare: p.Compare,
		Done:    wb.done,
		Edit:    wb.editInDocumentTab,
		Sample:  sampleActions{Draw: wb.drawSample, Paragraphs: p.Paragraphs, Selection: p.SampleSelection}, // issue 13: compare_sample.go
		Resolve: wb.resolve,                                                                                 // issue 13: compare_resolve.go
	})
	wb.Compare.rememberTicks(wb.compareTicks, wb.saveCompareTicks) // compare_window.go
	wb.Attributes = newAttributesPanel(wb.st, wb.win, attributeActions{
		SetValue: wb.setAttributeValue,
		Add:      wb.addAttribute,
		Delete:   wb.deleteAttribute,
		Edit:     wb.editAttribute,
		// Cases (issue 11): made, renamed, gathered and deleted in the Attributes tab.
		AddCase:    wb.addCase,
		EditCase:   wb.editCase,
		DeleteCase: wb.deleteCase,
	})
	wb.Analyse = newAnalyseView(wb.st, wb.win, analyseActions{ // issue 12: analyse.go
		Analyse:  p.Analyse,
		Document: p.Document,
		Open:     wb.showPassage,
		Export:   wb.exportAnalysis,
		Words:    p.WordFrequencies,
		Search:   wb.searchWord,
		// issue 12: analyse_reports.go
		CodebookReport: wb.askCodebookReport,
		SummaryReport:  wb.saveSummaryReport,
		Done:           wb.done,
	})
	wb.SearchTab = newSearchView(wb.st, wb.win, searchActions{ // issue 12: search.go
		Search:  p.Search,
		Open:    wb.showPassage,
		CodeAll: wb.codeSearchHits,
		Done:    wb.done,
	})
	wb.buildTopBar()
	wb.content = wb.layout()
	wb.bindKeys()
	w.SetOnDropped(wb.dropped)
	if t := p.Team(); t != nil && t.Coder != "" {
		// A team project's coder is the login's: the server allows no other.
		wb.SetCoder(t.Coder)
		wb.CoderPick.Disable()
	} else if name := a.Preferences().String(prefCoderName); name != "" && t == nil {
		wb.SetCoder(name)
	}
	wb.redraw(TouchedAll)
	if len(wb.st.docs) > 0 {
		wb.OpenDocument(wb.lastDocument())
	}
	return wb
}

// Content is the window content.
func (wb *Workbench) Content() fyne.CanvasObject { return wb.content }

// Close stops watching the project and closes it.
func (wb *Workbench) Close() {
	select {
	case <-wb.stop:
	default:
		close(wb.stop)
	}
	wb.project.Close()
}

func (wb *Workbench) layout() fyne.CanvasObject {
	wb.title = boldLabel(wb.projectName())
	wb.title.Truncation = fyne.TextTruncateEllipsis
	controls := container.NewHBox(widget.NewLabel("Coding as:"), wb.CoderPick, widget.NewLabel("Show:"), wb.ShowPick, wb.blindCheck, widget.NewSeparator())
	top := &fyne.Container{Layout: topBarLayout{wb.title, controls, wb.Search}, Objects: []fyne.CanvasObject{wb.title, controls, wb.Search}}
	status := container.NewGridWithColumns(2, wb.Status, wb.LastAction)
	// The tab views wider than the centre's minimum scroll sideways rather
	// than widen it.
	wb.Tabs = container.NewAppTabs(
		container.NewTabItem("Document", container.NewStack(wb.Viewer, container.NewCenter(wb.noDocument))),
		container.NewTabItem("Coded segments", wb.Segments.content),
		container.NewTabItem("Compare", wb.Compare.content),
		container.NewTabItem("Attributes", wb.Attributes.content),
		container.NewTabItem("Search", wb.SearchTab.content), // issue 12: search.go
		container.NewTabItem("Analyse", wb.Analyse.content),
	)
	wb.Tabs.OnSelected = func(t *container.TabItem) { wb.freshen(t.Content) }
	// Each panel's minimum width is fixed (see layout.go), so the dividers
	// move only when the user drags them.
	centre := fixedWidth(centreMinWidth, wb.Tabs)
	right := container.NewHSplit(centre, fixedWidth(codebookMinWidth, wb.Codes.content))
	right.Offset = 0.72
	main := container.NewHSplit(fixedWidth(documentsMinWidth, wb.Documents.content), right)
	main.Offset = 0.18
	wb.splitLeft, wb.splitRight = main, right
	wb.restoreLayout() // windowstate.go
	wb.win.SetOnClosed(func() {
		wb.saveLayout()
		wb.Close()
	})
	header := append(projectBanner(wb.project), top, widget.NewSeparator()) // the read-only banner: safety.go
	wb.offlineBanner = widget.NewLabel("")
	wb.offlineBanner.Importance = widget.DangerImportance
	wb.offlineBanner.Wrapping = fyne.TextWrapWord
	wb.offlineBanner.Hide()
	wb.teamBadge = widget.NewLabel("")
	wb.teamBadge.Importance = widget.HighImportance
	wb.teamBadge.Truncation = fyne.TextTruncateEllipsis
	if wb.project.Team() != nil {
		wb.teamBadge.SetText(teamLine(wb.project))
		header = append([]fyne.CanvasObject{wb.teamBadge}, header...)
	}
	header = append([]fyne.CanvasObject{wb.offlineBanner}, header...)
	wb.frame = container.NewBorder(container.NewVBox(header...), container.NewVBox(widget.NewSeparator(), status), nil, nil, main)
	return withTooltips(wb.frame)
}

// projectTitle is the project's file name without its extension.
func projectTitle(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".qdb")
}

// projectName is how the title names the project: its file name, or a
// team project's name and server.
func (wb *Workbench) projectName() string {
	if t := wb.project.Team(); t != nil {
		return teamTitle(t)
	}
	return projectTitle(wb.project.Path())
}

func (wb *Workbench) buildTopBar() {
	wb.CoderPick = widget.NewSelect(nil, func(name string) {
		if name == addCoderOption {
			wb.CoderPick.Selected = wb.st.coder.Name
			wb.CoderPick.Refresh()
			wb.askCoderName(nil)
			return
		}
		if name != wb.st.coder.Name {
			wb.SetCoder(name)
		}
	})
	wb.CoderPick.PlaceHolder = "(who are you?)"
	wb.ShowPick = widget.NewSelect([]string{ShowMine, ShowEveryone, ShowChosen}, func(choice string) {
		if choice == ShowChosen {
			wb.chooseShownCoders()
			return
		}
		wb.redraw(wb.st.setShow(choice, nil, wb.st.blind))
	})
	wb.ShowPick.Selected = ShowEveryone
	wb.blindCheck = newTipCheck("Blind", func(on bool) {
		// Show says what is shown: your own codings while Blind is on (the
		// choice made before comes back when it is turned off).
		if on {
			wb.ShowPick.Selected = ShowMine
			wb.ShowPick.Disable()
		} else {
			wb.ShowPick.Selected = wb.st.show
			wb.ShowPick.Enable()
		}
		wb.redraw(wb.st.setShow(wb.st.show, nil, on))
	}, "Show only your own codings, to code without seeing others'")
	wb.Blind = &wb.blindCheck.Check
	wb.Search = widget.NewEntry()
	wb.Search.SetPlaceHolder("Find (Ctrl+F)")
	wb.Search.OnSubmitted = func(string) { wb.Find(wb.Search.Text) }
	wb.Search.OnChanged = func(s string) {
		if s == "" {
			wb.Find("")
		}
	}
}

const addCoderOption = "Add coder…"

// SetCoder makes the coder with this name (created when new) the one who
// codes, and remembers the name for the next start.
func (wb *Workbench) SetCoder(name string) {
	// The journal records whose actions these are (adding the coder
	// included): Undo takes only the coder's own.
	wb.project.ActAs(name)
	c, err := wb.project.EnsureCoder(name)
	if err != nil {
		wb.project.ActAs(wb.st.coder.Name)
		showError(wb.win, err)
		return
	}
	wb.project.ActAs(c.Name) // the name as stored
	wb.sync()
	if wb.project.Team() == nil { // a team project's coder is its login's
		wb.app.Preferences().SetString(prefCoderName, c.Name)
	}
	wb.redraw(wb.st.setCoder(c))
}

// Coder is who is coding.
func (wb *Workbench) Coder() coding.Coder { return wb.st.coder }

// sync applies the change sets this window's actions made (and, when
// another process committed in between, that process's changes first),
// then redraws what they touched.
func (wb *Workbench) sync() {
	var t Touched
	for _, cs := range wb.inbox.take() {
		if cs.Seq > wb.st.seq+1 {
			t |= wb.catchUp()
		}
		t |= wb.apply(cs)
	}
	wb.redraw(t)
}

// apply applies one change set to the state.
func (wb *Workbench) apply(cs storage.ChangeSet) Touched {
	t := wb.st.Apply(cs)
	if wb.Compare != nil {
		wb.Compare.changed(cs)
	}
	if t != 0 || cs.Decisions.Len() > 0 { // a consensus decision alone touches no panel but is an action
		wb.lastSet = cs
	}
	if wb.selected.ID != "" && cs.Codings.Len() > 0 {
		if _, ok := wb.openCoding(wb.selected.ID); !ok {
			wb.selected = coding.Coding{}
		}
	}
	wb.seen.Store(wb.st.seq)
	return t
}

// catchUp applies the changes the state has not seen, from the change
// log; when the log no longer reaches back, it reads the project again in
// the background.
func (wb *Workbench) catchUp() Touched {
	sets, err := wb.project.ChangesSince(wb.st.seq)
	if errors.Is(err, storage.ErrChangesForgotten) {
		wb.reloadLater()
		return 0
	}
	if err != nil {
		showError(wb.win, err)
		return 0
	}
	var t Touched
	for _, cs := range sets {
		t |= wb.apply(cs)
	}
	return t
}

// reloadLater reads the project again, for when the change log no longer
// holds what the window missed. Counting a large project's codings takes
// a while (1.5 s at 1,000,000), so it reads in the background and then
// applies, on the window's goroutine, the overview and whatever changed
// since it was read; the window stays usable meanwhile.
func (wb *Workbench) reloadLater() {
	if wb.reloading {
		return
	}
	wb.reloading = true
	docID := wb.st.doc.ID
	wb.background(func() {
		o, codings, err := wb.readOverview(docID)
		fyne.Do(func() { wb.reloaded(docID, o, codings, err) })
	})
}

// readOverview reads the project's overview and a document's codings.
func (wb *Workbench) readOverview(docID string) (storage.Overview, []coding.Coding, error) {
	o, err := wb.project.Overview()
	var codings []coding.Coding
	if err == nil && docID != "" {
		codings, err = wb.project.CodingsOf(docID)
	}
	return o, codings, err
}

// reloaded takes an overview read in the background (with the codings of
// document docID), then applies what changed since it was read.
func (wb *Workbench) reloaded(docID string, o storage.Overview, codings []coding.Coding, err error) {
	wb.reloading = false
	if err == nil && docID != wb.st.doc.ID { // another document was opened meanwhile
		codings, err = wb.project.CodingsOf(wb.st.doc.ID)
	}
	if err != nil {
		showError(wb.win, err)
		return
	}
	t := wb.st.replaceOverview(o, codings)
	wb.seen.Store(wb.st.seq)
	wb.redraw(t | wb.catchUp())
	wb.showTeam() // a team project reads again when its blind phase starts or ends
}

// Watch polls the project for changes other processes commit (another
// window, the command line) and applies them, until the window closes.
//
// On a team project it also listens for the server's notifications
// (storage's WaitChange), so that a colleague's coding shows at once; the
// polling then only notices when the server stops answering, and catches
// what a lost connection missed.
func (wb *Workbench) Watch(every time.Duration) {
	check := func() {
		seen := wb.seen.Load()
		last, err := wb.project.LastChange()
		if wb.project.Team() != nil { // the server may stop answering, and answer again
			if err != nil {
				wb.unreachable.Store(true)
				fyne.Do(func() { wb.setOffline(err) })
			} else if wb.unreachable.Swap(false) {
				fyne.Do(func() { wb.setOffline(nil) })
			}
		}
		if err != nil || last <= seen {
			return
		}
		sets, err := wb.project.ChangesSince(seen)
		fyne.Do(func() { wb.applyOthers(sets, err) })
	}
	go wb.repeat(every, check)
	if wb.project.Team() != nil {
		go wb.listen(check)
	}
}

// listen runs check each time the team project's server says another
// connection committed a change, until the window closes.
func (wb *Workbench) listen(check func()) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-wb.stop; cancel() }()
	for ctx.Err() == nil {
		if err := wb.project.WaitChange(ctx); err != nil {
			select { // the connection was lost: the polling says so; try again soon
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			continue
		}
		check()
	}
}

// repeat runs fn once every period until the window closes.
func (wb *Workbench) repeat(period time.Duration, fn func()) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-wb.stop:
			return
		case <-tick.C:
			fn()
		}
	}
}

// applyOthers applies change sets read by the watcher, in order, skipping
// those already applied; it says in the status line what changed.
func (wb *Workbench) applyOthers(sets []storage.ChangeSet, err error) {
	select {
	case <-wb.stop:
		return
	default:
	}
	var t Touched
	switch {
	case errors.Is(err, storage.ErrChangesForgotten):
		wb.reloadLater()
		return
	case err != nil:
		wb.done("Could not read changes made elsewhere: " + err.Error())
		return
	}
	wb.sync() // this window's own changes (a background import) are not news
	n := 0
	for _, cs := range sets {
		if cs.Seq <= wb.st.seq {
			continue
		}
		if cs.Seq != wb.st.seq+1 {
			break // the next poll reads what came in between
		}
		t |= wb.apply(cs)
		n++
	}
	wb.redraw(t)
	if n > 0 {
		wb.done("Updated from another window or the command line: " + wb.describe(wb.lastSet))
	}
}

// redraw refreshes the panels that show the touched parts of the state.
func (wb *Workbench) redraw(t Touched) {
	if t == 0 {
		return
	}
	if t&(TouchedCodebook|TouchedDocuments|TouchedCodings) != 0 {
		hideTooltip(wb.win) // the code or coding it named may be gone
	}
	if t&(TouchedCoders|TouchedShown) != 0 {
		wb.showCoders()
	}
	if t&(TouchedDocuments|TouchedCounts|TouchedShown|TouchedCoders|TouchedDocument|TouchedAttributes|TouchedSets|TouchedCases) != 0 {
		wb.Documents.refresh()
	}
	if t&(TouchedCodebook|TouchedCounts|TouchedShown|TouchedCodeSets) != 0 {
		wb.Codes.refresh()
	}
	if t&(TouchedCodebook|TouchedCodings|TouchedShown|TouchedCoders|TouchedDocument) != 0 {
		wb.refreshViewer()
	}
	if t&(TouchedDocument|TouchedDocuments) != 0 {
		wb.showDocument()
	}
	if t&^TouchedDocument != 0 {
		wb.refreshTabs(t)
	}
	wb.updateStatus()
}

// showCoders offers the project's coders in "Coding as".
func (wb *Workbench) showCoders() {
	names := make([]string, 0, len(wb.st.coders)+1)
	for _, c := range wb.st.coders {
		names = append(names, c.Name)
	}
	wb.CoderPick.Options = append(names, addCoderOption)
	wb.CoderPick.Selected = wb.st.coder.Name
	wb.CoderPick.Refresh()
}

// showDocument shows which document is open in the title and the list.
func (wb *Workbench) showDocument() {
	title := "Marginalia — " + wb.projectName()
	if wb.st.doc.ID == "" {
		wb.noDocument.Show()
	} else {
		wb.noDocument.Hide()
		title += " — " + wb.st.doc.Name
	}
	wb.win.SetTitle(title)
}

// refreshTabs marks the coded segments and the compare choices as stale,
// and refreshes the one in front.
func (wb *Workbench) refreshTabs(t Touched) {
	wb.stale[wb.Segments.content] = wb.Segments.refresh
	if t&(TouchedCoders|TouchedDocuments|TouchedCodings|TouchedCounts|TouchedSets|TouchedAttributes|TouchedCases) != 0 {
		wb.stale[wb.Compare.content] = wb.Compare.refresh
	}
	if t&TouchedShown != 0 { // Blind hides the whole tab
		wb.Compare.showBlind()
		wb.Compare.updateRun()
	}
	if t&(TouchedAttributes|TouchedDocuments|TouchedSets|TouchedCases) != 0 {
		wb.stale[wb.Attributes.content] = wb.Attributes.refresh
	}
	if t&(TouchedCodebook|TouchedCoders|TouchedDocuments|TouchedCodings|TouchedCounts|TouchedShown|TouchedAttributes|TouchedSets) != 0 {
		wb.stale[wb.Analyse.content] = wb.Analyse.refresh // issue 12
	}
	if t&(TouchedCodebook|TouchedDocuments|TouchedSets|TouchedAttributes|TouchedCases) != 0 {
		wb.stale[wb.SearchTab.content] = wb.SearchTab.refresh // issue 12: search.go
	}
	wb.freshen(wb.Tabs.Selected().Content)
}

// freshen refreshes the tab view if it missed a change.
func (wb *Workbench) freshen(view fyne.CanvasObject) {
	if refresh, ok := wb.stale[view]; ok {
		delete(wb.stale, view)
		refresh()
	}
}

// lastDocument is the document last open in this project on this
// computer, or the first one.
func (wb *Workbench) lastDocument() string {
	last := wb.app.Preferences().String(prefLastDocument + wb.project.Path())
	if _, ok := wb.st.DocumentByID(last); ok {
		return last
	}
	return wb.st.docs[0].ID
}

// OpenDocument shows a document in the viewer and selects it in the list.
func (wb *Workbench) OpenDocument(id string) {
	d, err := wb.project.Document(id)
	if err != nil {
		showError(wb.win, err)
		wb.Documents.refresh() // the list shows the document still open
		return
	}
	codings, err := wb.project.CodingsOf(id)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.sync() // changes made before the read are in codings already
	t := wb.st.open(d, codings)
	wb.selected = coding.Coding{}
	wb.hits = nil
	wb.passage = coding.Span{}
	wb.Viewer.SetText(d.Text)
	wb.Viewer.SetMarks(nil)
	wb.Tabs.SelectIndex(0)
	wb.redraw(t)
	wb.app.Preferences().SetString(prefLastDocument+wb.project.Path(), id)
}

// Document is the open document.
func (wb *Workbench) Document() coding.Document { return wb.st.doc }

// openCoding finds a coding of the open document by ID.
func (wb *Workbench) openCoding(id string) (coding.Coding, bool) {
	for _, c := range wb.st.codings {
		if c.ID == id {
			return c, true
		}
	}
	return coding.Coding{}, false
}

// refreshViewer gives the viewer the highlights of the shown codings.
func (wb *Workbench) refreshViewer() {
	type look struct {
		color color.NRGBA
		path  string
	}
	cb := wb.st.codebook
	looks := map[string]look{}
	coders := map[string]string{}
	for _, c := range wb.st.coders {
		coders[c.ID] = c.Name
	}
	hs := make([]textview.Highlight, 0, len(wb.st.codings))
	for _, c := range wb.st.codings {
		if !wb.st.Visible(c.CoderID) {
			continue
		}
		l, ok := looks[c.CodeID]
		if !ok {
			code, _ := cb.Code(c.CodeID)
			l = look{parseHex(code.Color), cb.Path(c.CodeID)}
			looks[c.CodeID] = l
		}
		tip := l.path + " — " + coders[c.CoderID]
		if c.Memo != "" {
			tip += ": " + c.Memo
		}
		hs = append(hs, textview.Highlight{Span: c.Span, Color: l.color, Code: c.CodeID, Tooltip: tip, Key: c.ID})
	}
	wb.Viewer.SetHighlights(hs)
	wb.showMarks()
}

// showMarks marks the search hits, the passage shown from elsewhere and
// the coding last clicked.
// showMarks marks the find hits and a passage shown from elsewhere in
// yellow, and outlines the selected coding in its code's colour (a yellow
// mark over it hid its colour and looked like a find hit).
func (wb *Workbench) showMarks() {
	wb.Viewer.SetMarks(wb.marks())
	var outlined []coding.Span
	if wb.selected.ID != "" {
		outlined = []coding.Span{wb.selected.Span}
	}
	c, _ := wb.st.codebook.Code(wb.selected.CodeID)
	wb.Viewer.SetOutlined(outlined, parseHex(c.Color))
}

func (wb *Workbench) marks() []coding.Span {
	marks := slices.Clone(wb.hits)
	if !wb.passage.Empty() {
		marks = append(marks, wb.passage)
	}
	return marks
}

// shownCodings is how many highlights the viewer shows.
func (wb *Workbench) shownCodings() int { return len(wb.Viewer.Highlights()) }

// updateStatus shows the selection and how many codings are in view.
func (wb *Workbench) updateStatus() {
	sel := wb.Viewer.Selection()
	text := plural(wb.shownCodings(), "coding") + " shown"
	if wb.st.doc.ID != "" {
		text = wb.st.doc.Name + " · " + text
	}
	if !sel.Empty() {
		text += fmt.Sprintf(" · selection %d–%d (%s)", sel.Start, sel.End, plural(sel.Len(), "character"))
	}
	if len(wb.hits) > 0 {
		text += " · " + plural(len(wb.hits), "hit")
	}
	wb.Status.SetText(text)
	wb.Codes.selectionChanged()
}

// plural is "1 coding", "2 codings".
func plural(n int, noun string) string { return coding.Plural(n, noun) }

// done records the outcome of an action in the status bar.
func (wb *Workbench) done(message string) { wb.LastAction.SetText(message) }

func (wb *Workbench) highlightTapped(h textview.Highlight) {
	c, ok := wb.openCoding(h.Key)
	if !ok {
		return
	}
	wb.selected = c
	wb.showMarks()
	wb.Codes.reveal(c.CodeID)
	wb.done(fmt.Sprintf("Selected coding: %s by %s (Delete removes it)", wb.st.codebook.Path(c.CodeID), wb.st.CoderName(c.CoderID)))
}

// deselectCoding forgets the coding last clicked, once the user selects
// text or clicks elsewhere in the text (a click on a highlight selects
// its coding again just after), and the status line stops offering to
// delete it.
func (wb *Workbench) deselectCoding() {
	if wb.selected.ID == "" {
		return
	}
	wb.selected = coding.Coding{}
	wb.showMarks()
	if strings.HasPrefix(wb.LastAction.Text, "Selected coding:") {
		wb.done("")
	}
}

// parseHex turns "#RRGGBB" into a colour; anything else is grey.
func parseHex(s string) color.NRGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 || s[0] != '#' {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
