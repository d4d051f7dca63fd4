package analysis

import (
	"slices"
	"testing"

	"desktop/marginalia/coding"
)

// hand is a small project whose figures are worked out by hand in the
// tests: coders A and B, codes x, y, z, documents d1 and d2.
//
//	d1: 1 A x [0,10)   2 A x [5,15)   3 A y [8,12)
//	    4 B x [0,10)   5 B y [20,30)
//	d2: 6 A z [50,60)  7 B y [0,4)
func hand() ([]coding.Coding, Options) {
	c := func(doc, coder, code string, start, end int) coding.Coding {
		return coding.Coding{DocumentID: doc, CoderID: coder, CodeID: code, Span: coding.Span{Start: start, End: end}}
	}
	return []coding.Coding{
		c("d1", "A", "x", 0, 10), c("d1", "A", "x", 5, 15), c("d1", "A", "y", 8, 12),
		c("d1", "B", "x", 0, 10), c("d1", "B", "y", 20, 30),
		c("d2", "A", "z", 50, 60), c("d2", "B", "y", 0, 4),
	}, Options{Codes: []string{"x", "y", "z"}, Documents: []string{"d1", "d2"}, Coders: []string{"A", "B"}}
}

func TestCodeFrequenciesByHand(t *testing.T) {
	codings, opt := hand()
	f := CodeFrequencies(codings, opt)
	want := []FrequencyRow{
		// x: union in d1 is [0,15); A's union [0,15), B's [0,10).
		{Code: "x", Count: Count{3, 1, 15}, ByCoder: []Count{{2, 1, 15}, {1, 1, 10}}},
		// y: d1 [8,12) ∪ [20,30) = 14, d2 [0,4) = 4.
		{Code: "y", Count: Count{3, 2, 18}, ByCoder: []Count{{1, 1, 4}, {2, 2, 14}}},
		{Code: "z", Count: Count{1, 1, 10}, ByCoder: []Count{{1, 1, 10}, {0, 0, 0}}},
	}
	for i, w := range want {
		if got := f.Rows[i]; got.Code != w.Code || got.Count != w.Count || !slices.Equal(got.ByCoder, w.ByCoder) {
			t.Errorf("row %s: got %+v, want %+v", w.Code, got, w)
		}
	}
	// Any code: d1 [0,15) ∪ [20,30) = 25, d2 [0,4) ∪ [50,60) = 14.
	// A: d1 [0,15) = 15, d2 [50,60) = 10; B: d1 [0,10) ∪ [20,30) = 20, d2 4.
	total := FrequencyRow{Count: Count{7, 2, 39}, ByCoder: []Count{{4, 2, 25}, {3, 2, 24}}}
	if f.Total.Count != total.Count || !slices.Equal(f.Total.ByCoder, total.ByCoder) {
		t.Errorf("total: got %+v, want %+v", f.Total, total)
	}

	// One coder only: B's codings.
	opt.Coders = []string{"B"}
	f = CodeFrequencies(codings, opt)
	if got := f.Rows[0].Count; got != (Count{1, 1, 10}) {
		t.Errorf("x for B alone: %+v, want 1 coding, 1 document, 10 characters", got)
	}
}

func TestCodeMatrixByHand(t *testing.T) {
	codings, opt := hand()
	m := CodeMatrix(codings, opt)
	want := [][]MatrixCell{
		{{3, 15}, {0, 0}},
		{{2, 14}, {1, 4}},
		{{0, 0}, {1, 10}},
	}
	for i := range want {
		if !slices.Equal(m.Cells[i], want[i]) {
			t.Errorf("row %s: %v, want %v", m.Codes[i], m.Cells[i], want[i])
		}
	}
}

