package coding

import (
	"fmt"
	"slices"
	"strings"
)

// Case is a named unit of analysis, as in REFI-QDA: one author, one
// organisation, one interviewee, gathering the documents that belong to it
// and carrying its own attribute values (an author's affiliation holds for
// every article of theirs) and the passages that belong to it (what one
// speaker says in a group interview: REFI-QDA's selections), and carrying
// its own attribute values. Its values use the project's attributes and
// are kept in their canonical form (Attribute.Parse).
//
// A passage is a coding, named by its ID: the case follows the coding
// when its span is adjusted or it is recoded. Passages whose coding is no
// longer there (removed, or hidden from a blind coder) are kept as they
// are and ignored by whoever reads the case; an undone removal brings the
// coding, and so the passage, back.
type Case struct {
	ID        string
	Name      string
	Documents []string          `json:",omitempty"` // document IDs, in the order added
	Passages  []string          `json:",omitempty"` // coding IDs, in the order added
	Values    map[string]string `json:",omitempty"` // attribute ID → canonical value
}

// Value is the case's value for an attribute, "" when it has none.
func (c Case) Value(attrID string) string { return c.Values[attrID] }

// Has reports whether the case gathers the document.
func (c Case) Has(docID string) bool { return slices.Contains(c.Documents, docID) }

// HasPassage reports whether the case gathers the coding's passage.
func (c Case) HasPassage(codingID string) bool { return slices.Contains(c.Passages, codingID) }

// Clone is a copy of c that shares nothing with it.
func (c Case) Clone() Case {
	out := c
	out.Documents = slices.Clone(c.Documents)
	out.Passages = slices.Clone(c.Passages)
	if c.Values != nil {
		out.Values = make(map[string]string, len(c.Values))
		for k, v := range c.Values {
			out.Values[k] = v
		}
	}
	return out
}

// CheckValues puts the case's values in canonical form against attrs (by
// ID), dropping empty ones; a value naming no attribute, or one its
// attribute cannot hold, is an error naming both.
func (c *Case) CheckValues(attrs map[string]Attribute) error {
	for id, raw := range c.Values {
		a, ok := attrs[id]
		if !ok {
			return fmt.Errorf("case %q: attribute %s is not in the project", c.Name, id)
		}
		v, err := a.Parse(raw)
		if err != nil {
			return fmt.Errorf("case %q: %s: %w", c.Name, a.Name, err)
		}
		if v == "" {
			delete(c.Values, id)
			continue
		}
		c.Values[id] = v
	}
	if len(c.Values) == 0 {
		c.Values = nil
	}
	return nil
}

// SortCases orders cases by name, ignoring case.
func SortCases(cases []Case) {
	slices.SortFunc(cases, func(a, b Case) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

// CaseDocuments is the IDs of the documents a case gathers: its own, then
// those of its passages (the codings of c.Passages that are there, as
// found), each once.
func CaseDocuments(c Case, passages []Coding) []string {
	out := slices.Clone(c.Documents)
	for _, p := range passages {
		if c.HasPassage(p.ID) && !slices.Contains(out, p.DocumentID) {
			out = append(out, p.DocumentID)
		}
	}
	return out
}
