package textimport

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"golang.org/x/net/html/charset"
)

// errTooBig stops reading a zip entry at MaxExpandedSize.
var errTooBig = fmt.Errorf("%w: expands to more than %d MiB (a zip bomb?)", ErrTooLarge, MaxExpandedSize>>20)

// office is an opened .docx or .odt archive.
type office struct {
	name, ext string // file name and its lower-case extension, for messages
	zr        *zip.Reader
}

// oleMagic starts an OLE compound file: an old binary .doc, or an Office
// document encrypted with a password.
var oleMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

// openOffice opens data as a zip archive, refusing too many entries.
func openOffice(name, ext string, data []byte) (*office, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, fmt.Errorf("%s: not a valid %s (it is protected by a password, or an old binary .doc renamed); save it as %s without a password", name, ext, ext)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // entries are looked up by name, never extracted
		return nil, fmt.Errorf("%s: not a valid %s (%w)", name, ext, err)
	}
	if len(zr.File) > MaxZipEntries {
		return nil, fmt.Errorf("%s: not a valid %s (%d zip entries, more than the %d allowed)", name, ext, len(zr.File), MaxZipEntries)
	}
	return &office{name: name, ext: ext, zr: zr}, nil
}

// entry finds the entry called name (exact spelling first, then any case).
func (o *office) entry(name string) *zip.File {
	var found *zip.File
	for _, f := range o.zr.File {
		if f.Name == name {
			return f
		}
		if found == nil && strings.EqualFold(f.Name, name) {
			found = f
		}
	}
	return found
}

// open opens entry name for reading, at most MaxExpandedSize bytes.
func (o *office) open(name string) (io.ReadCloser, error) {
	f := o.entry(name)
	if f == nil {
		return nil, fmt.Errorf("%s: not a valid %s (no %s inside)", o.name, o.ext, name)
	}
	if f.UncompressedSize64 > MaxExpandedSize {
		return nil, fmt.Errorf("%s: %s %w", o.name, f.Name, errTooBig)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid %s (%s: %w)", o.name, o.ext, f.Name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&capReader{r: rc, left: MaxExpandedSize}, rc}, nil
}

// parse runs a walker over the XML of entry part.
func (o *office) parse(part string, w xmlWalker) error {
	rc, err := o.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := walkXML(rc, w); err != nil {
		if errors.Is(err, errTooBig) {
			return fmt.Errorf("%s: %s %w", o.name, part, err)
		}
		return fmt.Errorf("%s: not a valid %s (%s: %w)", o.name, o.ext, part, err)
	}
	return nil
}

// capReader reads at most left bytes and then fails with errTooBig.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		if n, _ := c.r.Read(make([]byte, 1)); n > 0 {
			return 0, errTooBig
		}
		return c.r.Read(p)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// xmlWalker receives the tokens of a document part.
type xmlWalker interface {
	start(e xml.StartElement)
	end(e xml.EndElement)
	chars(s []byte)
}

// walkXML feeds the tokens of an XML document to w. A DOCTYPE is refused:
// document parts never have one, and it is how entity attacks start.
func walkXML(r io.Reader, w xmlWalker) error {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			w.start(tok)
		case xml.EndElement:
			w.end(tok)
		case xml.CharData:
			w.chars(tok)
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(tok), []byte("DOCTYPE")) {
				return errors.New("a DOCTYPE is not allowed in a document part (entities are never expanded)")
			}
		}
	}
}

// skipper tracks whether we are inside an element whose content is left out.
type skipper struct{ depth int }

// enter notes the start of an element; skipped says whether it starts a
// left-out subtree. It reports whether the element is inside one.
func (s *skipper) enter(skipped bool) bool {
	if s.depth > 0 || skipped {
		s.depth++
		return true
	}
	return false
}

// leave notes the end of an element and reports whether it was inside a
// left-out subtree.
func (s *skipper) leave() bool {
	if s.depth > 0 {
		s.depth--
		return true
	}
	return false
}

// Namespaces of the parts we read.
const (
	nsW      = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsMC     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsRels   = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsDraw   = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsXML    = "http://www.w3.org/XML/1998/namespace"
)