func TestCodeCooccurrenceByHand(t *testing.T) {
	codings, opt := hand()
	tests := []struct {
		name string
		prox Proximity
		want []Cell
	}{
		// A's x codings 1 and 2 each overlap A's y coding 3: two pairs. B's
		// x [0,10) and y [20,30) are 10 characters apart. The text coded
		// with both is A's x [0,15) ∩ y [8,12) = 4 characters. n₁ = n₂ = 3:
		// c = 2 / (3 + 3 − 2) = 0.5.
		{"overlap", Proximity{}, []Cell{{A: "x", B: "y", Pairs: 2, Documents: 1, Characters: 4, C: 0.5}}},
		{"within 9", Proximity{Kind: Within, N: 9}, []Cell{{A: "x", B: "y", Pairs: 2, Documents: 1, Characters: 4, C: 0.5}}},
		// Within 10 B's pair joins: 3 / (3 + 3 − 3) = 1.
		{"within 10", Proximity{Kind: Within, N: 10}, []Cell{{A: "x", B: "y", Pairs: 3, Documents: 1, Characters: 4, C: 1}}},
		// A paragraph break at 18 separates B's x and y; none before 40 joins them.
		{"paragraphs at 18", Proximity{Kind: Paragraph, Paragraphs: map[string][]int{"d1": {0, 18, 40}}},
			[]Cell{{A: "x", B: "y", Pairs: 2, Documents: 1, Characters: 4, C: 0.5}}},
		{"paragraphs at 40", Proximity{Kind: Paragraph, Paragraphs: map[string][]int{"d1": {0, 40}}},
			[]Cell{{A: "x", B: "y", Pairs: 3, Documents: 1, Characters: 4, C: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := CodeCooccurrence(codings, opt, tt.prox)
			if !slices.Equal(r.Cells, tt.want) {
				t.Errorf("cells %+v, want %+v", r.Cells, tt.want)
			}
			if !slices.Equal(r.Codings, []int{3, 3, 1}) {
				t.Errorf("codings per code %v, want [3 3 1]", r.Codings)
			}
			// z co-occurs with nothing: A's z and B's y in d2 are two coders'.
			if c := r.Cell(2, 1); c.Pairs != 0 || c.A != "y" || c.B != "z" {
				t.Errorf("cell (z, y) = %+v, want y–z with no pairs", c)
			}
		})
	}
}

// One long coding overlapping three short ones makes three pairs, more
// than the one coding of its code: c uses min(3, 1, 3) = 1 and says so.
func TestCCoefficientCapped(t *testing.T) {
	c := func(code string, start, end int) coding.Coding {
		return coding.Coding{DocumentID: "d", CoderID: "A", CodeID: code, Span: coding.Span{Start: start, End: end}}
	}
	codings := []coding.Coding{c("long", 0, 100), c("short", 0, 5), c("short", 10, 15), c("short", 20, 25)}
	r := CodeCooccurrence(codings, Options{Codes: []string{"long", "short"}}, Proximity{})
	want := Cell{A: "long", B: "short", Pairs: 3, Documents: 1, Characters: 15, C: 1.0 / 3, Capped: true}
	if len(r.Cells) != 1 || r.Cells[0] != want {
		t.Errorf("cells %+v, want %+v", r.Cells, want)
	}
	pairs := CooccurringPairs(codings, Options{}, Proximity{}, "long", "short")
	if !slices.Equal(pairs, []Pair{{0, 1}, {0, 2}, {0, 3}}) {
		t.Errorf("pairs behind the cell: %v", pairs)
	}
}

func TestCCoefficient(t *testing.T) {
	for _, tt := range []struct {
		pairs, n1, n2 int
		c             float64
		capped        bool
	}{
		{0, 5, 5, 0, false},
		{5, 5, 5, 1, false},
		{2, 3, 3, 0.5, false},
		{1, 1, 4, 0.25, false},
		{9, 3, 3, 1, true},
		{4, 2, 10, 0.2, true},
	} {
		c, capped := CCoefficient(tt.pairs, tt.n1, tt.n2)
		if c != tt.c || capped != tt.capped {
			t.Errorf("CCoefficient(%d, %d, %d) = %v, %v; want %v, %v", tt.pairs, tt.n1, tt.n2, c, capped, tt.c, tt.capped)
		}
	}
}

func TestParagraphStarts(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []int
	}{
		{"", []int{0}},
		{"one line", []int{0}},
		{"a\nb", []int{0}},
		{"a\n\nb", []int{0, 3}},
		// Runes, not bytes: an emoji and Chinese characters are one each; a
		// line of spaces is blank; several blank lines make one break.
		{"简体\n\n😀 b\n \n\n\nc", []int{0, 4, 12}},
		{"\n\nfirst", []int{0, 2}},
		{"a\n\n", []int{0}},
	} {
		if got := ParagraphStarts(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("ParagraphStarts(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// Codings outside the selection and empty spans count nowhere.
func TestSelection(t *testing.T) {
	codings, opt := hand()
	codings = append(codings,
		coding.Coding{DocumentID: "d3", CoderID: "A", CodeID: "x", Span: coding.Span{Start: 0, End: 5}},
		coding.Coding{DocumentID: "d1", CoderID: "C", CodeID: "x", Span: coding.Span{Start: 0, End: 5}},
		coding.Coding{DocumentID: "d1", CoderID: "A", CodeID: "w", Span: coding.Span{Start: 0, End: 5}},
		coding.Coding{DocumentID: "d1", CoderID: "A", CodeID: "y", Span: coding.Span{Start: 5, End: 5}},
	)
	if f := CodeFrequencies(codings, opt); f.Total.Codings != 7 {
		t.Errorf("total codings %d, want 7 (the selected ones)", f.Total.Codings)
	}
	// With no selection, every code, document and coder named counts.
	f := CodeFrequencies(codings, Options{})
	if len(f.Rows) != 4 || len(f.Coders) != 3 || len(f.Documents) != 3 || f.Total.Codings != 10 {
		t.Errorf("unselected: %d codes, %d coders, %d documents, %d codings; want 4, 3, 3, 10", len(f.Rows), len(f.Coders), len(f.Documents), f.Total.Codings)
	}
}
