package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"desktop/marginalia/coding"
)

func TestCodeCrosstabByHand(t *testing.T) {
	codings, opt := hand()
	groups := []Group{{"one", []string{"d1"}}, {"two", []string{"d2"}}, {"both", []string{"d1", "d2", "d1"}}, {"empty", nil}}
	x := CodeCrosstab(codings, opt, groups)
	// Per code and document: x d1 3; y d1 2, d2 1; z d2 1. So the codes'
	// totals are x 3 codings in 1 document, y 3 in 2, z 1 in 1; the groups'
	// totals: one 5 codings in 1 document, two 2 in 1, both 7 in 2, empty 0
	// in 0 (d1 twice in "both" counts once).
	wantRows := []CrosstabCell{{Codings: 3, Documents: 1}, {Codings: 3, Documents: 2}, {Codings: 1, Documents: 1}}
	wantCols := []CrosstabCell{{Codings: 5, Documents: 1}, {Codings: 2, Documents: 1}, {Codings: 7, Documents: 2}, {}}
	if !slices.Equal(x.Rows, wantRows) || !slices.Equal(x.Columns, wantCols) {
		t.Fatalf("totals: rows %+v, columns %+v", x.Rows, x.Columns)
	}
	third := 100.0 / 3
	want := [][]CrosstabCell{
		// x: all 3 codings in d1 (group one): 3 of x's 3 (100 %), 3 of
		// one's 5 (60 %); its 1 document of x's 1, of one's 1.
		{{3, 1, 100, 60, 100, 100}, {}, {3, 1, 100, 300.0 / 7, 100, 50}, {}},
		// y: 2 in d1 (2 of 3 = 66.7 %, 2 of one's 5 = 40 %; 1 of y's 2
		// documents = 50 %), 1 in d2 (1 of two's 2 = 50 %).
		{{2, 1, 2 * third, 40, 50, 100}, {1, 1, third, 50, 50, 100}, {3, 2, 100, 300.0 / 7, 100, 100}, {}},
		{{}, {1, 1, 100, 50, 100, 100}, {1, 1, 100, 100.0 / 7, 100, 50}, {}},
	}
	for i := range want {
		for j := range want[i] {
			if got := x.Cells[i][j]; !closeCell(got, want[i][j]) {
				t.Errorf("%s × %s: got %+v, want %+v", x.Codes[i], groups[j].Name, got, want[i][j])
			}
		}
	}

	// B's codings only, and only document d1 selected: d2 is in no group.
	opt.Coders, opt.Documents = []string{"B"}, []string{"d1"}
	x = CodeCrosstab(codings, opt, groups[:2])
	if got := x.Columns; !slices.Equal(got, []CrosstabCell{{Codings: 2, Documents: 1}, {}}) {
		t.Errorf("B in d1: columns %+v", got)
	}
	if got := x.Cells[1][0]; !closeCell(got, CrosstabCell{1, 1, 100, 50, 100, 100}) {
		t.Errorf("B in d1: y × one %+v", got)
	}
	if got := x.Cells[2][1]; got != (CrosstabCell{}) {
		t.Errorf("B in d1: z × two %+v, want nothing (d2 not selected)", got)
	}
}

func closeCell(a, b CrosstabCell) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	return a.Codings == b.Codings && a.Documents == b.Documents && near(a.RowPercent, b.RowPercent) && near(a.ColumnPercent, b.ColumnPercent) &&
		near(a.DocumentsRowPercent, b.DocumentsRowPercent) && near(a.DocumentsColumnPercent, b.DocumentsColumnPercent)
}

