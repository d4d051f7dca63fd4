package analysis

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
)

// Segmenter splits a run of Chinese characters (Han, with no other letter
// between them) into words. WordOptions.Segmenter takes one; the default,
// Characters, makes each character a word.
type Segmenter interface {
	// Name names the segmenter in the output ("characters").
	Name() string
	// Segment splits the run; the pieces, in order, make up the run.
	Segment(han string) []string
}

// characters is the Segmenter that makes each Han character a word.
type characters struct{}

func (characters) Name() string { return "characters" }

func (characters) Segment(han string) []string {
	out := make([]string, 0, len(han)/3)
	for i, r := range han {
		out = append(out, han[i:i+utf8.RuneLen(r)])
	}
	return out
}

// Characters is the segmenter Marginalia uses for Chinese: each Han
// character is a word. No maintained Go segmenter was light enough to
// ship (see the README), so 战略互信 counts as 战, 略, 互 and 信.
var Characters Segmenter = characters{}

// StopWords is the English stop list: words too common to say anything
// about a text, left out of word frequencies unless WordOptions.AllWords.
// They are compared case-folded, and ’ counts as '.
var StopWords = []string{
	"a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "been", "before", "being", "between", "both", "but", "by",
	"can", "could", "did", "do", "does", "during", "each", "for", "from",
	"had", "has", "have", "he", "her", "here", "hers", "him", "his", "how",
	"i", "if", "in", "into", "is", "it", "it's", "its", "itself",
	"just", "may", "me", "might", "more", "most", "much", "must", "my",
	"no", "nor", "not", "of", "on", "one", "only", "or", "other", "our", "ours", "out", "over",
	"own", "s", "same", "she", "should", "so", "some", "such",
	"than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up", "upon",
	"very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
	"why", "will", "with", "would", "you", "your", "yours",
}

// WordOptions says how word frequencies are counted.
type WordOptions struct {
	// AllWords counts the stop words (StopWords) too.
	AllWords bool
	// Segmenter splits Chinese; nil: Characters.
	Segmenter Segmenter
}

// WordCount is one word's figures: how often it occurs, in how many of the
// texts counted (documents, or a document's passages of a code).
type WordCount struct {
	// Word is the word as most often written in lower case, or, if it is
	// never written so, as most often written.
	Word      string
	Count     int
	Documents int
}

// WordFrequencies is what a WordCounter counted: a row per word, the most
// frequent first (then the one in more documents, then alphabetically).
type WordFrequencies struct {
	Rows []WordCount
	// Segmenter names how Chinese was split ("characters").
	Segmenter string
	// Words is how many words were counted (stop words not included
	// unless AllWords), Documents how many texts.
	Words, Documents int
	// StopWords: the stop list was applied.
	StopWords bool
}

// wordTally is a word's figures while counting; lastDoc is the last
// document it was seen in, so that each document is counted once.
type wordTally struct {
	count, docs, lastDoc int
}

// WordCounter counts the words of texts, one document at a time: Add, or
// AddEach for many on every processor, then Result. Its methods are not
// safe for concurrent use.
//
// A word is a run of letters, digits and combining marks; an apostrophe (' or
// ’) between two letters belongs to it ("don't", "China’s"); anything else
// (spaces, punctuation, symbols, emoji) separates words, a hyphen too
// ("cyber-attack" is "cyber" and "attack"), and a period, except in
// abbreviations of single letters ("U.S.", "e.g."), which are one word with
// their last period. A run of Chinese characters
// is split by the Segmenter. Words are compared after Unicode case folding
// (golang.org/x/text/cases.Fold: "Trust" and "TRUST" are one word, and so are
// "STRASSE" and "straße", and "ΟΔΟΣ" and "οδος"), ’ being taken as '.
type WordCounter struct {
	opt       WordOptions
	seg       Segmenter
	stop      map[string]bool
	fold      cases.Caser
	keys      map[string]string // spelling → folded key; "" for a stop word
	tally     map[string]*wordTally
	spellings map[string]int // how often each spelling was counted
	words     int
	docs      int
}

// NewWordCounter starts counting.
func NewWordCounter(opt WordOptions) *WordCounter {
	c := &WordCounter{opt: opt, seg: opt.Segmenter, fold: cases.Fold(), keys: map[string]string{},
		tally: map[string]*wordTally{}, spellings: map[string]int{}}
	if c.seg == nil {
		c.seg = Characters
	}
	if !opt.AllWords {
		c.stop = map[string]bool{}
		for _, w := range StopWords {
			c.stop[c.key(w)] = true
		}
	}
	return c
}

// key is a spelling's folded form.
func (c *WordCounter) key(spelling string) string {
	ascii := true
	for i := 0; i < len(spelling); i++ {
		if spelling[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(spelling)
	}
	return strings.ReplaceAll(c.fold.String(spelling), "’", "'")
}

// Add counts one document: its text, or the passages of it to count (a
// word cut by a passage's end is counted as far as the passage goes).
func (c *WordCounter) Add(texts ...string) { c.merge(tokenize(texts, c.seg)) }

// AddEach counts n documents, texts(i) giving the i-th one's texts, on as
// many goroutines as there are processors; texts may be called from
// several at once. stop, when not nil and true, ends the counting early
// (documents not yet begun are skipped); AddEach reports whether it
// counted every document.
func (c *WordCounter) AddEach(n int, texts func(i int) []string, stop func() bool) bool {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		next    atomic.Int64
		mu      sync.Mutex
		wg      sync.WaitGroup
		stopped atomic.Bool
	)
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if stop != nil && stop() {
					stopped.Store(true)
					return
				}
				counts := tokenize(texts(i), c.seg)
				mu.Lock()
				c.merge(counts)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return !stopped.Load()
}

