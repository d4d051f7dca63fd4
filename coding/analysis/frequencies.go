package analysis

import "desktop/marginalia/coding"

// Count is what Frequencies reports for a code (or all codes), overall or
// for one coder.
type Count struct {
	// Codings is the number of codings.
	Codings int `json:"codings"`
	// Documents is the number of documents with at least one of them.
	Documents int `json:"documents"`
	// Characters is, per document, the characters the codings cover (their
	// union, so text coded twice counts once), summed over the documents.
	Characters int `json:"characters"`
}

// FrequencyRow is the frequencies of one code.
type FrequencyRow struct {
	Code string `json:"code"`
	Count
	// ByCoder has one Count per coder of Frequencies.Coders, in that order.
	ByCoder []Count `json:"by_coder"`
}

// Frequencies is the outcome of CodeFrequencies.
type Frequencies struct {
	// Coders are the selected coders, in the order of FrequencyRow.ByCoder.
	Coders []string `json:"coders"`
	// Documents are the considered documents.
	Documents []string `json:"documents"`
	// Rows has one row per selected code, in the order of Options.Codes,
	// codes nobody applied included.
	Rows []FrequencyRow `json:"rows"`
	// Total counts every selected coding: the characters are those coded
	// with any selected code.
	Total FrequencyRow `json:"total"`
}

// MatrixCell is a code's codings in one document.
type MatrixCell struct {
	Codings    int `json:"codings"`
	Characters int `json:"characters"`
}

// Matrix is the outcome of CodeMatrix: Cells[i][j] is code Codes[i] in
// document Documents[j].
type Matrix struct {
	Codes     []string       `json:"codes"`
	Documents []string       `json:"documents"`
	Coders    []string       `json:"coders"`
	Cells     [][]MatrixCell `json:"cells"`
}

// CodeFrequencies counts, per selected code, the codings, the documents
// coded and the characters coded, overall and per coder (see the package
// documentation).
func CodeFrequencies(codings []coding.Coding, opt Options) Frequencies {
	ix := resolve(codings, opt)
	f := Frequencies{Coders: ix.coders, Documents: ix.docs, Rows: make([]FrequencyRow, len(ix.codes))}
	for i, code := range ix.codes {
		f.Rows[i] = FrequencyRow{Code: code, ByCoder: make([]Count, len(ix.coders))}
	}
	f.Total.ByCoder = make([]Count, len(ix.coders))
	nc := len(ix.coders)
	u := newUnions(nc)
	// Per document and code: the code's row.
	sorted, at := groupBy(ix.spans, len(ix.docs)*len(ix.codes), func(s span) int { return int(s.doc)*len(ix.codes) + int(s.code) })
	for k := range len(at) - 1 {
		g := sorted[at[k]:at[k+1]]
		if len(g) == 0 {
			continue
		}
		row := &f.Rows[g[0].code]
		u.sweep(g)
		row.Codings += len(g)
		row.Documents++
		row.Characters += u.all
		for c := range nc {
			if u.n[c] > 0 {
				row.ByCoder[c].Codings += u.n[c]
				row.ByCoder[c].Documents++
				row.ByCoder[c].Characters += u.chars[c]
			}
		}
	}
	// Per document, any code: the total.
	sorted, at = groupBy(ix.spans, len(ix.docs), func(s span) int { return int(s.doc) })
	for k := range len(at) - 1 {
		g := sorted[at[k]:at[k+1]]
		if len(g) == 0 {
			continue
		}
		u.sweep(g)
		f.Total.Codings += len(g)
		f.Total.Documents++
		f.Total.Characters += u.all
		for c := range nc {
			if u.n[c] > 0 {
				f.Total.ByCoder[c].Codings += u.n[c]
				f.Total.ByCoder[c].Documents++
				f.Total.ByCoder[c].Characters += u.chars[c]
			}
		}
	}
	return f
}

// CodeMatrix counts, per selected code and document, the codings and the
// characters they cover.
func CodeMatrix(codings []coding.Coding, opt Options) Matrix {
	ix := resolve(codings, opt)
	m := Matrix{Codes: ix.codes, Documents: ix.docs, Coders: ix.coders, Cells: make([][]MatrixCell, len(ix.codes))}
	for i := range m.Cells {
		m.Cells[i] = make([]MatrixCell, len(ix.docs))
	}
	u := newUnions(len(ix.coders))
	sorted, at := groupBy(ix.spans, len(ix.docs)*len(ix.codes), func(s span) int { return int(s.doc)*len(ix.codes) + int(s.code) })
	for k := range len(at) - 1 {
		g := sorted[at[k]:at[k+1]]
		if len(g) == 0 {
			continue
		}
		u.sweep(g)
		m.Cells[g[0].code][g[0].doc] = MatrixCell{Codings: len(g), Characters: u.all}
	}
	return m
}

// unions measures a group of spans sorted by start: the characters of
// their union (all), and per coder the number of spans and the characters
// of that coder's union.
type unions struct {
	all          int
	n, chars     []int
	open, closed []int32 // per coder, the merged stretch being built
}

func newUnions(coders int) *unions {
	return &unions{n: make([]int, coders), chars: make([]int, coders), open: make([]int32, coders), closed: make([]int32, coders)}
}

func (u *unions) sweep(g []span) {
	clear(u.n)
	clear(u.chars)
	u.all = 0
	var from, to int32 = 0, -1
	for _, s := range g {
		if s.start > to {
			if to > from {
				u.all += int(to - from)
			}
			from, to = s.start, s.end
		} else {
			to = max(to, s.end)
		}
		c := s.coder
		switch {
		case u.n[c] == 0:
			u.open[c], u.closed[c] = s.start, s.end
		case s.start > u.closed[c]:
			u.chars[c] += int(u.closed[c] - u.open[c])
			u.open[c], u.closed[c] = s.start, s.end
		default:
			u.closed[c] = max(u.closed[c], s.end)
		}
		u.n[c]++
	}
	if to > from {
		u.all += int(to - from)
	}
	for c, n := range u.n {
		if n > 0 {
			u.chars[c] += int(u.closed[c] - u.open[c])
		}
	}
}
