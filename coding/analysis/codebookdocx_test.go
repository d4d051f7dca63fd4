package analysis

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

// docxParagraphs reads a .docx back: every part must be well-formed XML;
// it returns the text of each paragraph of word/document.xml (a line
// break as "\n") and the paragraphs' styles.
func docxParagraphs(t *testing.T, doc []byte) (texts, styles []string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]bool{}
	for _, f := range z.File {
		parts[f.Name] = true
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(r)
		var p, style strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
			if f.Name != "word/document.xml" {
				continue
			}
			switch x := tok.(type) {
			case xml.StartElement:
				switch x.Name.Local {
				case "p":
					p.Reset()
					style.Reset()
				case "br":
					p.WriteString("\n")
				case "pStyle":
					style.WriteString(x.Attr[0].Value)
				}
			case xml.CharData:
				p.Write(x)
			case xml.EndElement:
				if x.Name.Local == "p" {
					texts, styles = append(texts, p.String()), append(styles, style.String())
				}
			}
		}
		r.Close()
	}
	for _, want := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml"} {
		if !parts[want] {
			t.Errorf("no part %s", want)
		}
	}
	return texts, styles
}

// TestCodebookDocx writes the hand-worked codebook (with markup, Chinese,
// an emoji and a line break in its texts) and reads every text back.
func TestCodebookDocx(t *testing.T) {
	cb := coding.NewCodebook([]coding.Code{
		{ID: "x", Name: "X 互信", Color: "#112233", Codable: true, Key: 1, Description: coding.Description{
			Definition: "talk of <x> & y 😀", WhenToUse: "when x\nor x′", WhenNotToUse: "when y", Example: "“x!”"}},
		{ID: "g", Name: "group", Color: "bad colour", Position: 2},
		{ID: "z", Name: "Z", Color: "#778899", Codable: true, ParentID: "g"},
	})
	codings, opt := hand()
	opt.Codes = []string{"x", "g", "z"}
	page := CodebookPage{Title: "Codebook: study", Codebook: cb, Freq: CodeFrequencies(codings, opt),
		Names:     Names{Code: cb.Path, Coder: func(id string) string { return "coder " + id }, Document: func(id string) string { return "doc " + id }},
		Examples:  map[string][]CodebookExample{"x": {{Document: "d1", Coder: "A", Span: coding.Span{Start: 2, End: 6}, Text: "战略互信\nsecond line"}}},
		Documents: 2, Generated: time.Date(2026, 12, 1, 17, 30, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := WriteCodebookDocx(&buf, page); err != nil {
		t.Fatal(err)
	}
	texts, styles := docxParagraphs(t, buf.Bytes())
	all := strings.Join(texts, "|")
	for _, want := range []string{
		"Codebook: study|3 codes · coders: coder A, coder B · 2 documents · made 2026-12-01 17:30|■ X 互信|Colour #112233 · key 1 · applied to text|Definition|talk of <x> & y 😀|When to use|when x\nor x′|",
		"|all|3|1|15|coder A|2|1|",
		"|Coded passages|战略互信\nsecond line|doc d1 [2,6) · coder A|",
		"|group|Colour bad colour · a category: groups codes, not applied to text|",
		"|■ group > Z|",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the document lacks %q:\n%s", want, all)
		}
	}
	heading := map[string]string{}
	for i, s := range styles {
		heading[texts[i]] = s
	}
	if heading["■ X 互信"] != "Heading1" || heading["group"] != "Heading1" || heading["■ group > Z"] != "Heading2" || heading["Codebook: study"] != "Title" {
		t.Errorf("styles: %v", heading)
	}
}