// endCell ends a table cell: the line break that ended its last paragraph
// becomes a tab, so that the cells of a row share a line.
func endCell(b *bytes.Buffer) {
	if p := b.Bytes(); len(p) > 0 && p[len(p)-1] == '\n' {
		p[len(p)-1] = '\t'
	}
}

// endRow ends a table row: the tab after its last cell becomes a line break.
func endRow(b *bytes.Buffer) {
	if p := b.Bytes(); len(p) > 0 && p[len(p)-1] == '\t' {
		p[len(p)-1] = '\n'
	}
}

// importDOCX reads the paragraphs of a Word document.
func importDOCX(name string, data []byte) (string, []string, error) {
	o, err := openOffice(name, ".docx", data)
	if err != nil {
		return "", nil, err
	}
	var w docxWalker
	if err := o.parse(o.mainDocument(), &w); err != nil {
		return "", nil, err
	}
	return w.b.String(), nil, nil
}

// mainDocument is the name of the main part of a .docx: the target of the
// officeDocument relationship in _rels/.rels, else word/document.xml.
func (o *office) mainDocument() string {
	const fallback = "word/document.xml"
	rc, err := o.open("_rels/.rels")
	if err != nil {
		return fallback
	}
	defer rc.Close()
	var rels relsWalker
	if walkXML(rc, &rels) != nil || rels.target == "" {
		return fallback
	}
	return strings.TrimPrefix(path.Clean("/"+rels.target), "/")
}

// relsWalker finds the officeDocument relationship of a package.
type relsWalker struct{ target string }

func (r *relsWalker) start(e xml.StartElement) {
	if e.Name.Space != nsRels || e.Name.Local != "Relationship" || r.target != "" {
		return
	}
	if strings.HasSuffix(attr(e, "", "Type"), "/officeDocument") {
		r.target = attr(e, "", "Target")
	}
}
func (r *relsWalker) end(xml.EndElement) {}
func (r *relsWalker) chars([]byte)       {}

// attr is the value of attribute space:local of e, or "".
func attr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxWalker collects the text of word/document.xml.
type docxWalker struct {
	b        bytes.Buffer
	skip     skipper
	inText   bool // inside w:t
	preserve bool // the w:t keeps its leading and trailing spaces
	inRun    int  // depth of w:r elements
	hidden   bool // the current run is hidden text
	text     []byte
}

// docxSkipped lists the elements left out with their content: tracked
// deletions and the old place of moved text.
var docxSkipped = map[string]bool{"del": true, "moveFrom": true}

func (w *docxWalker) start(e xml.StartElement) {
	// mc:Fallback repeats what mc:Choice holds, for older readers.
	skipped := e.Name.Space == nsMC && e.Name.Local == "Fallback" || e.Name.Space == nsW && docxSkipped[e.Name.Local]
	if w.skip.enter(skipped) || e.Name.Space != nsW {
		return
	}
	switch e.Name.Local {
	case "r":
		w.inRun++
		w.hidden = false
	case "vanish": // hidden text, when in the properties of a run
		if v := attr(e, nsW, "val"); w.inRun > 0 && v != "false" && v != "0" && v != "off" {
			w.hidden = true
		}
	case "t":
		w.inText, w.preserve, w.text = true, attr(e, nsXML, "space") == "preserve", w.text[:0]
	case "tab":
		if w.inRun > 0 { // not a tab stop in w:tabs
			w.b.WriteByte('\t')
		}
	case "br", "cr":
		w.b.WriteByte('\n')
	case "noBreakHyphen":
		w.b.WriteString("\u2011")
	}
}

func (w *docxWalker) end(e xml.EndElement) {
	if w.skip.leave() || e.Name.Space != nsW {
		return
	}
	switch e.Name.Local {
	case "r":
		w.inRun--
	case "t":
		if !w.preserve {
			w.text = bytes.Trim(w.text, " \t\r\n")
		}
		if !w.hidden {
			w.b.Write(w.text)
		}
		w.inText = false
	case "p":
		w.b.WriteByte('\n')
	case "tc":
		endCell(&w.b)
	case "tr":
		endRow(&w.b)
	}
}

