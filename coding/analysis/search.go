package analysis

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

// SearchQuery says what Search looks for. By default Text is words or a
// phrase, matched as written except for case and whitespace. Case is
// ignored by Unicode simple case folding, one code point for one, as Go's
// regexp (?i) does, so a hit's position is that of the stored text: "ΟΔΟΣ"
// finds "οδος" (Σ, σ and final ς are one letter), "STRAẞE" finds "straße",
// but "STRASSE" does not (ß folds to ss only in full case folding, which
// changes the length), and the Turkish dotted İ and dotless ı match only
// themselves (their pairing with i and I depends on the language). A
// space in the query matches any run of whitespace in the text: a space in the query matches any run of whitespace in the
// text, a line break included. Chinese, Japanese and other text without
// spaces is matched character for character, wherever it occurs; words in
// other scripts too (a search for "trust" finds "distrust": words are not
// bounded). With Regex, Text is a regular expression in Go's syntax
// (https://pkg.go.dev/regexp/syntax).
type SearchQuery struct {
	Text      string
	Regex     bool
	MatchCase bool // match upper and lower case exactly
	// Context is how many characters (code points) of text each hit shows
	// before and after it.
	Context int
}

// Hit is one occurrence of a search in a document: its span in code points
// of the stored text, the text it matched, and up to SearchQuery.Context
// characters each side (fewer at the start or end of the text).
type Hit struct {
	Document string // the document's ID
	Span     coding.Span
	Text     string
	Before   string
	After    string
}

// ErrEmptySearch is the error of a search for nothing.
var ErrEmptySearch = errors.New("search: give words, a phrase or a pattern to look for")

// Matcher is a compiled query.
type Matcher struct {
	re *regexp.Regexp
	// folded, when not nil, is a regular expression that ignores case
	// rewritten to match exactly the same on the folded text (see
	// foldText) without ignoring case, which Go's regexp does much faster:
	// it can skip ahead to a literal prefix and need not fold each rune.
	folded *regexp.Regexp
	// boundary: the expression has \b or \B, which treat only ASCII
	// letters and digits as word characters; in a text with ſ or the
	// Kelvin sign K (which fold to ASCII S and K) re is run instead.
	boundary bool
}

// foldMin is the least code point of r's simple case-folding orbit (the
// code points (?i) takes as equal to r): 'A' for 'a', 'S' for 'ſ'.
func foldMin(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return min
}

// foldMins maps every code point above ASCII that is not the least of its
// case-folding orbit to that least one. Every code point with an orbit has
// a case mapping, so unicode.CaseRanges covers them.
var foldMins = sync.OnceValue(func() map[rune]rune {
	m := map[rune]rune{}
	for _, cr := range unicode.CaseRanges {
		for r := rune(max(cr.Lo, utf8.RuneSelf)); r <= rune(cr.Hi); r++ {
			if f := foldMin(r); f != r {
				m[r] = f
			}
		}
	}
	return m
})

// foldBMP is foldMins for the Basic Multilingual Plane as a table (0: the
// code point is the least of its orbit already), much faster to look up
// in a text of Chinese than the map.
var foldBMP = sync.OnceValue(func() []uint16 {
	t := make([]uint16, 0x10000)
	for r, f := range foldMins() {
		if r < 0x10000 {
			t[r] = uint16(f)
		}
	}
	return t
})

// foldText maps each code point of text to the least of its case-folding
// orbit, one code point for one, so positions in code points are kept;
// risky says whether it held ſ (U+017F) or the Kelvin sign (U+212A), the
// two that fold to ASCII letters.
func foldText(text string) (folded string, risky bool) {
	mins, bmp := foldMins(), foldBMP()
	b := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r < 0x10000 && size > 1 { // size 1: invalid UTF-8, kept below
			if f := bmp[r]; f != 0 {
				risky = risky || r == 0x17F || r == 0x212A
				b = utf8.AppendRune(b, rune(f))
			} else {
				b = append(b, text[i:i+size]...)
			}
		} else if f, ok := mins[r]; ok {
			risky = risky || r == 0x17F || r == 0x212A
			b = utf8.AppendRune(b, f)
		} else {
			b = append(b, text[i:i+size]...) // as written, invalid UTF-8 too
		}
		i += size
	}
	return string(b), risky
}

