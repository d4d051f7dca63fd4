package storage

import (
	"errors"
	"fmt"
	"slices"

	"desktop/marginalia/coding"
)

// SampleOptions say how DrawSample draws a reliability sample: Count
// documents, or else the share Fraction of them, stratified by the
// attribute named By when not empty, with Seed.
type SampleOptions struct {
	Name     string // the set's name; coding.ReliabilitySampleName when empty
	Count    int
	Fraction float64
	By       string
	Seed     uint64
	// Replace draws again over an existing set of the same name (an
	// action undone like any other); without it such a set is refused.
	Replace bool
}

// DrawnSample is a sample DrawSample stored.
type DrawnSample struct {
	Set       coding.DocumentSet
	Documents []coding.Document // the drawn documents, without text, by name
	Of        int               // the number of documents drawn from
	Strata    []coding.Stratum  // by the values of By; one stratum when unstratified
	Seed      uint64
}

// ErrSampleExists is returned by DrawSample when a set of the sample's name
// exists and Replace is not set.
var ErrSampleExists = errors.New("a set of that name already exists")

// DrawSample draws a random sample of the project's documents
// (coding.Sample) and stores it as a static document set, as one undoable
// action. The same options on the same documents give the same sample.
func (p *Project) DrawSample(opt SampleOptions) (DrawnSample, error) {
	out := DrawnSample{Seed: opt.Seed}
	if opt.Name == "" {
		opt.Name = coding.ReliabilitySampleName
	}
	docs, err := p.Documents()
	if err != nil {
		return out, err
	}
	if len(docs) == 0 {
		return out, errors.New("the project has no documents to sample")
	}
	out.Of = len(docs)
	n := opt.Count
	switch {
	case n == 0 && opt.Fraction > 0 && opt.Fraction <= 1:
		n = coding.SampleSize(len(docs), opt.Fraction)
	case n == 0:
		return out, fmt.Errorf("give the sample's size: a number of documents or a share between 0 and 1 (got %v)", opt.Fraction)
	case n < 0 || n > len(docs):
		return out, fmt.Errorf("cannot draw %d documents: the project has %s", n, coding.Plural(len(docs), "document"))
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	var strata map[string]string
	if opt.By != "" {
		table, err := p.AttributeTable()
		if err != nil {
			return out, err
		}
		attr, ok := table.Attribute(opt.By)
		if !ok {
			return out, fmt.Errorf("no attribute named %q in the project", opt.By)
		}
		strata = map[string]string{}
		for _, id := range ids {
			strata[id] = table.Value(id, attr.ID)
		}
	}
	drawn, groups, err := coding.Sample(ids, strata, n, opt.Seed)
	if err != nil {
		return out, err
	}
	out.Strata = groups
	set := coding.DocumentSet{Name: opt.Name, Documents: drawn}
	old, err := p.SetNamed(opt.Name)
	switch {
	case err == nil && !opt.Replace:
		return out, fmt.Errorf("%w: %q", ErrSampleExists, old.Name)
	case err == nil:
		set.ID, set.Name = old.ID, old.Name
		err = p.UpdateSet(set)
	case errors.Is(err, errNotFound):
		set, err = p.AddSet(set)
	}
	if err != nil {
		return out, err
	}
	out.Set = set
	for _, d := range docs {
		if slices.Contains(drawn, d.ID) {
			out.Documents = append(out.Documents, d)
		}
	}
	return out, nil
}

// ReliabilitySample is the set named coding.ReliabilitySampleName, and
// whether there is one.
func (p *Project) ReliabilitySample() (coding.DocumentSet, bool, error) {
	s, err := p.SetNamed(coding.ReliabilitySampleName)
	if errors.Is(err, errNotFound) {
		return s, false, nil
	}
	return s, err == nil, err
}

// Paragraphs counts the project's documents and their paragraphs (blocks
// separated by blank lines, coding.Paragraphs), for the sample planner.
func (p *Project) Paragraphs() (documents, paragraphs int, err error) {
	rows, err := p.db.Query("SELECT text FROM documents")
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return 0, 0, err
		}
		documents++
		paragraphs += len(coding.Paragraphs(text))
	}
	return documents, paragraphs, rows.Err()
}
