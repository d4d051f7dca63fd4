package textimport

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"desktop/marginalia/coding"
)

// want is the expected outcome of an import: the text and warnings, or
// an error containing err (and matching is, if set).
type want struct {
	text     string
	warnings []string
	err      string
	is       error
}

// check imports data as name and compares the outcome with w.
func check(t *testing.T, name string, data []byte, w want) {
	t.Helper()
	got, err := Read(name, data)
	if w.err != "" || w.is != nil {
		if err == nil {
			t.Fatalf("Read(%s) = %q, want error %q", name, got.Text, w.err)
		}
		if !strings.Contains(err.Error(), w.err) {
			t.Errorf("Read(%s) error = %q, want it to contain %q", name, err, w.err)
		}
		if w.is != nil && !errors.Is(err, w.is) {
			t.Errorf("Read(%s) error = %q, want errors.Is %v", name, err, w.is)
		}
		return
	}
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	if got.Text != w.text {
		t.Errorf("Read(%s) text =\n%q\nwant\n%q", name, got.Text, w.text)
	}
	if !slices.Equal(got.Warnings, w.warnings) {
		t.Errorf("Read(%s) warnings = %q, want %q", name, got.Warnings, w.warnings)
	}
	if got.Name != filepath.Base(name) {
		t.Errorf("Read(%s) name = %q", name, got.Name)
	}
}

func TestSupported(t *testing.T) {
	for name, ok := range map[string]bool{
		"a.txt": true, "A.TXT": true, "notes.md": true, "page.html": true, "page.HTM": true,
		"report.docx": true, "report.odt": true, "scan.PDF": true, "dir/x.y.txt": true,
		"report.doc": false, "book.epub": false, "txt": false, "": false, "a.txt.gz": false,
	} {
		if Supported(name) != ok {
			t.Errorf("Supported(%q) = %v, want %v", name, !ok, ok)
		}
	}
	for _, ext := range Extensions() {
		if !Supported("x" + ext) {
			t.Errorf("Extensions() lists %s, which Supported refuses", ext)
		}
	}
}

