package coding

import "fmt"

// Plural is n and the noun, in the plural unless n is 1: "1 coding",
// "2 codings", "0 documents". The window and the command line word counts
// with it.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
