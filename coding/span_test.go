package coding

import (
	"slices"
	"strings"
	"testing"
)

func TestUnion(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []Span
		want []Span
	}{
		{"empty", nil, []Span{}},
		{"one", []Span{{2, 5}}, []Span{{2, 5}}},
		{"overlapping segments of one coder count once", []Span{{0, 10}, {5, 15}}, []Span{{0, 15}}},
		{"adjacent merge", []Span{{0, 5}, {5, 8}}, []Span{{0, 8}}},
		{"unsorted and nested", []Span{{20, 30}, {0, 4}, {22, 25}}, []Span{{0, 4}, {20, 30}}},
		{"empty spans dropped", []Span{{3, 3}, {7, 6}}, []Span{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Union(tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Union(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestIntersectionAndCovered(t *testing.T) {
	a := Union([]Span{{0, 10}, {20, 30}})
	b := Union([]Span{{5, 25}, {28, 40}})
	got := Intersection(a, b)
	want := []Span{{5, 10}, {20, 25}, {28, 30}}
	if !slices.Equal(got, want) {
		t.Errorf("Intersection = %v, want %v", got, want)
	}
	if n := Covered(got); n != 12 {
		t.Errorf("Covered = %d, want 12", n)
	}
}

func TestClipAndValidate(t *testing.T) {
	if got := (Span{-3, 50}).Clip(10); got != (Span{0, 10}) {
		t.Errorf("Clip = %v", got)
	}
	if got := (Span{12, 50}).Clip(10); !got.Empty() {
		t.Errorf("Clip past the end = %v, want empty", got)
	}
	for _, tc := range []struct {
		s  Span
		ok bool
	}{{Span{0, 1}, true}, {Span{0, 10}, true}, {Span{0, 11}, false}, {Span{5, 5}, false}, {Span{6, 5}, false}, {Span{-1, 2}, false}} {
		if err := tc.s.Validate(10); (err == nil) != tc.ok {
			t.Errorf("Validate(%v, 10) = %v", tc.s, err)
		}
	}
}

func TestRuneByteConversion(t *testing.T) {
	text := "简体 “quote” 😀x"
	for _, tc := range []struct {
		runes, bytes int
	}{{0, 0}, {1, 3}, {3, 7}, {4, 10}, {10, 18}, {11, 19}, {12, 23}, {13, 24}, {99, 24}} {
		if got := RuneToByte(text, tc.runes); got != tc.bytes {
			t.Errorf("RuneToByte(%d) = %d, want %d", tc.runes, got, tc.bytes)
		}
		if tc.runes <= 13 {
			if got := ByteToRune(text, tc.bytes); got != tc.runes {
				t.Errorf("ByteToRune(%d) = %d, want %d", tc.bytes, got, tc.runes)
			}
		}
	}
	if got := Slice(text, Span{3, 10}); got != "“quote”" {
		t.Errorf("Slice = %q", got)
	}
	if got := Slice(text, Span{11, 12}); got != "😀" {
		t.Errorf("an emoji counts as one unit: Slice(11,12) = %q", got)
	}
}

func TestNormalizeText(t *testing.T) {
	for in, want := range map[string]string{
		"\ufeffa\r\nb\rc\n": "a\nb\nc\n",
		"plain":             "plain",
		"\r\n\r\n":          "\n\n",
		// Every BOM it starts with goes (the result normalises to
		// itself); one further on is the text's own.
		"\ufeff\ufeff\ufeffa\ufeffb": "a\ufeffb",
		"\ufeff":                     "",
	} {
		if got := NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
		if got := NormalizeText(want); got != want {
			t.Errorf("NormalizeText(%q) = %q: the stored form changes when normalised again", want, got)
		}
	}
}

func TestNormalizeIDAndColor(t *testing.T) {
	if id, ok := NormalizeID("{6F9619FF-8B86-D011-B42D-00C04FC964FF}"); !ok || id != "6f9619ff-8b86-d011-b42d-00c04fc964ff" {
		t.Errorf("NormalizeID = %q %v", id, ok)
	}
	if _, ok := NormalizeID("not-a-guid"); ok {
		t.Error("NormalizeID accepted garbage")
	}
	if id, ok := NormalizeID(NewID()); !ok || len(id) != 36 {
		t.Errorf("NewID gives %q", id)
	}
	for in, want := range map[string]string{"#abc": "#AABBCC", "#12ab34": "#12AB34", "#12AB34FF": "#12AB34"} {
		if got, err := NormalizeColor(in); err != nil || got != want {
			t.Errorf("NormalizeColor(%q) = %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"red", "#12", "#GGGGGG", ""} {
		if _, err := NormalizeColor(bad); err == nil {
			t.Errorf("NormalizeColor(%q) accepted", bad)
		}
	}
}

func TestCodebookPaths(t *testing.T) {
	codes := []Code{
		{ID: "n", Name: "Norms", Position: 1},
		{ID: "v", Name: "Cyber vandalism", ParentID: "n"},
		{ID: "t", Name: "Trust", Position: 0},
		{ID: "o", Name: "Orphan", ParentID: "missing"},
	}
	cb := NewCodebook(codes)
	if got := cb.Path("v"); got != "Norms > Cyber vandalism" {
		t.Errorf("Path = %q", got)
	}
	if c, ok := cb.ByPath("norms >  cyber VANDALISM"); !ok || c.ID != "v" {
		t.Errorf("ByPath = %+v %v", c, ok)
	}
	var order []string
	cb.Walk(func(c Code, depth int) { order = append(order, c.ID) })
	if !slices.Equal(order, []string{"t", "n", "v", "o"}) && !slices.Equal(order, []string{"o", "t", "n", "v"}) {
		t.Errorf("walk order %v", order)
	}
	if err := cb.CheckMove("n", "v"); err == nil {
		t.Error("moving a code under its child allowed")
	}
	// Trust renamed Norms comes first among the roots: the other Norms
	// still clashes.
	renamed := NewCodebook([]Code{{ID: "t", Name: "norms", Position: 0}, {ID: "n", Name: "Norms", Position: 1}})
	if err := renamed.CheckMove("t", ""); err == nil || !strings.Contains(err.Error(), `"Norms" already exists`) {
		t.Errorf("a code renamed as its sibling: %v, want a clash", err)
	}
	if _, err := SplitPath("A >  > B"); err == nil {
		t.Error("empty level accepted")
	}
}

func TestNilCodebookIsEmpty(t *testing.T) {
	var cb *Codebook
	if cb.Len() != 0 || len(cb.Codes()) != 0 || cb.Path("x") != "" || len(cb.Children("")) != 0 || len(cb.Descendants("x")) != 0 {
		t.Error("a nil codebook is not empty")
	}
	if _, ok := cb.Code("x"); ok {
		t.Error("a nil codebook has a code")
	}
	if _, ok := cb.ByPath("Norms"); ok {
		t.Error("a nil codebook finds a path")
	}
}
