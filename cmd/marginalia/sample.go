package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"text/tabwriter"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// Reliability samples (issue 13): drawing one, and the planner that says
// how large it should be.

func sampleCommand() command {
	return command{
		name:    "sample",
		usage:   "PROJECT (--fraction F | --count N) [--by ATTR] [--seed S] [--name NAME] [--replace] [--json] | PROJECT --plan [--alpha-min 0.8] [--level 0.05] [--pc 0.5] [--coder-count 2] [--json]",
		summary: "draw a random sample of documents to double-code (stratified by an attribute with --by) and keep it as a set, by default \"" + coding.ReliabilitySampleName + "\", which agreement then compares; --plan says how much to double-code",
		minArgs: 1, maxArgs: 1,
		flags: func(fs *flag.FlagSet) {
			fs.String("fraction", "", "the share of the documents to draw, e.g. 0.2")
			fs.String("count", "", "the number of documents to draw")
			fs.String("by", "", "stratify by this attribute: each value's documents in proportion")
			fs.String("seed", "", "seed of the draw (the same seed gives the same sample); a new one is chosen and printed when not given")
			fs.String("name", coding.ReliabilitySampleName, "the set's name")
			fs.Bool("replace", false, "draw again over an existing set of that name (undoable)")
			fs.Bool("plan", false, "say how many units to double-code for alpha to reach --alpha-min at significance --level")
			fs.String("alpha-min", "0.8", "--plan: the smallest acceptable alpha")
			fs.String("level", "0.05", "--plan: the significance level")
			fs.String("pc", strconv.FormatFloat(agreement.DefaultPc, 'f', -1, 64), "--plan: the probability of a code's rarer value (coded or not); rarer codes need more")
			fs.String("coder-count", "2", "--plan: the number of coders")
			fs.Bool("json", false, "print JSON")
		},
		run: runSample,
	}
}

func floatFlag(c *call, name string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(c.str(name)), 64)
	if err != nil {
		return 0, usagef("--%s %q is not a number", name, c.str(name))
	}
	return f, nil
}

type stratumJSON struct {
	Value string `json:"value"`
	Size  int    `json:"documents"`
	Drawn int    `json:"drawn"`
}

type sampleJSON struct {
	Set       string        `json:"set"`
	Seed      uint64        `json:"seed"`
	Of        int           `json:"of"`
	By        string        `json:"by,omitempty"`
	Strata    []stratumJSON `json:"strata,omitempty"`
	Documents []string      `json:"documents"`
}

