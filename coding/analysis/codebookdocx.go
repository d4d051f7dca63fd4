package analysis

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// WriteCodebookDocx writes the codebook report as a Word document (.docx,
// Office Open XML WordprocessingML, as Word and LibreOffice Writer open
// it): the title and a line on what was analysed, then per code a heading
// with its path (in its colour), a line with its colour, key and whether it
// is applied to text, a table of its definition, when to use it, when not
// to use it and its example, a table of its codings, documents and
// characters overall and per coder, and its example passages with their
// document, position and coder. It holds the same as WriteCodebookHTML's
// page. No library is used: Go's archive/zip and encoding/xml write the
// few parts a document needs.
func WriteCodebookDocx(w io.Writer, p CodebookPage) error {
	codes, coders := p.codes()
	var b docxBody
	b.para("Title", p.Title)
	who := "none"
	if len(coders) > 0 {
		who = strings.Join(coders, ", ")
	}
	b.para("Subtitle", fmt.Sprintf("%d codes · coders: %s · %d documents · made %s", len(codes), who, p.Documents, p.Generated.Format("2006-01-02 15:04")))
	for _, c := range codes {
		colour := ""
		if c.Swatch != "" {
			colour = strings.TrimPrefix(c.Colour, "#")
		}
		b.heading(c.Depth, c.Path, colour)
		tags := "Colour " + c.Colour
		if c.Colour == "" {
			tags = "Colour none"
		}
		if c.Key > 0 {
			tags += fmt.Sprintf(" · key %d", c.Key)
		}
		if c.Codable {
			tags += " · applied to text"
		} else {
			tags += " · a category: groups codes, not applied to text"
		}
		b.para("Tags", tags)
		d := c.Description
		b.table([]string{"", ""}, [][]string{
			{"Definition", d.Definition}, {"When to use", d.WhenToUse}, {"When not to use", d.WhenNotToUse}, {"Example", d.Example},
		}, true)
		rows := [][]string{{"all", fmt.Sprint(c.Total.Codings), fmt.Sprint(c.Total.Documents), fmt.Sprint(c.Total.Characters)}}
		for _, x := range c.ByCoder {
			rows = append(rows, []string{x.Coder, fmt.Sprint(x.Codings), fmt.Sprint(x.Documents), fmt.Sprint(x.Characters)})
		}
		b.table([]string{"Coder", "Codings", "Documents", "Characters"}, rows, false)
		if len(c.Examples) > 0 {
			b.para("Heading3", "Coded passages")
		}
		for _, e := range c.Examples {
			b.para("Quote", e.Text)
			b.para("Caption", fmt.Sprintf("%s [%d,%d) · %s", e.Document, e.Start, e.End, e.Coder))
		}
	}
	for _, e := range []string{ExplainCodings, ExplainDocuments, ExplainCharacters,
		"Positions are characters (code points) of the stored text, [start,end)."} {
		b.para("Footnote", e)
	}
	return writeDocx(w, b.String())
}

// docxBody builds the body of word/document.xml.
type docxBody struct{ strings.Builder }

// text writes runs of s (escaped; a line break as <w:br/>) in run
// properties rPr.
func (b *docxBody) text(s, rPr string) {
	for i, line := range strings.Split(s, "\n") {
		b.WriteString("<w:r>" + rPr)
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		xml.EscapeText(b, []byte(line)) // never fails on a strings.Builder; characters XML cannot hold become U+FFFD
		b.WriteString("</w:t></w:r>")
	}
}

// para writes a paragraph of style (a style ID of docxStyles).
func (b *docxBody) para(style, s string) {
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	b.text(s, "")
	b.WriteString("</w:p>")
}

// heading writes a code's heading, level 1 for a top-level code and
// deeper for its sub-codes (at most 3), with a square in its colour
// (RRGGBB) before it.
func (b *docxBody) heading(depth int, s, colour string) {
	fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Heading%d"/></w:pPr>`, min(depth, 2)+1)
	if colour != "" {
		b.text("■ ", `<w:rPr><w:color w:val="`+colour+`"/></w:rPr>`)
	}
	b.text(s, "")
	b.WriteString("</w:p>")
}

