package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

func analyseCommand() command {
	return command{
		name:    "analyse",
		usage:   "PROJECT frequencies|matrix|cooccurrence|crosstab|codebook|words|summary [--coders A,B] [--documents N1,N2] [--set NAME] [--case NAME] [--where ATTR=VALUE]... [--within N | --paragraph] [--by ATTR | --by-sets] [--examples N] [--code PATH] [--all-words] [--top N] [--json] [--out FILE.xlsx|.csv|.html|.docx|.json]",
		summary: "analyse what was coded: code frequencies, the code matrix (codes × documents), code co-occurrence with the c-coefficient, a crosstab of codes by an attribute's values or by sets, the codebook report (each code's colour, key, description and counts per coder), word frequencies of the documents or of a code's passages, or the project summary (documents, coders, codes, agreement per pair of coders); the same as report",
		minArgs: 2, maxArgs: 2,
		flags: analyseFlags,
		run:   runAnalyse,
	}
}

// reportCommand is analyse with the analysis named by --kind (issue 12's
// documented form); one implementation serves both.
func reportCommand() command {
	return command{
		name:    "report",
		usage:   "PROJECT --kind frequencies|matrix|cooccurrence|crosstab|codebook|words|summary [--coders A,B] [--documents N1,N2] [--set NAME] [--case NAME] [--where ATTR=VALUE]... [--within N | --paragraph] [--by ATTR | --by-sets] [--examples N] [--code PATH] [--all-words] [--top N] [--json] [-o FILE.xlsx|.csv|.html|.docx|.json]",
		summary: "the same as analyse, the analysis named with --kind: frequencies, matrix, cooccurrence, crosstab, codebook, words or summary; -o writes it to .xlsx or .csv (the codebook also to a self-contained .html page or a .docx document with example passages; the summary to .html or .json)",
		minArgs: 1, maxArgs: 1,
		flags: analyseFlags,
		run:   runAnalyse,
	}
}

func analyseFlags(fs *flag.FlagSet) {
	selectionFlags(fs)
	fs.String("kind", "", "the analysis: frequencies, matrix, cooccurrence, crosstab, codebook, words or summary (for analyse, also its second argument)")
	fs.String("within", "", "co-occurrence: codings at most N characters apart go together (default: overlapping by at least one character)")
	fs.Bool("paragraph", false, "co-occurrence: codings touching the same paragraph (blank-line separated) go together")
	fs.String("by", "", "crosstab: the attribute whose values are the columns")
	fs.Bool("by-sets", false, "crosstab: the project's sets and saved filters are the columns")
	fs.String("examples", "", "codebook written to .html or .docx: the most example passages per code (default 3)")
	fs.String("code", "", "words: count the words of this code's passages (by path; of --coders), not of the whole documents")
	fs.Bool("all-words", false, "words: count the English stop words (the, of, and, …) too")
	fs.String("top", "", "words: only the N most frequent words")
	fs.Bool("json", false, "print JSON")
	fs.String("out", "", "write the analysis to an .xlsx workbook or a .csv file (the codebook also to an .html page or a .docx document; the summary to .html or .json)")
	fs.String("o", "", "the same as --out")
}

// kinds are the analyses report --kind names; analysisKinds words them
// for messages.
var (
	kinds         = []string{"frequencies", "matrix", "cooccurrence", "crosstab", "codebook", "words", "summary"}
	analysisKinds = strings.Join(kinds[:len(kinds)-1], ", ") + " or " + kinds[len(kinds)-1]
)

// analyseKind is the analysis asked for: analyse's second argument or
// --kind (both may be given when they agree).
func analyseKind(c *call) (string, error) {
	kind := c.str("kind")
	if len(c.args) > 1 {
		if kind != "" && kind != c.args[1] {
			return "", usagef("%q and --kind %q: name one analysis", c.args[1], kind)
		}
		kind = c.args[1]
	}
	if kind == "" {
		return "", usagef("--kind: give %s", analysisKinds)
	}
	if !slices.Contains(kinds, kind) {
		return "", usagef("%q: analyse %s", kind, analysisKinds)
	}
	return kind, nil
}

