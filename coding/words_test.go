package coding

import "testing"

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 codings"}, {1, "1 coding"}, {2, "2 codings"}, {-1, "-1 codings"}} {
		if got := Plural(tc.n, "coding"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
