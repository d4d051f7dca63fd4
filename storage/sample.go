package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	Record    SampleRecord // how it was drawn, as stored beside the set
}

// SampleRecord is how a reliability sample was drawn, kept in the project
// table (key "sample:" and the set's ID) in the same action as its set:
// the seed, the requested count or fraction, the stratifying attribute,
// when, and the drawn documents (IDs, sorted), by which SampleRecordOf
// knows whether the set is still as drawn.
type SampleRecord struct {
	Seed      uint64    `json:"seed"`
	Count     int       `json:"count,omitempty"`
	Fraction  float64   `json:"fraction,omitempty"`
	By        string    `json:"by,omitempty"`
	Of        int       `json:"of"`
	Drawn     time.Time `json:"drawn"`
	Documents []string  `json:"documents"`
}

// sampleKey is the project-table key of the record of the set with ID id.
func sampleKey(id string) string { return "sample:" + id }

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
	out.Record = SampleRecord{Seed: opt.Seed, Count: opt.Count, By: opt.By, Of: len(docs),
		Drawn: time.Now().UTC().Truncate(time.Second), Documents: slices.Sorted(slices.Values(drawn))}
	if opt.Count == 0 {
		out.Record.Fraction = opt.Fraction
	}
	record, err := json.Marshal(out.Record)
	if err != nil {
		return out, err
	}
	var before *coding.DocumentSet
	old, err := p.SetNamed(opt.Name)
	switch {
	case err == nil && !opt.Replace:
		return out, fmt.Errorf("%w: %q", ErrSampleExists, old.Name)
	case err == nil:
		set.ID, set.Name, before = old.ID, old.Name, &old
	case errors.Is(err, errNotFound):
		set.ID = coding.NewID()
	default:
		return out, err
	}
	label := "Add set " + set.Name
	if before != nil {
		label = "Edit set " + set.Name
	}
	// The set and the record of its draw, in one action.
	err = p.do(label, func(a *action) error {
		if err := a.checkSet(&set); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = *before
		}
		if err := a.put(entitySet, set.ID, b, set); err != nil {
			return err
		}
		return setProjectValue(a.tx, sampleKey(set.ID), string(record))
	})
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

// SampleRecordOf is how the set was drawn as a reliability sample, when
// DrawSample recorded it and the set still holds the documents drawn (an
// edited set, or a draw undone to an earlier one, no longer matches).
func (p *Project) SampleRecordOf(set coding.DocumentSet) (SampleRecord, bool, error) {
	var r SampleRecord
	value, ok, err := projectValue(p.db, sampleKey(set.ID))
	if err != nil || !ok {
		return r, false, err
	}
	if err := json.Unmarshal([]byte(value), &r); err != nil {
		return r, false, nil // a record this build cannot read: as if none
	}
	if set.IsFilter() || !slices.Equal(r.Documents, slices.Sorted(slices.Values(set.Documents))) {
		return r, false, nil
	}
	return r, true, nil
}

// SampleSelection is how the methods paragraph says the reliability
// sample's documents were chosen: SelectionSample, and, when its draw is
// recorded (SampleRecordOf), "drawn at random (seed S), stratified
// proportionally by X, on DATE".
func (p *Project) SampleSelection() (string, error) {
	set, ok, err := p.ReliabilitySample()
	if err != nil || !ok {
		return SelectionSample, err
	}
	r, ok, err := p.SampleRecordOf(set)
	if err != nil || !ok {
		return SelectionSample, err
	}
	return SelectionSample + ", " + r.Phrase(), nil
}

// Phrase says how the sample was drawn: "drawn at random (seed 7),
// stratified proportionally by affiliation, on 2026-03-14".
func (r SampleRecord) Phrase() string {
	var b strings.Builder
	b.WriteString("drawn at random (seed " + strconv.FormatUint(r.Seed, 10) + ")")
	if r.By != "" {
		b.WriteString(", stratified proportionally by " + r.By)
	}
	if !r.Drawn.IsZero() {
		b.WriteString(", on " + r.Drawn.Format(time.DateOnly))
	}
	return b.String()
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
