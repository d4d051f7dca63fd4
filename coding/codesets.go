package coding

import (
	"slices"
	"strings"
)

// CodeSet is a named group of codes, as REFI-QDA's <Set> of <MemberCode>s
// (MAXQDA's code sets, ATLAS.ti's code groups, NVivo's code sets): a way
// to pick out some codes of a large codebook ("the trust codes", "round
// two") without moving them in the tree. A code may be in several groups;
// deleting a code drops it from its groups.
type CodeSet struct {
	ID          string
	Name        string
	Description string   `json:",omitempty"`
	Codes       []string `json:",omitempty"` // code IDs, in the order added
}

// Has reports whether the group holds the code.
func (s CodeSet) Has(codeID string) bool { return slices.Contains(s.Codes, codeID) }

// Clone is a copy of s that shares nothing with it.
func (s CodeSet) Clone() CodeSet {
	s.Codes = slices.Clone(s.Codes)
	return s
}

// SortCodeSets orders code groups by name, ignoring case.
func SortCodeSets(sets []CodeSet) {
	slices.SortFunc(sets, func(a, b CodeSet) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}
