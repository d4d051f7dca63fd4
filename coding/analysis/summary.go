package analysis

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"desktop/marginalia/coding/agreement"
)

// ProjectSummary is the project summary report: the documents, the
// coders and what each coded, the codes and the most used of them, and an
// agreement overview per pair of coders. Storage gathers it (the
// agreement figures are agreement.Compare's pooled ones); WriteSummaryHTML
// and the command line present it.
type ProjectSummary struct {
	Title     string    `json:"title"`
	Generated time.Time `json:"generated"`
	Documents struct {
		Count int `json:"count"`
		// Characters is the documents' length in characters (code points).
		Characters int `json:"characters"`
	} `json:"documents"`
	Codings int            `json:"codings"`
	Coders  []SummaryCoder `json:"coders"`
	Codes   struct {
		Count int `json:"count"`
		// Used is how many codes were applied at least once.
		Used     int           `json:"used"`
		MostUsed []SummaryCode `json:"most_used"`
	} `json:"codes"`
	// Agreement has a row per pair of coders (the consensus coder aside)
	// who both coded at least one same document, in the coders' order.
	Agreement []PairAgreement `json:"agreement"`
	// Unpaired names the coders in no pair: they coded nothing, or none of
	// the documents another coder coded.
	Unpaired []string `json:"unpaired"`
}

// UnpairedNote says which coders the agreement leaves out and why, or ""
// when it leaves out none.
func (s ProjectSummary) UnpairedNote() string {
	if len(s.Unpaired) == 0 {
		return ""
	}
	verb := "is"
	if len(s.Unpaired) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("%s %s in no pair: a pair is compared only when both coders coded at least one same document.", strings.Join(s.Unpaired, ", "), verb)
}

// SummaryCoder is a coder's part: codings, documents coded and the
// characters coded (with any code; text coded twice counts once).
type SummaryCoder struct {
	Name string `json:"name"`
	Count
}

// SummaryCode is one of the most used codes: its path and frequencies.
type SummaryCode struct {
	Code string `json:"code"`
	Count
}

// PairAgreement is the pooled agreement of two coders (agreement.Report's
// Overall row): over every code and the documents at least one of them
// coded, character by character.
type PairAgreement struct {
	A, B string
	// Documents is how many documents were compared.
	Documents        int
	PercentAgreement agreement.Stat
	Kappa            agreement.Stat // Cohen's kappa
	Alpha            agreement.Stat // Krippendorff's alpha
}

// pairJSON is a PairAgreement as JSON.
type pairJSON struct {
	A                string         `json:"a"`
	B                string         `json:"b"`
	Documents        int            `json:"documents"`
	PercentAgreement agreement.Stat `json:"percent_agreement"`
	Kappa            agreement.Stat `json:"kappa"`
	Alpha            agreement.Stat `json:"alpha"`
	Band             string         `json:"band"`
}

// MarshalJSON writes the pair with its kappa's colour band.
func (p PairAgreement) MarshalJSON() ([]byte, error) {
	return json.Marshal(pairJSON{A: p.A, B: p.B, Documents: p.Documents, PercentAgreement: p.PercentAgreement,
		Kappa: p.Kappa, Alpha: p.Alpha, Band: agreement.BandOf(p.Kappa).String()})
}

// MostUsedCodes is how many codes the summary lists as most used.
const MostUsedCodes = 10

// ExplainPairAgreement says what the summary's agreement figures are.
const ExplainPairAgreement = "Agreement: each pair of coders who both coded at least one same document, compared character by character over every code, in the documents at least one of them coded " +
	"(pooled: the figures of the Compare tab's Overall row). Percent agreement is the share of characters both coded alike; " +
	"Cohen's κ and Krippendorff's α correct it for chance (1: perfect, 0: no better than chance)."

// WriteSummaryHTML writes the project summary as one self-contained HTML
// page (UTF-8, styles inline, no scripts or outside resources). Every
// text is escaped.
func WriteSummaryHTML(w io.Writer, s ProjectSummary) error {
	type pair struct {
		PairAgreement
		Percent, Kappa, Alpha, Band string
	}
	var pairs []pair
	for _, p := range s.Agreement {
		pairs = append(pairs, pair{PairAgreement: p, Percent: agreement.FormatPercent(p.PercentAgreement),
			Kappa: agreement.FormatCoefficient(p.Kappa), Alpha: agreement.FormatCoefficient(p.Alpha), Band: agreement.BandOf(p.Kappa).String()})
	}
	return summaryTemplate.Execute(w, map[string]any{
		"S": s, "Pairs": pairs, "Generated": s.Generated.Format("2006-01-02 15:04"), "Explain": ExplainPairAgreement,
		"Legend": agreement.BandLegend(),
	})
}

var summaryTemplate = template.Must(template.New("summary").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.S.Title}}</title>
<style>
body { font-family: "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-top: 1px solid #ccc; padding-top: 0.6em; margin-top: 1.4em; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.95em; }
th, td { border: 1px solid #bbb; padding: 0.15em 0.6em; }
th { background: #f0f0f0; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.none { color: #888; font-style: italic; }
footer { border-top: 1px solid #ccc; margin-top: 2em; color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>{{.S.Title}}</h1>
<p class="meta">made {{.Generated}}</p>
<h2>Documents</h2>
<p class="documents">{{.S.Documents.Count}} documents, {{.S.Documents.Characters}} characters; {{.S.Codings}} codings.</p>
<h2>Coders</h2>
{{if .S.Coders}}<table class="coders">
<tr><th>Coder</th><th>Codings</th><th>Documents coded</th><th>Characters coded</th></tr>
{{range .S.Coders}}<tr><td>{{.Name}}</td><td class="n">{{.Codings}}</td><td class="n">{{.Documents}}</td><td class="n">{{.Characters}}</td></tr>
{{end}}</table>{{else}}<p class="none">No coder yet.</p>{{end}}
<h2>Codes</h2>
<p>{{.S.Codes.Count}} codes, {{.S.Codes.Used}} of them applied.</p>
{{if .S.Codes.MostUsed}}<table class="codes">
<tr><th>Most used</th><th>Codings</th><th>Documents</th><th>Characters</th></tr>
{{range .S.Codes.MostUsed}}<tr><td>{{.Code}}</td><td class="n">{{.Codings}}</td><td class="n">{{.Documents}}</td><td class="n">{{.Characters}}</td></tr>
{{end}}</table>{{end}}
<h2>Agreement</h2>
{{if .Pairs}}<table class="agreement">
<tr><th>Coders</th><th>Documents</th><th>Agreement</th><th>Cohen's κ</th><th>Krippendorff's α</th><th>Band of κ</th></tr>
{{range .Pairs}}<tr><td>{{.A}} · {{.B}}</td><td class="n">{{.Documents}}</td><td class="n">{{.Percent}}</td><td class="n">{{.Kappa}}</td><td class="n">{{.Alpha}}</td><td>{{.Band}}</td></tr>
{{end}}</table>
<p>{{.Explain}}</p>
<p>Bands of κ: {{.Legend}}.</p>{{else}}<p class="none">Agreement needs two coders who coded the same documents.</p>{{end}}
{{with .S.UnpairedNote}}<p class="unpaired">{{.}}</p>{{end}}
<footer><p>Characters are code points of the stored text. Codings and characters per code and coder are defined as in the code frequencies: text coded twice with the same code counts once.</p></footer>
</body>
</html>
`))
