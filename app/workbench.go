package app

import (
	"fmt"
	"image/color"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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
// top and the status line at the bottom. Its widgets are exported fields so
// that tests can drive them.
type Workbench struct {
	app     fyne.App
	win     fyne.Window
	project *storage.Project

	coder    coding.Coder   // who is coding
	coders   []coding.Coder // every coder of the project
	codebook *coding.Codebook
	docs     []coding.Document // every document, without text
	doc      coding.Document   // the open document, with text
	codings  []coding.Coding   // every coding of the open document
	shown    map[string]bool   // coder IDs shown when Show is ShowChosen
	selected coding.Coding     // the coding last clicked in the viewer

	// codeCounts and docCounts are how many codings each code and each
	// document has, by coder ID; the panels show the shown coders' sum.
	codeCounts, docCounts map[string]map[string]int
	shownCodings          int           // highlights in the viewer
	noDocument            *widget.Label // says how to add documents while there are none

	Documents  *documentsPanel
	Viewer     *textview.Viewer
	Codes      *codebookPanel
	CoderPick  *widget.Select
	ShowPick   *widget.Select
	Blind      *widget.Check
	Search     *widget.Entry
	Status     *widget.Label
	LastAction *widget.Label
	Tabs       *container.AppTabs
	Segments   *segmentsView
	Compare    *compareView
	hits       []coding.Span

	// stale are the tab views that missed a reload while hidden, with the
	// refresh each needs before it is seen.
	stale map[fyne.CanvasObject]func()

	content fyne.CanvasObject
}

// NewWorkbench builds the workbench for project p in window w. It reads
// the coder's name from the app preferences.
func NewWorkbench(a fyne.App, w fyne.Window, p *storage.Project) *Workbench {
	wb := &Workbench{app: a, win: w, project: p, shown: map[string]bool{}, stale: map[fyne.CanvasObject]func(){}}
	wb.Viewer = textview.New()
	wb.Viewer.OnSelectionChanged = func(coding.Span) { wb.updateStatus() }
	wb.Viewer.OnHighlightTapped = wb.highlightTapped
	wb.Viewer.OnTypedRune = wb.typedRune
	wb.Viewer.OnTypedKey = wb.typedKey
	wb.Status = widget.NewLabel("")
	wb.noDocument = widget.NewLabel("No documents yet.\nFile → Import a document…, Import documents from a folder…,\nor drop files on this window.")
	wb.noDocument.Alignment = fyne.TextAlignCenter
	wb.noDocument.Importance = widget.LowImportance
	wb.LastAction = widget.NewLabel("")
	wb.Documents = newDocumentsPanel(wb)
	wb.Codes = newCodebookPanel(wb)
	wb.Segments = newSegmentsView(wb)
	wb.Compare = newCompareView(wb)
	wb.buildTopBar()
	wb.content = wb.layout()
	wb.bindKeys()
	w.SetOnDropped(wb.dropped)
	if name := a.Preferences().String(prefCoderName); name != "" {
		wb.SetCoder(name)
	}
	wb.reload()
	if len(wb.docs) > 0 {
		wb.OpenDocument(wb.lastDocument())
	}
	return wb
}

// Content is the window content.
func (wb *Workbench) Content() fyne.CanvasObject { return wb.content }

// Project is the open project.
func (wb *Workbench) Project() *storage.Project { return wb.project }

// Close remembers the layout and closes the project.
func (wb *Workbench) Close() {
	wb.project.Close()
}

func (wb *Workbench) layout() fyne.CanvasObject {
	top := container.NewBorder(nil, nil, boldLabel(projectTitle(wb.project.Path())), container.NewHBox(wb.Blind),
		container.NewHBox(widget.NewLabel("Coding as:"), wb.CoderPick, widget.NewLabel("Show:"), wb.ShowPick, widget.NewSeparator(), container.NewGridWrap(fyne.NewSize(260, wb.Search.MinSize().Height), wb.Search)))
	status := container.NewBorder(nil, nil, nil, wb.LastAction, wb.Status)
	wb.Tabs = container.NewAppTabs(
		container.NewTabItem("Document", container.NewStack(wb.Viewer, container.NewCenter(wb.noDocument))),
		container.NewTabItem("Coded segments", wb.Segments.content),
		container.NewTabItem("Compare", wb.Compare.content),
	)
	wb.Tabs.OnSelected = func(t *container.TabItem) { wb.freshen(t.Content) }
	right := container.NewHSplit(wb.Tabs, wb.Codes.content)
	right.Offset = wb.app.Preferences().FloatWithFallback(prefSplitRight, 0.72)
	main := container.NewHSplit(wb.Documents.content, right)
	main.Offset = wb.app.Preferences().FloatWithFallback(prefSplitLeft, 0.18)
	wb.win.SetOnClosed(func() {
		wb.app.Preferences().SetFloat(prefSplitLeft, main.Offset)
		wb.app.Preferences().SetFloat(prefSplitRight, right.Offset)
		wb.Close()
	})
	return container.NewBorder(container.NewVBox(top, widget.NewSeparator()), container.NewVBox(widget.NewSeparator(), status), nil, nil, main)
}

func projectTitle(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".qdb")
}

