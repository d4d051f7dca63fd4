package storage

import (
	"runtime"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
)

// WordSource says whose words WordFrequencies counts: the documents with
// these IDs (every document, by name, when empty), or, when Code is not
// "", only their passages coded with that code (its ID) by the Coders
// (every coder when empty). Text coded twice with the code, by one coder
// or by several, is counted once: per document the union of the codings.
// A code's sub-codes are not included.
type WordSource struct {
	Documents []string
	Code      string
	Coders    []string
}

// WordFrequencies counts the words of the source (analysis.WordCounter
// says what a word is). It reads a few documents' texts at a time and
// counts them on every processor; stop, when it returns true between two
// batches, ends the count early with ok false and what was counted so far.
// With a code, a document without a passage of it is not counted (nor
// among the documents).
func (p *Project) WordFrequencies(src WordSource, opt analysis.WordOptions, stop func() bool) (f analysis.WordFrequencies, ok bool, err error) {
	ids := src.Documents
	if len(ids) == 0 {
		docs, err := p.Documents()
		if err != nil {
			return f, false, err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	var passages map[string][]coding.Span
	if src.Code != "" {
		codings, err := p.Codings(Filter{Coders: src.Coders, Documents: src.Documents, Codes: []string{src.Code}})
		if err != nil {
			return f, false, err
		}
		passages = map[string][]coding.Span{}
		for _, c := range codings {
			passages[c.DocumentID] = append(passages[c.DocumentID], c.Span)
		}
		var kept []string // ids may be the caller's: not changed in place
		for _, id := range ids {
			if len(passages[id]) > 0 {
				kept = append(kept, id)
			}
		}
		ids = kept
	}
	counter := analysis.NewWordCounter(opt)
	batch := make([][]string, 0, 4*runtime.GOMAXPROCS(0))
	flush := func() bool {
		done := counter.AddEach(len(batch), func(i int) []string { return batch[i] }, stop)
		batch = batch[:0]
		return done
	}
	for _, id := range ids {
		if stop != nil && stop() {
			return counter.Result(), false, nil
		}
		d, err := p.Document(id)
		if err != nil {
			return f, false, err
		}
		texts := []string{d.Text}
		if passages != nil {
			text := coding.NewText(d.Text)
			texts = texts[:0]
			for _, s := range coding.Union(passages[id]) {
				texts = append(texts, text.Slice(s))
			}
		}
		if batch = append(batch, texts); len(batch) == cap(batch) && !flush() {
			return counter.Result(), false, nil
		}
	}
	ok = flush()
	return counter.Result(), ok, nil
}
