package main

import (
	"desktop/marginalia/coding"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

func agreementCommand() command {
	return command{
		name:    "agreement",
		usage:   "PROJECT --coders A,B[,C...] [--documents N1,N2] [--set NAME] [--case NAME] [--where ATTR=VALUE]... [--unit character|segment] [--overlap 0.9] [--ci [--resamples 2000] [--seed 2007] [--level 0.95]] [--methods] [--all-documents] [--json]",
		summary: "inter-coder agreement per code and document: percent agreement, Cohen's (2 coders) or Fleiss' kappa, Krippendorff's alpha; or segment agreement",
		minArgs: 1, maxArgs: 1,
		flags: func(fs *flag.FlagSet) {
			selectionFlags(fs)
			fs.String("unit", "character", "character or segment")
			fs.String("overlap", strconv.FormatFloat(agreement.DefaultThreshold, 'f', -1, 64), "segment unit: intersection over union at which two segments match")
			fs.Bool("json", false, "print JSON")
			fs.Bool("ci", false, "character unit: confidence intervals of the pooled kappa and alpha by a cluster bootstrap over documents (paragraphs when fewer than 10)")
			fs.String("resamples", strconv.Itoa(agreement.DefaultResamples), "--ci: number of bootstrap resamples")
			fs.String("seed", strconv.FormatUint(agreement.DefaultSeed, 10), "--ci: seed of the resampling (the same seed gives the same intervals)")
			fs.String("level", strconv.FormatFloat(agreement.DefaultLevel, 'f', -1, 64), "--ci: confidence level, between 0 and 1")
			fs.Bool("methods", false, "print a methods paragraph for a paper, with the intervals of --ci")
			fs.Bool("all-documents", false, "compare every coded document even when the project has a reliability sample (set \""+coding.ReliabilitySampleName+"\"), which is compared by default")
		},
		run: runAgreement,
	}
}

// namedRow is an agreement.Row with names instead of IDs.
type namedRow struct {
	Code             string         `json:"code"`
	Document         string         `json:"document,omitempty"`
	Length           int            `json:"length"`
	Coded            map[string]int `json:"coded"`
	All              int            `json:"all"`
	None             int            `json:"none"`
	PercentAgreement agreement.Stat `json:"percent_agreement"`
	// Unanimity is (all + none) / length, for three or more coders (for
	// two it equals percent_agreement).
	Unanimity       *agreement.Stat `json:"unanimity,omitempty"`
	Kappa           agreement.Stat  `json:"kappa"`
	Alpha           agreement.Stat  `json:"alpha"`
	BrennanPrediger agreement.Stat  `json:"brennan_prediger"`
	// UnitizingAlpha is Krippendorff's unitizing alpha, on pooled rows only.
	UnitizingAlpha *agreement.Stat `json:"unitizing_alpha,omitempty"`
	// The confidence intervals of --ci, on pooled rows only; p_alpha_below
	// is keyed by the minimum ("0.667", "0.8").
	AlphaCI     *agreement.Interval       `json:"alpha_ci,omitempty"`
	KappaCI     *agreement.Interval       `json:"kappa_ci,omitempty"`
	PAlphaBelow map[string]agreement.Stat `json:"p_alpha_below,omitempty"`
}

// ciJSON describes the bootstrap of --ci.
type ciJSON struct {
	Level     float64 `json:"level"`
	Resamples int     `json:"resamples"`
	Seed      uint64  `json:"seed"`
	// Unit is what was resampled: "document", or "paragraph" when fewer
	// than 10 documents are considered.
	Unit     string `json:"unit"`
	Clusters int    `json:"clusters"`
	Method   string `json:"method"`
}

type characterJSON struct {
	Coders    []string   `json:"coders"`
	Unit      string     `json:"unit"`
	Documents []string   `json:"documents"`
	Rows      []namedRow `json:"rows"`
	Codes     []namedRow `json:"codes"`
	Overall   namedRow   `json:"overall"`
	CI        *ciJSON    `json:"ci,omitempty"`
	Methods   string     `json:"methods,omitempty"`
	// Sample names the reliability sample's set when its documents were
	// compared because no others were asked for.
	Sample string `json:"sample,omitempty"`
}

type segmentRowJSON struct {
	Code      string         `json:"code,omitempty"`
	Coder     string         `json:"coder,omitempty"`
	Matched   int            `json:"matched"`
	Unmatched int            `json:"unmatched"`
	Percent   agreement.Stat `json:"percent"`
}

type segmentJSON struct {
	Coders    []string         `json:"coders"`
	Unit      string           `json:"unit"`
	Threshold float64          `json:"threshold"`
	Documents []string         `json:"documents"`
	Codes     []segmentRowJSON `json:"codes"`
	ByCoder   []segmentRowJSON `json:"by_coder"`
	Overall   segmentRowJSON   `json:"overall"`
	Sample    string           `json:"sample,omitempty"`
}

func runAgreement(c *call) error {
	if err := twoCoders(c.list("coders")); err != nil {
		return err
	}
	unit := c.str("unit")
	if unit != "character" && unit != "segment" {
		return usagef("--unit %q: use character or segment", unit)
	}
	overlap, err := strconv.ParseFloat(c.str("overlap"), 64)
	if err != nil || overlap <= 0 || overlap > 1 {
		return usagef("--overlap %q: give a share between 0 (exclusive) and 1, e.g. 0.9", c.str("overlap"))
	}
	methods := c.boolean("methods")
	withCI := c.boolean("ci") || methods // the paragraph gives the intervals
	if unit == "segment" && (withCI || methods) {
		return usagef("--ci and --methods work with --unit character")
	}
	bo, err := bootstrapFlags(c)
	if err != nil {
		return err
	}
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	coders, err := c.coderNames(p, "coders") // "Smith, J." stays one coder
	if err != nil {
		return err
	}
	if err := twoCoders(coders); err != nil {
		return err
	}
	documents, err := selectedDocumentNames(p, c) // --documents, --set, --case, --where
	if err != nil {
		return err
	}
	sample := ""
	if documents == nil && !c.boolean("all-documents") {
		if documents, sample, err = reliabilitySample(p); err != nil {
			return err
		}
	}
	cmp, err := p.Compare(storage.ComparisonOptions{Coders: coders, Documents: documents, Threshold: overlap})
	if err != nil {
		return err
	}
	names := make([]string, len(cmp.Coders))
	for i, coder := range cmp.Coders {
		names[i] = coder.Name
	}
	var docs []string
	for _, d := range cmp.Documents {
		docs = append(docs, d.Name)
	}
	if unit == "segment" {
		out := segmentJSON{Coders: names, Unit: unit, Threshold: cmp.Segments.Threshold, Documents: docs, Sample: sample,
			Overall: segmentRowJSON{Matched: cmp.Segments.Overall.Matched, Unmatched: cmp.Segments.Overall.Unmatched, Percent: cmp.Segments.Overall.Percent}}
		for _, r := range cmp.Segments.Codes {
			out.Codes = append(out.Codes, segmentRowJSON{Code: cmp.CodePath(r.Code), Matched: r.Matched, Unmatched: r.Unmatched, Percent: r.Percent})
		}
		for _, r := range cmp.Segments.ByCoder {
			out.ByCoder = append(out.ByCoder, segmentRowJSON{Coder: cmp.CoderName(r.Coder), Matched: r.Matched, Unmatched: r.Unmatched, Percent: r.Percent})
		}
		if c.boolean("json") {
			return writeJSON(c, out)
		}
		return printSegments(c, out)
	}
	name := func(r agreement.Row) namedRow {
		coded := map[string]int{}
		for id, n := range r.Coded {
			coded[cmp.CoderName(id)] = n
		}
		nr := namedRow{Code: cmp.CodePath(r.Code), Length: r.Length, Coded: coded, All: r.All, None: r.None,
			PercentAgreement: r.PercentAgreement, Kappa: r.Kappa, Alpha: r.Alpha, BrennanPrediger: r.BrennanPrediger}
		if r.Document != "" {
			nr.Document = cmp.DocumentName(r.Document)
		}
		if len(cmp.Coders) > 2 {
			u := r.Unanimity
			nr.Unanimity = &u
		}
		return nr
	}
	unitizing := map[string]*agreement.Stat{}
	for _, c := range cmp.Unitizing.Categories {
		unitizing[c.Category] = &c.Alpha
	}
	out := characterJSON{Coders: names, Unit: unit, Documents: docs, Sample: sample, Rows: []namedRow{}, Codes: []namedRow{}, Overall: name(cmp.Report.Overall)}
	out.Overall.Code = "(all codes)"
	out.Overall.UnitizingAlpha = &cmp.Unitizing.Alpha
	for _, r := range cmp.Report.Rows {
		out.Rows = append(out.Rows, name(r))
	}
	for _, r := range cmp.Report.Codes {
		row := name(r)
		row.UnitizingAlpha = unitizing[r.Code]
		out.Codes = append(out.Codes, row)
	}
	var iv *agreement.Intervals
	if withCI {
		x := cmp.Intervals(bo)
		iv = &x
		out.CI = &ciJSON{Level: iv.Level, Resamples: iv.Resamples, Seed: iv.Seed, Unit: iv.Unit, Clusters: iv.Clusters, Method: ciMethod(*iv)}
		for i := range out.Codes {
			withInterval(&out.Codes[i], iv.Codes[i])
		}
		withInterval(&out.Overall, iv.Overall)
	}
	if methods {
		all, err := p.Documents()
		if err != nil {
			return err
		}
		selection := storage.SelectionEveryCoded
		if len(c.list("documents")) > 0 {
			selection = storage.SelectionByName
		} else if c.filtered() {
			selection = filterPhrase(c)
		}
		if sample != "" {
			if selection, err = p.SampleSelection(); err != nil {
				return err
			}
		}
		out.Methods = cmp.Methods(len(all), selection, iv)
	}
	if c.boolean("json") {
		return writeJSON(c, out)
	}
	if methods {
		_, err := fmt.Fprintln(c.stdout, out.Methods)
		return err
	}
	return printCharacters(c, out)
}

// bootstrapFlags reads --resamples, --seed and --level.
func bootstrapFlags(c *call) (agreement.BootstrapOptions, error) {
	var bo agreement.BootstrapOptions
	var err error
	if bo.Resamples, err = intFlag(c, "resamples", agreement.DefaultResamples); err != nil {
		return bo, err
	}
	if bo.Resamples < 1 || bo.Resamples > 1_000_000 {
		return bo, usagef("--resamples %d: give a number from 1 to 1,000,000, e.g. 2000", bo.Resamples)
	}
	if bo.Seed, err = strconv.ParseUint(strings.TrimSpace(c.str("seed")), 10, 64); err != nil || bo.Seed == 0 {
		return bo, usagef("--seed %q: give a whole number above 0", c.str("seed"))
	}
	if bo.Level, err = strconv.ParseFloat(c.str("level"), 64); err != nil || !(bo.Level > 0 && bo.Level < 1) {
		return bo, usagef("--level %q: give a share between 0 and 1 (exclusive), e.g. 0.95", c.str("level"))
	}
	return bo, nil
}

// ciMethod says how the intervals were computed.
func ciMethod(iv agreement.Intervals) string {
	if iv.Unit == agreement.UnitParagraph {
		return fmt.Sprintf("cluster bootstrap of paragraphs (blocks separated by blank lines), as fewer than %d documents are considered; percentile interval (Hayes & Krippendorff 2007)", agreement.MinDocuments)
	}
	return "cluster bootstrap of documents; percentile interval (Hayes & Krippendorff 2007)"
}

// withInterval adds a pooled row's intervals to its JSON.
func withInterval(r *namedRow, ri agreement.RowInterval) {
	r.AlphaCI, r.KappaCI = &ri.Alpha, &ri.Kappa
	r.PAlphaBelow = map[string]agreement.Stat{}
	for _, b := range ri.AlphaBelow {
		r.PAlphaBelow[strconv.FormatFloat(b.Minimum, 'f', -1, 64)] = b.Share
	}
}

func writeJSON(c *call, v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keep "Parent > Child" readable and greppable
	return enc.Encode(v)
}

func printCharacters(c *call, out characterJSON) error {
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	header := append([]string{"Code", "Document", "Length"}, out.Coders...)
	header = append(header, "All", "None", agreement.PercentAgreementName, agreement.KappaName(len(out.Coders)), agreement.AlphaName, agreement.UnitizingAlphaName)
	if out.CI != nil {
		level := strconv.FormatFloat(100*out.CI.Level, 'f', -1, 64) + " % CI"
		header = append(header, "κ "+level, "α "+level, "P(α < 0.667)", "P(α < 0.8)")
	}
	documents := fmt.Sprintf("%d documents", len(out.Documents))
	if len(out.Documents) == 1 {
		documents = "1 document"
	}
	fmt.Fprintf(c.stdout, "Inter-coder agreement by character: %s; %s%s\n\n", strings.Join(out.Coders, ", "), documents, sampleNote(out.Sample))
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	line := func(r namedRow) {
		cells := []string{r.Code, r.Document, strconv.Itoa(r.Length)}
		for _, name := range out.Coders {
			cells = append(cells, strconv.Itoa(r.Coded[name]))
		}
		cells = append(cells, strconv.Itoa(r.All), strconv.Itoa(r.None), agreement.FormatPercent(r.PercentAgreement),
			agreement.FormatCoefficient(r.Kappa), agreement.FormatCoefficient(r.Alpha), "")
		if r.UnitizingAlpha != nil {
			cells[len(cells)-1] = agreement.FormatCoefficient(*r.UnitizingAlpha)
		}
		if out.CI != nil {
			if r.AlphaCI != nil {
				cells = append(cells, agreement.FormatInterval(*r.KappaCI), agreement.FormatInterval(*r.AlphaCI),
					agreement.FormatShare(r.PAlphaBelow["0.667"]), agreement.FormatShare(r.PAlphaBelow["0.8"]))
			} else {
				cells = append(cells, "", "", "", "")
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	for _, r := range out.Rows {
		line(r)
	}
	for _, r := range out.Codes {
		r.Document = "(pooled)"
		line(r)
	}
	out.Overall.Document = "(pooled)"
	line(out.Overall)
	if err := tw.Flush(); err != nil {
		return err
	}
	if out.CI != nil {
		unit := "documents"
		if out.CI.Unit == agreement.UnitParagraph {
			unit = fmt.Sprintf("paragraphs (fewer than %d documents)", agreement.MinDocuments)
		}
		_, err := fmt.Fprintf(c.stdout, "\nIntervals: cluster bootstrap over %d %s, %d resamples, seed %d, percentile intervals; P(α < m) is the share of resamples below m.\n",
			out.CI.Clusters, unit, out.CI.Resamples, out.CI.Seed)
		return err
	}
	return nil
}

func printSegments(c *call, out segmentJSON) error {
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(c.stdout, "Segment agreement (overlap ≥ %.0f%% of the union): %s%s\n\n", 100*out.Threshold, strings.Join(out.Coders, ", "), sampleNote(out.Sample))
	fmt.Fprintln(tw, "Code / coder\tMatched\tUnmatched\t"+agreement.PercentAgreementName+"\t")
	for _, rows := range [][]segmentRowJSON{out.Codes, out.ByCoder} {
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t\n", r.Code+r.Coder, r.Matched, r.Unmatched, agreement.FormatPercent(r.Percent))
		}
	}
	fmt.Fprintf(tw, "(all)\t%d\t%d\t%s\t\n", out.Overall.Matched, out.Overall.Unmatched, agreement.FormatPercent(out.Overall.Percent))
	return tw.Flush()
}

// reliabilitySample is the names of the reliability sample's documents
// and the set's name, or nil and "" when the project has none.
func reliabilitySample(p *storage.Project) ([]string, string, error) {
	s, ok, err := p.ReliabilitySample()
	if err != nil || !ok {
		return nil, "", err
	}
	docs, err := p.SelectDocuments(s.Name, nil)
	if err != nil {
		return nil, "", fmt.Errorf("the reliability sample: %w (--all-documents compares every coded document)", err)
	}
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Name
	}
	return names, s.Name, nil
}

// twoCoders refuses a --coders list of fewer than two coders.
func twoCoders(coders []string) error {
	if len(coders) < 2 {
		return usagef("--coders needs at least two coder names, e.g. --coders alice,bob")
	}
	return nil
}

// sampleNote says, after the list of coders, that the reliability sample
// was compared.
func sampleNote(set string) string {
	if set == "" {
		return ""
	}
	return fmt.Sprintf(" (the reliability sample, set %q; --all-documents compares every coded document)", set)
}

// filterPhrase says, in the methods paragraph, which documents --set,
// --case and --where chose: "the documents of the set "Pilot" whose
// attributes meet affiliation = CICIR".
func filterPhrase(c *call) string {
	var parts []string
	if name := c.str("set"); name != "" {
		parts = append(parts, fmt.Sprintf("of the set %q", name))
	}
	if name := c.str("case"); name != "" {
		parts = append(parts, fmt.Sprintf("of the case %q", name))
	}
	if conds := *c.flags.Lookup("where").Value.(*repeated); len(conds) > 0 {
		parts = append(parts, "whose attributes meet "+strings.Join(conds, " and "))
	}
	return "the documents " + strings.Join(parts, " and ")
}
