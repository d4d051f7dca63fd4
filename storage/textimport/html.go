package textimport

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// htmlBreak is what an element does to the flow of text around it.
type htmlBreak int

const (
	inline    htmlBreak = iota
	line                // starts and ends on a line of its own
	paragraph           // separated from what surrounds it by a blank line
	cell                // a table cell: separated from the previous cell by a tab
	skip                // not shown: left out with everything inside
)

// htmlLayout says how elements are laid out; elements not listed are inline.
var htmlLayout = map[atom.Atom]htmlBreak{
	atom.P: paragraph, atom.H1: paragraph, atom.H2: paragraph, atom.H3: paragraph,
	atom.H4: paragraph, atom.H5: paragraph, atom.H6: paragraph, atom.Ul: paragraph,
	atom.Ol: paragraph, atom.Dl: paragraph, atom.Blockquote: paragraph, atom.Pre: paragraph,
	atom.Table: paragraph, atom.Figure: paragraph, atom.Hr: paragraph, atom.Menu: paragraph,

	atom.Div: line, atom.Li: line, atom.Dt: line, atom.Dd: line, atom.Tr: line,
	atom.Section: line, atom.Article: line, atom.Main: line, atom.Address: line,
	atom.Figcaption: line, atom.Caption: line, atom.Details: line, atom.Summary: line,
	atom.Fieldset: line, atom.Legend: line, atom.Center: line, atom.Body: line,
	atom.Hgroup: line, atom.Search: line, atom.Dialog: line,

	atom.Td: cell, atom.Th: cell,

	atom.Head: skip, atom.Script: skip, atom.Style: skip, atom.Noscript: skip,
	atom.Template: skip, atom.Nav: skip, atom.Header: skip, atom.Footer: skip,
	atom.Aside: skip, atom.Form: skip, atom.Button: skip, atom.Select: skip,
	atom.Textarea: skip, atom.Input: skip, atom.Iframe: skip, atom.Object: skip,
	atom.Embed: skip, atom.Svg: skip, atom.Math: skip, atom.Canvas: skip,
	atom.Audio: skip, atom.Video: skip, atom.Map: skip, atom.Datalist: skip,
}

// importHTML reads the visible text of an HTML page.
func importHTML(name string, data []byte) (string, []string, error) {
	src, warnings, err := decodeHTML(name, data)
	if err != nil {
		return "", nil, err
	}
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return "", nil, fmt.Errorf("%s: not readable as HTML: %w", name, err)
	}
	var t htmlText
	walkHTML(doc, &t)
	return t.b.String(), warnings, nil
}

// decodeHTML converts the page to UTF-8: by its byte order mark, else by a
// <meta> charset naming something other than UTF-8 or Windows-1252, else
// as UTF-8 if it is valid UTF-8, else as Windows-1252.
func decodeHTML(name string, data []byte) (string, []string, error) {
	enc, label, certain := charset.DetermineEncoding(data, "text/html")
	if !certain && (label == "utf-8" || label == "windows-1252") {
		if utf8.Valid(data) {
			return string(data), nil, nil
		}
		text, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, fmt.Errorf("%s: reading as Windows-1252: %w", name, err)
		}
		var warnings []string
		if !bytes.Contains(bytes.ToLower(data[:min(len(data), 1024)]), []byte("charset")) {
			warnings = append(warnings, name+": not valid UTF-8 and no charset declared; read as Windows-1252")
		}
		return string(text), warnings, nil
	}
	text, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", nil, fmt.Errorf("%s: not readable as %s: %w", name, label, err)
	}
	return string(text), nil, nil
}

// walkHTML feeds the text of the tree below root to t, without recursion
// (a hostile page may nest elements very deeply).
func walkHTML(root *html.Node, t *htmlText) {
	n := root
	for {
		if t.enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			t.leave(n)
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
}

// layoutOf says how an element node is laid out; other nodes are inline.
func layoutOf(n *html.Node) htmlBreak {
	if n.Type != html.ElementNode {
		return inline
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == "hidden" {
			return skip
		}
	}
	return htmlLayout[n.DataAtom]
}

// htmlText accumulates visible text, collapsing white space as a browser
// does and owing separators until the next visible character.
type htmlText struct {
	b      strings.Builder
	breaks int  // newlines owed
	space  bool // a collapsed space owed
	tabs   int  // cell separators owed
	row    bool // no cell of the current table row has started yet
	pre    int  // depth of <pre> elements we are in
}

// enter handles the start of n and reports whether to visit its children.
func (t *htmlText) enter(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		t.text(n.Data)
	case html.ElementNode:
		switch layoutOf(n) {
		case skip:
			return false
		case cell:
			if !t.row {
				t.tabs++
			}
			t.row = false
		}
		if n.DataAtom == atom.Tr {
			t.row = true
		}
		t.block(n)
		if n.DataAtom == atom.Br {
			t.breaks++
		}
		if n.DataAtom == atom.Pre || n.DataAtom == atom.Listing {
			t.pre++
		}
	}
	return true
}

// leave handles the end of n.
func (t *htmlText) leave(n *html.Node) {
	if n.Type != html.ElementNode || layoutOf(n) == skip {
		return
	}
	t.block(n)
	if n.DataAtom == atom.Pre || n.DataAtom == atom.Listing {
		t.pre--
	}
}

// block owes the break a block element needs at its start and end.
func (t *htmlText) block(n *html.Node) {
	switch layoutOf(n) {
	case line:
		t.breaks = max(t.breaks, 1)
	case paragraph:
		t.breaks = max(t.breaks, 2)
	}
}

// text adds the content of a text node.
func (t *htmlText) text(s string) {
	if t.pre > 0 {
		if s != "" {
			t.flush()
			t.b.WriteString(s)
		}
		return
	}
	splitWhite(s, " \t\n\f\r", func(word string) {
		t.flush()
		t.b.WriteString(word)
	}, func() { t.space = true })
}

// flush writes what is owed before the next visible character: line
// breaks (not at the start of the text), then tabs for the table cells
// passed, or else a collapsed space (not at the start of a line).
func (t *htmlText) flush() {
	if t.b.Len() > 0 {
		switch {
		case t.breaks > 0:
			t.b.WriteString(strings.Repeat("\n", t.breaks))
		case t.space && t.tabs == 0:
			t.b.WriteByte(' ')
		}
	}
	t.b.WriteString(strings.Repeat("\t", t.tabs))
	t.breaks, t.space, t.tabs = 0, false, 0
}
