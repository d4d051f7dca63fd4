package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// codingReader is what the coded-segments view reads from the project.
type codingReader interface {
	Codings(storage.Filter) ([]coding.Coding, error)
	Document(id string) (coding.Document, error)
}

// segmentsView retrieves every passage coded with one code across the
// documents, for all shown coders (from the window's State); clicking one
// calls show, which opens its document with the passage marked. The
// documents searched are one document (DocPick) or all, narrowed by a set
// and a condition on attributes (Narrow) as in the documents panel.
type segmentsView struct {
	st       *State
	project  codingReader
	show     func(docID string, span coding.Span)
	win      fyne.Window
	CodePick *widget.Select
	DocPick  *widget.Select // "All documents" or one document
	Narrow   *docFilter     // a set and a condition narrowing the documents
	List     *widget.List
	Summary  *widget.Label
	codeIDs  map[string]string // path -> ID
	segments []segment
	content  fyne.CanvasObject
}

// segment is one retrieved passage with a little context.
type segment struct {
	coding   coding.Coding
	document string
	coder    string
	before   string
	text     string
	after    string
}

// allDocuments is the document choice that filters nothing.
const allDocuments = "All documents"

// contextRunes is how much text around a segment is shown.
const contextRunes = 60

func newSegmentsView(st *State, project codingReader, show func(docID string, span coding.Span), win fyne.Window) *segmentsView {
	sv := &segmentsView{st: st, project: project, show: show, win: win}
	sv.CodePick = widget.NewSelect(nil, func(string) { sv.load() })
	sv.CodePick.PlaceHolder = "Choose a code"
	sv.DocPick = widget.NewSelect([]string{allDocuments}, func(string) { sv.load() })
	sv.DocPick.Selected = allDocuments
	sv.Narrow = newDocFilter(st, func() { sv.refresh() })
	sv.Summary = widget.NewLabel("")
	sv.Summary.Wrapping = fyne.TextWrapWord
	sv.List = widget.NewList(
		func() int { return len(sv.segments) },
		func() fyne.CanvasObject {
			head := widget.NewLabel("")
			head.TextStyle = fyne.TextStyle{Bold: true}
			head.Truncation = fyne.TextTruncateEllipsis
			body := widget.NewLabel("")
			body.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(head, body)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			s := sv.segments[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s · %s · %d–%d", s.document, s.coder, s.coding.Start, s.coding.End))
			box.Objects[1].(*widget.Label).SetText("…" + s.before + "【" + s.text + "】" + s.after + "…")
		})
	sv.List.OnSelected = func(id widget.ListItemID) {
		s := sv.segments[id]
		sv.List.UnselectAll()
		sv.show(s.coding.DocumentID, s.coding.Span)
	}
	pickers := container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, widget.NewLabel("Code:"), nil, sv.CodePick),
		container.NewBorder(nil, nil, widget.NewLabel("In:"), nil, sv.DocPick),
		container.NewBorder(nil, nil, widget.NewLabel("Set:"), nil, sv.Narrow.SetPick),
		sv.Narrow.Where)
	// A centre panel narrower than the pickers scrolls sideways rather than
	// widening the panel.
	sv.content = container.NewHScroll(container.NewBorder(container.NewVBox(pickers, sv.Narrow.Problem, sv.Summary), nil, nil, nil, sv.List))
	return sv
}

// refresh updates the code and document choices and reloads the segments.
func (sv *segmentsView) refresh() {
	sv.codeIDs = map[string]string{}
	var options []string
	cb := sv.st.Codebook()
	for _, c := range cb.Codes() {
		p := cb.Path(c.ID)
		sv.codeIDs[p] = c.ID
		options = append(options, p)
	}
	sv.CodePick.Options = options
	sv.CodePick.Refresh()
	docs := []string{allDocuments}
	narrowed, _ := sv.Narrow.Documents()
	for _, d := range narrowed {
		docs = append(docs, d.Name)
	}
	sv.DocPick.Options = docs
	if !slices.Contains(docs, sv.DocPick.Selected) {
		sv.DocPick.Selected = allDocuments // no longer offered
	}
	sv.DocPick.Refresh()
	sv.load()
}

// Show retrieves the segments of the code with this ID.
func (sv *segmentsView) Show(codeID string) {
	if sv.codeIDs == nil {
		sv.refresh()
	}
	sv.CodePick.SetSelected(sv.st.Codebook().Path(codeID))
}

func (sv *segmentsView) load() {
	sv.segments = nil
	id, ok := sv.codeIDs[sv.CodePick.Selected]
	if !ok {
		sv.Summary.SetText("Choose a code to see every passage coded with it.")
		sv.List.Refresh()
		return
	}
	filter := storage.Filter{Codes: []string{id}}
	for _, d := range sv.st.Documents() {
		if d.Name == sv.DocPick.Selected {
			filter.Documents = []string{d.ID}
		}
	}
	if len(filter.Documents) == 0 && sv.Narrow.Active() {
		narrowed, ok := sv.Narrow.Documents()
		if !ok || len(narrowed) == 0 {
			why := "No document " + sv.Narrow.String() + "."
			if !ok {
				why = "The condition cannot be used."
			}
			sv.Summary.SetText(why)
			sv.List.Refresh()
			return
		}
		for _, d := range narrowed {
			filter.Documents = append(filter.Documents, d.ID)
		}
	}
	codings, err := sv.project.Codings(filter)
	if err != nil {
		showError(sv.win, err)
		return
	}
	texts := map[string]coding.Document{}
	for _, c := range codings {
		if !sv.st.Visible(c.CoderID) || !sv.Narrow.Within(c) { // a case's passages: their spans only
			continue
		}
		d, ok := texts[c.DocumentID]
		if !ok {
			if d, err = sv.project.Document(c.DocumentID); err != nil {
				showError(sv.win, err)
				return
			}
			texts[c.DocumentID] = d
		}
		sv.segments = append(sv.segments, segment{
			coding:   c,
			document: d.Name,
			coder:    sv.st.CoderName(c.CoderID),
			before:   excerpt(coding.Slice(d.Text, coding.Span{Start: c.Start - contextRunes, End: c.Start}), contextRunes),
			text:     oneLine(coding.Slice(d.Text, c.Span)), // a line break would overflow the row
			after:    excerpt(coding.Slice(d.Text, coding.Span{Start: c.End, End: c.End + contextRunes}), contextRunes),
		})
	}
	in := ""
	if sv.DocPick.Selected == allDocuments && sv.Narrow.Active() {
		in = " " + sv.Narrow.String()
	}
	sv.Summary.SetText(strings.TrimSpace(fmt.Sprintf("%s coded %s in %s%s. %s", plural(len(sv.segments), "passage"), sv.CodePick.Selected, plural(len(texts), "document"), in, sv.st.BlindNote())))
	sv.List.Refresh()
}
