package app

import (
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
)

// searchActions is what the Search tab does through the window.
type searchActions struct {
	// Search finds a query in the documents with these IDs (storage's
	// Project.Search); it runs off the window's goroutine.
	Search func(ids []string, q analysis.SearchQuery, stop func() bool) ([]analysis.Hit, bool, error)
	// Open shows a hit in its document, marked.
	Open func(docID string, span coding.Span)
	// CodeAll codes every hit with the code, as one undoable action.
	CodeAll func(codeID string, hits []analysis.Hit)
	Done    func(message string)
}

// searchView is the Search tab: words, a phrase or a pattern looked for in
// every document or those of a set and condition (Narrow), the hits listed
// with their context; clicking one opens its document with the hit marked,
// and "Code all hits" codes them all with one code as one action. A search
// that takes longer than half a second shows a progress bar and Cancel.
type searchView struct {
	st  *State
	win fyne.Window
	do  searchActions

	Query     *widget.Entry
	Regex     *widget.Check
	MatchCase *widget.Check
	Narrow    *docFilter
	Find      *widget.Button
	CodePick  *widget.Select
	CodeAll   *widget.Button
	Summary   *widget.Label
	List      *widget.List
	Progress  *widget.ProgressBarInfinite
	Cancel    *widget.Button
	busy      *fyne.Container

	hits    []analysis.Hit
	query   string // the query of hits, for the summary and the action's label
	codeIDs map[string]string
	run     int // counts searches; a result of an older run is discarded
	running bool
	stop    *atomic.Bool // set to stop the search in flight
	// spawn runs a search off the window's goroutine and deliver hands its
	// result back (tests run both in step).
	spawn   func(func())
	deliver func(func())
	content fyne.CanvasObject
}

// searchContext is how many characters each side of a hit are shown.
const searchContext = 50

func newSearchView(st *State, win fyne.Window, do searchActions) *searchView {
	sv := &searchView{st: st, win: win, do: do, spawn: func(f func()) { go f() }, deliver: fyne.Do}
	sv.Query = widget.NewEntry()
	sv.Query.SetPlaceHolder("Words, a phrase or a pattern to find in the documents")
	sv.Query.OnSubmitted = func(string) { sv.search() }
	sv.Regex = widget.NewCheck("Pattern", nil)
	sv.MatchCase = widget.NewCheck("Match case", nil)
	sv.Narrow = newDocFilter(st, func() {})
	sv.Find = widget.NewButton("Search", sv.search)
	sv.Find.Importance = widget.HighImportance
	sv.CodePick = widget.NewSelect(nil, nil)
	sv.CodePick.PlaceHolder = "a code"
	sv.CodeAll = widget.NewButton("Code all hits", sv.codeAll)
	sv.Summary = widget.NewLabel("Type words or a phrase and press Enter. Case is ignored; Chinese is matched as written. Pattern: a regular expression.")
	sv.Summary.Wrapping = fyne.TextWrapWord
	sv.Progress = widget.NewProgressBarInfinite()
	sv.Progress.Stop()
	sv.Cancel = widget.NewButton("Cancel", sv.cancel)
	sv.busy = container.NewHBox(container.NewGridWrap(fyne.NewSize(120, sv.Cancel.MinSize().Height), sv.Progress), sv.Cancel)
	sv.busy.Hide()
	sv.List = widget.NewList(
		func() int { return len(sv.hits) },
		func() fyne.CanvasObject {
			head := widget.NewLabel("")
			head.TextStyle = fyne.TextStyle{Bold: true}
			head.Truncation = fyne.TextTruncateEllipsis
			body := widget.NewLabel("")
			body.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(head, body)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			head, body := hitLines(sv.hits[id], sv.documentName(sv.hits[id].Document))
			box.Objects[0].(*widget.Label).SetText(head)
			box.Objects[1].(*widget.Label).SetText(body)
		})
	sv.List.OnSelected = func(id widget.ListItemID) {
		h := sv.hits[id]
		sv.List.UnselectAll()
		sv.do.Open(h.Document, h.Span)
	}
	query := container.NewBorder(nil, nil, nil, container.NewHBox(sv.Regex, sv.MatchCase, sv.Find), sv.Query)
	narrow := container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, widget.NewLabel("Set:"), nil, sv.Narrow.SetPick),
		sv.Narrow.Where)
	code := container.NewBorder(nil, nil, widget.NewLabel("Code all hits with"), sv.CodeAll, sv.CodePick)
	top := container.NewVBox(query, narrow, sv.Narrow.Problem, container.NewBorder(nil, nil, nil, sv.busy, sv.Summary), code)
	sv.content = container.NewHScroll(container.NewBorder(top, nil, nil, nil, sv.List))
	sv.refresh()
	return sv
}

// hitLines are a hit's two lines in the list: where it is, and the hit
// in its context (line breaks shown as spaces).
func hitLines(h analysis.Hit, document string) (head, body string) {
	before, after := oneLine(h.Before), oneLine(h.After)
	if strings.TrimSpace(h.Before) != h.Before || h.Before == "" {
		before += " "
	}
	if strings.TrimSpace(h.After) != h.After || h.After == "" {
		after = " " + after
	}
	return fmt.Sprintf("%s · %d–%d", document, h.Span.Start, h.Span.End),
		strings.TrimSpace("…" + before + "【" + oneLine(h.Text) + "】" + after + "…")
}

