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
