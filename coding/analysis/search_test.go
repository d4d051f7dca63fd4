package analysis

import (
	"errors"
	"math/rand"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

func TestSearch(t *testing.T) {
	docs := []coding.Document{
		{ID: "d1", Text: "Trust is built. Mutual trust\nbuilds TRUST; distrust too."},
		{ID: "d2", Text: "战略互信 🤝 互信不足，战略互信。"},
	}
	type want struct {
		doc                 string
		start, end          int
		text, before, after string
	}
	tests := []struct {
		name string
		q    SearchQuery
		want []want
	}{
		{"a word, any case, inside words too", SearchQuery{Text: "trust", Context: 3}, []want{
			{"d1", 0, 5, "Trust", "", " is"},
			{"d1", 23, 28, "trust", "al ", "\nbu"},
			{"d1", 36, 41, "TRUST", "ds ", "; d"},
			{"d1", 46, 51, "trust", "dis", " to"},
		}},
		{"match case", SearchQuery{Text: "TRUST", MatchCase: true}, []want{{"d1", 36, 41, "TRUST", "", ""}}},
		{"a phrase across a line break", SearchQuery{Text: "mutual  trust builds", Context: 2}, []want{
			{"d1", 16, 35, "Mutual trust\nbuilds", ". ", " T"},
		}},
		// Chinese as written, after an emoji (one character) and a space.
		{"Chinese and emoji", SearchQuery{Text: "互信", Context: 2}, []want{
			{"d2", 2, 4, "互信", "战略", " 🤝"},
			{"d2", 7, 9, "互信", "🤝 ", "不足"},
			{"d2", 14, 16, "互信", "战略", "。"},
		}},
		{"the emoji", SearchQuery{Text: "🤝", Context: 1}, []want{{"d2", 5, 6, "🤝", " ", " "}}},
		{"a regular expression", SearchQuery{Text: `dis?trust|战略\p{Han}+`, Regex: true}, []want{
			{"d1", 43, 51, "distrust", "", ""},
			{"d2", 0, 4, "战略互信", "", ""},
			{"d2", 12, 16, "战略互信", "", ""},
		}},
		{"empty matches are skipped", SearchQuery{Text: `x*`, Regex: true}, nil},
		{"nothing found", SearchQuery{Text: "sovereignty"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := Search(docs, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != len(tt.want) {
				t.Fatalf("%d hits %+v, want %d", len(hits), hits, len(tt.want))
			}
			for i, w := range tt.want {
				h := hits[i]
				got := want{h.Document, h.Span.Start, h.Span.End, h.Text, h.Before, h.After}
				if got != w {
					t.Errorf("hit %d = %+v, want %+v", i, got, w)
				}
			}
		})
	}
}

func TestSearchRefuses(t *testing.T) {
	for _, q := range []SearchQuery{{Text: "  \n"}, {Text: "", Regex: true}} {
		if _, err := Search(nil, q); !errors.Is(err, ErrEmptySearch) {
			t.Errorf("%+v: err %v, want ErrEmptySearch", q, err)
		}
	}
	if _, err := Search(nil, SearchQuery{Text: "(unclosed", Regex: true}); err == nil || !strings.Contains(err.Error(), "missing closing )") {
		t.Errorf("a bad pattern: err %v", err)
	}
	// Not a pattern without Regex: the parenthesis is searched as written.
	hits, err := Search([]coding.Document{{ID: "d", Text: "a (unclosed b"}}, SearchQuery{Text: "(unclosed"})
	if err != nil || len(hits) != 1 || hits[0].Span != (coding.Span{Start: 2, End: 11}) {
		t.Errorf("literal: %+v, %v", hits, err)
	}
}

// TestSearchPositions checks, on random text of mixed scripts, that every
// hit's text, context and span agree with the text cut at code points, and
// that a search finds what a rune-by-rune scan finds.
func TestSearchPositions(t *testing.T) {
	alphabet := []rune("aAbB 互信😀\n")
	r := rand.New(rand.NewSource(12))
	for range 200 {
		text := make([]rune, r.Intn(60))
		for i := range text {
			text[i] = alphabet[r.Intn(len(alphabet))]
		}
		d := coding.Document{ID: "d", Text: string(text)}
		for _, q := range []string{"a", "ab", "互信", "😀a", "b互"} {
			hits, err := Search([]coding.Document{d}, SearchQuery{Text: q, Context: 4})
			if err != nil {
				t.Fatal(err)
			}
			// The reference: lower-case both, scan rune by rune.
			lt, lq := []rune(strings.ToLower(d.Text)), []rune(strings.ToLower(q))
			var ref []coding.Span
			for i := 0; i+len(lq) <= len(lt); i++ {
				if string(lt[i:i+len(lq)]) == string(lq) {
					ref = append(ref, coding.Span{Start: i, End: i + len(lq)})
					i += len(lq) - 1
				}
			}
			if len(hits) != len(ref) {
				t.Fatalf("%q in %q: %d hits, want %d", q, d.Text, len(hits), len(ref))
			}
			for i, h := range hits {
				s := h.Span
				if s != ref[i] || h.Text != coding.Slice(d.Text, s) ||
					h.Before != coding.Slice(d.Text, coding.Span{Start: max(0, s.Start-4), End: s.Start}) ||
					h.After != coding.Slice(d.Text, coding.Span{Start: s.End, End: min(len(text), s.End+4)}) {
					t.Fatalf("%q in %q: hit %+v, want span %v", q, d.Text, h, ref[i])
				}
			}
		}
	}
}

// BenchmarkSearch searches 1,000 documents of 20,000 characters (English
// with some Chinese) for a word and for a regular expression.
func BenchmarkSearch(b *testing.B) {
	words := strings.Fields("trust norms 互信 cooperation the of and conflict sovereignty mutual 战略 to in a")
	r := rand.New(rand.NewSource(1))
	docs := make([]coding.Document, 1000)
	for i := range docs {
		var sb strings.Builder
		for n := 0; n < 20000; {
			w := words[r.Intn(len(words))]
			sb.WriteString(w + " ")
			n += len([]rune(w)) + 1
		}
		docs[i] = coding.Document{ID: "d", Text: string([]rune(sb.String())[:20000])}
	}
	for _, q := range []SearchQuery{{Text: "mutual trust", Context: 40}, {Text: `sovereign\w*|战略互信`, Regex: true, Context: 40}, {Text: `sovereign\w*`, Regex: true, Context: 40}} {
		b.Run(q.Text, func(b *testing.B) {
			for b.Loop() {
				if _, err := Search(docs, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSearchInParallelKeepsOrder: the documents are searched on several
// goroutines, and the hits come out as one document after another would
// give them.
func TestSearchInParallelKeepsOrder(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	words := strings.Fields("Trust 互信 sovereignty the 战略互信 SOVEREIGN 😀")
	docs := make([]coding.Document, 60)
	for i := range docs {
		var sb strings.Builder
		for range r.Intn(200) {
			sb.WriteString(words[r.Intn(len(words))] + " ")
		}
		docs[i] = coding.Document{ID: strconv.Itoa(i), Text: sb.String()}
	}
	for _, q := range []SearchQuery{{Text: "trust", Context: 5}, {Text: `sovereign\w*|战略互信`, Regex: true, Context: 3}} {
		m, err := q.Compile()
		if err != nil {
			t.Fatal(err)
		}
		var want []Hit
		for _, d := range docs {
			want = append(want, m.Find(d, q.Context)...)
		}
		got, err := Search(docs, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("%q: %d hits in parallel, %d one by one, or in another order", q.Text, len(got), len(want))
		}
	}
}

// TestFoldedRegexMatchesLikeIgnoringCase: a regular expression that
// ignores case is run, for speed, rewritten on the case-folded text; on
// random texts full of letters whose case folds oddly (ſ, the Kelvin sign,
// final sigma, dotted İ) it finds exactly what Go's (?i) finds.
func TestFoldedRegexMatchesLikeIgnoringCase(t *testing.T) {
	alphabet := []rune("aAsSſkKKσΣςİiıIθϑΘµμΜ互信😀 \n_.-1é\u00c9ǅǆǄ")
	patterns := []string{`s`, `ſ`, `K`, `sovereign\w*|战略互信`, `\bk\w*`, `\Bs`, `[a-k]+`, `[^s\s]+`, `[[:upper:]]s`, `\pL\PL`, `(?-i:S)k`,
		`ΣΙ`, `ς`, `i+`, `İ`, `µ.`, `(k|s)\1?`, `^s|s$`, `(?m)^k`, `θ{2,}`, `é`, `ǅ`, `\S+`, `[\p{Lu}]+`, `(?s).k`, `a*`}
	r := rand.New(rand.NewSource(3))
	for _, p := range patterns {
		if _, err := regexp.Compile(p); err != nil {
			continue // a backreference: not Go syntax, the search refuses it
		}
		q := SearchQuery{Text: p, Regex: true, Context: 2}
		m, err := q.Compile()
		if err != nil {
			t.Fatal(err)
		}
		slow := regexp.MustCompile("(?i)" + p)
		for range 300 {
			rs := make([]rune, r.Intn(30))
			for i := range rs {
				rs[i] = alphabet[r.Intn(len(alphabet))]
			}
			text := string(rs)
			var want []coding.Span
			for _, x := range slow.FindAllStringIndex(text, -1) {
				if x[0] < x[1] {
					want = append(want, coding.Span{Start: utf8.RuneCountInString(text[:x[0]]), End: utf8.RuneCountInString(text[:x[1]])})
				}
			}
			var got []coding.Span
			for _, h := range m.Find(coding.Document{Text: text}, 2) {
				got = append(got, h.Span)
				if h.Text != coding.Slice(text, h.Span) {
					t.Fatalf("%q in %q: hit text %q at %v", p, text, h.Text, h.Span)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q in %q: %v, (?i) finds %v (folded %v)", p, text, got, want, m.folded != nil)
			}
		}
	}
	for _, p := range []string{`s`, `sovereign\w*|战略互信`, `\bk\w*`, `[^s\s]+`, `\pL\PL`} {
		if m, _ := (SearchQuery{Text: p, Regex: true}).Compile(); m.folded == nil {
			t.Errorf("%q is not run on the folded text", p)
		}
	}
	if m, _ := (SearchQuery{Text: `(?-i:S)k`, Regex: true}).Compile(); m.folded != nil {
		t.Error("(?-i:S) is run on the folded text")
	}
}

// TestSearchWordsFoldCase: words and phrases ignore case by Unicode simple
// case folding, each code point matched to one, so positions stay exact.
func TestSearchWordsFoldCase(t *testing.T) {
	for _, tc := range []struct {
		query, text string
		want        [][2]int // spans in code points
	}{
		// Final sigma, σ and Σ are one letter; lower-casing alone misses ς.
		{"ΟΔΟΣ", "Η οδος, η ΟΔΟΣ και η οδοσ.", [][2]int{{2, 6}, {10, 14}, {21, 25}}},
		{"οδος", "ΟΔΟΣ", [][2]int{{0, 4}}},
		// ß and capital ẞ fold together; "ss" is two letters, not ß.
		{"STRAẞE", "😀 Straße, STRASSE", [][2]int{{2, 8}}},
		{"strasse", "Straße, STRASSE", [][2]int{{8, 15}}},
		// The Turkish dotted İ and dotless ı match only themselves.
		{"İstanbul", "İSTANBUL istanbul Istanbul", [][2]int{{0, 8}}},
		{"ıi", "ıI ıi II ii", [][2]int{{0, 2}, {3, 5}}},
		// ſ (long s) and the Kelvin sign fold with s and k.
		{"kiss", "\u212Aiſs and KISS", [][2]int{{0, 4}, {9, 13}}},
		// A phrase across a line break, after Chinese and an emoji.
		{"mutual TRUST", "互信🤝 Mutual\ntrust", [][2]int{{4, 16}}},
	} {
		hits, err := Search([]coding.Document{{ID: "d", Text: tc.text}}, SearchQuery{Text: tc.query, Context: 3})
		if err != nil {
			t.Fatal(err)
		}
		var got [][2]int
		for _, h := range hits {
			got = append(got, [2]int{h.Span.Start, h.Span.End})
			if h.Text != coding.Slice(tc.text, h.Span) || h.Before != coding.Slice(tc.text, coding.Span{Start: h.Span.Start - 3, End: h.Span.Start}) {
				t.Errorf("%q in %q: hit %+v does not show the stored text", tc.query, tc.text, h)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q in %q: %v, want %v", tc.query, tc.text, got, tc.want)
		}
		// The same as a pattern that ignores case, as Go's regexp has it.
		re, _ := Search([]coding.Document{{ID: "d", Text: tc.text}}, SearchQuery{Text: regexp.QuoteMeta(tc.query), Regex: true})
		if !strings.Contains(tc.query, " ") && len(re) != len(hits) {
			t.Errorf("%q in %q: %d hits as words, %d as a pattern", tc.query, tc.text, len(hits), len(re))
		}
		// Matching case finds only what is written so.
		exact, _ := Search([]coding.Document{{ID: "d", Text: tc.text}}, SearchQuery{Text: tc.query, MatchCase: true})
		if want := strings.Count(tc.text, tc.query); len(exact) != want {
			t.Errorf("%q in %q, matching case: %d hits, want %d", tc.query, tc.text, len(exact), want)
		}
	}
}
