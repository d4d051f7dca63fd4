package refi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// node is one element of a parsed XML file. Elements are matched by local
// name: a namespace prefix or an unexpected namespace URI is tolerated, as
// some tools write them.
type node struct {
	name     string
	attrs    []xml.Attr
	children []*node
	text     []byte // character data, kept only for the elements in textElements
	line     int    // where the start tag ends
}

// textElements are the elements whose character data we use.
var textElements = map[string]bool{"Description": true, "PlainTextContent": true,
	"TextValue": true, "BooleanValue": true, "IntegerValue": true, "FloatValue": true, "DateValue": true, "DateTimeValue": true}

// maxDepth bounds element nesting (codes nest; nothing legitimate nests deeper).
const maxDepth = 1000

// attr returns the value of the attribute with the given local name.
func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// child returns the first child element with the given name, or nil.
func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// each returns the child elements with the given name, in document order.
func (n *node) each(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// childText is the character data of the first child with that name.
func (n *node) childText(name string) string {
	if c := n.child(name); c != nil {
		return string(c.text)
	}
	return ""
}

// intAttr reads a required integer attribute.
func (n *node) intAttr(name string) (int, error) {
	v, ok := n.attr(name)
	if !ok {
		return 0, fmt.Errorf("line %d: <%s> has no %s", n.line, n.name, name)
	}
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("line %d: <%s> %s=%q is not a whole number", n.line, n.name, name, v)
	}
	return i, nil
}

// parseXML reads a whole XML document into a tree. It refuses any DOCTYPE,
// so that no entity, internal or external, is ever declared, let alone
// expanded. file names the document in errors.
func parseXML(data []byte, file string) (*node, error) {
	data, transcoded, err := toUTF8(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(strings.TrimSpace(label)) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return input, nil
		case "utf-16", "utf-16le", "utf-16be", "unicode":
			if transcoded {
				return input, nil
			}
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1":
			return latin1ToUTF8(input)
		}
		return nil, fmt.Errorf("unsupported encoding %q (use UTF-8)", label)
	}
	var root *node
	var stack []*node
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := d.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && root != nil {
				return nil, fmt.Errorf("%s: line %d: a second root element <%s>", file, line, t.Name.Local)
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("%s: line %d: elements nested deeper than %d levels", file, line, maxDepth)
			}
			n := &node{name: t.Name.Local, attrs: t.Attr, line: line}
			if len(stack) == 0 {
				root = n
			} else {
				top := stack[len(stack)-1]
				top.children = append(top.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].name != t.Name.Local {
				return nil, fmt.Errorf("%s: line %d: unexpected </%s>", file, line, t.Name.Local)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, fmt.Errorf("%s: line %d: text outside the root element", file, line)
				}
				continue
			}
			if top := stack[len(stack)-1]; textElements[top.name] {
				top.text = append(top.text, t...)
			}
		case xml.Directive:
			return nil, fmt.Errorf("%s: line %d: refusing a <!%s> declaration: REFI-QDA files need none, and entities are never expanded", file, line, firstWord(string(t)))
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("%s: unexpected end of file: <%s> is not closed", file, stack[len(stack)-1].name)
	}
	if root == nil {
		return nil, fmt.Errorf("%s: no XML element found", file)
	}
	return root, nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// toUTF8 removes a UTF-8 byte order mark and transcodes UTF-16 (recognised
// by its byte order mark) to UTF-8. It reports whether it transcoded.
func toUTF8(data []byte) ([]byte, bool, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], false, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		if len(data)%2 != 0 {
			return nil, false, errors.New("UTF-16 text with an odd number of bytes")
		}
		big := data[0] == 0xFE
		u := make([]uint16, 0, len(data)/2-1)
		for i := 2; i+1 < len(data); i += 2 {
			if big {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			} else {
				u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
			}
		}
		out := make([]byte, 0, len(u)*3/2)
		for _, r := range utf16.Decode(u) {
			out = utf8.AppendRune(out, r)
		}
		return out, true, nil
	}
	return data, false, nil
}

// latin1ToUTF8 decodes ISO-8859-1, where every byte is its code point.
func latin1ToUTF8(input io.Reader) (io.Reader, error) {
	data, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(data)+len(data)/8)
	for _, b := range data {
		out = utf8.AppendRune(out, rune(b))
	}
	return bytes.NewReader(out), nil
}

// readLimited reads all of r, refusing more than limit bytes.
func readLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d MiB", what, limit>>20)
	}
	return data, nil
}
