package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// runSummary is report --kind summary: the project summary of the whole
// project, printed, as --json, or written to an .html or .json file.
func runSummary(c *call) error {
	var other []string
	c.flags.Visit(func(f *flag.Flag) {
		if f.Name != "kind" && f.Name != "json" && f.Name != "out" && f.Name != "o" {
			other = append(other, "--"+f.Name)
		}
	})
	if len(other) > 0 {
		return usagef("%s: the summary covers the whole project; give only --json or -o FILE.html|.json", strings.Join(other, ", "))
	}
	out, err := analyseOut(c)
	if err != nil {
		return err
	}
	if ext := strings.ToLower(filepath.Ext(out)); out != "" && ext != ".html" && ext != ".htm" && ext != ".json" {
		return usagef("--out %s: the summary is written to .html or .json", out)
	}
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	s, err := p.Summary("Project summary: " + strings.TrimSuffix(filepath.Base(c.args[0]), filepath.Ext(c.args[0])))
	if err != nil {
		return err
	}
	if out != "" {
		if err := storage.ExportSummary(out, s); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", out)
		return nil
	}
	if c.boolean("json") {
		return writeJSON(c, s)
	}
	w := c.stdout
	fmt.Fprintf(w, "%s\n\nDocuments: %s, %s; %s\n\nCoders:\n", s.Title, plural(s.Documents.Count, "document"),
		plural(s.Documents.Characters, "character"), plural(s.Codings, "coding"))
	for _, x := range s.Coders {
		fmt.Fprintf(w, "  %s: %s in %s, %s\n", x.Name, plural(x.Codings, "coding"), plural(x.Documents, "document"), plural(x.Characters, "character"))
	}
	fmt.Fprintf(w, "\nCodes: %s, %d applied. Most used:\n", plural(s.Codes.Count, "code"), s.Codes.Used)
	for _, x := range s.Codes.MostUsed {
		fmt.Fprintf(w, "  %s: %s in %s\n", x.Code, plural(x.Codings, "coding"), plural(x.Documents, "document"))
	}
	fmt.Fprintln(w, "\nAgreement (pooled over every code, per pair of coders):")
	if len(s.Agreement) == 0 {
		fmt.Fprintln(w, "  (needs two coders who coded the same documents)")
	}
	for _, x := range s.Agreement {
		fmt.Fprintf(w, "  %s · %s: %s, %s agreement, Cohen's κ %s (%s), Krippendorff's α %s\n", x.A, x.B, plural(x.Documents, "document"),
			agreement.FormatPercent(x.PercentAgreement), agreement.FormatCoefficient(x.Kappa), agreement.BandOf(x.Kappa), agreement.FormatCoefficient(x.Alpha))
	}
	if note := s.UnpairedNote(); note != "" {
		fmt.Fprintln(w, "  "+note)
	}
	return nil
}
