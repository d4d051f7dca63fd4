package main

import (
	"flag"
	"fmt"
	"strings"
	"unicode"

	"desktop/marginalia/coding/analysis"
)

func searchCommand() command {
	return command{
		name:  "search",
		usage: "PROJECT \"WORDS\" [--regex] [--match-case] [--documents N1,N2] [--set NAME] [--case NAME] [--where ATTR=VALUE]... [--context N] [--json] [--code PATH --coder NAME]",
		summary: "find words, a phrase or (--regex) a pattern in every document (or a set), ignoring case unless --match-case; " +
			"prints each hit with its context; with --code and --coder, codes every hit as one undoable action",
		minArgs: 2, maxArgs: 2,
		flags: func(fs *flag.FlagSet) {
			listFlag(fs, "documents", "document names (default: all)")
			documentFilterFlags(fs)
			fs.Bool("regex", false, "the words are a regular expression (Go syntax)")
			fs.Bool("match-case", false, "match upper and lower case exactly")
			fs.Bool("ignore-case", false, "ignore case (the default; for scripts)")
			fs.String("context", "40", "characters of context shown each side of a hit")
			fs.Bool("json", false, "print JSON")
			fs.String("code", "", "code every hit with this code (path; created when new)")
			fs.String("coder", "", "with --code: the coder (created when new)")
		},
		run: runSearch,
	}
}

// hitJSON is one hit; positions are code points of the stored text.
type hitJSON struct {
	Document string `json:"document"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Before   string `json:"before"`
	After    string `json:"after"`
}

func runSearch(c *call) error {
	if c.boolean("match-case") && c.boolean("ignore-case") {
		return usagef("--match-case and --ignore-case: choose one")
	}
	if (c.str("code") == "") != (c.str("coder") == "") {
		return usagef("--code and --coder go together: give both to code every hit")
	}
	context, err := intFlag(c, "context", 40)
	if err != nil {
		return err
	}
	if context < 0 {
		return usagef("--context %d: give a number of characters, 0 or more", context)
	}
	q := analysis.SearchQuery{Text: c.args[1], Regex: c.boolean("regex"), MatchCase: c.boolean("match-case"), Context: context}
	if _, err := q.Compile(); err != nil {
		return usagef("%v", err)
	}
	p, err := c.openAs(c.args[0]) // codes as --coder: undo --coder takes it back
	if err != nil {
		return err
	}
	defer p.Close()
	docs, err := selectedDocuments(p, c)
	if err != nil {
		return err
	}
	ids := make([]string, len(docs))
	names := map[string]string{}
	for i, d := range docs {
		ids[i] = d.ID
		names[d.ID] = d.Name
	}
	var hits []analysis.Hit
	if len(ids) > 0 {
		if hits, _, err = p.Search(ids, q, nil); err != nil {
			return err
		}
	}
	coded := -1
	if code := c.str("code"); code != "" && len(hits) > 0 {
		if coded, err = p.CodeHits(fmt.Sprintf("Code %s", plural(len(hits), "hit")), c.str("coder"), code, hits); err != nil {
			return err
		}
	}
	if c.boolean("json") {
		out := []hitJSON{}
		for _, h := range hits {
			out = append(out, hitJSON{Document: names[h.Document], Start: h.Span.Start, End: h.Span.End, Text: h.Text, Before: h.Before, After: h.After})
		}
		result := map[string]any{"query": q.Text, "regex": q.Regex, "match_case": q.MatchCase, "hits": out}
		if coded >= 0 {
			result["coded"] = coded
		}
		return writeJSON(c, result)
	}
	in := map[string]bool{}
	for _, h := range hits {
		in[h.Document] = true
		fmt.Fprintf(c.stdout, "%s [%d,%d)  %s【%s】%s\n", names[h.Document], h.Span.Start, h.Span.End, oneLine(h.Before), oneLine(h.Text), oneLine(h.After))
	}
	fmt.Fprintf(c.stdout, "%s in %s of %s\n", plural(len(hits), "hit"), plural(len(in), "document"), plural(len(docs), "document"))
	if coded >= 0 {
		fmt.Fprintf(c.stdout, "coded %s with %s for %s (%s already coded; undo --coder %s, or Edit → Undo in the window, takes them all back)\n",
			plural(coded, "hit"), c.str("code"), c.str("coder"), plural(len(hits)-coded, "hit"), c.str("coder"))
	}
	return nil
}

// oneLine shows line breaks and tabs in a context as spaces, so that each
// hit prints on one line; positions are unaffected.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
}