// merge adds one document's spellings and their counts.
func (c *WordCounter) merge(counts map[string]int) {
	c.docs++
	for spelling, n := range counts {
		key, ok := c.keys[spelling]
		if !ok {
			spelling = strings.Clone(spelling) // not the document's whole text
			key = c.key(spelling)
			if c.stop[key] {
				key = ""
			}
			c.keys[spelling] = key
		}
		if key == "" {
			continue
		}
		t := c.tally[key]
		if t == nil {
			t = &wordTally{}
			c.tally[key] = t
		}
		t.count += n
		if t.lastDoc != c.docs {
			t.lastDoc = c.docs
			t.docs++
		}
		c.spellings[spelling] += n
		c.words += n
	}
}

// Result is the words counted so far, the most frequent first.
func (c *WordCounter) Result() WordFrequencies {
	type shown struct {
		spelling string
		n        int
		lower    bool
	}
	best := map[string]shown{}
	for spelling, n := range c.spellings {
		key := c.keys[spelling]
		s := shown{spelling, n, strings.ToLower(spelling) == spelling}
		b, ok := best[key]
		if !ok || s.lower && !b.lower || s.lower == b.lower && (s.n > b.n || s.n == b.n && s.spelling < b.spelling) {
			best[key] = s
		}
	}
	f := WordFrequencies{Segmenter: c.seg.Name(), Words: c.words, Documents: c.docs, StopWords: !c.opt.AllWords, Rows: make([]WordCount, 0, len(c.tally))}
	for key, t := range c.tally {
		f.Rows = append(f.Rows, WordCount{Word: best[key].spelling, Count: t.count, Documents: t.docs})
	}
	slices.SortFunc(f.Rows, func(a, b WordCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.Documents, a.Documents), strings.Compare(a.Word, b.Word))
	})
	return f
}

// CountWords counts the words of documents, each given as its texts.
func CountWords(docs [][]string, opt WordOptions) WordFrequencies {
	c := NewWordCounter(opt)
	c.AddEach(len(docs), func(i int) []string { return docs[i] }, nil)
	return c.Result()
}

// isWordRune says whether r belongs in a word (Han aside).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// tokenize counts the spellings of the words of one document's texts. The
// keys are slices of the texts.
func tokenize(texts []string, seg Segmenter) map[string]int {
	counts := map[string]int{}
	for _, s := range texts {
		start := -1 // where the word being read began, or -1
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf { // ASCII
				switch {
				case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
					if start < 0 {
						start = i
					}
				case c == '\'' && start >= 0 && letterAt(s, i+1):
				case c == '.' && start >= 0 && abbreviation(s[start:i]):
					if i+2 < len(s) && isASCIILetter(s[i+1]) && s[i+2] == '.' {
						break // U.S.: on to the S
					}
					if i-start >= 3 { // the last period of U.S.
						counts[s[start:i+1]]++
						start = -1
						break
					}
					counts[s[start:i]]++
					start = -1
				default:
					if start >= 0 {
						counts[s[start:i]]++
						start = -1
					}
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.Is(unicode.Han, r):
				if start >= 0 {
					counts[s[start:i]]++
					start = -1
				}
				j := i + size
				for j < len(s) {
					r, n := utf8.DecodeRuneInString(s[j:])
					if !unicode.Is(unicode.Han, r) {
						break
					}
					j += n
				}
				for _, w := range seg.Segment(s[i:j]) {
					counts[w]++
				}
				i = j
				continue
			case isWordRune(r):
				if start < 0 {
					start = i
				}
			case r == '’' && start >= 0 && letterAt(s, i+size):
			default:
				if start >= 0 {
					counts[s[start:i]]++
					start = -1
				}
			}
			i += size
		}
		if start >= 0 {
			counts[s[start:]]++
		}
	}
	return counts
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// abbreviation says whether w is single ASCII letters joined by periods,
// as the start of "U.S." or "e.g." is: "U", "U.S".
func abbreviation(w string) bool {
	if len(w)%2 == 0 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if i%2 == 0 && !isASCIILetter(w[i]) || i%2 == 1 && w[i] != '.' {
			return false
		}
	}
	return true
}

// letterAt says whether s has a letter (not Han) at byte offset i.
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
}

// WordsTable is the name of the word frequencies' table.
const WordsTable = "Word frequencies"

// Explanations of the word frequencies' figures.
const (
	ExplainWordCount     = "Count: how many times the word occurs; upper and lower case are one word (Unicode case folding)."
	ExplainWordDocuments = "Documents: in how many of the documents counted the word occurs at least once."
	ExplainStopWords     = "Common English words (the, of, and, …: the stop list) are left out."
)

// ExplainSegmenter says how Chinese was split into words by the segmenter
// named.
func ExplainSegmenter(name string) string {
	if name == Characters.Name() {
		return "Chinese is counted character by character (segmenter: characters): no word segmenter is built in."
	}
	return "Chinese is split into words by the segmenter " + name + "."
}

// Table presents the word frequencies: a row per word.
func (f WordFrequencies) Table() Table {
	t := Table{Name: WordsTable, Chart: -1, Columns: []Column{{"Word", TextColumn}, {"Count", IntColumn}, {"Documents", IntColumn}},
		Notes: []string{ExplainWordCount, ExplainWordDocuments}}
	if f.StopWords {
		t.Notes = append(t.Notes, ExplainStopWords)
	}
	t.Notes = append(t.Notes, ExplainSegmenter(f.Segmenter))
	for _, r := range f.Rows {
		t.Rows = append(t.Rows, []any{r.Word, r.Count, r.Documents})
	}
	t.Footer = [][]any{{"(all words)", f.Words, f.Documents}}
	return t
}
