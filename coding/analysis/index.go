package analysis

import (
	"slices"

	"desktop/marginalia/coding"
)

// Options say which codings count. A coding whose code, document or coder
// is not selected is left out.
type Options struct {
	// Codes are the codes reported, in the order of the tables' rows (the
	// codebook's order, usually). Nil: every code a coding names, in the
	// order of their IDs; an empty, non-nil list selects none.
	Codes []string
	// Documents are the documents considered, in the order of the matrix's
	// columns. Nil: every document a coding names, in the order of IDs.
	Documents []string
	// Coders are the coders whose codings count, in the order of the
	// per-coder figures. Nil: every coder a coding names, in ID order.
	Coders []string
}

// span is a coding reduced to indices: which code, document and coder (in
// the order of the resolved options) and where.
type span struct {
	code, doc, coder int32
	start, end       int32
	i                int32 // index in the caller's codings
}

// index is the resolved options and the selected codings.
type index struct {
	codes, docs, coders []string
	spans               []span
}

// resolve fills in nil option lists from the codings and reduces the
// selected codings to spans. Empty spans are dropped.
func resolve(codings []coding.Coding, opt Options) index {
	ix := index{codes: distinct(opt.Codes), docs: distinct(opt.Documents), coders: distinct(opt.Coders)}
	fill := func(list *[]string, id func(coding.Coding) string) map[string]int32 {
		if *list == nil {
			seen := map[string]bool{}
			for _, c := range codings {
				if k := id(c); !seen[k] {
					seen[k] = true
					*list = append(*list, k)
				}
			}
			slices.Sort(*list)
		}
		m := make(map[string]int32, len(*list))
		for i, k := range *list {
			m[k] = int32(i)
		}
		return m
	}
	codeAt := fill(&ix.codes, func(c coding.Coding) string { return c.CodeID })
	docAt := fill(&ix.docs, func(c coding.Coding) string { return c.DocumentID })
	coderAt := fill(&ix.coders, func(c coding.Coding) string { return c.CoderID })
	ix.spans = make([]span, 0, len(codings))
	// Consecutive codings often share a document or coder: remember the
	// last lookups.
	lastDoc, lastCoder := "", ""
	var di, ci int32
	var dok, cok bool
	for i, c := range codings {
		if c.Empty() {
			continue
		}
		if c.DocumentID != lastDoc || i == 0 {
			lastDoc = c.DocumentID
			di, dok = docAt[lastDoc]
		}
		if c.CoderID != lastCoder || i == 0 {
			lastCoder = c.CoderID
			ci, cok = coderAt[lastCoder]
		}
		k, kok := codeAt[c.CodeID]
		if !dok || !cok || !kok {
			continue
		}
		ix.spans = append(ix.spans, span{code: k, doc: di, coder: ci, start: int32(c.Start), end: int32(c.End), i: int32(i)})
	}
	return ix
}

// distinct is list without repeated items, in order; nil stays nil.
func distinct(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, 0, len(list))
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// groupBy sorts spans by key (in [0, keys)) with a counting sort, then by
// start and end within a key, and returns the sorted spans with the
// boundaries of each key's group: group k is out[at[k]:at[k+1]].
func groupBy(spans []span, keys int, key func(span) int) (out []span, at []int) {
	at = make([]int, keys+1)
	for _, s := range spans {
		at[key(s)+1]++
	}
	for k := range keys {
		at[k+1] += at[k]
	}
	out = make([]span, len(spans))
	next := slices.Clone(at[:keys])
	for _, s := range spans {
		k := key(s)
		out[next[k]] = s
		next[k]++
	}
	for k := range keys {
		g := out[at[k]:at[k+1]]
		if len(g) > 1 {
			slices.SortFunc(g, byStart)
		}
	}
	return out, at
}

func byStart(a, b span) int {
	if a.start != b.start {
		return int(a.start - b.start)
	}
	return int(a.end - b.end)
}