func (w *docxWalker) chars(s []byte) {
	if w.inText && w.skip.depth == 0 {
		w.text = append(w.text, s...)
	}
}

// importODT reads the paragraphs of an OpenDocument text.
func importODT(name string, data []byte) (string, []string, error) {
	o, err := openOffice(name, ".odt", data)
	if err != nil {
		return "", nil, err
	}
	if o.encrypted() {
		return "", nil, fmt.Errorf("%s: the document is protected by a password; save it without one", name)
	}
	var w odtWalker
	if err := o.parse("content.xml", &w); err != nil {
		return "", nil, err
	}
	var warnings []string
	if w.notes > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: footnotes or endnotes left out: %d", name, w.notes))
	}
	return w.b.String(), warnings, nil
}

// encrypted reports whether the manifest of an OpenDocument file says its
// parts are encrypted.
func (o *office) encrypted() bool {
	rc, err := o.open("META-INF/manifest.xml")
	if err != nil {
		return false
	}
	defer rc.Close()
	manifest, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	return bytes.Contains(manifest, []byte("encryption-data"))
}

// odtSkipped lists the elements of the text namespace left out of a
// paragraph's text (OpenDocument 1.2, part 1, 6.1.1), and the tracked
// changes, which hold deleted text.
var odtSkipped = map[string]bool{"note-body": true, "ruby-text": true, "tracked-changes": true}

// odtWalker collects the paragraphs of content.xml, collapsing white space
// as OpenDocument 1.2, part 1, 6.1.2 says.
type odtWalker struct {
	b      bytes.Buffer
	skip   skipper
	body   int  // depth of office:body
	para   int  // depth of text:p and text:h
	afterS bool // the last character of the paragraph is white space (or it is empty)
	space  bool // a collapsed space is owed before the next character
	notes  int
}

func (w *odtWalker) start(e xml.StartElement) {
	n := e.Name
	skipped := n.Space == nsDraw || n.Space == nsOffice && n.Local == "annotation" ||
		n.Space == nsText && odtSkipped[n.Local]
	if w.skip.enter(skipped) {
		if n.Space == nsText && n.Local == "note-body" && w.skip.depth == 1 {
			w.notes++
		}
		return
	}
	switch {
	case n.Space == nsOffice && n.Local == "body":
		w.body++
	case n.Space != nsText || w.body == 0:
	case n.Local == "p" || n.Local == "h":
		w.para++
		w.afterS, w.space = true, false
	case n.Local == "s":
		c := 1
		if _, err := fmt.Sscan(attr(e, nsText, "c"), &c); err != nil || c < 1 {
			c = 1
		}
		w.put(strings.Repeat(" ", min(c, 1000)), true)
	case n.Local == "tab":
		w.put("\t", true)
	case n.Local == "line-break":
		w.put("\n", true)
	}
}

func (w *odtWalker) end(e xml.EndElement) {
	n := e.Name
	if w.skip.leave() {
		return
	}
	switch {
	case n.Space == nsOffice && n.Local == "body":
		w.body--
	case n.Space == nsText && w.body > 0 && (n.Local == "p" || n.Local == "h"):
		w.para--
		w.b.WriteByte('\n')
		w.afterS, w.space = true, false
	case n.Space == nsTable && n.Local == "table-cell":
		endCell(&w.b)
	case n.Space == nsTable && n.Local == "table-row":
		endRow(&w.b)
	}
}

func (w *odtWalker) chars(s []byte) {
	if w.para == 0 || w.skip.depth > 0 {
		return
	}
	splitWhite(string(s), " \t\r\n", func(word string) { w.put(word, false) },
		func() { w.space = w.space || !w.afterS })
}

// put writes characters that are not collapsed, after any space owed;
// white says whether they are white space (text:s, text:tab,
// text:line-break), after which collapsible white space is ignored.
func (w *odtWalker) put(s string, white bool) {
	if w.space {
		w.b.WriteByte(' ')
		w.space = false
	}
	w.b.WriteString(s)
	w.afterS = white
}