// The sample articles come out byte for byte as they are in the file,
// whatever the line ends and byte order mark.
func TestCorpusArticles(t *testing.T) {
	for _, tc := range []struct {
		file  string
		runes int
	}{
		{"sony-hack-cyber-dialogue.txt", 7036},
		{"setback-cyber-cooperation.txt", 4869},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(corpusFile(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(corpusFile(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if n := utf8.RuneCountInString(got.Text); n != tc.runes {
				t.Errorf("%d runes, want %d", n, tc.runes)
			}
			if got.Text != string(data) || got.Name != tc.file || len(got.Warnings) != 0 {
				t.Errorf("import changed the text (or warned %q)", got.Warnings)
			}
			windows := append(slices.Clone(bomUTF8), strings.ReplaceAll(string(data), "\n", "\r\n")+"\r\n"...)
			check(t, "windows.txt", windows, want{text: string(data) + "\n"})
			utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(windows[3:])
			if err != nil {
				t.Fatal(err)
			}
			check(t, "utf16.md", utf16, want{text: string(data) + "\n"})
		})
	}
}

// A text file opened in a word processor and saved (by LibreOffice 7.4)
// imports back as the same text.
func TestRoundTripThroughOfficeFormats(t *testing.T) {
	article, err := os.ReadFile(corpusFile("setback-cyber-cooperation.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// The PDF has two pages; the page break falls inside the last paragraph.
	// Two blank lines in a row are one paragraph break.
	pdfText := strings.Replace(string(article), "Contemporary International", "Contemporary \n\nInternational", 1)
	pdfText = strings.Replace(pdfText, "Relations.\n\n\nYou", "Relations.\n\nYou", 1)
	for _, tc := range []struct{ file, want string }{
		{"setback.docx", string(article)},
		{"setback.odt", string(article)},
		{"setback.pdf", pdfText},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tc.want {
				t.Errorf("text differs from the article:\n%s", firstDifference(got.Text, tc.want))
			}
			if len(got.Warnings) != 0 {
				t.Errorf("warnings %q", got.Warnings)
			}
		})
	}
}

// firstDifference shows where two texts part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-40)
	return "got  …" + strings.ToValidUTF8(got[from:min(len(got), i+40)], "?") + "…\nwant …" + strings.ToValidUTF8(want[from:min(len(want), i+40)], "?") + "…"
}

// rich.html, converted by LibreOffice to the other formats: curly quotes,
// an em dash, a no-break space, Chinese, a list, a table, a line break.
func TestRichFixtures(t *testing.T) {
	const (
		heading = "Cyber Norms and “Trust”"
		para1   = "China and the US disagree about the “rules of the road” in cyberspace — yet both speak of trust\u00a0and restraint."
		para2   = "网络安全 (cyber security) is a shared concern: 中美网络安全合作。\nA second line after a line break."
		list    = "Norms & sovereignty\nDon’t attack critical infrastructure"
		table   = "Country\tPosition\nChina\tSovereignty"
		footer  = "© 2014 CUSEF. All rights reserved."
	)
	for _, tc := range []struct{ file, want string }{
		// The page's nav and footer are dropped; paragraphs are separated by a blank line.
		{"rich.html", strings.Join([]string{heading, para1, para2, list, table}, "\n\n")},
		// LibreOffice keeps nav and footer as ordinary paragraphs (and the
		// spaces it found before the list items' ends).
		{"rich.docx", strings.Join([]string{"Home | News ", heading, para1, para2,
			"Norms & sovereignty \nDon’t attack critical infrastructure ", table, footer}, "\n")},
		{"rich.odt", strings.Join([]string{"Home | News", heading, para1, para2, list, table, footer}, "\n")},
		{"rich.pdf", strings.Join([]string{"Home | News ", heading, para1, para2,
			"• Norms & sovereignty \n• Don’t attack critical infrastructure ",
			"Country Position\nChina Sovereignty\n" + footer}, "\n\n")},
	} {
		t.Run(tc.file, func(t *testing.T) {
			check(t, tc.file, readFixture(t, tc.file), want{text: tc.want})
		})
	}
}

func TestPlainText(t *testing.T) {
	utf16 := func(order unicode.Endianness, s string) []byte {
		b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		data []byte
		want
	}{
		{"bom.txt", []byte("\ufeff“Trust” — 信任\r\nline 2\rline 3"), want{text: "“Trust” — 信任\nline 2\nline 3"}},
		{"le.txt", utf16(unicode.LittleEndian, "“Trust” 信任 😀\r\n"), want{text: "“Trust” 信任 😀\n"}},
		{"be.txt", utf16(unicode.BigEndian, "“Trust” 信任 😀\r\n"), want{text: "“Trust” 信任 😀\n"}},
		{"odd.txt", append(utf16(unicode.LittleEndian, "ab"), 'c'), want{text: "ab",
			warnings: []string{"odd.txt: UTF-16 text with an odd number of bytes; the last byte was ignored"}}},
		{"lone.txt", []byte{0xff, 0xfe, 'a', 0, 0x00, 0xd8, 'b', 0}, want{text: "a\uFFFDb",
			warnings: []string{"lone.txt: 1 broken UTF-16 characters replaced by U+FFFD"}}},
		{"latin.txt", []byte("caf\xe9 \x93quoted\x94 na\xefve \x80 5"), want{text: "café “quoted” naïve € 5",
			warnings: []string{"latin.txt: not valid UTF-8; read as Windows-1252"}}},
		{"trail.txt", []byte("  indented\n\ntext \t\n\n  \n"), want{text: "  indented\n\ntext \t\n\n  \n"}},
		{"notes.md", []byte("# Title\n\n*emphasis* and [a link](http://example.org)\n"),
			want{text: "# Title\n\n*emphasis* and [a link](http://example.org)\n"}},
		{"ctrl.txt", []byte("page 1\fpage 2\x1b[0m\x1a"), want{text: "page 1\fpage 2\x1b[0m\x1a"}},
		{"bin.txt", []byte("text\x00\x01\x02"), want{err: "bin.txt: looks like a binary file, not text (NUL byte at offset 4)", is: ErrBinary}},
		{"bombin.txt", []byte("\xef\xbb\xbfab\x00"), want{err: "(NUL byte at offset 5)", is: ErrBinary}},
		{"ctl.txt", []byte("\x01\x02\x03\x04 some text \x05\x06"), want{err: "ctl.txt: looks like a binary file, not text (6 control characters in the first 17 bytes)"}},
		{"nul16.txt", utf16(unicode.LittleEndian, "a\x00b"), want{err: "nul16.txt: looks like a binary file, not text (NUL character at offset 4)"}},
		{"empty.txt", nil, want{err: "empty.txt: is empty", is: ErrEmpty}},
		{"blank.md", []byte(" \r\n\t\n"), want{err: "blank.md: is empty", is: ErrEmpty}},
		{"bomonly.txt", bomUTF8, want{err: "bomonly.txt: is empty", is: ErrEmpty}},
		{"bom16only.txt", bomUTF16BE, want{err: "bom16only.txt: is empty", is: ErrEmpty}},
		// A tool that added a BOM to a text that had one: all go, and a
		// U+FEFF inside the text stays.
		{"boms.txt", []byte("\ufeff\ufeff\ufeffTrust\ufeff."), want{text: "Trust\ufeff."}},
		{"boms16.txt", utf16(unicode.BigEndian, "\ufeff\ufeffTrust"), want{text: "Trust"}},
		{"boms16only.txt", []byte("\xfe\xff\xfe\xff"), want{err: "boms16only.txt: is empty", is: ErrEmpty}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.name, tc.data, tc.want) })
	}
}

