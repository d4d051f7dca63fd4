package xlsx

import (
	"cmp"
	"slices"
	"strings"

	"marginalia/coding"
)

// disagreements writes the Disagreements sheet: every maximal stretch of
// text where the coders differ on a code, with the text.
func (b *book) disagreements() error {
	t := table{
		name: DisagreementsSheet,
		columns: []column{
			{"Document", textKind}, {"Code", textKind}, {"Start", intKind}, {"End", intKind},
			{"Coded by", textKind}, {"Not coded by", textKind}, {"Text", textKind},
		},
		rows: func(yield func([]any) bool) {
			for _, d := range b.study.Disagreements {
				if !yield([]any{b.docName(d.Document), b.codePath(d.Code), d.Start, d.End,
					b.coderNames(d.CodedBy), b.coderNames(d.NotCodedBy), b.text(d.Document, d.Span)}) {
					return
				}
			}
		},
	}
	return b.writeSheet(t)
}

// coderNames joins the names of coders given by ID.
func (b *book) coderNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = b.coderName(id)
	}
	return strings.Join(names, ", ")
}

// codings writes the Codings sheet: every coding of the compared coders,
// by document (in the study's order), position, code (in codebook order)
// and coder.
func (b *book) codings() error {
	codeIdx := map[string]int{}
	for i, c := range b.codes.Codes() {
		codeIdx[c.ID] = i
	}
	rank := func(m map[string]int, id string) int {
		if i, ok := m[id]; ok {
			return i
		}
		return len(m)
	}
	var list []coding.Coding
	for _, c := range b.study.Codings {
		if _, ok := b.coder[c.CoderID]; ok {
			list = append(list, c)
		}
	}
	slices.SortStableFunc(list, func(x, y coding.Coding) int {
		return cmp.Or(
			cmp.Compare(rank(b.docIdx, x.DocumentID), rank(b.docIdx, y.DocumentID)),
			cmp.Compare(x.Start, y.Start),
			cmp.Compare(x.End, y.End),
			cmp.Compare(rank(codeIdx, x.CodeID), rank(codeIdx, y.CodeID)),
			cmp.Compare(b.coder[x.CoderID], b.coder[y.CoderID]))
	})
	t := table{
		name: CodingsSheet,
		columns: []column{
			{"Coder", textKind}, {"Document", textKind}, {"Code", textKind}, {"Start", intKind}, {"End", intKind},
			{"Text", textKind}, {"Memo", textKind},
		},
		rows: func(yield func([]any) bool) {
			for _, c := range list {
				if !yield([]any{b.coderName(c.CoderID), b.docName(c.DocumentID), b.codePath(c.CodeID), c.Start, c.End,
					b.text(c.DocumentID, c.Span), c.Memo}) {
					return
				}
			}
		},
	}
	return b.writeSheet(t)
}

// codebook writes the Codebook sheet: every code in tree order with its
// colour, description and the number of codings of each compared coder.
func (b *book) codebook() error {
	count := make(map[string][]int) // code ID → codings per coder
	for _, c := range b.study.Codings {
		i, ok := b.coder[c.CoderID]
		if !ok {
			continue
		}
		if count[c.CodeID] == nil {
			count[c.CodeID] = make([]int, len(b.study.Coders))
		}
		count[c.CodeID][i]++
	}
	cols := []column{
		{"Code", textKind}, {"Colour", colourKind}, {"Definition", wrapKind}, {"When to use", wrapKind},
		{"When not to use", wrapKind}, {"Example", wrapKind},
	}
	for _, c := range b.study.Coders {
		cols = append(cols, column{"Codings by " + c.Name, intKind})
	}
	t := table{
		name:    CodebookSheet,
		columns: cols,
		rows: func(yield func([]any) bool) {
			for _, c := range b.codes.Codes() {
				d := c.Description
				row := []any{b.codePath(c.ID), c.Color, d.Definition, d.WhenToUse, d.WhenNotToUse, d.Example}
				for i := range b.study.Coders {
					n := 0
					if count[c.ID] != nil {
						n = count[c.ID][i]
					}
					row = append(row, n)
				}
				if !yield(row) {
					return
				}
			}
		},
	}
	return b.writeSheet(t)
}
