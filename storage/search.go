package storage

import (
	"fmt"
	"runtime"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
)

// Search finds a query (analysis.SearchQuery) in the documents with these
// IDs, in that order, or in every document (by name) when ids is empty.
// It reads one document's text at a time; stop, when it returns true
// between two documents, ends the search early with what was found so far
// and ok false.
func (p *Project) Search(ids []string, q analysis.SearchQuery, stop func() bool) (hits []analysis.Hit, ok bool, err error) {
	m, err := q.Compile()
	if err != nil {
		return nil, false, err
	}
	if len(ids) == 0 {
		docs, err := p.Documents()
		if err != nil {
			return nil, false, err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	// Read a batch of documents, then search them on every processor.
	batch := make([]coding.Document, 0, 4*runtime.GOMAXPROCS(0))
	found := make([][]analysis.Hit, cap(batch))
	flush := func() {
		m.FindEach(len(batch), func(i int) coding.Document { return batch[i] }, q.Context, func(i int, h []analysis.Hit) { found[i] = h })
		for i := range batch {
			hits = append(hits, found[i]...)
			found[i] = nil
		}
		batch = batch[:0]
	}
	for _, id := range ids {
		if stop != nil && stop() {
			flush()
			return hits, false, nil
		}
		d, err := p.Document(id)
		if err != nil {
			return nil, false, err
		}
		if batch = append(batch, d); len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
	return hits, true, nil
}

// CodeHits codes every hit with the code at codePath for the coder named
// coder, creating both when new, as one undoable action labelled label.
// Passages the coder already coded with the code are skipped; it returns
// how many codings were added. A hit outside its document's text, or a
// category as the code, refuses them all.
func (p *Project) CodeHits(label, coder, codePath string, hits []analysis.Hit) (int, error) {
	added := 0
	err := p.do(label, func(a *action) error {
		who, err := a.ensureCoder(coder)
		if err != nil {
			return err
		}
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		code, _, err := a.ensureCodePath(cb, codePath)
		if err != nil {
			return err
		}
		if !code.Codable {
			return fmt.Errorf("%s is a category: choose one of its codes", codePath)
		}
		for _, h := range hits {
			_, ok, err := a.addCoding(coding.Coding{DocumentID: h.Document, CodeID: code.ID, CoderID: who.ID, Span: h.Span})
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	return added, err
}
