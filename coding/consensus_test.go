package coding

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestConsensusSpans(t *testing.T) {
	spans := map[string][]Span{
		"a": {{0, 10}, {8, 20}, {30, 40}},
		"b": {{5, 15}, {15, 25}, {40, 45}},
	}
	for _, tc := range []struct {
		rule, take string
		coders     []string
		want       []Span
	}{
		{RuleUnion, "", []string{"a", "b"}, []Span{{0, 25}, {30, 45}}}, // touching runs merge
		{RuleIntersection, "", []string{"a", "b"}, []Span{{5, 20}}},    // b's two runs touch at 15
		{RuleTake, "a", []string{"a", "b"}, []Span{{0, 20}, {30, 40}}},
		{RuleTake, "b", []string{"a", "b"}, []Span{{5, 25}, {40, 45}}},
		{RuleIntersection, "", []string{"a", "b", "c"}, nil}, // c coded nothing
		{RuleUnion, "", []string{"a", "b", "c"}, []Span{{0, 25}, {30, 45}}},
	} {
		got, err := ConsensusSpans(tc.rule, tc.coders, spans, tc.take)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s %s of %v = %v, %v; want %v", tc.rule, tc.take, tc.coders, got, err, tc.want)
		}
	}
	if _, err := ConsensusSpans("majority", []string{"a"}, spans, ""); err == nil {
		t.Error("an unknown rule gave no error")
	}
}

// TestConsensusSpansByCharacter: on random spans each rule's runs cover
// exactly the characters the rule asks for, and are maximal.
func TestConsensusSpansByCharacter(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for rep := 0; rep < 300; rep++ {
		const length = 60
		coders := []string{"a", "b", "c"}[:2+r.IntN(2)]
		spans := map[string][]Span{}
		for _, c := range coders {
			for range r.IntN(5) {
				s := r.IntN(length)
				spans[c] = append(spans[c], Span{s, s + 1 + r.IntN(length-s)})
			}
		}
		for _, rule := range []string{RuleUnion, RuleIntersection, RuleTake} {
			got, _ := ConsensusSpans(rule, coders, spans, "b")
			for i := 1; i < len(got); i++ {
				if got[i].Start <= got[i-1].End {
					t.Fatalf("%s: runs %v touch or overlap", rule, got)
				}
			}
			for ch := 0; ch < length; ch++ {
				n := 0
				inB := false
				for _, c := range coders {
					if slices.ContainsFunc(spans[c], func(s Span) bool { return s.Contains(ch) }) {
						n++
						inB = inB || c == "b"
					}
				}
				want := map[string]bool{RuleUnion: n > 0, RuleIntersection: n == len(coders), RuleTake: inB}[rule]
				if has := slices.ContainsFunc(got, func(s Span) bool { return s.Contains(ch) }); has != want {
					t.Fatalf("%s of %v: character %d in the result %v, want %v", rule, spans, ch, has, want)
				}
			}
		}
	}
}

func TestResolveOneStretch(t *testing.T) {
	// alice [100,300), bob [200,500) and [600,700): the disagreement at
	// [300,500) is resolved over their run [100,500).
	spans := map[string][]Span{"a": {{100, 300}}, "b": {{200, 500}, {600, 700}}}
	coders := []string{"a", "b"}
	within := Stretch(spans, Span{300, 500})
	if within != (Span{100, 500}) {
		t.Fatalf("Stretch = %v, want [100,500)", within)
	}
	if got := Stretch(spans, Span{10, 20}); got != (Span{10, 20}) {
		t.Errorf("Stretch outside every run = %v", got)
	}
	for _, tc := range []struct {
		rule, take string
		want       []Span
	}{
		{RuleTake, "a", []Span{{100, 300}}},
		{RuleTake, "b", []Span{{200, 500}}}, // not bob's [600,700), outside the stretch
		{RuleUnion, "", []Span{{100, 500}}},
		{RuleIntersection, "", []Span{{200, 300}}},
		{RuleNeither, "", nil},
	} {
		got, err := ResolveSpans(tc.rule, coders, spans, tc.take, within)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s %s: %v (%v), want %v", tc.rule, tc.take, got, err, tc.want)
		}
	}
	if _, err := ResolveSpans("majority", coders, spans, "", within); err == nil {
		t.Error("an unknown rule gave no error")
	}
	// The consensus had [50,150) and [450,800): the stretch's part is
	// replaced, the rest kept, as maximal runs.
	existing := []Span{{50, 150}, {450, 800}}
	for _, tc := range []struct {
		keep []Span
		want []Span
	}{
		{nil, []Span{{50, 100}, {500, 800}}},
		{[]Span{{200, 300}}, []Span{{50, 100}, {200, 300}, {500, 800}}},
		{[]Span{{100, 500}}, []Span{{50, 800}}},
		{[]Span{{0, 1000}}, []Span{{50, 800}}}, // clipped to the stretch
	} {
		if got := Replace(existing, within, tc.keep); !slices.Equal(got, tc.want) {
			t.Errorf("Replace keeping %v = %v, want %v", tc.keep, got, tc.want)
		}
	}
}
