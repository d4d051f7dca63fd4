package textimport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusFile is the path of a sample article.
func corpusFile(name string) string {
	return filepath.Join("..", "..", "testdata", "corpus", name)
}

// readFixture reads a file of testdata/.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zipOf makes a zip archive of name, content pairs, in order.
func zipOf(t testing.TB, pairs ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(pairs); i += 2 {
		w, err := zw.Create(pairs[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(pairs[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxXML wraps the content of w:body in a document part.
func docxXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` mc:Ignorable="wps"><w:body>` + body + `<w:sectPr/></w:body></w:document>`
}

// docxOf makes a minimal .docx whose body is body.
func docxOf(t testing.TB, body string) []byte {
	return zipOf(t,
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml", docxXML(body))
}

// odtXML wraps the content of office:text in a content part.
func odtXML(text string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
		` xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"` +
		` xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"` +
		` xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">` +
		`<office:automatic-styles><text:list-style/></office:automatic-styles>` +
		`<office:body><office:text>` + text + `</office:text></office:body></office:document-content>`
}

// odtOf makes a minimal .odt whose office:text holds text.
func odtOf(t testing.TB, text string) []byte {
	return zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", odtXML(text))
}

// rawPDF assembles a PDF from object bodies (object 1 is objs[0] and must
// be the catalog), with a correct cross-reference table.
func rawPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// stream is the body of a stream object holding data.
func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// pdfOf makes a PDF of US Letter pages, each drawing one content stream,
// with Helvetica as /F1 and extra objects numbered from 3+2*len(pages)+1:
// the first is /Im1, the second /Fm1, the third /F2.
func pdfOf(pages []string, extra ...string) []byte {
	n := len(pages)
	kids := make([]string, n)
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	font := 3 + 2*n
	for i, content := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 3+2*i)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>", 4+2*i),
			stream("", content))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 612 792] "+
		"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << /Im1 %d 0 R /Fm1 %d 0 R >> >> >>",
		strings.Join(kids, " "), n, font, font+3, font+1, font+2)
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	return rawPDF(append(objs, extra...)...)
}

// pdfImage is an image XObject (a 1×1 grey pixel) to pass as the first
// extra object of pdfOf, named /Im1.
var pdfImage = stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80")
