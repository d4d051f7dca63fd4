package refi

import (
	"fmt"
	"strings"

	"desktop/marginalia/coding"
)

// unitsEvidence is how well one convention explains a source's selections.
type unitsEvidence struct {
	units    Units
	fits     int // selections whose both ends can be placed
	names    int // selections whose name is the text it selects
	boundary int // selection ends on a word or line edge (0 to 2 each)
	spans    []coding.Span
}

// detectUnits decides which convention a source's selections count in,
// from evidence, and returns it with a warning when the evidence is weak or
// contradictory ("" otherwise). names are the selections' name attributes
// (the coded text, in the files of tools that write it).
//
// The conventions considered are those that read this text differently
// (code points; UTF-16 code units when the text has characters outside the
// Basic Multilingual Plane; each either counting CRLF as one or two when
// it has CRLF line breaks). In order:
//
//  1. A convention under which some selection cannot be placed (past the
//     end of the text, inside a surrogate pair or a CRLF) is out, unless
//     all are; then the one placing most selections is taken, and the
//     selections it cannot place are errors.
//  2. Selection names that are the text selected (whole, or its start
//     when the name is cut short, as with "…") are the best evidence: the
//     convention under which most names match wins.
//  3. Otherwise, the convention putting most selection ends on a word or
//     line edge wins (a selection rarely starts or ends inside a word,
//     and reading positions in the wrong convention shifts every one
//     after the first emoji or line break into a word).
//
// Ties keep the earlier convention (code points first, as the schema
// says). When the winner beats a convention that places the selections
// differently by less than two boundaries, or names and boundaries point
// different ways, the warning says so.
func (t *sourceText) detectUnits(spans []coding.Span, names []string) (Units, string) {
	cands := t.candidates()
	if len(cands) == 1 || len(spans) == 0 {
		return CodePoints, ""
	}
	ev := make([]unitsEvidence, len(cands))
	mostFit := 0
	for i, u := range cands {
		e := unitsEvidence{units: u, spans: make([]coding.Span, len(spans))}
		for j, s := range spans {
			m, ok := t.mapSpan(u, s)
			e.spans[j] = m
			if !ok || m.End < m.Start {
				continue
			}
			e.fits++
			e.boundary += t.boundaryScore(m)
			if nameMatches(names[j], t.slice(m)) {
				e.names++
			}
		}
		ev[i] = e
		mostFit = max(mostFit, e.fits)
	}
	if mostFit < len(spans) { // nothing places every selection: errors follow
		for _, e := range ev {
			if e.fits == mostFit {
				return e.units, ""
			}
		}
	}
	var fit []unitsEvidence
	for _, e := range ev {
		if e.fits == len(spans) {
			fit = append(fit, e)
		}
	}
	best := fit[0]
	for _, e := range fit[1:] {
		if e.names > best.names || e.names == best.names && e.boundary > best.boundary {
			best = e
		}
	}
	var warning string
	for _, e := range fit {
		if e.units == best.units || sameSpans(e.spans, best.spans) {
			continue
		}
		switch {
		case best.names > 0 && e.names > 0:
			warning = fmt.Sprintf("selection names match the text under %s (%d) and under %s (%d)", best.units, best.names, e.units, e.names)
		case best.names > 0 && e.boundary >= best.boundary+2:
			warning = fmt.Sprintf("selection names match the text under %s, but more selection ends fall on word edges under %s", best.units, e.units)
		case best.names == 0 && best.boundary-e.boundary < 2:
			warning = fmt.Sprintf("where the selections fall on words hardly tells %s (%d of %d ends on a word edge) from %s (%d)",
				best.units, best.boundary, 2*len(spans), e.units, e.boundary)
		default:
			continue
		}
		break
	}
	if warning != "" {
		warning += fmt.Sprintf("; read as %s: check its codings", best.units)
	}
	return best.units, warning
}

func sameSpans(a, b []coding.Span) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// slice is the stored text of s, which must lie within it.
func (t *sourceText) slice(s coding.Span) string {
	if t.runes == nil {
		t.runes = []rune(t.stored)
	}
	return string(t.runes[s.Start:s.End])
}

// nameMatches reports whether a selection's name is the text it selects:
// the same words (whitespace runs compared as one space), or, when the name
// holds an ellipsis ("…" or "..."), the text starting with what comes
// before it and ending with what comes after, or, for a name of 20
// characters or more, the text starting with it (a name cut short). A name
// of fewer than three characters tells nothing.
func nameMatches(name, text string) bool {
	name = strings.Join(strings.Fields(name), " ")
	if len([]rune(name)) < 3 {
		return false
	}
	text = strings.Join(strings.Fields(text), " ")
	if name == text || len([]rune(name)) >= 20 && strings.HasPrefix(text, name) {
		return true
	}
	for _, ellipsis := range []string{"…", "..."} {
		if before, after, ok := strings.Cut(name, ellipsis); ok {
			before, after = strings.TrimSpace(before), strings.TrimSpace(after)
			return len([]rune(before))+len([]rune(after)) >= 3 && len(before)+len(after) <= len(text) &&
				strings.HasPrefix(text, before) && strings.HasSuffix(text, after)
		}
	}
	return false
}