func TestHTML(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(`<meta charset="gbk"><p>网络安全</p>`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, html string
		want
	}{
		{"collapse", "<p>  one\n   two\t&amp;  <b>three</b>&nbsp;&nbsp;four </p>", want{text: "one two & three\u00a0\u00a0four"}},
		{"paragraphs", "<h2>Title</h2><p>First.</p><p>Second.</p><div>div 1</div><div>div 2</div>",
			want{text: "Title\n\nFirst.\n\nSecond.\n\ndiv 1\ndiv 2"}},
		{"breaks", "<p>a<br>b<br><br>c<br></p><p>d</p>", want{text: "a\nb\n\nc\n\nd"}},
		{"lists", "<p>Intro</p><ul><li>one</li><li>two <ol><li>nested</li></ol></li></ul>after",
			want{text: "Intro\n\none\ntwo\n\nnested\n\nafter"}},
		{"pre", "<p>code:</p><pre>\nfunc  main() {\n\treturn\n}</pre>", want{text: "code:\n\nfunc  main() {\n\treturn\n}"}},
		{"table", "<table><tr><td>a</td><td> b </td></tr><tr><th>c</th><td></td><td>d</td></tr></table>",
			want{text: "a\tb\nc\t\td"}},
		{"dropped", `<html><head><title>T</title><style>p{}</style></head><body><header>Site</header>` +
			`<nav>Menu</nav><script>var x = "<p>no</p>";</script><noscript>enable JS</noscript>` +
			`<main><article><p>Kept.</p><aside>Ad</aside><form><label>Name</label><input></form>` +
			`<template><p>tmpl</p></template><p hidden>secret</p></article></main><footer>©</footer></body></html>`,
			want{text: "Kept."}},
		{"invalid", "<p>unclosed <b>bold <i>text</p><div>more</span> & < done", want{text: "unclosed bold text\n\nmore & < done"}},
		{"entities", "<p>&ldquo;Trust&rdquo; &mdash; &#20449;&#x4EFB; &eacute; &unknown;</p>", want{text: "“Trust” — 信任 é &unknown;"}},
		{"no tags", "just text\n\nwith a blank line", want{text: "just text with a blank line"}},
		{"scripts only", "<script>alert(1)</script>", want{err: "is empty", is: ErrEmpty}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, "page.html", []byte(tc.html), tc.want) })
	}
	utf16, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<p>“信任”</p>"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want
	}{
		{"cp1252.htm", []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>` + "\x93caf\xe9\x94</p>"),
			want{text: "“café”"}},
		{"latin1.htm", []byte(`<meta charset="iso-8859-1"><p>` + "na\xefve</p>"), want{text: "naïve"}},
		{"gbk.html", gbk, want{text: "网络安全"}},
		{"utf16.html", utf16, want{text: "“信任”"}},
		// Two UTF-16 byte order marks (a fuzzer's find), and U+FEFF in a
		// page: none is kept, not even one that blank lines put first.
		{"boms.html", []byte("\xfe\xff\xfe\xff\x000"), want{text: "0"}},
		{"zwnbsp.html", []byte("<p>\ufeff</p><p>\ufeffTrust\ufeff.</p>"), want{text: "Trust."}},
		{"undeclared.html", []byte("<p>caf\xe9</p>"), want{text: "café",
			warnings: []string{"undeclared.html: not valid UTF-8 and no charset declared; read as Windows-1252"}}},
		{"utf8-despite-meta.html", []byte(`<meta charset="windows-1252"><p>“信任”</p>`), want{text: "“信任”"}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.name, tc.data, tc.want) })
	}
}

func TestDOCX(t *testing.T) {
	p := func(runs string) string { return "<w:p>" + runs + "</w:p>" }
	r := func(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }
	for _, tc := range []struct {
		name, body string
		want
	}{
		{"paragraphs", p(r("First.")) + p("") + p(r("“Trust” &amp; 信任")), want{text: "First.\n\n“Trust” & 信任"}},
		{"runs", p(`<w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r><w:r><w:t xml:space="preserve"> and plain</w:t></w:r>`),
			want{text: "bold and plain"}},
		{"space not preserved", p(`<w:r><w:t>  trimmed  </w:t></w:r>`+r(" kept ")) + p(r("x")), want{text: "trimmed kept \nx"}},
		{"tabs and breaks", p(`<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`+
			`<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:br w:type="page"/></w:r>`) + p(r("e")),
			want{text: "a\tb\nc\nd\n\ne"}},
		{"tracked changes", p(r("kept ")+`<w:ins><w:r><w:t>inserted</w:t></w:r></w:ins>`+
			`<w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>`+`<w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom>`) +
			p(`<w:moveTo><w:r><w:t>moved</w:t></w:r></w:moveTo>`), want{text: "kept inserted\nmoved"}},
		{"hidden text", p(`<w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>` +
			`<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>shown</w:t></w:r><w:r><w:t xml:space="preserve"> too</w:t></w:r>`),
			want{text: "shown too"}},
		{"fields", p(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + r("7") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`),
			want{text: "7"}},
		{"text box once", p(r("Before ") + `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>` +
			`<wps:txbx><w:txbxContent>` + p(r("In the box")) + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
			`<mc:Fallback><w:pict><w:txbxContent>` + p(r("In the box")) + `</w:txbxContent></w:pict></mc:Fallback>` +
			`</mc:AlternateContent></w:r>` + r("after.")), want{text: "Before In the box\nafter."}},
		{"table", `<w:tbl><w:tblPr/><w:tr><w:tc>` + p(r("a")) + `</w:tc><w:tc>` + p(r("b")) + `</w:tc></w:tr>` +
			`<w:tr><w:tc>` + p(r("c")) + `</w:tc><w:tc>` + p("") + `</w:tc><w:tc>` + p(r("d")) + `</w:tc></w:tr></w:tbl>` + p(r("after")),
			want{text: "a\tb\nc\t\td\nafter"}},
		{"hyphens", p(r("e") + `<w:r><w:noBreakHyphen/><w:t>mail</w:t><w:softHyphen/><w:t>s</w:t></w:r>`), want{text: "e\u2011mails"}},
		{"leading empty paragraphs", p("") + p(r("  ")) + p(r("  Indented")), want{text: "  Indented"}},
		{"no text", p("") + p(`<w:r><w:drawing/></w:r>`), want{err: "doc.docx: is empty", is: ErrEmpty}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, "doc.docx", docxOf(t, tc.body), tc.want) })
	}

	// The main part is found through the package relationships.
	moved := zipOf(t,
		"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/>`+
			`</Relationships>`,
		"word/main.xml", docxXML(p(r("main part"))))
	check(t, "moved.docx", moved, want{text: "main part"})
}

