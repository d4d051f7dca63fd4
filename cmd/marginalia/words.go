package main

import (
	"fmt"

	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// wordJSON is one word of report --kind words.
type wordJSON struct {
	Word      string `json:"word"`
	Count     int    `json:"count"`
	Documents int    `json:"documents"`
}

// runWords is report --kind words: the word frequencies of the selected
// documents, or of a code's passages by the selected coders.
func runWords(c *call, p *storage.Project, filter storage.Filter, out string) error {
	top, err := intFlag(c, "top", 0)
	if err != nil {
		return err
	}
	if top < 0 || c.set("top") && top == 0 {
		return usagef("--top %d: give a number of words, 1 or more", top)
	}
	src := storage.WordSource{Documents: filter.Documents}
	codePath := c.str("code")
	if codePath == "" && c.set("coders") {
		return usagef("--coders: the documents' words are nobody's; give --code PATH to count the passages those coders coded")
	}
	if codePath != "" {
		cb, err := p.Codebook()
		if err != nil {
			return err
		}
		code, ok := cb.ByPath(codePath)
		if !ok {
			return fmt.Errorf("--code %s: no code of that path in %s", codePath, p.Path())
		}
		if !code.Codable {
			return fmt.Errorf("--code %s is a category, never applied to text: name one of its codes", codePath)
		}
		src.Code, src.Coders = code.ID, filter.Coders
	}
	f, _, err := p.WordFrequencies(src, analysis.WordOptions{AllWords: c.boolean("all-words")}, nil)
	if err != nil {
		return err
	}
	if top > 0 && len(f.Rows) > top {
		f.Rows = f.Rows[:top]
	}
	if out != "" {
		if err := storage.ExportTables(out, analysis.WordsTable, []analysis.Table{f.Table()}); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", out)
		return nil
	}
	if c.boolean("json") {
		rows := make([]wordJSON, len(f.Rows))
		for i, r := range f.Rows {
			rows[i] = wordJSON{Word: r.Word, Count: r.Count, Documents: r.Documents}
		}
		result := map[string]any{"rows": rows, "segmenter": f.Segmenter, "words": f.Words, "documents": f.Documents, "stop_words": f.StopWords}
		if codePath != "" {
			result["code"] = codePath
		}
		return writeJSON(c, result)
	}
	of := "the documents"
	if codePath != "" {
		of = "the passages coded " + codePath
	}
	fmt.Fprintf(c.stdout, "Word frequencies of %s: %s in %s\n\n", of, plural(f.Words, "word"), plural(f.Documents, "document"))
	return printTable(c, f.Table())
}
