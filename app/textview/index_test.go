package textview

import (
	"math/rand/v2"
	"slices"
	"testing"

	"desktop/marginalia/coding"
)

func TestSpanIndexOverlapping(t *testing.T) {
	spans := []coding.Span{sp(0, 100), sp(5, 10), sp(5, 8), sp(20, 30), sp(25, 26), sp(40, 41)}
	slices.SortFunc(spans, drawOrder)
	ix := newSpanIndex(spans)
	tests := []struct {
		name     string
		from, to int
		want     []coding.Span
	}{
		{"rune inside nested spans", 6, 7, []coding.Span{sp(0, 100), sp(5, 10), sp(5, 8)}},
		{"end is exclusive", 10, 11, []coding.Span{sp(0, 100)}},
		{"range across several", 9, 25, []coding.Span{sp(0, 100), sp(5, 10), sp(20, 30)}},
		{"after everything", 100, 200, nil},
		{"a single rune span", 40, 41, []coding.Span{sp(0, 100), sp(40, 41)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []coding.Span
			for _, i := range ix.overlapping(tt.from, tt.to, nil) {
				got = append(got, spans[i])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("overlapping(%d, %d) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// TestSpanIndexMatchesScan compares the index with a linear scan on random
// spans and ranges.
func TestSpanIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	spans := randomSpans(rng, 2000, 100000)
	ix := newSpanIndex(spans)
	for range 500 {
		from := rng.IntN(100000)
		to := from + 1 + rng.IntN(3000)
		got := ix.overlapping(from, to, nil)
		var want []int
		for i, s := range spans {
			if s.Overlaps(coding.Span{Start: from, End: to}) {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("overlapping(%d, %d) = %v, want %v", from, to, got, want)
		}
	}
}

// randomSpans are n spans in a text of length runes, mostly short, a few
// long, sorted in drawing order.
func randomSpans(rng *rand.Rand, n, length int) []coding.Span {
	spans := make([]coding.Span, n)
	for i := range spans {
		start := rng.IntN(length - 1)
		l := 1 + rng.IntN(300)
		if rng.IntN(50) == 0 {
			l = rng.IntN(length / 4)
		}
		spans[i] = coding.Span{Start: start, End: min(start+max(l, 1), length)}
	}
	slices.SortFunc(spans, drawOrder)
	return spans
}

func TestSortedByDrawOrder(t *testing.T) {
	spans := []coding.Span{sp(10, 20), sp(0, 5), sp(10, 30), sp(10, 20)}
	got := sortedByDrawOrder(spans)
	want := []int{1, 2, 0, 3} // by start, longer first, equal spans in given order
	if !slices.Equal(got, want) {
		t.Errorf("sortedByDrawOrder = %v, want %v", got, want)
	}
}

// sp is the span [start, end).
func sp(start, end int) coding.Span { return coding.Span{Start: start, End: end} }