// table writes a table with a bordered grid; a first row of header
// (skipped when every cell is empty) is bold, and with labels the first
// column is bold too; without labels, the columns after the first hold
// figures, aligned right.
func (b *docxBody) table(header []string, rows [][]string, labels bool) {
	// Column widths in twentieths of a point, filling the text width (A4
	// less two margins of an inch): a narrow label column, or equal ones.
	widths := make([]int, len(header))
	for i := range widths {
		widths[i] = docxTextWidth / len(header)
	}
	if labels {
		widths[0] = docxTextWidth / 4
		for i := 1; i < len(widths); i++ {
			widths[i] = (docxTextWidth - widths[0]) / (len(widths) - 1)
		}
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	col := 0
	// keep: the row is not the last, and the page should not break after
	// it (the tables are short: each stays on one page).
	cell := func(s string, bold, keep bool) {
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p><w:pPr>`, widths[col%len(widths)])
		if keep {
			b.WriteString(`<w:keepNext/>`)
		}
		if !labels && col%len(widths) > 0 { // a figure
			b.WriteString(`<w:jc w:val="right"/>`)
		}
		b.WriteString(`</w:pPr>`)
		col++
		if bold {
			b.text(s, "<w:rPr><w:b/></w:rPr>")
		} else {
			b.text(s, "")
		}
		b.WriteString("</w:p></w:tc>")
	}
	if strings.Join(header, "") != "" {
		b.WriteString("<w:tr>")
		for _, h := range header {
			cell(h, true, len(rows) > 0)
		}
		b.WriteString("</w:tr>")
	}
	for j, r := range rows {
		b.WriteString("<w:tr>")
		for i, c := range r {
			cell(c, labels && i == 0, j < len(rows)-1)
		}
		b.WriteString("</w:tr>")
	}
	// A paragraph after the table, or a table that follows would be
	// merged into it.
	b.WriteString(`</w:tbl><w:p><w:pPr><w:spacing w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:p>`)
}

// docxTextWidth is the width of the text on an A4 page with margins of an
// inch, in twentieths of a point (11906 − 2 × 1440).
const docxTextWidth = 9026

const docxW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// writeDocx writes a .docx package around a document body.
func writeDocx(w io.Writer, body string) error {
	z := zip.NewWriter(w)
	for _, part := range []struct{ name, content string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`</Relationships>`},
		{"word/styles.xml", docxStyles},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + docxW + `><w:body>` + body +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>` +
			`</w:body></w:document>`},
	} {
		f, err := z.Create(part.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, part.content); err != nil {
			return err
		}
	}
	return z.Close()
}

// docxStyles are the document's styles: A4-friendly sizes, a sans-serif
// font (with a CJK one for Chinese), headings, a bordered table grid.
var docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + docxW + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:eastAsia="Noto Sans CJK SC" w:cs="Liberation Sans"/>` +
	`<w:sz w:val="21"/><w:lang w:val="en-GB" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	docxStyle("Normal", "Normal", "", "") +
	docxStyle("Title", "Title", `<w:spacing w:after="60"/>`, `<w:b/><w:sz w:val="36"/>`) +
	docxStyle("Subtitle", "Subtitle", `<w:spacing w:after="240"/>`, `<w:color w:val="555555"/>`) +
	docxStyle("Heading1", "heading 1", `<w:keepNext/><w:spacing w:before="360" w:after="80"/><w:outlineLvl w:val="0"/>`, `<w:b/><w:sz w:val="28"/>`) +
	docxStyle("Heading2", "heading 2", `<w:keepNext/><w:spacing w:before="280" w:after="80"/><w:outlineLvl w:val="1"/>`, `<w:b/><w:sz w:val="24"/>`) +
	docxStyle("Heading3", "heading 3", `<w:keepNext/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="2"/>`, `<w:b/><w:sz w:val="22"/>`) +
	docxStyle("Tags", "Code tags", `<w:spacing w:after="120"/>`, `<w:color w:val="555555"/><w:sz w:val="19"/>`) +
	docxStyle("Quote", "Quote", `<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="BBBBBB"/></w:pBdr><w:spacing w:before="120" w:after="0"/><w:ind w:left="567"/>`, "") +
	docxStyle("Caption", "caption", `<w:spacing w:after="120"/><w:ind w:left="567"/>`, `<w:color w:val="555555"/><w:sz w:val="18"/>`) +
	docxStyle("Footnote", "Report note", `<w:spacing w:before="60"/>`, `<w:color w:val="555555"/><w:sz w:val="18"/>`) +
	`<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:left w:val="single" w:sz="4" w:space="0" w:color="999999"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:right w:val="single" w:sz="4" w:space="0" w:color="999999"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="999999"/>` +
	`</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// docxStyle is a paragraph style, based on Normal (but Normal itself).
// The elements of pPr and rPr must come in the schema's order, which
// Word insists on.
func docxStyle(id, name, pPr, rPr string) string {
	based := `<w:basedOn w:val="Normal"/>`
	if id == "Normal" {
		based = ""
	}
	return `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/>` + based + `<w:qFormat/>` +
		`<w:pPr>` + pPr + `</w:pPr><w:rPr>` + rPr + `</w:rPr></w:style>`
}