func TestGroupsByAttribute(t *testing.T) {
	cat := coding.Attribute{ID: "c", Name: "affiliation", Type: coding.TypeCategory, Choices: []string{"CICIR", "SIIS", "Other"}}
	num := coding.Attribute{ID: "n", Name: "words", Type: coding.TypeNumber}
	table := coding.NewAttributeTable([]coding.Attribute{cat, num}, []coding.AttributeValue{
		{DocumentID: "d1", AttributeID: "c", Value: "SIIS"}, {DocumentID: "d2", AttributeID: "c", Value: "CICIR"},
		{DocumentID: "d3", AttributeID: "c", Value: "SIIS"},
		{DocumentID: "d1", AttributeID: "n", Value: "950"}, {DocumentID: "d2", AttributeID: "n", Value: "1200"}, {DocumentID: "d4", AttributeID: "n", Value: "950"},
	})
	docs := []string{"d1", "d2", "d3", "d4"}
	// A category: every listed value, in the list's order, empty or not.
	got := GroupsByAttribute(table, cat, docs)
	want := []Group{{"CICIR", []string{"d2"}}, {"SIIS", []string{"d1", "d3"}}, {"Other", nil}, {NoValue, []string{"d4"}}}
	if !slices.EqualFunc(got, want, sameGroup) {
		t.Errorf("by category: %v, want %v", got, want)
	}
	// A number: the values held, by size (950 before 1200).
	got = GroupsByAttribute(table, num, docs)
	want = []Group{{"950", []string{"d1", "d4"}}, {"1200", []string{"d2"}}, {NoValue, []string{"d3"}}}
	if !slices.EqualFunc(got, want, sameGroup) {
		t.Errorf("by number: %v, want %v", got, want)
	}
	// Sets: a static set and a saved filter.
	sets := []coding.DocumentSet{{Name: "pair", Documents: []string{"d4", "d1", "d9"}}, {Name: "long", Where: "words > 1000"}}
	gs, err := GroupsBySets(table, sets, docs)
	want = []Group{{"pair", []string{"d1", "d4"}}, {"long", []string{"d2"}}}
	if err != nil || !slices.EqualFunc(gs, want, sameGroup) {
		t.Errorf("by sets: %v, %v; want %v", gs, err, want)
	}
}

func sameGroup(a, b Group) bool { return a.Name == b.Name && slices.Equal(a.Documents, b.Documents) }

// TestCodeCrosstabProperty checks the crosstab against counting coding by
// coding on random projects with random, overlapping groups.
func TestCodeCrosstabProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	all := []string{"d0", "d1", "d2", "elsewhere"}
	for trial := range 500 {
		codings, opt, _ := randomProject(r)
		if r.IntN(4) == 0 {
			opt.Documents = []string{"d2", "d0"}
		}
		groups := make([]Group, r.IntN(4))
		for g := range groups {
			for _, d := range all {
				if r.IntN(2) == 0 {
					groups[g].Documents = append(groups[g].Documents, d)
				}
			}
		}
		x := CodeCrosstab(codings, opt, groups)
		count := func(code string, docs []string) (n int, documents int) {
			hit := map[string]bool{}
			for _, c := range codings {
				if selected(c, opt) && (code == "" || c.CodeID == code) && slices.Contains(docs, c.DocumentID) {
					n++
					hit[c.DocumentID] = true
				}
			}
			return n, len(hit)
		}
		for j, g := range groups {
			n, _ := count("", g.Documents)
			docs := 0
			for _, d := range opt.Documents {
				if slices.Contains(g.Documents, d) {
					docs++
				}
			}
			if x.Columns[j] != (CrosstabCell{Codings: n, Documents: docs}) {
				t.Fatalf("trial %d: column %d %+v, want %d codings, %d documents", trial, j, x.Columns[j], n, docs)
			}
		}
		for i, code := range opt.Codes {
			rn, rd := count(code, opt.Documents)
			if x.Rows[i] != (CrosstabCell{Codings: rn, Documents: rd}) {
				t.Fatalf("trial %d: row %s %+v, want %d, %d", trial, code, x.Rows[i], rn, rd)
			}
			for j, g := range groups {
				n, d := count(code, g.Documents)
				want := CrosstabCell{n, d, percent(n, rn), percent(n, x.Columns[j].Codings), percent(d, rd), percent(d, x.Columns[j].Documents)}
				if !closeCell(x.Cells[i][j], want) {
					t.Fatalf("trial %d: %s × group %d: %+v, want %+v", trial, code, j, x.Cells[i][j], want)
				}
				if n > rn || d > rd || x.Cells[i][j].RowPercent > 100 || x.Cells[i][j].DocumentsColumnPercent > 100 {
					t.Fatalf("trial %d: a cell above its totals: %+v", trial, x.Cells[i][j])
				}
			}
		}
	}
}

// Whole percentages round half away from zero, as a reader does: a
// crosstab cell of 62.5 % reads 63 %, never 62 %.
func TestFormatWholePercent(t *testing.T) {
	for in, want := range map[float64]string{62.5: "63%", 37.5: "38%", 0.5: "1%", 2.4999: "2%", 100: "100%", 0: "0%"} {
		if got := FormatWholePercent(in); got != want {
			t.Errorf("FormatWholePercent(%v) = %q, want %q", in, got, want)
		}
	}
}