func TestODT(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want
	}{
		{"collapse", "<text:p>  Hello   <text:span>big </text:span>\n  world  </text:p><text:h text:outline-level=\"1\">“信任”</text:h>",
			want{text: "Hello big world\n“信任”"}},
		{"spaces", `<text:p>a<text:s text:c="3"/>b <text:s/>c<text:tab/>d<text:line-break/>e</text:p><text:p><text:s/>indented</text:p>`,
			want{text: "a   b  c\td\ne\n indented"}},
		{"empty paragraphs", "<text:p>one</text:p><text:p/><text:p>  </text:p><text:p>two</text:p>", want{text: "one\n\n\ntwo"}},
		{"footnote", `<text:p>Claim<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>` +
			`<text:note-body><text:p>The source.</text:p></text:note-body></text:note>.</text:p>`,
			want{text: "Claim1.", warnings: []string{"doc.odt: footnotes or endnotes left out: 1"}}},
		{"left out", `<text:tracked-changes><text:changed-region><text:deletion><text:p>deleted</text:p></text:deletion>` +
			`</text:changed-region></text:tracked-changes><text:p>kept<office:annotation><dc:creator>A</dc:creator>` +
			`<text:p>comment</text:p></office:annotation> <draw:frame><draw:text-box><text:p>box</text:p></draw:text-box></draw:frame>text</text:p>`,
			want{text: "kept text"}},
		{"lists and tables", `<text:list><text:list-item><text:p>item 1</text:p></text:list-item>` +
			`<text:list-item><text:p>item 2</text:p></text:list-item></text:list>` +
			`<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>` +
			`<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>`,
			want{text: "item 1\nitem 2\na\tb"}},
		{"no text", "<text:p/><text:sequence-decls/>", want{err: "doc.odt: is empty", is: ErrEmpty}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, "doc.odt", odtOf(t, tc.text), tc.want) })
	}
}

