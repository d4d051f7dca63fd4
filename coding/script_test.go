package coding

import "testing"

func TestIsCJK(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'a', false}, {'é', false}, {'—', false}, {'😀', false}, {'я', false},
		{'简', true}, {'體', true}, {'の', true}, {'カ', true}, {'한', true},
		{'。', true}, {'，', true}, {'「', true}, {'𠀀', true},
	} {
		if got := IsCJK(tc.r); got != tc.want {
			t.Errorf("IsCJK(%q) = %v, want %v", tc.r, got, tc.want)
		}
	}
}