func (wb *Workbench) buildTopBar() {
	wb.CoderPick = widget.NewSelect(nil, func(name string) {
		if name == addCoderOption {
			wb.askCoderName()
			return
		}
		if name != wb.coder.Name {
			wb.SetCoder(name)
		}
	})
	wb.CoderPick.PlaceHolder = "(who are you?)"
	wb.ShowPick = widget.NewSelect([]string{ShowMine, ShowEveryone, ShowChosen}, func(choice string) {
		if choice == ShowChosen {
			wb.chooseShownCoders()
		}
		wb.refreshShown()
	})
	wb.ShowPick.SetSelected(ShowEveryone)
	wb.Blind = widget.NewCheck("Blind", func(on bool) {
		wb.ShowPick.Disable()
		if !on {
			wb.ShowPick.Enable()
		}
		wb.refreshShown()
	})
	wb.Search = widget.NewEntry()
	wb.Search.SetPlaceHolder("Find in document (Ctrl+F)")
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
	c, err := wb.project.EnsureCoder(name)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.coder = c
	wb.app.Preferences().SetString(prefCoderName, c.Name)
	wb.reload()
}

// Coder is who is coding.
func (wb *Workbench) Coder() coding.Coder { return wb.coder }

// reload reads the codebook, the coders, the documents and the open
// document's codings again from the project, and refreshes every panel.
func (wb *Workbench) reload() {
	var err error
	if wb.codebook, err = wb.project.Codebook(); err != nil {
		showError(wb.win, err)
		return
	}
	if wb.coders, err = wb.project.Coders(); err != nil {
		showError(wb.win, err)
	}
	if wb.docs, err = wb.project.Documents(); err != nil {
		showError(wb.win, err)
	}
	if wb.doc.ID != "" {
		if wb.codings, err = wb.project.CodingsOf(wb.doc.ID); err != nil {
			showError(wb.win, err)
		}
	}
	if wb.codeCounts, err = countsByCoder(wb.project.CountsByCode); err != nil {
		showError(wb.win, err)
	}
	if wb.docCounts, err = countsByCoder(wb.project.CountsByDocument); err != nil {
		showError(wb.win, err)
	}
	wb.showState()
}

