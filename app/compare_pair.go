package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
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

// showPair shows the codings of one code by the compared coders: in one
// document (a document column) or, for the pooled column, in the first
// document where they disagree on it, with Next and Previous going through
// the disagreements of every document.
func (cv *compareView) showPair(code string, col int) {
	c := cv.cmp
	cv.pairCode, cv.pairCol, cv.current = code, col, -1
	cv.resolve.Choice.ClearSelected() // a newly opened cell starts with no resolution chosen
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
	figures := cv.cellText(code, col, r, ok)
	if ri, found := cv.intervals.Code(code); found && ok && col == colPooled {
		figures += " · α " + agreement.FormatCoefficient(r.Alpha) + " " + agreement.FormatInterval(ri.Alpha)
		if n := len(ri.AlphaBelow); n > 0 {
			last := ri.AlphaBelow[n-1]
			figures += fmt.Sprintf(" · P(α < %g) %s", last.Minimum, agreement.FormatShare(last.Share))
		}
	}
	cv.Pair.SetText(fmt.Sprintf("%s in %s: %s", c.CodePath(code), where, figures))
	cv.loadDocument(doc)
	switch len(cv.pairList) {
	case 0:
		cv.Position.SetText("No disagreements: the coders coded the same text.")
	default:
		cv.Position.SetText(plural(len(cv.pairList), "disagreement") + ": use Next to go through them.")
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
	cv.showHighlights()
	cv.marks = nil
	for _, dis := range cv.pairList {
		if dis.Document == id {
			cv.marks = append(cv.marks, dis.Span)
		}
	}
	cv.Viewer.SetMarks(cv.marks)
}

// consensusColor is the consensus coder's colour in the comparison viewer.
var consensusColor = color.NRGBA{R: 0x90, G: 0xA4, B: 0xAE, A: 0xFF} // light blue grey, seen on dark and light themes

// showHighlights shows the pair's code's codings in the document shown:
// each compared coder's in its colour and lane, then the consensus
// coder's, as the project holds them now, in a lane of its own.
func (cv *compareView) showHighlights() {
	c := cv.cmp
	id := cv.pairDoc
	var hs []textview.Highlight
	for i, coder := range c.Coders { // one lane per coder, in their order
		for _, cd := range c.Codings {
			if cd.DocumentID == id && cd.CodeID == cv.pairCode && cd.CoderID == coder.ID {
				hs = append(hs, textview.Highlight{Span: cd.Span, Color: coderColor(i), Code: coder.ID,
					Tooltip: c.CodePath(cd.CodeID) + " — " + coder.Name, Key: cd.ID})
			}
		}
	}
	for _, cd := range cv.resolve.status.Codings(id, cv.pairCode) {
		hs = append(hs, textview.Highlight{Span: cd.Span, Color: consensusColor, Code: cd.CoderID,
			Tooltip: c.CodePath(cd.CodeID) + " — " + coding.ConsensusName, Key: cd.ID})
	}
	cv.Viewer.SetHighlights(hs)
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
	cv.resolve.Choice.ClearSelected() // each disagreement is resolved as chosen for it, never as the last one was
	if cv.adjusting() {               // start from the coders' whole stretch
		cv.Viewer.SetSelection(cv.stretch(d))
	} else {
		cv.Viewer.SetSelection(d.Span)
	}
	cv.Position.SetText(fmt.Sprintf("%d of %d: %s — %s", cv.current+1, n, cv.describe(d), cv.resolvedAs(d)))
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
	cv.resolve.Choice.ClearSelected() // a newly opened cell starts with no resolution chosen
	cv.Position.SetText(message)
	cv.Viewer.SetText("")
	cv.updateNav()
}

// updateNav enables the buttons that apply and shows the coders' colours.
func (cv *compareView) updateNav() {
	cv.updateResolve()
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
	add := func(c color.Color, name string) {
		swatch := canvas.NewRectangle(c)
		swatch.SetMinSize(fyne.NewSize(14, 14))
		swatch.CornerRadius = 3
		cv.legend.Add(container.NewCenter(swatch))
		cv.legend.Add(widget.NewLabel(name))
	}
	for i, c := range cv.cmp.Coders {
		add(coderColor(i), c.Name)
	}
	if cv.resolve.status != nil {
		add(consensusColor, coding.ConsensusName)
	}
	cv.legend.Add(layout.NewSpacer())
}

// openInDocumentTab opens the shown document in the Document tab, with the
// selected disagreement selected, where codings can be changed.
func (cv *compareView) openInDocumentTab() {
	if cv.pairDoc == "" {
		return
	}
	cv.do.Edit(cv.pairDoc, cv.Viewer.Selection())
}
