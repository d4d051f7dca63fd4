package xlsx

import (
	"cmp"
	"slices"
	"strings"
)

// disagreements writes the Disagreements sheet: every maximal stretch of
// text where the coders differ on a code, with the text.
func (b *book) disagreements() error {
	t := table{
		name: DisagreementsSheet,
		columns: []column{
			{"Document", textKind}, {"Code", textKind}, {"Start", intKind}, {"End", intKind},
			{"Coded by", textKind}, {"Not coded by", textKind}, {"Text", wrapKind},
		},
		rows: func(yield func([]any) bool) {
			row := make([]any, 7)
			for _, d := range b.study.Disagreements {
				row[0], row[1], row[2], row[3] = b.docName(d.Document), b.codePath(d.Code), d.Start, d.End
				row[4], row[5], row[6] = b.coderNames(d.CodedBy), b.coderNames(d.NotCodedBy), b.text(d.Document, d.Span)
				if !yield(row) {
					return
				}
			}
		},
	}
	return b.writeSheet(t)
}

// coderNames joins the names of coders given by ID.
func (b *book) coderNames(ids []string) string {
	if len(ids) == 1 {
		return b.coderName(ids[0])
	}
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
	rank := func(m map[string]int, id string) int32 {
		if i, ok := m[id]; ok {
			return int32(i)
		}
		return int32(len(m))
	}
	// Sort keys rather than the codings: a fifth of the memory, and no
	// lookups while sorting.
	type key struct{ doc, start, end, code, coder, i int32 }
	var keys []key
	for i, c := range b.study.Codings {
		if coder, ok := b.coder[c.CoderID]; ok {
			keys = append(keys, key{rank(b.docIdx, c.DocumentID), int32(c.Start), int32(c.End), rank(codeIdx, c.CodeID), int32(coder), int32(i)})
		}
	}
	slices.SortFunc(keys, func(x, y key) int {
		return cmp.Or(cmp.Compare(x.doc, y.doc), cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end),
			cmp.Compare(x.code, y.code), cmp.Compare(x.coder, y.coder), cmp.Compare(x.i, y.i))
	})
	t := table{
		name: CodingsSheet,
		columns: []column{
			{"Coder", textKind}, {"Document", textKind}, {"Code", textKind}, {"Start", intKind}, {"End", intKind},
			{"Text", wrapKind}, {"Memo", wrapKind},
		},
		rows: func(yield func([]any) bool) {
			row := make([]any, 7)
			for _, k := range keys {
				c := &b.study.Codings[k.i]
				row[0], row[1], row[2], row[3] = b.coderName(c.CoderID), b.docName(c.DocumentID), b.codePath(c.CodeID), c.Start
				row[4], row[5], row[6] = c.End, b.text(c.DocumentID, c.Span), c.Memo
				if !yield(row) {
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
