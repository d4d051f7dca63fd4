package textimport

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets feed any bytes to an importer. Seeds are in
// testdata/fuzz/<target>; run one with, for example,
//
//	go test -run '^$' -fuzz '^FuzzReadPDF$' -fuzztime 30s ./storage/textimport
//
// Whatever the input, an import must not panic or hang, an error must name
// the file, and a text must be in stored form (checkFuzzResult).

func FuzzReadTXT(f *testing.F) {
	f.Add([]byte("“Trust” — 信任\r\nline two\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := checkFuzzResult(t, "f.txt", data)
		// Clean UTF-8 comes out unchanged.
		if utf8.Valid(data) && !bytes.ContainsAny(data, "\x00\r") && !bytes.HasPrefix(data, bomUTF8) &&
			strings.TrimSpace(string(data)) != "" && sniffBinary(data, 1, 0) == "" {
			if want := string(data); got != want {
				t.Errorf("text %q, want %q", got, want)
			}
		}
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte("<p>one<br>two</p><table><tr><td>a<td>b</table>"))
	f.Fuzz(func(t *testing.T, data []byte) { checkFuzzResult(t, "f.html", data) })
}

// FuzzReadDOCX takes a whole file when the input starts like a zip, and
// otherwise the content of word/document.xml, so that the fuzzer reaches
// the XML reader without having to forge zip checksums.
func FuzzReadDOCX(f *testing.F) {
	f.Add([]byte(docxXML(`<w:p><w:r><w:t>a</w:t><w:tab/><w:br/></w:r></w:p>`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = zipOf(t, "word/document.xml", string(data))
		}
		checkFuzzResult(t, "f.docx", data)
	})
}

// FuzzReadODT is FuzzReadDOCX for content.xml.
func FuzzReadODT(f *testing.F) {
	f.Add([]byte(odtXML(`<text:p>a<text:s text:c="2"/>b</text:p>`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = zipOf(t, "content.xml", string(data))
		}
		checkFuzzResult(t, "f.odt", data)
	})
}

// FuzzReadPDF takes a whole file when the input starts like a PDF, and
// otherwise the content stream of a page (which may use the font /F1, the
// image /Im1 and the form /Fm1, which draws text).
func FuzzReadPDF(f *testing.F) {
	f.Add([]byte("BT /F1 12 Tf 72 700 Td [(Hello)-300(World)] TJ T* (next) Tj ET q 1 0 0 1 0 -100 cm /Fm1 Do Q"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("%PDF")) {
			data = pdfOf([]string{string(data)}, pdfImage, stream("/Type /XObject /Subtype /Form", "BT /F1 9 Tf 72 500 Td (form) Tj ET"))
		}
		checkFuzzResult(t, "f.pdf", data)
	})
}

// checkFuzzResult imports data and checks what every import promises; it
// returns the text.
func checkFuzzResult(t *testing.T, name string, data []byte) string {
	got, err := Read(name, data)
	if err != nil {
		if !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("error does not name the file: %v", err)
		}
		return ""
	}
	plain := strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".md")
	switch text := got.Text; {
	case got.Name != name:
		t.Errorf("name %q", got.Name)
	case text == "" || strings.TrimSpace(text) == "":
		t.Errorf("empty text %q without an error", text)
	case !utf8.ValidString(text):
		t.Errorf("text is not valid UTF-8: %q", text)
	case strings.ContainsRune(text, '\r') || strings.HasPrefix(text, "\ufeff"):
		t.Errorf("text is not in stored form: %q", text)
	case !plain && strings.TrimRightFunc(text, unicode.IsSpace) != text:
		t.Errorf("converted text ends in white space: %q", text)
	}
	for _, w := range got.Warnings {
		if !strings.HasPrefix(w, name+": ") {
			t.Errorf("warning does not name the file: %q", w)
		}
	}
	return got.Text
}
