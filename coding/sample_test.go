package coding

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSampleSize(t *testing.T) {
	for _, tc := range []struct {
		total    int
		fraction float64
		want     int
	}{
		{40, 0.2, 8},
		{40, 0.25, 10},
		{7, 0.1, 1}, // never none
		{7, 0.5, 4}, // 3.5 rounds up
		{3, 1, 3},
		{0, 0.5, 0},
	} {
		if got := SampleSize(tc.total, tc.fraction); got != tc.want {
			t.Errorf("SampleSize(%d, %v) = %d, want %d", tc.total, tc.fraction, got, tc.want)
		}
	}
}

func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		n     int
		want  []int
	}{
		{[]int{50, 30, 20}, 10, []int{5, 3, 2}}, // exact quotas
		{[]int{10, 10, 10}, 4, []int{2, 1, 1}},  // a tie goes to the earlier stratum
		{[]int{7, 2, 1}, 5, []int{4, 1, 0}},     // quotas 3.5, 1, 0.5: the tie to the earlier
		{[]int{1, 1, 98}, 10, []int{0, 0, 10}},  // quotas 0.1, 0.1, 9.8
		{[]int{3, 4}, 7, []int{3, 4}},           // everything
		{[]int{3, 4}, 9, []int{3, 4}},           // no more than there is
		{[]int{5, 0, 5}, 3, []int{2, 0, 1}},     // an empty stratum gets none
		{[]int{}, 3, []int{}},                   // no strata
		{[]int{12, 5, 3}, 5, []int{3, 1, 1}},    // quotas 3, 1.25, 0.75
		{[]int{100, 1}, 1, []int{1, 0}},         // the big stratum
		{[]int{2, 2, 2, 2, 2}, 3, []int{1, 1, 1, 0, 0}},
	} {
		got := Allocate(tc.sizes, tc.n)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Allocate(%v, %d) = %v, want %v", tc.sizes, tc.n, got, tc.want)
		}
	}
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("doc-%03d", i)
	}
	return out
}

func TestSampleIsReproducibleAndOrderFree(t *testing.T) {
	all := ids(40)
	a, _, err := Sample(all, nil, 8, 42)
	if err != nil {
		t.Fatal(err)
	}
	reversed := slices.Clone(all)
	slices.Reverse(reversed)
	b, _, _ := Sample(reversed, nil, 8, 42)
	slices.Reverse(b)
	if !slices.Equal(a, b) {
		t.Errorf("the same seed on the same documents in another order drew %v, then %v", a, b)
	}
	if len(a) != 8 {
		t.Fatalf("drew %d, want 8", len(a))
	}
	c, _, _ := Sample(all, nil, 8, 43)
	if slices.Equal(a, c) {
		t.Errorf("seeds 42 and 43 drew the same 8 of 40: %v", a)
	}
	// The result keeps the input order and has no repeats.
	if !slices.IsSorted(a) || len(slices.Compact(slices.Clone(a))) != len(a) {
		t.Errorf("sample %v is not in the documents' order or repeats one", a)
	}
}

func TestSampleStratified(t *testing.T) {
	all := ids(20)
	strata := map[string]string{}
	for i, id := range all {
		switch {
		case i < 12:
			strata[id] = "CICIR"
		case i < 17:
			strata[id] = "SIIS"
		} // 3 without a value
	}
	got, groups, err := Sample(all, strata, 5, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []Stratum{{NoValue, 3, 1}, {"CICIR", 12, 3}, {"SIIS", 5, 1}}
	if !slices.Equal(groups, want) {
		t.Errorf("strata %v, want %v", groups, want)
	}
	count := map[string]int{}
	for _, id := range got {
		v := strata[id]
		if v == "" {
			v = NoValue
		}
		count[v]++
	}
	for _, g := range want {
		if count[g.Value] != g.Drawn {
			t.Errorf("drew %d of %s, want %d (sample %v)", count[g.Value], g.Value, g.Drawn, got)
		}
	}
}

func TestSampleRefusesImpossibleSizes(t *testing.T) {
	for _, n := range []int{0, -1, 4} {
		if _, _, err := Sample(ids(3), nil, n, 1); err == nil {
			t.Errorf("Sample of %d from 3 documents gave no error", n)
		}
	}
	// A repeated ID counts once.
	got, _, err := Sample([]string{"a", "a", "b"}, nil, 2, 1)
	if err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Sample(a, a, b; 2) = %v, %v; want [a b]", got, err)
	}
}

// TestSampleProportionsProperty: on random studies, every stratum's drawn
// count is within one of its proportional quota, the counts add up to n,
// each drawn document belongs to its stratum, and the draw is the same
// when repeated.
func TestSampleProportionsProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for rep := 0; rep < 500; rep++ {
		total := 1 + r.IntN(200)
		all := ids(total)
		strata := map[string]string{}
		k := 1 + r.IntN(6)
		for _, id := range all {
			if v := r.IntN(k + 1); v < k {
				strata[id] = fmt.Sprintf("v%d", v)
			}
		}
		n := 1 + r.IntN(total)
		seed := r.Uint64()
		got, groups, err := Sample(all, strata, n, seed)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("drew %d of %d, want %d", len(got), total, n)
		}
		count := map[string]int{}
		for _, id := range got {
			v := strata[id]
			if v == "" {
				v = NoValue
			}
			count[v]++
		}
		sum := 0
		for _, g := range groups {
			quota := float64(n) * float64(g.Size) / float64(total)
			if d := float64(g.Drawn) - quota; d <= -1 || d >= 1 {
				t.Errorf("n=%d of %d: stratum %s of %d drew %d, quota %.2f", n, total, g.Value, g.Size, g.Drawn, quota)
			}
			if count[g.Value] != g.Drawn || g.Drawn > g.Size {
				t.Errorf("stratum %s: %d drawn in the sample, reported %d of %d", g.Value, count[g.Value], g.Drawn, g.Size)
			}
			sum += g.Size
		}
		if sum != total {
			t.Errorf("strata hold %d documents, want %d", sum, total)
		}
		again, _, _ := Sample(all, strata, n, seed)
		if !slices.Equal(got, again) {
			t.Fatalf("seed %d drew %v, then %v", seed, got, again)
		}
	}
}

// TestSampleIsUniform: unstratified, every document is drawn about equally
// often over many seeds.
func TestSampleIsUniform(t *testing.T) {
	all := ids(10)
	hits := map[string]int{}
	const reps = 20000
	for seed := uint64(1); seed <= reps; seed++ {
		got, _, _ := Sample(all, nil, 3, seed)
		for _, id := range got {
			hits[id]++
		}
	}
	for _, id := range all {
		// Expected 6,000 each (3/10 of 20,000); sd ≈ 65.
		if h := hits[id]; h < 5700 || h > 6300 {
			t.Errorf("%s drawn %d times in %d samples of 3 of 10, want about 6000", id, h, reps)
		}
	}
}