func TestPDF(t *testing.T) {
	// Helvetica here has no /Widths, so glyphs are taken as half an em wide.
	long := strings.Repeat("word ", 15) + "end" // 78 glyphs: 468 pt at 12 pt, from 72 to the right margin at 540
	for _, tc := range []struct {
		name  string
		pages []string
		extra []string
		want
	}{
		{"kerning and spaces", []string{"BT /F1 12 Tf 72 700 Td [(Hello)-300(World)] TJ ( again) Tj ET"},
			nil, want{text: "Hello World again"}},
		{"lines and paragraphs", []string{"BT /F1 12 Tf 14 TL 72 700 Td (" + long + ") Tj T* (continues here.) Tj T* (Short line) Tj " +
			"0 -28 Td (Next paragraph.) Tj ET"}, nil, want{text: long + " continues here.\nShort line\n\nNext paragraph."}},
		{"out of order on a line", []string{"BT /F1 12 Tf 150 700 Td (second) Tj ET BT /F1 12 Tf 72 700 Td (first) Tj ET"},
			nil, want{text: "first second"}},
		{"pages", []string{"BT /F1 12 Tf 72 700 Td (Page one.) Tj ET", "BT /F1 12 Tf 72 700 Td (Page two.) Tj ET"},
			nil, want{text: "Page one.\n\nPage two."}},
		{"fake bold", []string{"BT /F1 12 Tf 72 700 Td (Bold) Tj ET BT /F1 12 Tf 72.5 700 Td (Bold) Tj ET"}, nil, want{text: "Bold"}},
		{"winansi", []string{"BT /F1 12 Tf 72 700 Td (\x93caf\xe9\x94 \x97 5 \x80) Tj ET"}, nil, want{text: "“café” — 5 €"}},
		{"form xobject", []string{"BT /F1 12 Tf 72 700 Td (Above) Tj ET q 1 0 0 1 0 -100 cm /Fm1 Do Q"},
			[]string{pdfImage, stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", "BT /F1 12 Tf 72 700 Td (In a form) Tj ET")},
			want{text: "Above\n\nIn a form"}},
		{"some pages scanned", []string{"BT /F1 12 Tf 72 700 Td (Text.) Tj ET", "q 612 0 0 792 0 0 cm /Im1 Do Q"},
			[]string{pdfImage}, want{text: "Text.", warnings: []string{"scan.pdf: page 2 has no text layer (scanned?); run OCR to get their text"}}},
		{"scanned", []string{"q 612 0 0 792 0 0 cm /Im1 Do Q", ""}, []string{pdfImage},
			want{err: "scan.pdf: the PDF has no text layer (scanned?); run OCR first", is: ErrNoTextLayer}},
		{"ligatures", []string{"BT /F2 12 Tf 72 700 Td (\x01le \x02ow) Tj ET"},
			[]string{pdfImage, pdfImage, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Differences [1 /fi /fl] >> >>"},
			want{text: "file flow"}},
		{"a damaged page", []string{"BT /F1 12 Tf 72 700 Td (fine) Tj ET", "BT (x) Tj <41", "BT (y) Tj <4"},
			nil, want{text: "fine", warnings: []string{"scan.pdf: pages 2, 3 could not be read completely " +
				"(damaged content: it ends inside a hex string); the text may be incomplete"}}},
		{"type 3 font widths", []string{"BT /F2 12 Tf 72 700 Td (ab) Tj ET BT /F2 12 Tf 84 700 Td (cd) Tj ET"},
			[]string{pdfImage, pdfImage, "<< /Type /Font /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FirstChar 97 /LastChar 100 " +
				"/Widths [50 50 50 50] /Encoding /WinAnsiEncoding /CharProcs << >> /FontBBox [0 0 100 100] >>"},
			want{text: "abcd"}},
		{"bad operators", []string{"BT /F1 12 Tf 72 700 Td (kept) Tj Tf Tj TJ 1 2 Tm ' ET BT (more) Tj ET"}, nil, want{text: "kept\n\nmore"}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, "scan.pdf", pdfOf(tc.pages, tc.extra...), tc.want) })
	}

	// PDF 2.0, which the reader would refuse by its header alone.
	v2 := pdfOf([]string{"BT /F1 12 Tf 72 700 Td (Version two) Tj ET"})
	copy(v2, "%PDF-2.0")
	check(t, "v2.pdf", v2, want{text: "Version two"})

	// A page tree that contains itself ends; it has no page to read.
	loop := rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>")
	check(t, "loop.pdf", loop, want{err: "loop.pdf: not a valid .pdf (no pages found)"})
}