// documentName names a document by its ID ("(removed)" once it is gone).
func (sv *searchView) documentName(id string) string {
	if d, ok := sv.st.DocumentByID(id); ok {
		return d.Name
	}
	return "(removed)"
}

// refresh offers the codable codes and the sets, and drops the hits of
// documents that were removed.
func (sv *searchView) refresh() {
	sv.codeIDs = map[string]string{}
	var options []string
	cb := sv.st.Codebook()
	for _, c := range cb.Codes() {
		if c.Codable {
			p := cb.Path(c.ID)
			sv.codeIDs[p] = c.ID
			options = append(options, p)
		}
	}
	sv.CodePick.Options = options
	if _, ok := sv.codeIDs[sv.CodePick.Selected]; !ok {
		sv.CodePick.Selected = ""
	}
	sv.CodePick.Refresh()
	sv.Narrow.Documents() // offers the sets
	kept := sv.hits[:0]
	for _, h := range sv.hits {
		if _, ok := sv.st.DocumentByID(h.Document); ok {
			kept = append(kept, h)
		}
	}
	sv.hits = kept
	sv.List.Refresh()
}

// search looks for the query in the chosen documents, off the window's
// goroutine.
func (sv *searchView) search() {
	q := analysis.SearchQuery{Text: sv.Query.Text, Regex: sv.Regex.Checked, MatchCase: sv.MatchCase.Checked, Context: searchContext}
	if _, err := q.Compile(); err != nil {
		sv.Summary.SetText(err.Error())
		return
	}
	docs, ok := sv.Narrow.Documents()
	if !ok {
		sv.Summary.SetText("The condition cannot be used.")
		return
	}
	if len(docs) == 0 {
		sv.hits = nil
		sv.List.Refresh()
		sv.Summary.SetText("No document " + sv.Narrow.String() + ".")
		return
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	sv.run++
	run := sv.run
	sv.running = true
	sv.Summary.SetText("Searching…")
	stopProgress := showProgressLater(func() {
		if sv.run == run && sv.running {
			sv.busy.Show()
			sv.Progress.Start()
		}
	})
	if sv.stop != nil {
		sv.stop.Store(true) // a search still running stops reading documents
	}
	stop := &atomic.Bool{}
	sv.stop = stop
	find := sv.do.Search
	in := ""
	if sv.Narrow.Active() {
		in = " " + sv.Narrow.String()
	}
	sv.spawn(func() {
		hits, _, err := find(ids, q, stop.Load)
		sv.deliver(func() {
			stopProgress()
			if sv.run != run { // cancelled, or superseded
				return
			}
			sv.settle()
			if err != nil {
				sv.Summary.SetText("")
				showError(sv.win, err)
				return
			}
			sv.hits, sv.query = hits, q.Text
			docs := map[string]bool{}
			for _, h := range hits {
				docs[h.Document] = true
			}
			sv.Summary.SetText(fmt.Sprintf("%s for “%s” in %s of %s%s", plural(len(hits), "hit"), q.Text,
				plural(len(docs), "document"), plural(len(ids), "document"), in))
			sv.List.ScrollToTop()
			sv.List.Refresh()
		})
	})
}

// searchFor searches for words as typed in the box, in the documents the
// tab's set and condition choose.
func (sv *searchView) searchFor(words string) {
	sv.Query.SetText(words)
	sv.Regex.SetChecked(false)
	sv.search()
}

// searchWord shows the Search tab searching for a word (a word of the
// Analyse tab's word frequencies).
func (wb *Workbench) searchWord(word string) {
	for _, t := range wb.Tabs.Items {
		if t.Content == wb.SearchTab.content {
			wb.Tabs.Select(t)
		}
	}
	wb.SearchTab.searchFor(word)
}

// cancel abandons the search in flight: its result is discarded.
func (sv *searchView) cancel() {
	if !sv.running {
		return
	}
	sv.run++
	sv.stop.Store(true)
	sv.settle()
	sv.Summary.SetText("Search cancelled.")
	sv.do.Done("Search cancelled")
}

func (sv *searchView) settle() {
	sv.running = false
	sv.Progress.Stop()
	sv.busy.Hide()
}

// codeAll codes every hit listed with the chosen code.
func (sv *searchView) codeAll() {
	id, ok := sv.codeIDs[sv.CodePick.Selected]
	switch {
	case len(sv.hits) == 0:
		sv.do.Done("Search first, then code all hits")
	case !ok:
		sv.do.Done("Choose the code to apply to every hit")
	default:
		sv.do.CodeAll(id, sv.hits)
	}
}

// codeSearchHits codes every hit of the Search tab with a code, for the
// current coder, as one undoable action.
func (wb *Workbench) codeSearchHits(codeID string, hits []analysis.Hit) {
	if wb.refuseReadOnly() {
		return
	}
	if wb.st.coder.ID == "" {
		wb.askCoderName(func() { wb.codeSearchHits(codeID, hits) })
		return
	}
	batch := make([]coding.Coding, len(hits))
	for i, h := range hits {
		batch[i] = coding.Coding{DocumentID: h.Document, CodeID: codeID, CoderID: wb.st.coder.ID, Span: h.Span}
	}
	n, err := wb.project.AddCodings(fmt.Sprintf("Code %s", plural(len(batch), "hit")), batch)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.sync()
	msg := fmt.Sprintf("Coded %s with %s", plural(n, "hit"), wb.st.codebook.Path(codeID))
	if n < len(hits) {
		msg += fmt.Sprintf(" (%s already coded so)", plural(len(hits)-n, "hit"))
	}
	wb.done(msg)
}