// codingChanged shows a coding of the open document just added (delta +1)
// or removed (delta -1) without reading the whole project again, so that
// the commonest actions stay fast in large projects.
func (wb *Workbench) codingChanged(c coding.Coding, delta int) {
	i := slices.IndexFunc(wb.codings, func(x coding.Coding) bool { return x.ID == c.ID })
	switch {
	case delta > 0 && i >= 0, delta < 0 && i < 0:
		return // nothing changed: the coding was there already, or gone
	case delta > 0:
		wb.codings = append(wb.codings, c)
	default:
		wb.codings = slices.Delete(wb.codings, i, i+1)
	}
	for _, count := range []struct {
		counts map[string]map[string]int
		key    string
	}{{wb.codeCounts, c.CodeID}, {wb.docCounts, c.DocumentID}} {
		if count.counts[count.key] == nil {
			count.counts[count.key] = map[string]int{}
		}
		count.counts[count.key][c.CoderID] += delta
		if count.counts[count.key][c.CoderID] <= 0 {
			delete(count.counts[count.key], c.CoderID)
		}
	}
	wb.showState()
}

// showState refreshes every panel from the state read by reload.
func (wb *Workbench) showState() {
	if wb.doc.ID == "" {
		wb.noDocument.Show()
	} else {
		wb.noDocument.Hide()
	}
	names := make([]string, 0, len(wb.coders)+1)
	for _, c := range wb.coders {
		names = append(names, c.Name)
	}
	wb.CoderPick.Options = append(names, addCoderOption)
	if wb.coder.ID != "" {
		wb.CoderPick.Selected = wb.coder.Name
	}
	wb.CoderPick.Refresh()
	wb.Documents.refresh()
	wb.Codes.refresh()
	wb.refreshViewer()
	wb.refreshTabs()
}

// refreshTabs refreshes the coded segments and the compare choices, which
// read across the whole project: the view in front now, the other when
// its tab is selected or it is used.
func (wb *Workbench) refreshTabs() {
	wb.stale = map[fyne.CanvasObject]func(){
		wb.Segments.content: wb.Segments.refresh,
		wb.Compare.content:  wb.Compare.refresh,
	}
	wb.freshen(wb.Tabs.Selected().Content)
}

// freshen refreshes the tab view if it missed a reload.
func (wb *Workbench) freshen(view fyne.CanvasObject) {
	if refresh, ok := wb.stale[view]; ok {
		delete(wb.stale, view)
		refresh()
	}
}

// countsByCoder reads counts of codings into key -> coder ID -> number.
func countsByCoder(read func() ([]storage.Count, error)) (map[string]map[string]int, error) {
	counts, err := read()
	out := map[string]map[string]int{}
	for _, c := range counts {
		if out[c.Key] == nil {
			out[c.Key] = map[string]int{}
		}
		out[c.Key][c.CoderID] = c.N
	}
	return out, err
}

// shownCount is the sum of the numbers of the shown coders.
func (wb *Workbench) shownCount(byCoder map[string]int) int {
	n := 0
	for coderID, k := range byCoder {
		if wb.visible(coderID) {
			n += k
		}
	}
	return n
}

// refreshShown shows the codings of the coders now chosen (Show, Blind):
// in the viewer, the panels' counts and the coded segments.
func (wb *Workbench) refreshShown() {
	if wb.codebook == nil { // still being built
		return
	}
	wb.refreshViewer()
	wb.Codes.refresh()
	wb.Documents.refresh()
	if wb.stale[wb.Segments.content] == nil {
		wb.stale[wb.Segments.content] = wb.Segments.load
	}
	wb.freshen(wb.Tabs.Selected().Content)
}

// lastDocument is the document last open in this project on this
// computer, or the first one.
func (wb *Workbench) lastDocument() string {
	last := wb.app.Preferences().String(prefLastDocument + wb.project.Path())
	for _, d := range wb.docs {
		if d.ID == last {
			return last
		}
	}
	return wb.docs[0].ID
}

// OpenDocument shows a document in the viewer.
func (wb *Workbench) OpenDocument(id string) {
	d, err := wb.project.Document(id)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.doc = d
	wb.noDocument.Hide()
	wb.selected = coding.Coding{}
	wb.hits = nil
	wb.Viewer.SetText(d.Text)
	wb.Viewer.SetMarks(nil)
	if wb.codings, err = wb.project.CodingsOf(id); err != nil {
		showError(wb.win, err)
	}
	wb.Documents.selectDocument(id)
	wb.Tabs.SelectIndex(0)
	wb.refreshViewer()
	wb.win.SetTitle("Marginalia — " + projectTitle(wb.project.Path()) + " — " + d.Name)
	wb.app.Preferences().SetString(prefLastDocument+wb.project.Path(), id)
}

