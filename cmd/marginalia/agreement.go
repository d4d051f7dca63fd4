package main

import (
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
		usage:   "PROJECT --coders A,B[,C...] [--documents N1,N2] [--set NAME] [--where ATTR=VALUE]... [--unit character|segment] [--overlap 0.9] [--json]",
		summary: "inter-coder agreement per code and document: percent agreement, Cohen's (2 coders) or Fleiss' kappa, Krippendorff's alpha; or segment agreement",
		minArgs: 1, maxArgs: 1,
		flags: func(fs *flag.FlagSet) {
			selectionFlags(fs)
			fs.String("unit", "character", "character or segment")
			fs.String("overlap", strconv.FormatFloat(agreement.DefaultThreshold, 'f', -1, 64), "segment unit: intersection over union at which two segments match")
			fs.Bool("json", false, "print JSON")
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
	Kappa            agreement.Stat `json:"kappa"`
	Alpha            agreement.Stat `json:"alpha"`
	BrennanPrediger  agreement.Stat `json:"brennan_prediger"`
	// UnitizingAlpha is Krippendorff's unitizing alpha, on pooled rows only.
	UnitizingAlpha *agreement.Stat `json:"unitizing_alpha,omitempty"`
}

type characterJSON struct {
	Coders    []string   `json:"coders"`
	Unit      string     `json:"unit"`
	Documents []string   `json:"documents"`
	Rows      []namedRow `json:"rows"`
	Codes     []namedRow `json:"codes"`
	Overall   namedRow   `json:"overall"`
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
}

func runAgreement(c *call) error {
	coders := c.list("coders")
	if len(coders) < 2 {
		return usagef("--coders needs at least two coder names, e.g. --coders alice,bob")
	}
	unit := c.str("unit")
	if unit != "character" && unit != "segment" {
		return usagef("--unit %q: use character or segment", unit)
	}
	overlap, err := strconv.ParseFloat(c.str("overlap"), 64)
	if err != nil || overlap <= 0 || overlap > 1 {
		return usagef("--overlap %q: give a share between 0 (exclusive) and 1, e.g. 0.9", c.str("overlap"))
	}
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	documents, err := selectedDocumentNames(p, c) // --documents, --set, --where
	if err != nil {
		return err
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
		out := segmentJSON{Coders: names, Unit: unit, Threshold: cmp.Segments.Threshold, Documents: docs,
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
		return nr
	}
	unitizing := map[string]*agreement.Stat{}
	for _, c := range cmp.Unitizing.Categories {
		unitizing[c.Category] = &c.Alpha
	}
	out := characterJSON{Coders: names, Unit: unit, Documents: docs, Rows: []namedRow{}, Codes: []namedRow{}, Overall: name(cmp.Report.Overall)}
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
	if c.boolean("json") {
		return writeJSON(c, out)
	}
	return printCharacters(c, out)
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
	documents := fmt.Sprintf("%d documents", len(out.Documents))
	if len(out.Documents) == 1 {
		documents = "1 document"
	}
	fmt.Fprintf(c.stdout, "Inter-coder agreement by character: %s; %s\n\n", strings.Join(out.Coders, ", "), documents)
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
	return tw.Flush()
}

func printSegments(c *call, out segmentJSON) error {
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(c.stdout, "Segment agreement (overlap ≥ %.0f%% of the union): %s\n\n", 100*out.Threshold, strings.Join(out.Coders, ", "))
	fmt.Fprintln(tw, "Code / coder\tMatched\tUnmatched\t"+agreement.PercentAgreementName+"\t")
	for _, rows := range [][]segmentRowJSON{out.Codes, out.ByCoder} {
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t\n", r.Code+r.Coder, r.Matched, r.Unmatched, agreement.FormatPercent(r.Percent))
		}
	}
	fmt.Fprintf(tw, "(all)\t%d\t%d\t%s\t\n", out.Overall.Matched, out.Overall.Unmatched, agreement.FormatPercent(out.Overall.Percent))
	return tw.Flush()
}