func runSample(c *call) error {
	if c.boolean("plan") {
		if c.set("fraction") || c.set("count") || c.set("by") {
			return usagef("--plan says how much to draw; draw with --fraction or --count in a second call")
		}
		return runPlan(c)
	}
	var opt storage.SampleOptions
	switch {
	case c.set("fraction") == c.set("count"):
		return usagef("give either --fraction F (e.g. 0.2) or --count N")
	case c.set("fraction"):
		f, err := floatFlag(c, "fraction")
		if err != nil {
			return err
		}
		if !(f > 0 && f <= 1) {
			return usagef("--fraction %v: give a share above 0 and at most 1, e.g. 0.2", f)
		}
		opt.Fraction = f
	default:
		n, err := intFlag(c, "count", 0)
		if err != nil {
			return err
		}
		if n < 1 {
			return usagef("--count %d: give a number of documents, at least 1", n)
		}
		opt.Count = n
	}
	opt.Seed = rand.Uint64N(1_000_000) + 1 // short enough to copy
	if c.set("seed") {
		s, err := strconv.ParseUint(strings.TrimSpace(c.str("seed")), 10, 64)
		if err != nil {
			return usagef("--seed %q: give a whole number", c.str("seed"))
		}
		opt.Seed = s
	}
	opt.Name, opt.By, opt.Replace = strings.TrimSpace(c.str("name")), strings.TrimSpace(c.str("by")), c.boolean("replace")
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	drawn, err := p.DrawSample(opt)
	if err != nil {
		if errors.Is(err, storage.ErrSampleExists) {
			return fmt.Errorf("set %q already exists: --replace draws again over it (undoable), --name keeps it and draws another", opt.Name)
		}
		return err
	}
	out := sampleJSON{Set: drawn.Set.Name, Seed: drawn.Seed, Of: drawn.Of, By: opt.By, Documents: []string{}}
	if opt.By != "" {
		for _, s := range drawn.Strata {
			out.Strata = append(out.Strata, stratumJSON(s))
		}
	}
	for _, d := range drawn.Documents {
		out.Documents = append(out.Documents, d.Name)
	}
	if c.boolean("json") {
		return writeJSON(c, out)
	}
	how := ""
	if opt.By != "" {
		how = ", stratified by " + opt.By
	}
	fmt.Fprintf(c.stdout, "drew %s: %d of %s (%.1f %%)%s, seed %d\n", out.Set, len(out.Documents), plural(out.Of, "document"),
		100*float64(len(out.Documents))/float64(out.Of), how, out.Seed)
	if opt.By != "" {
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		for _, s := range out.Strata {
			fmt.Fprintf(tw, "  %s\t%d of %d\n", s.Value, s.Drawn, s.Size)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, name := range out.Documents {
		fmt.Fprintf(c.stdout, "  %s\n", name)
	}
	if out.Set == coding.ReliabilitySampleName {
		fmt.Fprintln(c.stdout, "agreement and the Compare tab now compare these documents unless told otherwise (--all-documents)")
	} else {
		fmt.Fprintf(c.stdout, "compare them with: marginalia agreement PROJECT --coders A,B --set %q\n", out.Set)
	}
	return nil
}

type planJSON struct {
	AlphaMin float64 `json:"alpha_min"`
	Level    float64 `json:"level"`
	Pc       float64 `json:"pc"`
	Coders   int     `json:"coders"`
	Z        float64 `json:"z"`
	Units    int     `json:"units"`
	// Documents is about how many of the project's documents hold Units
	// paragraphs, at the project's mean paragraphs per document.
	Documents        int    `json:"documents"`
	ProjectDocuments int    `json:"project_documents"`
	Paragraphs       int    `json:"project_paragraphs"`
	Formula          string `json:"formula"`
	Source           string `json:"source"`
}

func runPlan(c *call) error {
	var vals [3]float64
	for i, name := range []string{"alpha-min", "level", "pc"} {
		f, err := floatFlag(c, name)
		if err != nil {
			return err
		}
		vals[i] = f
	}
	coders, err := intFlag(c, "coder-count", 2)
	if err != nil {
		return err
	}
	plan, err := agreement.RequiredUnits(vals[0], vals[1], vals[2], coders)
	if err != nil {
		return usageError{err.Error()}
	}
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	docs, paragraphs, err := p.Paragraphs()
	if err != nil {
		return err
	}
	out := planJSON{AlphaMin: plan.AlphaMin, Level: plan.Level, Pc: plan.Pc, Coders: plan.Coders, Z: plan.Z, Units: plan.Units,
		ProjectDocuments: docs, Paragraphs: paragraphs, Formula: agreement.SampleSizeFormula, Source: agreement.SampleSizeSource}
	if paragraphs > 0 {
		perDoc := float64(paragraphs) / float64(docs)
		out.Documents = int(float64(plan.Units)/perDoc + 0.999999)
	}
	if c.boolean("json") {
		return writeJSON(c, out)
	}
	fmt.Fprintf(c.stdout, "To show Krippendorff's alpha above %v at p = %v with %d coders, double-code at least %d units\n", plan.AlphaMin, plan.Level, plan.Coders, plan.Units)
	fmt.Fprintf(c.stdout, "when a code's rarer value (coded or not) has probability P_c = %v; rarer codes need more:\n", plan.Pc)
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  P_c\tunits\t")
	for _, pc := range []float64{0.5, 0.25, 0.1, 0.05} {
		if q, err := agreement.RequiredUnits(plan.AlphaMin, plan.Level, pc, plan.Coders); err == nil {
			fmt.Fprintf(tw, "  %v\t%d\t\n", pc, q.Units)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Formula: %s (z = %.3f).\nSource: %s.\n", agreement.SampleSizeFormula, plan.Z, agreement.SampleSizeSource)
	if paragraphs == 0 {
		_, err := fmt.Fprintln(c.stdout, "The project has no documents yet to translate units into documents.")
		return err
	}
	fmt.Fprintf(c.stdout, "Marginalia compares characters, which are coded together, not one by one; counting a paragraph as a unit,\n"+
		"this project's %s have %s (%.1f per document), so %d units is about %s",
		plural(docs, "document"), plural(paragraphs, "paragraph"), float64(paragraphs)/float64(docs), plan.Units, plural(out.Documents, "document"))
	if out.Documents >= docs {
		_, err = fmt.Fprintln(c.stdout, ": more than the project has, so double-code every document.")
		return err
	}
	_, err = fmt.Fprintf(c.stdout, " (%.0f %%): marginalia sample PROJECT --count %d\n", 100*float64(out.Documents)/float64(docs), out.Documents)
	return err
}
