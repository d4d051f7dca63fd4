package coding

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// ReliabilitySampleName is the name a reliability sample's set gets unless
// told otherwise; agreement and the Compare tab use the set of this name,
// when there is one, as the documents to compare.
const ReliabilitySampleName = "Reliability sample"

// NoValue is the stratum of the documents without a value for the
// attribute a sample is stratified by.
const NoValue = "(no value)"

// SampleSize is how many of total documents a fraction (0 < fraction ≤ 1)
// asks for: the nearest whole number, at least 1.
func SampleSize(total int, fraction float64) int {
	if total <= 0 {
		return 0
	}
	n := int(math.Round(fraction * float64(total)))
	return min(max(n, 1), total)
}

// Allocate shares n among strata of the given sizes in proportion to their
// sizes, by largest remainders (Hamilton's method): each stratum gets the
// whole part of its quota n·size/total, and what is left goes one each to
// the largest fractional parts, ties to the earlier stratum. Each share is
// within one of its quota and never above its stratum's size; the shares
// add up to n (at most the total).
func Allocate(sizes []int, n int) []int {
	total := 0
	for _, s := range sizes {
		total += s
	}
	out := make([]int, len(sizes))
	n = min(n, total)
	if n <= 0 {
		return out
	}
	type rem struct {
		i    int
		frac int // the remainder of n·size / total, in units of 1/total
	}
	rems := make([]rem, 0, len(sizes))
	given := 0
	for i, s := range sizes {
		out[i] = n * s / total
		given += out[i]
		rems = append(rems, rem{i, n * s % total})
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].frac > rems[b].frac })
	for _, r := range rems[:n-given] {
		out[r.i]++
	}
	return out
}

// Stratum is one group of a stratified sample: the documents sharing a
// value, and how many of them were drawn.
type Stratum struct {
	Value string
	Size  int
	Drawn int
}

// Sample draws n of the documents ids at random, without replacement, and
// returns them in the order of ids. With strata (document ID → value; a
// missing or empty value is the stratum NoValue) the draw is stratified
// proportionally: each value's documents get their share by Allocate, and
// the strata are returned sorted by value. The draw depends only on the
// set of IDs, the strata, n and seed, not on the order of ids: the same
// seed gives the same sample.
func Sample(ids []string, strata map[string]string, n int, seed uint64) ([]string, []Stratum, error) {
	seen := make(map[string]bool, len(ids))
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool {
		dup := seen[id]
		seen[id] = true
		return dup
	})
	if n < 1 || n > len(ids) {
		return nil, nil, fmt.Errorf("cannot draw %d of %s", n, Plural(len(ids), "document"))
	}
	groups := map[string][]string{}
	for _, id := range ids {
		v := NoValue
		if strata != nil && strata[id] != "" {
			v = strata[id]
		}
		groups[v] = append(groups[v], id)
	}
	values := make([]string, 0, len(groups))
	for v := range groups {
		values = append(values, v)
	}
	slices.Sort(values)
	sizes := make([]int, len(values))
	for i, v := range values {
		sizes[i] = len(groups[v])
	}
	shares := Allocate(sizes, n)
	r := rand.New(rand.NewPCG(seed, 0x73616d706c65)) // "sample"
	chosen := map[string]bool{}
	out := make([]Stratum, len(values))
	for i, v := range values {
		g := slices.Clone(groups[v])
		slices.Sort(g)
		// A partial Fisher–Yates shuffle: the first shares[i] are drawn.
		for j := 0; j < shares[i]; j++ {
			k := j + bounded(r, len(g)-j)
			g[j], g[k] = g[k], g[j]
			chosen[g[j]] = true
		}
		out[i] = Stratum{Value: v, Size: len(g), Drawn: shares[i]}
	}
	var drawn []string
	for _, id := range ids {
		if chosen[id] {
			drawn = append(drawn, id)
		}
	}
	return drawn, out, nil
}

// bounded is a uniform integer in [0, n), by rejection, so that the draw
// does not depend on how a Go release implements rand.IntN.
func bounded(r *rand.Rand, n int) int {
	limit := math.MaxUint64 - math.MaxUint64%uint64(n)
	for {
		if x := r.Uint64(); x < limit {
			return int(x % uint64(n))
		}
	}
}