// foldExpr rewrites a regular expression that ignores case throughout
// into one that matches the same on foldText's text without ignoring
// case: each literal code point becomes the least of its orbit, and a
// character class, which the parser has already closed under case
// folding, holds that least one already. It gives up (ok false) on a part
// that does not ignore case, like (?-i:Ab).
func foldExpr(expr string) (re *regexp.Regexp, boundary, ok bool) {
	tree, err := syntax.Parse(expr, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return nil, false, false
	}
	ok = true
	var walk func(t *syntax.Regexp)
	walk = func(t *syntax.Regexp) {
		switch t.Op {
		case syntax.OpLiteral:
			for i, r := range t.Rune {
				if t.Flags&syntax.FoldCase == 0 && unicode.SimpleFold(r) != r {
					ok = false // a cased letter to match as written
				}
				t.Rune[i] = foldMin(r)
			}
			t.Flags &^= syntax.FoldCase
		case syntax.OpCharClass:
			if t.Flags&syntax.FoldCase == 0 {
				ok = false
			}
			t.Flags &^= syntax.FoldCase
		case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			boundary = true
		}
		for _, sub := range t.Sub {
			walk(sub)
		}
	}
	walk(tree)
	if !ok {
		return nil, false, false
	}
	if re, err = regexp.Compile(tree.String()); err != nil {
		return nil, false, false
	}
	return re, boundary, true
}

// Compile turns the query into the matcher Search runs.
func (q SearchQuery) Compile() (*Matcher, error) {
	var expr string
	if q.Regex {
		if q.Text == "" {
			return nil, ErrEmptySearch
		}
		if _, err := regexp.Compile(q.Text); err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		expr = q.Text
		if !q.MatchCase {
			expr = "(?i)" + expr
		}
		if folded, boundary, ok := foldExpr(expr); ok && !q.MatchCase {
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, fmt.Errorf("search %q: %w", q.Text, err)
			}
			return &Matcher{re: re, folded: folded, boundary: boundary}, nil
		}
	} else {
		words := strings.Fields(q.Text)
		if len(words) == 0 {
			return nil, ErrEmptySearch
		}
		for i, w := range words {
			if !q.MatchCase { // run on the folded text, as a pattern that ignores case is
				w = strings.Map(foldMin, w)
			}
			words[i] = regexp.QuoteMeta(w)
		}
		expr = strings.Join(words, `\s+`)
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	m := &Matcher{re: re}
	if !q.Regex && !q.MatchCase {
		m.folded = re
	}
	return m, nil
}

// Search finds the query in each document, in the documents' order and
// then by position. Matches do not overlap; a pattern's empty matches are
// skipped (there is nothing to show or code).
func Search(docs []coding.Document, q SearchQuery) ([]Hit, error) {
	m, err := q.Compile()
	if err != nil {
		return nil, err
	}
	found := make([][]Hit, len(docs))
	m.FindEach(len(docs), func(i int) coding.Document { return docs[i] }, q.Context, func(i int, h []Hit) { found[i] = h })
	n := 0
	for _, h := range found {
		n += len(h)
	}
	hits := make([]Hit, 0, n)
	for _, h := range found {
		hits = append(hits, h...)
	}
	return hits, nil
}

// FindEach finds the matcher's query in n documents, doc(i) giving the
// i-th, on as many goroutines as there are processors (a regular
// expression over a long text is slow; documents are independent). found
// is called with each document's hits, from one goroutine at a time but
// not in order; doc may be called from several at once.
func (m *Matcher) FindEach(n int, doc func(i int) coding.Document, context int, found func(i int, hits []Hit)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			found(i, m.Find(doc(i), context))
		}
		return
	}
	var (
		next atomic.Int64
		mu   sync.Mutex
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				h := m.Find(doc(i), context)
				mu.Lock()
				found(i, h)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// Find finds the matcher's query in one document's text, with context
// characters each side of each hit. Positions are code points.
func (m *Matcher) Find(d coding.Document, context int) []Hit {
	text, haystack, re := d.Text, d.Text, m.re
	if m.folded != nil {
		if folded, risky := foldText(text); !risky || !m.boundary {
			haystack, re = folded, m.folded
		}
	}
	var hits []Hit
	hayByte, runePos := 0, 0 // a position in haystack, in bytes and in runes
	at := cursor{text: text} // the same position in text
	for _, x := range re.FindAllStringIndex(haystack, -1) {
		if x[0] == x[1] {
			continue
		}
		runePos += utf8.RuneCountInString(haystack[hayByte:x[0]])
		start, from := runePos, at.advance(runePos)
		runePos += utf8.RuneCountInString(haystack[x[0]:x[1]])
		hayByte = x[1]
		to := at.advance(runePos)
		hits = append(hits, Hit{
			Document: d.ID,
			Span:     coding.Span{Start: start, End: runePos},
			Text:     text[from:to],
			Before:   lastRunes(text[:from], context),
			After:    firstRunes(text[to:], context),
		})
	}
	return hits
}

// cursor walks forward through a text, from rune positions to byte offsets.
type cursor struct {
	text        string
	byte, runes int
}

// advance moves to rune position r (not before the current one) and
// returns its byte offset.
func (c *cursor) advance(r int) int {
	for ; c.runes < r && c.byte < len(c.text); c.runes++ {
		_, size := utf8.DecodeRuneInString(c.text[c.byte:])
		c.byte += size
	}
	return c.byte
}

// lastRunes is the last n runes of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// firstRunes is the first n runes of s.
func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
