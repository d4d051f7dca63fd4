package analysis

import (
	"fmt"
	"html/template"
	"io"
	"regexp"
	"time"

	"desktop/marginalia/coding"
)

// CodebookExample is a passage shown under a code in the codebook report:
// where it was coded, by whom, and its text (cut short when long).
type CodebookExample struct {
	Document string // the document's ID
	Coder    string // the coder's ID
	Span     coding.Span
	Text     string
}

// CodebookPage is what WriteCodebookHTML needs: the codebook, the
// frequencies of the analysed codings (a row per code, in codebook order),
// the names to show, and up to a few example passages per code ID.
type CodebookPage struct {
	Title     string
	Codebook  *coding.Codebook
	Freq      Frequencies
	Names     Names
	Examples  map[string][]CodebookExample
	Documents int // how many documents were analysed
	Generated time.Time
}

var hexColour = regexp.MustCompile(`^#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?$`)

type htmlCount struct {
	Coder string
	Count
}

type htmlExample struct {
	Document, Coder string
	Start, End      int
	Text            string
}

type htmlCode struct {
	Anchor      string
	Path        string
	Colour      string
	Swatch      template.CSS // "color: #RRGGBB", only for a well-formed colour
	Key         int
	Codable     bool
	Depth       int
	Description coding.Description
	Total       Count
	ByCoder     []htmlCount
	Examples    []htmlExample
}

// WriteCodebookHTML writes the codebook report as one self-contained
// HTML page (UTF-8, styles inline, no scripts or outside resources): each
// code with its path, colour, key, definition, when to use and not to use,
// example, codings, documents and characters overall and per coder, and
// its example passages with their documents. Every text is escaped.
func WriteCodebookHTML(w io.Writer, p CodebookPage) error {
	codes, coders := p.codes()
	return codebookTemplate.Execute(w, map[string]any{
		"Title": p.Title, "Codes": codes, "Coders": coders, "Documents": p.Documents,
		"Generated": p.Generated.Format("2006-01-02 15:04"), "Explain": []string{ExplainCodings, ExplainDocuments, ExplainCharacters},
	})
}

// codes are the page's codes as the report shows them, with the names of
// the coders.
func (p CodebookPage) codes() (codes []htmlCode, coders []string) {
	depth := map[string]int{}
	p.Codebook.Walk(func(c coding.Code, d int) { depth[c.ID] = d })
	for i, r := range p.Freq.Rows {
		code, _ := p.Codebook.Code(r.Code)
		h := htmlCode{Anchor: fmt.Sprintf("code-%d", i+1), Path: name(p.Names.Code, r.Code), Colour: code.Color, Key: code.Key,
			Codable: code.Codable, Depth: depth[r.Code], Description: code.Description, Total: r.Count}
		if hexColour.MatchString(code.Color) {
			h.Swatch = template.CSS("color: " + code.Color) // checked above: nothing but a hex colour
		}
		for j, c := range p.Freq.Coders {
			if j < len(r.ByCoder) {
				h.ByCoder = append(h.ByCoder, htmlCount{Coder: name(p.Names.Coder, c), Count: r.ByCoder[j]})
			}
		}
		for _, e := range p.Examples[r.Code] {
			h.Examples = append(h.Examples, htmlExample{Document: name(p.Names.Document, e.Document), Coder: name(p.Names.Coder, e.Coder),
				Start: e.Span.Start, End: e.Span.End, Text: e.Text})
		}
		codes = append(codes, h)
	}
	for _, c := range p.Freq.Coders {
		coders = append(coders, name(p.Names.Coder, c))
	}
	return codes, coders
}

var codebookTemplate = template.Must(template.New("codebook").Funcs(template.FuncMap{
	"indent": func(d int) template.CSS { return template.CSS(fmt.Sprintf("margin-left: %dem", 2*d)) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
.meta { color: #555; margin-top: 0; }
nav ol { padding-left: 1.5em; }
section.code { border-top: 1px solid #ccc; padding-top: 0.6em; margin-top: 1.4em; page-break-inside: avoid; }
h2 { font-size: 1.2em; margin: 0.2em 0; display: flex; align-items: center; gap: 0.5em; }
.swatch { font-size: 1.3em; line-height: 1; flex: none; }
.tags { color: #555; font-size: 0.9em; margin: 0 0 0.5em 0; }
dl { display: grid; grid-template-columns: 10em 1fr; gap: 0.25em 1em; margin: 0.5em 0; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; }
.none { color: #888; font-style: italic; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.95em; }
th, td { border: 1px solid #bbb; padding: 0.15em 0.6em; }
th { background: #f0f0f0; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.passage { margin: 0.5em 0 0.5em 1em; }
blockquote { margin: 0; padding: 0.2em 0.8em; border-left: 4px solid #ccc; white-space: pre-wrap; }
figcaption { color: #555; font-size: 0.9em; margin: 0.1em 0 0 1.2em; }
footer { border-top: 1px solid #ccc; margin-top: 2em; color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">{{len .Codes}} codes · coders: {{range $i, $c := .Coders}}{{if $i}}, {{end}}{{$c}}{{else}}none{{end}} · {{.Documents}} documents · made {{.Generated}}</p>
<nav><ol>{{range .Codes}}<li style="{{indent .Depth}}"><a href="#{{.Anchor}}">{{.Path}}</a></li>{{end}}</ol></nav>
{{range .Codes}}
<section class="code" id="{{.Anchor}}">
<h2>{{if .Swatch}}<span class="swatch" style="{{.Swatch}}" title="{{.Colour}}">■</span> {{end}}<span class="path">{{.Path}}</span></h2>
<p class="tags">Colour {{if .Colour}}{{.Colour}}{{else}}none{{end}}{{if .Key}} · key {{.Key}}{{end}} · {{if .Codable}}applied to text{{else}}a category: groups codes, not applied to text{{end}}</p>
<dl>
<dt>Definition</dt><dd class="definition">{{with .Description.Definition}}{{.}}{{else}}<span class="none">none given</span>{{end}}</dd>
<dt>When to use</dt><dd class="when-to-use">{{with .Description.WhenToUse}}{{.}}{{else}}<span class="none">none given</span>{{end}}</dd>
<dt>When not to use</dt><dd class="when-not-to-use">{{with .Description.WhenNotToUse}}{{.}}{{else}}<span class="none">none given</span>{{end}}</dd>
<dt>Example</dt><dd class="example">{{with .Description.Example}}{{.}}{{else}}<span class="none">none given</span>{{end}}</dd>
</dl>
<table class="counts">
<tr><th>Coder</th><th>Codings</th><th>Documents</th><th>Characters</th></tr>
<tr><td>all</td><td class="n">{{.Total.Codings}}</td><td class="n">{{.Total.Documents}}</td><td class="n">{{.Total.Characters}}</td></tr>
{{range .ByCoder}}<tr><td>{{.Coder}}</td><td class="n">{{.Codings}}</td><td class="n">{{.Documents}}</td><td class="n">{{.Characters}}</td></tr>
{{end}}</table>
{{if .Examples}}<h3>Coded passages</h3>
{{range .Examples}}<figure class="passage"><blockquote>{{.Text}}</blockquote><figcaption>{{.Document}} [{{.Start}},{{.End}}) · {{.Coder}}</figcaption></figure>
{{end}}{{end}}</section>
{{end}}
<footer>{{range .Explain}}<p>{{.}}</p>{{end}}<p>Positions are characters (code points) of the stored text, [start,end).</p></footer>
</body>
</html>
`))
