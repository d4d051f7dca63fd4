package app

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// analyseWords is the Analyse tab's word frequencies.
const analyseWords = "Words"

// wordsOfAll is the words' source that means the documents' whole text
// (the other choices are the codes, by path).
const wordsOfAll = "All text"

// newWordChoices makes the word frequencies' choices: whose words (all text
// or a code's passages) and whether the stop words count.
func (av *analyseView) newWordChoices() {
	av.WordsOf = widget.NewSelect(nil, func(string) { av.start() })
	av.WordsOf.Selected = wordsOfAll
	av.AllWords = widget.NewCheck("Count common words (the, of, and…)", func(bool) { av.start() })
}

// updateWordChoices offers the codes applied to text, as they are now.
func (av *analyseView) updateWordChoices() {
	options := []string{wordsOfAll}
	cb := av.st.Codebook()
	av.wordCodes = map[string]string{}
	for _, c := range cb.Codes() {
		if !c.Codable { // a category is never applied to text
			continue
		}
		p := cb.Path(c.ID)
		av.wordCodes[p] = c.ID
		options = append(options, p)
	}
	av.WordsOf.Options = options
	if _, ok := av.wordCodes[av.WordsOf.Selected]; !ok {
		av.WordsOf.Selected = wordsOfAll // the code was deleted
	}
	av.WordsOf.Refresh()
}

// startWords counts the words in the background, run being the run it
// answers; Cancel stops reading documents.
func (av *analyseView) startWords(run int, f storage.Filter) {
	src := storage.WordSource{Documents: f.Documents}
	of := "the documents"
	if code, ok := av.wordCodes[av.WordsOf.Selected]; ok {
		src.Code, src.Coders = code, f.Coders
		of = "the passages coded " + av.WordsOf.Selected
	}
	opt := analysis.WordOptions{AllWords: av.AllWords.Checked}
	stop := &atomic.Bool{}
	av.stopWords = stop
	count := av.do.Words
	stopProgress := av.busyLater(run)
	av.spawn(func() {
		// Stopped early (ok false), the run was cancelled or superseded,
		// and finish drops it.
		words, _, err := count(src, opt, stop.Load)
		if err != nil {
			err = fmt.Errorf("word frequencies: %w", err)
		}
		av.deliver(func() { av.finish(run, stopProgress, err, func() { av.showWords(&words, of) }) })
	})
}

// showWords presents word frequencies: a row per word; selecting a word
// searches the project for it.
func (av *analyseView) showWords(f *analysis.WordFrequencies, of string) {
	g := analyseGrid{bar: 1, columns: []analyseColumn{
		{"Word", "Click a word to search the documents for it.", 180},
		{"Count", analysis.ExplainWordCount, 160},
		{"Documents", analysis.ExplainWordDocuments, 100},
	}}
	for _, r := range f.Rows {
		g.rows = append(g.rows, analyseRow{label: r.Word, word: true, cells: []analyseCell{
			{text: strconv.Itoa(r.Count), value: float64(r.Count)},
			{text: strconv.Itoa(r.Documents), value: float64(r.Documents)},
		}})
		g.max = max(g.max, float64(r.Count))
	}
	av.result, av.words, av.grid = nil, f, g
	if av.sortCol >= len(g.columns) {
		av.sortCol = -1
	}
	av.sortRows()
	for i, c := range g.columns {
		av.Table.SetColumnWidth(i, c.width)
	}
	what := fmt.Sprintf("Word frequencies of %s: %s, %s, in %s.", of, plural(f.Words, "word"), plural(len(f.Rows), "different word"),
		plural(f.Documents, "document"))
	av.Summary.SetText(what + " Select a word to search the documents for it; click a heading to sort.")
	explain := []string{analysis.ExplainWordCount, analysis.ExplainWordDocuments}
	if f.StopWords {
		explain = append(explain, analysis.ExplainStopWords)
	}
	av.Explain.SetText(strings.Join(append(explain, analysis.ExplainSegmenter(f.Segmenter)), " "))
	av.Table.UnselectAll()
	av.Table.Refresh()
	av.listed = nil
	av.Behind.SetText("Select a word to search the documents for it (in the Search tab).")
	av.Passages.Refresh()
}
