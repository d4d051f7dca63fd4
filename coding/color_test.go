package coding

import "testing"

// Issue 26 item 30: a new code's automatic colour is one no code has yet,
// not the next in a cycle that repeats a colour still in use.
func TestFreshColorSkipsColoursInUse(t *testing.T) {
	for _, tc := range []struct {
		used []string
		want string
	}{
		{nil, palette[0]},
		{[]string{palette[0], palette[2]}, palette[1]}, // a code with palette[1] was deleted
		{[]string{"#2e86de", palette[1]}, palette[2]},  // compared ignoring case
		{palette, palette[0]},                          // all taken: the cycle goes on (12 codes: the first again)
	} {
		var codes []Code
		for i, c := range tc.used {
			codes = append(codes, Code{ID: string(rune('a' + i)), Name: string(rune('A' + i)), Color: c})
		}
		if got := FreshColor(NewCodebook(codes)); got != tc.want {
			t.Errorf("colours in use %v: FreshColor %s, want %s", tc.used, got, tc.want)
		}
	}
}
