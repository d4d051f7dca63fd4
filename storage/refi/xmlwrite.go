package refi

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// xmlWriter writes indented XML by hand, which keeps element order, the
// layout and so the bytes under our control (and is several times faster
// than encoding/xml's reflection on projects with 100,000 codings). The
// first write error is kept and reported by flush.
type xmlWriter struct {
	w     *bufio.Writer
	depth int
	open  bool // a start tag is open: '>' or '/>' still to write
	err   error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	x := &xmlWriter{w: bufio.NewWriterSize(w, 64<<10)}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	return x
}

func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

func (x *xmlWriter) indent() {
	x.raw("\n")
	for range x.depth {
		x.raw("  ")
	}
}

// start opens an element; attributes follow with attr, children with start
// or text, and end closes it.
func (x *xmlWriter) start(name string) {
	if x.open {
		x.raw(">")
	}
	if x.depth > 0 {
		x.indent()
	}
	x.raw("<" + name)
	x.depth++
	x.open = true
}

// attr writes an attribute of the element just started; empty values are
// left out, since every optional attribute we write means "unknown" when empty.
func (x *xmlWriter) attr(name, value string) {
	if value == "" {
		return
	}
	x.raw(" " + name + `="`)
	x.escape(value, true)
	x.raw(`"`)
}

func (x *xmlWriter) attrInt(name string, v int) { x.attr(name, strconv.Itoa(v)) }

func (x *xmlWriter) attrBool(name string, v bool) { x.attr(name, strconv.FormatBool(v)) }

// attrTime writes an xsd:dateTime in UTC; the zero time is left out.
func (x *xmlWriter) attrTime(name string, t time.Time) {
	if !t.IsZero() {
		x.attr(name, t.UTC().Format(time.RFC3339Nano))
	}
}

// textElement writes <name>text</name> on one line (text may span lines).
func (x *xmlWriter) textElement(name, text string) {
	x.start(name)
	x.raw(">")
	x.open = false
	x.escape(text, false)
	x.raw("</" + name + ">")
	x.depth--
}

// end closes the innermost open element.
func (x *xmlWriter) end(name string) {
	x.depth--
	if x.open {
		x.raw("/>")
		x.open = false
		return
	}
	x.indent()
	x.raw("</" + name + ">")
}

func (x *xmlWriter) flush() error {
	x.raw("\n")
	if x.err == nil {
		x.err = x.w.Flush()
	}
	return x.err
}

// escape writes s as XML character data. In attributes, line breaks and tabs
// become character references so that parsers keep them; in text, "\r" does
// (a parser would turn a literal one into "\n"). Characters XML 1.0 cannot
// carry at all (most C0 controls, invalid UTF-8) become U+FFFD.
func (x *xmlWriter) escape(s string, inAttr bool) {
	if plainASCII(s) {
		x.raw(s)
		return
	}
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '"' && inAttr:
			esc = "&quot;"
		case r == '\n' && inAttr:
			esc = "&#xA;"
		case r == '\t' && inAttr:
			esc = "&#x9;"
		case r == '\r':
			esc = "&#xD;"
		case r == utf8.RuneError && width == 1, !xmlChar(r):
			esc = "\uFFFD"
		}
		if esc != "" {
			x.raw(s[last:i])
			x.raw(esc)
			last = i + width
		}
		i += width
	}
	x.raw(s[last:])
}

// plainASCII reports whether s is printable ASCII that needs no escaping
// anywhere, as GUIDs, numbers and most names are.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '&' || c == '<' || c == '>' || c == '"' {
			return false
		}
	}
	return true
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// escapeText returns s escaped as XML character data.
func escapeText(s string) string {
	var b strings.Builder
	x := &xmlWriter{w: bufio.NewWriter(&b)}
	x.escape(s, false)
	_ = x.w.Flush()
	return b.String()
}
