package coding

import (
	"fmt"
	"time"
)

// ConsensusName is the coder a consensus is coded as unless told
// otherwise: a consensus is a coder of its own, so that everything that
// works on coders (exports, agreement of each coder against it) works on it.
const ConsensusName = "Consensus"

// The consensus rules.
const (
	RuleUnion        = "union"        // every character any compared coder coded
	RuleIntersection = "intersection" // only the characters every compared coder coded
	RuleTake         = "take"         // one coder's characters
)

// ConsensusSpans is what a rule makes of the coders' spans of one code in
// one document, as maximal runs (sorted, disjoint, not touching): the
// union of every coder's spans, their intersection, or (RuleTake) the
// union of take's. spans holds each compared coder's spans by coder ID; a
// compared coder without spans has coded nothing, so an intersection with
// them is empty. coders lists the compared coders.
func ConsensusSpans(rule string, coders []string, spans map[string][]Span, take string) ([]Span, error) {
	switch rule {
	case RuleUnion:
		var all []Span
		for _, c := range coders {
			all = append(all, spans[c]...)
		}
		return Union(all), nil
	case RuleIntersection:
		if len(coders) == 0 {
			return nil, nil
		}
		out := Union(spans[coders[0]])
		for _, c := range coders[1:] {
			out = Intersection(out, Union(spans[c]))
		}
		return Union(out), nil // Intersection's runs may touch
	case RuleTake:
		return Union(spans[take]), nil
	}
	return nil, fmt.Errorf("unknown consensus rule %q (use union, intersection or take)", rule)
}

// RuleNeither resolves a disagreement by coding none of it.
const RuleNeither = "neither"

// RuleAdjusted resolves a disagreement by coding a span set by hand.
const RuleAdjusted = "adjusted"

// Decision records that disagreements were resolved into a consensus:
// over the stretch Within of a code in a document, the consensus coder
// codes what Rule gave (nothing, for RuleNeither). The consensus coder's
// codings alone cannot say that "neither" was decided; decisions can, so
// that which disagreements are resolved is kept with the project.
type Decision struct {
	ID         string
	CoderID    string // the consensus coder
	DocumentID string
	CodeID     string
	Within     Span
	// Rule is RuleUnion, RuleIntersection, RuleTake, RuleNeither or
	// RuleAdjusted.
	Rule    string
	Decided time.Time
}

// Decides reports whether the decision resolves a disagreement at span at
// of the code in the document: it lies within the decision's stretch.
func (d Decision) Decides(doc, code string, at Span) bool {
	return d.DocumentID == doc && d.CodeID == code && d.Within.Start <= at.Start && at.End <= d.Within.End
}

// Stretch is the stretch of text a disagreement at at is resolved over:
// the maximal run of the compared coders' spans (of one code in one
// document) that contains at, so that taking one coder's coding takes all
// of it, not only the part where the others differ. When no run contains
// at, it is at itself.
func Stretch(spans map[string][]Span, at Span) Span {
	var all []Span
	for _, s := range spans {
		all = append(all, s...)
	}
	for _, r := range Union(all) {
		if r.Start <= at.Start && at.End <= r.End {
			return r
		}
	}
	return at
}

// ResolveSpans is what a rule (RuleUnion, RuleIntersection, RuleTake with
// take, or RuleNeither) makes of the compared coders' spans within one
// stretch, as maximal runs inside it.
func ResolveSpans(rule string, coders []string, spans map[string][]Span, take string, within Span) ([]Span, error) {
	if rule == RuleNeither {
		return nil, nil
	}
	runs, err := ConsensusSpans(rule, coders, spans, take)
	if err != nil {
		return nil, err
	}
	return Intersection(runs, []Span{within}), nil
}

// Replace is existing (a coder's spans) with the stretch within replaced by
// keep (clipped to within), as maximal runs: what the consensus coder codes
// after a disagreement over within is resolved.
func Replace(existing []Span, within Span, keep []Span) []Span {
	var out []Span
	for _, s := range existing {
		if s.Start < within.Start {
			out = append(out, Span{Start: s.Start, End: min(s.End, within.Start)})
		}
		if s.End > within.End {
			out = append(out, Span{Start: max(s.Start, within.End), End: s.End})
		}
	}
	out = append(out, Intersection(Union(keep), []Span{within})...)
	return Union(out)
}