func TestBadFiles(t *testing.T) {
	docx := readFixture(t, "setback.docx")
	for _, tc := range []struct {
		name string
		data []byte
		want
	}{
		{"notes.doc", []byte("x"), want{err: `notes.doc: unsupported file type ".doc" (supported: .txt .md .html .htm .docx .odt .pdf)`, is: ErrUnsupported}},
		{"truncated.docx", docx[:len(docx)/2], want{err: "truncated.docx: not a valid .docx (zip: not a valid zip file)"}},
		{"text.docx", []byte("plain text, not a zip"), want{err: "text.docx: not a valid .docx (zip: not a valid zip file)"}},
		{"empty.docx", nil, want{err: "empty.docx: not a valid .docx (zip: not a valid zip file)"}},
		{"nodoc.docx", zipOf(t, "word/styles.xml", "<w:styles/>"), want{err: "nodoc.docx: not a valid .docx (no word/document.xml inside)"}},
		{"noxml.odt", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text"), want{err: "noxml.odt: not a valid .odt (no content.xml inside)"}},
		{"badxml.docx", zipOf(t, "word/document.xml", docxXML("<w:p><w:r><w:t>open")),
			want{err: "badxml.docx: not a valid .docx (word/document.xml: XML syntax error on line 2: element <t> closed by </body>)"}},
		{"doctype.docx", zipOf(t, "word/document.xml", `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`+
			docxXML("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>")[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`):]),
			want{err: "doctype.docx: not a valid .docx (word/document.xml: a DOCTYPE is not allowed"}},
		{"old.docx", append(slices.Clone(oleMagic), make([]byte, 512)...),
			want{err: "old.docx: not a valid .docx (it is protected by a password, or an old binary .doc renamed); save it as .docx without a password"}},
		{"secret.odt", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "\x93\x01binary",
			"META-INF/manifest.xml", `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">`+
				`<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`),
			want{err: "secret.odt: the document is protected by a password; save it without one"}},
		{"entity.odt", odtOf(t, "<text:p>&xxe;</text:p>"), want{err: "entity.odt: not a valid .odt (content.xml: XML syntax error on line 2: invalid character entity &xxe;)"}},
		{"empty.pdf", nil, want{err: "empty.pdf: not a valid .pdf (not a PDF file: invalid header)"}},
		{"truncated.pdf", readFixture(t, "setback.pdf")[:5000], want{err: "truncated.pdf: not a valid .pdf (not a PDF file: missing %%EOF)"}},
		{"blank-page.pdf", readFixture(t, "blank-page.pdf"), want{err: "blank-page.pdf: the PDF has no text layer (scanned?); run OCR first", is: ErrNoTextLayer}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.name, tc.data, tc.want) })
	}
}

