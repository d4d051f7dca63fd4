package refi

// Code groups: a <Set> whose members are codes, in a codebook (.qdc, where
// every <Set> is one and a member is <MemberCode guid="…"/>) and in a
// project (.qdpx, where a member is <MemberCode targetGUID="…"/> and a set
// may hold sources as well). A project <Set> with both codes and sources
// becomes a document set (its GUID) and a code group (a GUID derived from
// it, so that a second import matches it). In a project, an empty code
// group is written with codeGroupMarker opening its <Description>, so that
// reading it back tells it from an empty document set (other tools show
// the marker as text); a codebook, whose sets are all code groups, holds
// only what the project does.

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"desktop/marginalia/coding"
)

const codeGroupMarker = "Code group."

// mixedSetCodesID is the GUID of the code group read from a project <Set>
// that holds both sources and codes.
func mixedSetCodesID(setID string) string { return deriveID("codeset:" + setID) }

// checkCodeSets checks and sorts the code groups to write: valid GUIDs and
// names, each member in the codebook (once), groups ordered by name.
func checkCodeSets(sets []coding.CodeSet, codes *codeTree) ([]coding.CodeSet, error) {
	var out []coding.CodeSet
	seen := map[string]bool{}
	for _, s := range sets {
		var err error
		if s.ID, err = checkID("code group", s.Name, s.ID); err != nil {
			return nil, err
		}
		if err := coding.ValidateName("code group", s.Name); err != nil {
			return nil, err
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("code group %q: id %s is used by two code groups", s.Name, s.ID)
		}
		seen[s.ID] = true
		var members []string
		for _, id := range s.Codes {
			n, err := checkID("code group "+strconv.Quote(s.Name)+": member", "", id)
			if err != nil {
				return nil, err
			}
			if _, ok := codes.byID[n]; !ok {
				return nil, fmt.Errorf("code group %q: code %s is not in the codebook", s.Name, n)
			}
			if !slices.Contains(members, n) {
				members = append(members, n)
			}
		}
		s.Codes = members
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b coding.CodeSet) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// writeCodeSets writes each group as a <Set> of <MemberCode>s, in a
// codebook (codebook true, the member attribute "guid") or in a project
// ("targetGUID", and the marker on an empty group).
func writeCodeSets(x *xmlWriter, sets []coding.CodeSet, codebook bool) {
	memberAttr := "targetGUID"
	if codebook {
		memberAttr = "guid"
	}
	for _, s := range sets {
		x.start("Set")
		x.attr("guid", s.ID)
		x.attr("name", s.Name)
		desc := s.Description
		if len(s.Codes) == 0 && !codebook {
			desc = strings.TrimSuffix(codeGroupMarker+"\n"+desc, "\n")
		}
		if desc != "" {
			x.textElement("Description", desc)
		}
		for _, id := range s.Codes {
			x.start("MemberCode")
			x.attr(memberAttr, id)
			x.end("MemberCode")
		}
		x.end("Set")
	}
}

// readCodeSets reads the code groups among the <Set>s of sets: in a
// codebook (codebook true) every set, in a project those with member codes
// or the code group marker. isCode tells the IDs of the codes read; a
// member that is not one is left out, with a warning. Names are made
// unique.
func (r *reader) readCodeSets(sets *node, isCode func(id string) bool, codebook bool) ([]coding.CodeSet, error) {
	if sets == nil {
		return nil, nil
	}
	var out []coding.CodeSet
	names := uniqueNames{}
	ids := map[string]bool{}
	for _, s := range sets.each("Set") {
		members := s.each("MemberCode")
		desc := strings.TrimSpace(coding.NormalizeText(s.childText("Description")))
		rest, marked := strings.CutPrefix(desc, codeGroupMarker)
		if !codebook && len(members) == 0 && !marked {
			continue // a set of sources or notes
		}
		if marked {
			desc = strings.TrimSpace(rest)
		}
		id, err := r.guid(s, "guid", "set")
		if err != nil {
			return nil, err
		}
		if !codebook && len(s.each("MemberSource")) > 0 {
			id = mixedSetCodesID(id)
		}
		if ids[id] {
			return nil, r.errorf(s, "set guid %s is used twice", id)
		}
		ids[id] = true
		raw, _ := s.attr("name")
		g := coding.CodeSet{ID: id, Name: oneLine(raw), Description: desc}
		what := "code group " + strconv.Quote(g.Name)
		for _, m := range members {
			attr := "targetGUID"
			if _, ok := m.attr(attr); !ok {
				attr = "guid" // the codebook schema's name; some tools use it in projects too
			}
			code, err := r.guid(m, attr, what, ": member code")
			if err != nil {
				return nil, err
			}
			if !isCode(code) {
				r.warnf("line %d: %s: member %s is not a code of the codebook; left out", m.line, what, code)
				continue
			}
			if !slices.Contains(g.Codes, code) {
				g.Codes = append(g.Codes, code)
			}
		}
		g.Name = names.unique(g.Name, "Code group", id)
		out = append(out, g)
	}
	return out, nil
}

// isCodeOf tells whether an ID is one of the codes'.
func isCodeOf(codes []coding.Code) func(id string) bool {
	ids := make(map[string]bool, len(codes))
	for _, c := range codes {
		ids[c.ID] = true
	}
	return func(id string) bool { return ids[id] }
}

// isCode tells whether an ID is one of the codes read.
func (pr *projectReader) isCode(id string) bool {
	_, ok := pr.codes[id]
	return ok
}