// analyseOut is the file to write, from --out or -o.
func analyseOut(c *call) (string, error) {
	out, o := c.str("out"), c.str("o")
	if out != "" && o != "" && out != o {
		return "", usagef("--out %s and -o %s: give one file", out, o)
	}
	if out == "" {
		out = o
	}
	return out, nil
}

type frequencyJSON struct {
	Code       string                    `json:"code"`
	Codings    int                       `json:"codings"`
	Documents  int                       `json:"documents"`
	Characters int                       `json:"characters"`
	ByCoder    map[string]int            `json:"by_coder"` // codings per coder
	Coders     map[string]analysis.Count `json:"coders"`   // every figure per coder
}

type matrixCellJSON struct {
	Document   string `json:"document"`
	Codings    int    `json:"codings"`
	Characters int    `json:"characters"`
}

type matrixRowJSON struct {
	Code  string           `json:"code"`
	Cells []matrixCellJSON `json:"cells"`
}

type cellJSON struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Pairs      int     `json:"pairs"`
	Documents  int     `json:"documents"`
	Characters int     `json:"characters"`
	C          float64 `json:"c"`
	Capped     bool    `json:"capped"`
	CodingsA   int     `json:"codings_a"`
	CodingsB   int     `json:"codings_b"`
}

// codebookRowJSON is a code of the codebook report.
type codebookRowJSON struct {
	Code        string                    `json:"code"`
	Color       string                    `json:"color"`
	Key         int                       `json:"key,omitempty"`
	Codable     bool                      `json:"codable"`
	Description coding.Description        `json:"description"`
	Codings     int                       `json:"codings"`
	Documents   int                       `json:"documents"`
	Characters  int                       `json:"characters"`
	ByCoder     map[string]int            `json:"by_coder"`
	Coders      map[string]analysis.Count `json:"coders"`
}

// crosstabRowJSON is a code's row of a crosstab: a cell per value (or
// set), and its codings and documents in all the analysed documents.
type crosstabRowJSON struct {
	Code      string                           `json:"code"`
	Cells     map[string]analysis.CrosstabCell `json:"cells"`
	Codings   int                              `json:"codings"`
	Documents int                              `json:"documents"`
}

// crosstabTotalJSON is a crosstab column's codings of any code and its
// documents, coded or not.
type crosstabTotalJSON struct {
	Codings   int `json:"codings"`
	Documents int `json:"documents"`
}

