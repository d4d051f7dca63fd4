package storage

import (
	"fmt"
	"slices"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// ComparisonOptions chooses what Compare compares. Coders and Documents are
// names; with no Documents, every document in which at least one selected
// coder coded anything is considered.
type ComparisonOptions struct {
	Coders    []string
	Documents []string
	// Threshold is the intersection over union at which two segments match
	// for segment agreement (default agreement.DefaultThreshold).
	Threshold float64
}

// Comparison is an inter-coder agreement study of a project: the figures by
// code and document, segment agreement, the disagreements, and what is
// needed to name and show them.
type Comparison struct {
	Coders    []coding.Coder
	Documents []coding.Document // the considered documents, with their text
	Codebook  *coding.Codebook
	Codings   []coding.Coding // every coding of the selected coders in the considered documents
	Report    agreement.Report
	Segments  agreement.SegmentReport
	// Unitizing is Krippendorff's unitizing alpha (2004) per code (as
	// category) and overall, on the considered documents laid end to end;
	// a coder's overlapping or touching segments of a code form one unit.
	Unitizing agreement.UnitizingResult
	Generated time.Time

	segments []agreement.Segment
	options  agreement.Options
	// consensus is the project's consensus coder (coding.ConsensusName)
	// when it is not one of the compared coders, with its segments in the
	// considered documents.
	consensus        *coding.Coder
	consensusSegs    []agreement.Segment
	consensusCodings []coding.Coding   // the consensus coder's codings, as consensusSegs
	decisions        []coding.Decision // the decisions that resolved disagreements (consensus.go)
	consensusDocs    []string          // the considered documents' IDs
}

// Disagreements lists every maximal stretch of text where the compared
// coders differ, by document and code. It is computed on demand: on large
// projects it costs more than the figures.
func (c Comparison) Disagreements() []agreement.Disagreement {
	return agreement.Disagreements(c.segments, c.options)
}

// Intervals computes confidence intervals for the pooled figures by a
// cluster bootstrap (agreement.Bootstrap): documents are resampled, or
// their paragraphs when fewer than agreement.MinDocuments are considered.
// Like Disagreements it is computed on demand.
func (c Comparison) Intervals(opt agreement.BootstrapOptions) agreement.Intervals {
	if len(c.options.Documents) < agreement.MinDocuments && opt.Paragraphs == nil {
		opt.Paragraphs = make(map[string][]coding.Span, len(c.Documents))
		for _, d := range c.Documents {
			opt.Paragraphs[d.ID] = coding.Paragraphs(d.Text)
		}
	}
	return agreement.Bootstrap(c.segments, c.options, opt)
}

// Methods is the methods paragraph of the comparison for a paper
// (agreement.MethodsParagraph): projectDocuments is the number of
// documents in the project, selection how the considered ones were
// chosen, iv the intervals (or nil).
func (c Comparison) Methods(projectDocuments int, selection string, iv *agreement.Intervals) string {
	names := make([]string, len(c.Coders))
	for i, coder := range c.Coders {
		names[i] = coder.Name
	}
	return agreement.MethodsParagraph(agreement.MethodsInput{
		Coders: names, ProjectDocuments: projectDocuments, Selection: selection, Documents: len(c.Documents),
		Report: c.Report, CodeName: c.CodePath, Intervals: iv, Software: "Marginalia " + coding.Version,
	})
}

// SelectionEveryCoded, SelectionByName and SelectionSample say, in the methods paragraph,
// how the compared documents were chosen.
const (
	SelectionEveryCoded = "every document that at least one of them coded"
	SelectionByName     = "chosen by name"
	SelectionSample     = "the project's reliability sample (the set \"" + coding.ReliabilitySampleName + "\")"
)

// Compare computes inter-coder agreement between at least two coders.
func (p *Project) Compare(opt ComparisonOptions) (Comparison, error) {
	if err := needTwoCoders(len(opt.Coders)); err != nil {
		return Comparison{}, err
	}
	var coders []coding.Coder
	for _, name := range opt.Coders {
		c, err := p.CoderNamed(name)
		if err != nil {
			return Comparison{}, err
		}
		if slices.ContainsFunc(coders, func(x coding.Coder) bool { return x.ID == c.ID }) {
			return Comparison{}, fmt.Errorf("coder %q is named twice", name)
		}
		coders = append(coders, c)
	}
	var docs []coding.Document
	for _, name := range opt.Documents {
		d, err := documentNamed(p.db, name)
		if err != nil {
			return Comparison{}, err
		}
		docs = append(docs, d)
	}
	return p.compare(coders, docs, opt.Threshold)
}

func needTwoCoders(n int) error {
	if n < 2 {
		return fmt.Errorf("agreement needs at least two coders (got %d)", n)
	}
	return nil
}

// compare compares coders on docs (found without their text; none means
// every document in which a coder coded anything).
func (p *Project) compare(coders []coding.Coder, docs []coding.Document, threshold float64) (Comparison, error) {
	cmp := Comparison{Coders: coders}
	if err := needTwoCoders(len(coders)); err != nil {
		return cmp, err
	}
	var f Filter
	for _, c := range coders {
		f.Coders = append(f.Coders, c.ID)
	}
	for _, d := range docs {
		f.Documents = append(f.Documents, d.ID)
	}
	var err error
	if cmp.Codings, err = p.Codings(f); err != nil {
		return cmp, err
	}
	if len(docs) == 0 { // every document a selected coder coded in
		coded := map[string]bool{}
		for _, c := range cmp.Codings {
			coded[c.DocumentID] = true
		}
		all, err := p.Documents()
		if err != nil {
			return cmp, err
		}
		for _, d := range all {
			if coded[d.ID] {
				docs = append(docs, d)
			}
		}
	}
	for _, d := range docs {
		if d, err = p.withText(d); err != nil {
			return cmp, err
		}
		cmp.Documents = append(cmp.Documents, d)
	}
	if cmp.Codebook, err = p.Codebook(); err != nil {
		return cmp, err
	}
	segments := make([]agreement.Segment, len(cmp.Codings))
	used := map[string]bool{}
	for i, c := range cmp.Codings {
		segments[i] = agreement.Segment{Coder: c.CoderID, Code: c.CodeID, Document: c.DocumentID, Span: c.Span}
		used[c.CodeID] = true
	}
	ao := agreement.Options{Coders: f.Coders}
	for _, d := range cmp.Documents {
		ao.Documents = append(ao.Documents, agreement.Document{ID: d.ID, Length: d.Length})
	}
	for _, c := range cmp.Codebook.Codes() { // tree order
		if used[c.ID] {
			ao.Codes = append(ao.Codes, c.ID)
		}
	}
	if threshold == 0 {
		threshold = agreement.DefaultThreshold
	}
	cmp.Report = agreement.Compare(segments, ao)
	cmp.Segments = agreement.SegmentAgreement(segments, ao, threshold)
	cmp.segments, cmp.options = segments, ao
	if cmp.Unitizing, err = unitizing(cmp.Documents, f.Coders, segments); err != nil {
		return cmp, err
	}
	if err := p.findConsensus(&cmp); err != nil {
		return cmp, err
	}
	cmp.Generated = time.Now()
	return cmp, nil
}

// findConsensus sets the comparison's consensus coder, its codings and its
// decisions when the project has a coder named coding.ConsensusName that
// is not compared.
func (p *Project) findConsensus(cmp *Comparison) error {
	coders, err := p.Coders()
	if err != nil {
		return err
	}
	var docIDs []string
	for _, d := range cmp.Documents {
		docIDs = append(docIDs, d.ID)
	}
	cmp.consensusDocs = docIDs
	i := slices.IndexFunc(coders, func(c coding.Coder) bool { return c.Name == coding.ConsensusName })
	if i < 0 || slices.ContainsFunc(cmp.Coders, func(c coding.Coder) bool { return c.ID == coders[i].ID }) {
		return nil
	}
	if len(docIDs) == 0 {
		return nil
	}
	codings, err := p.Codings(Filter{Coders: []string{coders[i].ID}, Documents: docIDs})
	if err != nil {
		return err
	}
	decisions, err := p.Decisions(docIDs...)
	if err != nil {
		return err
	}
	cmp.consensus = &coders[i]
	cmp.consensusCodings, cmp.decisions = codings, decisions
	for _, c := range codings {
		cmp.consensusSegs = append(cmp.consensusSegs, agreement.Segment{Coder: c.CoderID, Code: c.CodeID, Document: c.DocumentID, Span: c.Span})
	}
	return nil
}

// unitizing lays the documents end to end and measures how the coders
// unitized that continuum with each code.
func unitizing(docs []coding.Document, coders []string, segments []agreement.Segment) (agreement.UnitizingResult, error) {
	offset := map[string]int{}
	total := 0
	for _, d := range docs {
		offset[d.ID] = total
		total += d.Length
	}
	if total == 0 {
		return agreement.UnitizingResult{}, nil
	}
	type key struct {
		coder int
		code  string
	}
	spans := map[key][]coding.Span{}
	for _, s := range segments {
		start, ok := offset[s.Document]
		coder := slices.Index(coders, s.Coder)
		if !ok || coder < 0 {
			continue
		}
		k := key{coder, s.Code}
		spans[k] = append(spans[k], coding.Span{Start: start + s.Start, End: start + s.End})
	}
	study := agreement.UnitizingStudy{Coders: len(coders), Continuum: coding.Span{Start: 0, End: total}}
	for k, list := range spans {
		for _, u := range coding.Union(list) {
			study.Units = append(study.Units, agreement.Unit{Coder: k.coder, Category: k.code, Span: u})
		}
	}
	return agreement.UnitizingAlpha(study)
}

// CoderName is the name of a compared coder.
func (c Comparison) CoderName(id string) string {
	for _, x := range c.Coders {
		if x.ID == id {
			return x.Name
		}
	}
	return id
}

// DocumentName is the name of a considered document.
func (c Comparison) DocumentName(id string) string {
	if d, ok := c.Document(id); ok {
		return d.Name
	}
	return id
}

// Document returns a considered document, with its text.
func (c Comparison) Document(id string) (coding.Document, bool) {
	for _, d := range c.Documents {
		if d.ID == id {
			return d, true
		}
	}
	return coding.Document{}, false
}

// CodePath is the path of a code ("Parent > Child").
func (c Comparison) CodePath(id string) string { return c.Codebook.Path(id) }

// ConsensusStatus says which of the comparison's disagreements are
// resolved into the consensus coder, as the project held them when the
// comparison was made; the caller keeps it current with its Apply. A
// comparison that compares the consensus coder has no consensus to
// resolve into: its status is nil.
func (c Comparison) ConsensusStatus() *ConsensusStatus {
	if slices.ContainsFunc(c.Coders, func(x coding.Coder) bool { return x.Name == coding.ConsensusName }) {
		return nil
	}
	return newConsensusStatus(c.consensus, c.consensusDocs, c.consensusCodings, c.decisions)
}