func TestBombs(t *testing.T) {
	// An honest header that declares more than we expand.
	bomb := deflated(t, bytes.Repeat([]byte{'<'}, 1<<20), MaxExpandedSize>>20+1)
	check(t, "bomb.docx", rawZip(t, "word/document.xml", bomb, MaxExpandedSize+1),
		want{err: "bomb.docx: word/document.xml too large: expands to more than 256 MiB (a zip bomb?)", is: ErrTooLarge})

	// A header that lies: it declares 100 bytes and holds a megabyte.
	lying := deflated(t, bytes.Repeat([]byte("<a/>"), 1<<18), 1)
	check(t, "lying.odt", rawZip(t, "content.xml", lying, 100),
		want{err: "lying.odt: not a valid .odt (content.xml: zip: not a valid zip file)"})

	// Too many entries.
	pairs := make([]string, 0, 2*(MaxZipEntries+1))
	for i := range MaxZipEntries + 1 {
		pairs = append(pairs, "f"+strconv.Itoa(i), "")
	}
	check(t, "many.odt", zipOf(t, pairs...), want{err: "many.odt: not a valid .odt (10001 zip entries, more than the 10000 allowed)"})

	// A PDF page whose content stream inflates beyond the limit.
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	spaces := bytes.Repeat([]byte{' '}, 1<<20)
	for range MaxExpandedSize>>20 + 1 {
		if _, err := zw.Write(spaces); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	pdfBomb := rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", stream("/Filter /FlateDecode", z.String()))
	check(t, "bomb.pdf", pdfBomb, want{err: "bomb.pdf: too large: its pages expand to more than 256 MiB (a compression bomb?)", is: ErrTooLarge})
}

// deflated compresses data, repeated n times, as a zip entry would.
func deflated(t testing.TB, data []byte, n int) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawZip makes a zip with one deflated entry whose header says it expands
// to size bytes.
func rawZip(t testing.TB, name string, compressed []byte, size uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate,
		CompressedSize64: uint64(len(compressed)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(compressed); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		path string
		want string
		is   error
	}{
		{big, "big.txt: too large: 200 MiB, more than the 200 MiB allowed", ErrTooLarge},
		{filepath.Join(dir, "missing.txt"), "missing.txt: no such file or directory", os.ErrNotExist},
		{dir + "/sub.txt", "sub.txt: not a regular file", nil},
		{filepath.Join(dir, "x.rtf"), `x.rtf: unsupported file type ".rtf"`, ErrUnsupported},
	} {
		if tc.path == dir+"/sub.txt" {
			if err := os.Mkdir(tc.path, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		_, err := ReadFile(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
			t.Errorf("ReadFile(%s) error = %v, want %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}

// The stored text is what coding expects of a document's text.
func TestResultIsStoredForm(t *testing.T) {
	for _, file := range []string{"rich.html", "rich.docx", "rich.odt", "rich.pdf", "setback.pdf"} {
		got, err := ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != coding.NormalizeText(got.Text) || !utf8.ValidString(got.Text) {
			t.Errorf("%s: text is not in stored form", file)
		}
		doc := coding.NewDocument(got.Name, got.Text)
		if doc.Text != got.Text || doc.Length != utf8.RuneCountInString(got.Text) {
			t.Errorf("%s: coding.NewDocument changed the text", file)
		}
	}
}

// Damaged or hostile PDFs on which the reader would loop, exhaust memory
// or overflow its stack give a clear error instead, quickly.
func TestPDFGuards(t *testing.T) {
	withTrailer := func(objs []string, trailer string) []byte {
		data := rawPDF(objs...)
		return bytes.Replace(data, []byte("/Root 1 0 R >>"), []byte("/Root 1 0 R "+trailer+" >>"), 1)
	}
	catalog := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"}
	page := func(content string) []string { return append(slices.Clone(catalog), stream("", content)) }

	selfPrev := rawPDF(page("BT (x) Tj ET")...)
	xref := bytes.Index(selfPrev, []byte("\nxref\n")) + 1
	selfPrev = bytes.Replace(selfPrev, []byte("/Root 1 0 R >>"), []byte("/Root 1 0 R /Prev "+strconv.Itoa(xref)+" >>"), 1)

	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"open hex string", rawPDF(page("BT /F1 12 Tf 72 700 Td (text) Tj ET <4142")...),
			"open.pdf: not a readable PDF (page 1: damaged content: it ends inside a hex string)"},
		{"huge size", withTrailer(page("BT (x) Tj ET"), "/Size 99999999999"), "open.pdf: not a valid .pdf (damaged: /Size asks for 99999999999 objects in a file of"},
		{"huge xref section", bytes.Replace(rawPDF(page("BT (x) Tj ET")...), []byte("xref\n0 5"), []byte("xref\n4000000000 5"), 1),
			"open.pdf: not a valid .pdf (damaged: a cross-reference table asks for 4000000005 objects"},
		{"xref that is its own predecessor", selfPrev, "open.pdf: too large: reading it goes round in circles"},
		{"object streams in a loop", xrefStreamPDF(), "open.pdf: not a valid .pdf (damaged: object streams inside object streams)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			check(t, "open.pdf", tc.data, want{err: tc.want})
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// xrefStreamPDF is a PDF with a cross-reference stream in which objects 2
// and 3 each live in an object stream that is the other.
func xrefStreamPDF() []byte {
	return xrefStreamPDFOf(map[int]string{1: "<< /Type /Catalog /Pages 2 0 R >>"}, map[int]int{2: 3, 3: 2})
}

// xrefStreamPDFOf makes a PDF 1.5 with a cross-reference stream, holding
// objects (by number) and saying that others are in object streams
// (number -> object stream).
func xrefStreamPDFOf(objs map[int]string, inStream map[int]int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	size := 0
	for n := range objs {
		size = max(size, n+1)
	}
	for n := range inStream {
		size = max(size, n+1)
	}
	xrefNum := size
	size++
	entries := make([]byte, 4*size)
	for n := range size {
		if body, ok := objs[n]; ok {
			off := b.Len()
			entries[4*n], entries[4*n+1], entries[4*n+2] = 1, byte(off>>8), byte(off)
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
		} else if s, ok := inStream[n]; ok {
			entries[4*n], entries[4*n+2] = 2, byte(s)
		}
	}
	xref := b.Len()
	entries[4*xrefNum], entries[4*xrefNum+1], entries[4*xrefNum+2] = 1, byte(xref>>8), byte(xref)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n",
		xrefNum, size, len(entries), entries)
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// When the reader loops where no guard sees it, reading gives up at the
// deadline. Here an object stream says (indirectly, where checkPDFNumbers
// cannot see it) that it holds 50 million objects, and the reader looks
// for one it lacks through all of them.
func TestPDFDeadline(t *testing.T) {
	defer func(d func(int) time.Duration) { pdfDeadline = d }(pdfDeadline)
	pdfDeadline = func(int) time.Duration { return 50 * time.Millisecond }
	data := xrefStreamPDFOf(map[int]string{
		1: "<< /Type /Catalog /Pages 2 0 R >>",
		5: stream("/Type /ObjStm /N 6 0 R /First 10", ""),
		6: "50000000",
	}, map[int]int{2: 5})
	check(t, "slow.pdf", data, want{err: "slow.pdf: reading the PDF took more than 50ms; it is probably damaged"})
}
