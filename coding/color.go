package coding

import (
	"fmt"
	"strings"
)

// NormalizeColor accepts "#RRGGBB", "#RGB" or "#RRGGBBAA" (alpha dropped),
// in either case, and returns the upper-case "#RRGGBB" form.
func NormalizeColor(s string) (string, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	for _, r := range h {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return "", fmt.Errorf("colour %q is not #RRGGBB", s)
		}
	}
	switch len(h) {
	case 3:
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	case 6:
	case 8:
		h = h[:6]
	default:
		return "", fmt.Errorf("colour %q is not #RRGGBB", s)
	}
	return "#" + strings.ToUpper(h), nil
}

// palette is a set of distinct colours, readable as translucent highlights,
// handed out in order to new codes.
var palette = []string{
	"#2E86DE", "#E67E22", "#27AE60", "#C0392B", "#8E44AD",
	"#16A085", "#D4AC0D", "#E84393", "#7F8C8D", "#1ABC9C",
	"#6C5CE7", "#B9770E",
}

// FreshColor is the first palette colour no code of cb has (compared
// ignoring case), so that a new code does not look like an existing one;
// when every palette colour is taken, the next in the cycle.
func FreshColor(cb *Codebook) string {
	used := map[string]bool{}
	for _, c := range cb.Codes() {
		used[strings.ToUpper(c.Color)] = true
	}
	for _, p := range palette {
		if !used[p] {
			return p
		}
	}
	return PaletteColor(cb.Len())
}

// PaletteColor is the n-th palette colour, cycling.
func PaletteColor(n int) string { return palette[((n%len(palette))+len(palette))%len(palette)] }