// Document is the open document.
func (wb *Workbench) Document() coding.Document { return wb.doc }

// visible reports whether codings of this coder are shown.
func (wb *Workbench) visible(coderID string) bool {
	if wb.Blind.Checked {
		return coderID == wb.coder.ID
	}
	switch wb.ShowPick.Selected {
	case ShowMine:
		return coderID == wb.coder.ID
	case ShowChosen:
		return wb.shown[coderID]
	}
	return true
}

func (wb *Workbench) coderName(id string) string {
	for _, c := range wb.coders {
		if c.ID == id {
			return c.Name
		}
	}
	return "?"
}

// refreshViewer gives the viewer the highlights of the shown codings.
func (wb *Workbench) refreshViewer() {
	if wb.codebook == nil {
		return
	}
	type look struct {
		color color.NRGBA
		path  string
	}
	looks := map[string]look{}
	coders := map[string]string{}
	for _, c := range wb.coders {
		coders[c.ID] = c.Name
	}
	hs := make([]textview.Highlight, 0, len(wb.codings))
	for _, c := range wb.codings {
		if !wb.visible(c.CoderID) {
			continue
		}
		l, ok := looks[c.CodeID]
		if !ok {
			code, _ := wb.codebook.Code(c.CodeID)
			l = look{parseHex(code.Color), wb.codebook.Path(c.CodeID)}
			looks[c.CodeID] = l
		}
		tip := l.path + " — " + coders[c.CoderID]
		if c.Memo != "" {
			tip += ": " + c.Memo
		}
		hs = append(hs, textview.Highlight{Span: c.Span, Color: l.color, Code: c.CodeID, Tooltip: tip, Key: c.ID})
	}
	wb.shownCodings = len(hs)
	wb.Viewer.SetHighlights(hs)
	wb.updateStatus()
}

// updateStatus shows the selection and how many codings are in view.
func (wb *Workbench) updateStatus() {
	sel := wb.Viewer.Selection()
	text := plural(wb.shownCodings, "coding") + " shown"
	if wb.doc.ID != "" {
		text = wb.doc.Name + " · " + text
	}
	if !sel.Empty() {
		text += fmt.Sprintf(" · selection %d–%d (%d characters)", sel.Start, sel.End, sel.Len())
	}
	if len(wb.hits) > 0 {
		text += fmt.Sprintf(" · %d hits", len(wb.hits))
	}
	wb.Status.SetText(text)
}

// plural is "1 coding", "2 codings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// done records the outcome of an action in the status bar.
func (wb *Workbench) done(message string) { wb.LastAction.SetText(message) }

func (wb *Workbench) highlightTapped(h textview.Highlight) {
	for _, c := range wb.codings {
		if c.ID == h.Key {
			wb.selected = c
			wb.Codes.reveal(c.CodeID)
			wb.done(fmt.Sprintf("Selected coding: %s by %s (Delete removes it)", wb.codebook.Path(c.CodeID), wb.coderName(c.CoderID)))
			return
		}
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

// codableInOrder are the codes that can be applied, in tree order: the
// first nine answer to the keys 1–9.
func (wb *Workbench) codableInOrder() []coding.Code {
	var out []coding.Code
	for _, c := range wb.codebook.Codes() {
		if c.Codable {
			out = append(out, c)
		}
	}
	return out
}

// shortcutNumber is the key (1–9) that applies code id, or 0.
func (wb *Workbench) shortcutNumber(id string) int {
	i := slices.IndexFunc(wb.codableInOrder(), func(c coding.Code) bool { return c.ID == id })
	if i < 0 || i >= 9 {
		return 0
	}
	return i + 1
}