func runAnalyse(c *call) error {
	kind, err := analyseKind(c)
	if err != nil {
		return err
	}
	if kind == "summary" {
		return runSummary(c)
	}
	switch by, bySets := c.str("by"), c.boolean("by-sets"); {
	case kind == "crosstab" && by == "" && !bySets:
		return usagef("crosstab: give --by ATTRIBUTE or --by-sets")
	case by != "" && bySets:
		return usagef("--by and --by-sets: choose one")
	case kind != "crosstab" && (by != "" || bySets):
		return usagef("--by and --by-sets are for crosstab")
	}
	var prox analysis.Proximity
	if c.set("within") {
		n, err := intFlag(c, "within", 0)
		if err != nil {
			return err
		}
		if n < 0 {
			return usagef("--within %d: give a number of characters, 0 or more", n)
		}
		prox = analysis.Proximity{Kind: analysis.Within, N: n}
	}
	if c.boolean("paragraph") {
		if c.set("within") {
			return usagef("--within and --paragraph: choose one")
		}
		prox = analysis.Proximity{Kind: analysis.Paragraph}
	}
	if (c.set("within") || c.boolean("paragraph")) && kind != "cooccurrence" {
		return usagef("--within and --paragraph are for cooccurrence")
	}
	if kind != "words" && (c.set("code") || c.set("all-words") || c.set("top")) {
		return usagef("--code, --all-words and --top are for words")
	}
	out, err := analyseOut(c)
	if err != nil {
		return err
	}
	html := false // the codebook report as a document: .html or .docx
	if out != "" {
		ext := strings.ToLower(out[strings.LastIndexByte(out, '.')+1:])
		html = strings.Contains(out, ".") && (ext == "html" || ext == "htm" || ext == "docx")
		switch {
		case html && kind != "codebook":
			return usagef("--out %s: only the codebook report is written as HTML or .docx; write an .xlsx or a .csv file", out)
		case !html && (!strings.Contains(out, ".") || ext != "xlsx" && ext != "csv"):
			return usagef("--out %s: write an .xlsx or a .csv file (the codebook also .html or .docx)", out)
		}
	}
	examples := 3
	if c.set("examples") {
		if !html {
			return usagef("--examples is for the codebook written to .html or .docx")
		}
		if examples, err = intFlag(c, "examples", 3); err != nil {
			return err
		}
		if examples < 0 {
			return usagef("--examples %d: give a number of passages, 0 or more", examples)
		}
	}
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	filter, err := resolveSelection(p, c)
	if err != nil {
		return err
	}
	if kind == "words" {
		return runWords(c, p, filter, out)
	}
	a, err := p.Analyse(filter, prox)
	if err != nil {
		return err
	}
	names := a.Names()
	var tables, shown []analysis.Table // shown: printed instead of tables[0]
	var result any
	var heading string
	switch kind {
	case "frequencies":
		f := a.Frequencies()
		tables = []analysis.Table{f.Table(names)}
		heading = "Code frequencies"
		rows := []frequencyJSON{}
		for _, r := range append(f.Rows, f.Total) {
			fr := frequencyJSON{Code: names.Code(r.Code), Codings: r.Codings, Documents: r.Documents, Characters: r.Characters,
				ByCoder: map[string]int{}, Coders: map[string]analysis.Count{}}
			if r.Code == "" {
				fr.Code = "(any code)"
			}
			for i, coder := range f.Coders {
				fr.ByCoder[names.Coder(coder)] = r.ByCoder[i].Codings
				fr.Coders[names.Coder(coder)] = r.ByCoder[i]
			}
			rows = append(rows, fr)
		}
		result = map[string]any{"coders": coderNames(a), "documents": documentNames(a), "rows": rows[:len(rows)-1], "total": rows[len(rows)-1]}
	case "matrix":
		m := a.Matrix()
		tables = []analysis.Table{m.Table(names)}
		heading = "Code matrix: codings per code and document"
		rows := []matrixRowJSON{}
		for i, code := range m.Codes {
			row := matrixRowJSON{Code: names.Code(code), Cells: []matrixCellJSON{}}
			for j, d := range m.Documents {
				row.Cells = append(row.Cells, matrixCellJSON{Document: names.Document(d), Codings: m.Cells[i][j].Codings, Characters: m.Cells[i][j].Characters})
			}
			rows = append(rows, row)
		}
		result = map[string]any{"coders": coderNames(a), "documents": documentNames(a), "rows": rows}
	case "cooccurrence":
		co := a.Cooccurrence()
		tables = []analysis.Table{co.Table(names), co.Grid(names)}
		heading = "Code co-occurrence (" + co.Proximity.String() + ")"
		at := map[string]int{}
		for i, code := range co.Codes {
			at[code] = i
		}
		cells := []cellJSON{}
		for _, x := range co.Cells {
			cells = append(cells, cellJSON{A: names.Code(x.A), B: names.Code(x.B), Pairs: x.Pairs, Documents: x.Documents, Characters: x.Characters,
				C: x.C, Capped: x.Capped, CodingsA: co.Codings[at[x.A]], CodingsB: co.Codings[at[x.B]]})
		}
		result = map[string]any{"coders": coderNames(a), "documents": documentNames(a), "proximity": co.Proximity.String(), "cells": cells}
	case "codebook":
		f := a.Frequencies()
		tables = []analysis.Table{analysis.CodebookReport(a.Codebook, f, names)}
		heading = "Codebook"
		rows := []codebookRowJSON{}
		for _, r := range f.Rows {
			code, _ := a.Codebook.Code(r.Code)
			row := codebookRowJSON{Code: names.Code(r.Code), Color: code.Color, Key: code.Key, Codable: code.Codable, Description: code.Description,
				Codings: r.Codings, Documents: r.Documents, Characters: r.Characters, ByCoder: map[string]int{}, Coders: map[string]analysis.Count{}}
			for i, coder := range f.Coders {
				row.ByCoder[names.Coder(coder)] = r.ByCoder[i].Codings
				row.Coders[names.Coder(coder)] = r.ByCoder[i]
			}
			rows = append(rows, row)
		}
		result = map[string]any{"coders": coderNames(a), "documents": documentNames(a), "codes": rows}
	case "crosstab":
		by := c.str("by")
		if c.boolean("by-sets") {
			by = "sets"
		}
		groups, err := a.Groups(c.str("by"), c.boolean("by-sets"))
		if err != nil {
			return err
		}
		x := a.Crosstab(groups)
		tables = []analysis.Table{x.Table(names, by)}
		shown = []analysis.Table{x.Compact(names, by, false), x.Compact(names, by, true)}
		heading = "Crosstab of codes by " + by
		values := []string{}
		columns := map[string]crosstabTotalJSON{}
		for j, g := range x.Groups {
			values = append(values, g.Name)
			columns[g.Name] = crosstabTotalJSON{Codings: x.Columns[j].Codings, Documents: x.Columns[j].Documents}
		}
		rows := []crosstabRowJSON{}
		for i, code := range x.Codes {
			row := crosstabRowJSON{Code: names.Code(code), Cells: map[string]analysis.CrosstabCell{}, Codings: x.Rows[i].Codings, Documents: x.Rows[i].Documents}
			for j, g := range x.Groups {
				row.Cells[g.Name] = x.Cells[i][j]
			}
			rows = append(rows, row)
		}
		result = map[string]any{"coders": coderNames(a), "documents": documentNames(a), "by": by, "values": values, "rows": rows, "columns": columns}
	}
	if html {
		title := "Codebook: " + strings.TrimSuffix(filepath.Base(c.args[0]), filepath.Ext(c.args[0]))
		if err := p.ExportCodebookReport(out, title, a, examples); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", out)
		return nil
	}
	if out != "" {
		if err := storage.ExportTables(out, heading, tables); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", out)
		return nil
	}
	if c.boolean("json") {
		return writeJSON(c, result)
	}
	fmt.Fprintf(c.stdout, "%s: %s; %s\n\n", heading, strings.Join(coderNames(a), ", "), plural(len(a.Documents), "document"))
	if shown == nil {
		shown = tables[:1]
	}
	for i, t := range shown {
		if i > 0 {
			fmt.Fprintln(c.stdout)
		}
		if err := printTable(c, t); err != nil {
			return err
		}
	}
	return nil
}

func coderNames(a storage.Analysis) []string {
	out := []string{}
	for _, c := range a.Coders {
		out = append(out, c.Name)
	}
	return out
}

func documentNames(a storage.Analysis) []string {
	out := []string{}
	for _, d := range a.Documents {
		out = append(out, d.Name)
	}
	return out
}

// printTable prints an analysis table, numbers aligned right, then the
// notes that define its figures.
func printTable(c *call, t analysis.Table) error {
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	var header []string
	for _, col := range t.Columns {
		header = append(header, col.Header)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, rows := range [][][]any{t.Rows, t.Footer} {
		for _, r := range rows {
			cells := make([]string, len(r))
			for i, v := range r {
				cells[i] = analysis.FormatValue(v)
				if f, ok := v.(float64); ok {
					cells[i] = fmt.Sprintf("%.3f", f)
				}
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		fmt.Fprintln(c.stdout, "(none)")
	}
	fmt.Fprintln(c.stdout)
	for _, n := range t.Notes {
		fmt.Fprintln(c.stdout, n)
	}
	return nil
}
