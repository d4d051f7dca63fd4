package analysis

import (
	"cmp"
	"slices"
	"strconv"

	"desktop/marginalia/coding"
)

// Group is a crosstab's column: a name (an attribute's value, or a set's
// name) and the documents it holds.
type Group struct {
	Name      string   `json:"name"`
	Documents []string `json:"documents"`
}

// NoValue names the column of the documents without a value for the
// attribute a crosstab is by.
const NoValue = "(no value)"

// CrosstabCell is a code's codings in the documents of one group (or, as a
// row's or column's total, in all of them), with its percentages. A
// percentage whose total is 0 is 0.
type CrosstabCell struct {
	// Codings is the number of codings of the code in the group's documents.
	Codings int `json:"codings"`
	// Documents is the number of the group's documents with at least one.
	Documents int `json:"documents"`
	// RowPercent is Codings as a percentage of the code's codings in every
	// selected document; ColumnPercent, as a percentage of the codings of
	// any selected code in the group's documents.
	RowPercent    float64 `json:"row_percent"`
	ColumnPercent float64 `json:"column_percent"`
	// DocumentsRowPercent is Documents as a percentage of the documents
	// where the code was applied; DocumentsColumnPercent, as a percentage
	// of the group's documents (coded or not).
	DocumentsRowPercent    float64 `json:"documents_row_percent"`
	DocumentsColumnPercent float64 `json:"documents_column_percent"`
}

// Crosstab is the outcome of CodeCrosstab: Cells[i][j] is code Codes[i] in
// group Groups[j].
type Crosstab struct {
	Codes  []string         `json:"codes"`
	Groups []Group          `json:"groups"`
	Coders []string         `json:"coders"`
	Cells  [][]CrosstabCell `json:"cells"`
	// Rows are the codes' totals over every selected document (codings and
	// documents where the code was applied).
	Rows []CrosstabCell `json:"rows"`
	// Columns are the groups' totals: the codings of any selected code in
	// the group's documents, and the group's selected documents, coded or
	// not.
	Columns []CrosstabCell `json:"columns"`
}

// CodeCrosstab counts, per selected code and group, the codings of the
// code in the group's documents and the group's documents where the code
// was applied, with row and column percentages (see CrosstabCell). Only
// the selected documents count, in a group as in the totals; a document
// may be in several groups (sets) or in none.
func CodeCrosstab(codings []coding.Coding, opt Options, groups []Group) Crosstab {
	ix := resolve(codings, opt)
	nd := len(ix.docs)
	x := Crosstab{Codes: ix.codes, Groups: groups, Coders: ix.coders,
		Cells: make([][]CrosstabCell, len(ix.codes)), Rows: make([]CrosstabCell, len(ix.codes)), Columns: make([]CrosstabCell, len(groups))}
	// counts[code*nd+doc]: the code's codings in the document.
	counts := make([]int, len(ix.codes)*nd)
	for _, s := range ix.spans {
		counts[int(s.code)*nd+int(s.doc)]++
	}
	docAt := make(map[string]int, nd)
	for i, d := range ix.docs {
		docAt[d] = i
	}
	members := make([][]int, len(groups))
	for g, grp := range groups {
		seen := map[int]bool{}
		for _, d := range grp.Documents {
			if i, ok := docAt[d]; ok && !seen[i] {
				seen[i] = true
				members[g] = append(members[g], i)
			}
		}
		x.Columns[g].Documents = len(members[g])
	}
	for k := range ix.codes {
		row := counts[k*nd : (k+1)*nd]
		for _, n := range row {
			if n > 0 {
				x.Rows[k].Codings += n
				x.Rows[k].Documents++
			}
		}
		x.Cells[k] = make([]CrosstabCell, len(groups))
		for g := range groups {
			c := &x.Cells[k][g]
			for _, d := range members[g] {
				if row[d] > 0 {
					c.Codings += row[d]
					c.Documents++
				}
			}
			x.Columns[g].Codings += c.Codings
		}
	}
	for k := range ix.codes {
		for g := range groups {
			c := &x.Cells[k][g]
			c.RowPercent = percent(c.Codings, x.Rows[k].Codings)
			c.ColumnPercent = percent(c.Codings, x.Columns[g].Codings)
			c.DocumentsRowPercent = percent(c.Documents, x.Rows[k].Documents)
			c.DocumentsColumnPercent = percent(c.Documents, x.Columns[g].Documents)
		}
	}
	return x
}

// percent is 100·n/of, 0 when of is 0.
func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// GroupsByAttribute groups docs by their value of attribute a: one group
// per value, in the attribute's order (a category's values as listed, all
// of them; numbers by size; dates, yes/no and text in text order), then,
// when some document has no value, a group named NoValue.
func GroupsByAttribute(t *coding.AttributeTable, a coding.Attribute, docs []string) []Group {
	byValue := map[string][]string{}
	var none []string
	for _, d := range docs {
		v := t.Value(d, a.ID)
		if v == "" {
			none = append(none, d)
			continue
		}
		byValue[v] = append(byValue[v], d)
	}
	var values []string
	if a.Type == coding.TypeCategory {
		values = slices.Clone(a.Choices)
		for v := range byValue { // a value no longer listed still counts
			if !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
	} else {
		for v := range byValue {
			values = append(values, v)
		}
		slices.SortFunc(values, func(x, y string) int {
			if a.Type == coding.TypeNumber {
				fx, ex := strconv.ParseFloat(x, 64)
				fy, ey := strconv.ParseFloat(y, 64)
				if ex == nil && ey == nil && fx != fy {
					return cmp.Compare(fx, fy)
				}
			}
			return cmp.Compare(x, y)
		})
	}
	groups := make([]Group, 0, len(values)+1)
	for _, v := range values {
		groups = append(groups, Group{Name: v, Documents: byValue[v]})
	}
	if len(none) > 0 {
		groups = append(groups, Group{Name: NoValue, Documents: none})
	}
	return groups
}

// GroupsBySets makes a group of each set (a saved filter's members being
// the documents of docs that meet its condition now), in the order given.
func GroupsBySets(t *coding.AttributeTable, sets []coding.DocumentSet, docs []string) ([]Group, error) {
	groups := make([]Group, 0, len(sets))
	for _, s := range sets {
		m, err := t.Members(s, docs)
		if err != nil {
			return nil, err
		}
		groups = append(groups, Group{Name: s.Name, Documents: m})
	}
	return groups, nil
}
