package coding

import "fmt"

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
