package refi

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"desktop/marginalia/coding"
)

// codeTree is a codebook checked and ordered for writing: the children of
// each parent ("" for the roots) sorted by Position, then name, then ID, so
// that the same codes always give the same file.
type codeTree struct {
	byID     map[string]coding.Code // IDs normalised
	children map[string][]string
}

// newCodeTree checks that every code has a GUID, a name and a valid colour,
// that no GUID repeats, and that the parents form a tree.
func newCodeTree(codes []coding.Code) (*codeTree, error) {
	t := &codeTree{byID: make(map[string]coding.Code, len(codes)), children: map[string][]string{}}
	for _, c := range codes {
		id, err := checkID("code", c.Name, c.ID)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(c.Name) == "" {
			return nil, fmt.Errorf("code %s has no name", id)
		}
		if _, dup := t.byID[id]; dup {
			return nil, fmt.Errorf("code %q: id %s is used by two codes", c.Name, id)
		}
		if c.Color != "" {
			if c.Color, err = coding.NormalizeColor(c.Color); err != nil {
				return nil, fmt.Errorf("code %q: %w", c.Name, err)
			}
		}
		if c.ParentID != "" {
			if c.ParentID, err = checkID("parent of code", c.Name, c.ParentID); err != nil {
				return nil, err
			}
		}
		c.ID = id
		t.byID[id] = c
	}
	for _, c := range t.byID {
		if _, ok := t.byID[c.ParentID]; c.ParentID != "" && !ok {
			return nil, fmt.Errorf("code %q: its parent %s is not in the codebook", c.Name, c.ParentID)
		}
		t.children[c.ParentID] = append(t.children[c.ParentID], c.ID)
	}
	for _, ids := range t.children {
		slices.SortFunc(ids, func(a, b string) int {
			ca, cb := t.byID[a], t.byID[b]
			return cmp.Or(cmp.Compare(ca.Position, cb.Position),
				cmp.Compare(strings.ToLower(ca.Name), strings.ToLower(cb.Name)),
				strings.Compare(ca.Name, cb.Name), strings.Compare(a, b))
		})
	}
	seen := 0
	t.walk(func(coding.Code) { seen++ })
	if seen != len(t.byID) {
		for id, c := range t.byID { // some code is its own ancestor
			if t.isInCycle(id) {
				return nil, fmt.Errorf("code %q is its own ancestor", c.Name)
			}
		}
	}
	return t, nil
}

func (t *codeTree) isInCycle(id string) bool {
	at := t.byID[id].ParentID
	for range len(t.byID) {
		if at == id {
			return true
		}
		if at == "" {
			return false
		}
		at = t.byID[at].ParentID
	}
	return false
}

// walk visits the codes depth first, parents before children.
func (t *codeTree) walk(visit func(coding.Code)) {
	var walk func(parent string)
	walk = func(parent string) {
		for _, id := range t.children[parent] {
			visit(t.byID[id])
			walk(id)
		}
	}
	walk("")
}

// write writes <Codes> with the codes nested as in the tree. noteRefs, when
// not nil, gives the GUIDs of the notes to reference from a code (the
// project schema allows that, the codebook schema does not).
func (t *codeTree) write(x *xmlWriter, noteRefs func(codeID string) []string) {
	var write func(parent string)
	write = func(parent string) {
		for _, id := range t.children[parent] {
			c := t.byID[id]
			x.start("Code")
			x.attr("guid", c.ID)
			x.attr("name", c.Name)
			x.attrBool("isCodable", c.Codable)
			x.attr("color", c.Color)
			if desc := FormatDescription(c.Description); desc != "" {
				x.textElement("Description", desc)
			}
			if noteRefs != nil {
				for _, n := range noteRefs(c.ID) {
					x.start("NoteRef")
					x.attr("targetGUID", n)
					x.end("NoteRef")
				}
			}
			write(c.ID)
			x.end("Code")
		}
	}
	x.start("Codes")
	write("")
	x.end("Codes")
}

// reader collects what a read repaired, for Warnings.
type reader struct {
	file     string
	warnings []string
	dropped  int
}

// maxWarnings bounds the list of warnings; the rest are counted.
const maxWarnings = 100

func (r *reader) warnf(format string, args ...any) {
	if len(r.warnings) >= maxWarnings {
		r.dropped++
		return
	}
	r.warnings = append(r.warnings, r.file+": "+fmt.Sprintf(format, args...))
}

func (r *reader) allWarnings() []string {
	if r.dropped > 0 {
		return append(r.warnings, fmt.Sprintf("%s: and %d more warnings", r.file, r.dropped))
	}
	return r.warnings
}

// errorf makes an error naming the file and the line.
func (r *reader) errorf(n *node, format string, args ...any) error {
	return fmt.Errorf("%s: line %d: %s", r.file, n.line, fmt.Sprintf(format, args...))
}

// codeReader turns nested <Code> elements into codes.
type codeReader struct {
	*reader
	codes    []coding.Code
	lines    map[string]int      // code ID -> line, to name duplicates
	noteRefs map[string][]string // code ID -> GUIDs of referenced notes
}

// readCodes reads the <Code> children of codes (a <Codes> element, which may
// be empty or missing).
func (r *reader) readCodes(codes *node) ([]coding.Code, map[string][]string, error) {
	cr := &codeReader{reader: r, lines: map[string]int{}, noteRefs: map[string][]string{}}
	if codes != nil {
		if err := cr.readLevel(codes, ""); err != nil {
			return nil, nil, err
		}
	}
	return cr.codes, cr.noteRefs, nil
}

func (cr *codeReader) readLevel(parent *node, parentID string) error {
	names := map[string]bool{}
	for pos, n := range parent.each("Code") {
		c, err := cr.readCode(n)
		if err != nil {
			return err
		}
		c.ParentID, c.Position = parentID, pos
		if names[strings.ToLower(c.Name)] {
			cr.warnf("line %d: two codes named %q under the same parent", n.line, c.Name)
		}
		names[strings.ToLower(c.Name)] = true
		cr.codes = append(cr.codes, c)
		for _, ref := range n.each("NoteRef") {
			id, err := cr.guid(ref, "targetGUID", "note reference of code ", strconv.Quote(c.Name))
			if err != nil {
				return err
			}
			cr.noteRefs[c.ID] = append(cr.noteRefs[c.ID], id)
		}
		if err := cr.readLevel(n, c.ID); err != nil {
			return err
		}
	}
	return nil
}

func (cr *codeReader) readCode(n *node) (coding.Code, error) {
	rawName, _ := n.attr("name")
	name := cr.codeName(n, rawName)
	if name == "" {
		g, _ := n.attr("guid")
		return coding.Code{}, cr.errorf(n, "code with guid %q has no name", g)
	}
	id, err := cr.guid(n, "guid", "code ", strconv.Quote(name))
	if err != nil {
		return coding.Code{}, err
	}
	if line, dup := cr.lines[id]; dup {
		return coding.Code{}, cr.errorf(n, "code %q has guid %s, already used by the code on line %d", name, id, line)
	}
	cr.lines[id] = n.line
	c := coding.Code{ID: id, Name: name, Codable: true, Description: ParseDescription(n.childText("Description"))}
	if v, ok := n.attr("isCodable"); ok {
		switch strings.TrimSpace(v) {
		case "true", "1":
		case "false", "0":
			c.Codable = false
		default:
			return coding.Code{}, cr.errorf(n, "code %q: isCodable=%q is neither true nor false", name, v)
		}
	}
	fallback := coding.PaletteColor(len(cr.codes))
	if v, ok := n.attr("color"); !ok || strings.TrimSpace(v) == "" {
		c.Color = fallback
	} else if c.Color, err = coding.NormalizeColor(v); err != nil {
		cr.warnf("line %d: code %q: %v; using %s instead", n.line, name, err, fallback)
		c.Color = fallback
	}
	return c, nil
}

// codeName repairs what our codebook cannot hold in a code name: ">", which
// separates the levels of a code path, becomes "›"; line breaks and tabs
// become spaces.
func (cr *codeReader) codeName(n *node, name string) string {
	fixed := oneLine(strings.ReplaceAll(name, ">", "›"))
	if fixed != strings.TrimSpace(name) {
		cr.warnf("line %d: code name %q renamed %q (\">\" separates code path levels; line breaks and tabs are not allowed)", n.line, name, fixed)
	}
	return fixed
}

// guid reads a required GUID attribute and normalises it. what names the
// element in errors; its parts are joined only then, as this runs for every
// selection of a large project.
func (r *reader) guid(n *node, attr string, whatParts ...string) (string, error) {
	v, ok := n.attr(attr)
	if id, ok := normalizeID(v); ok {
		return id, nil
	}
	what := strings.Join(whatParts, "")
	if !ok || strings.TrimSpace(v) == "" {
		return "", r.errorf(n, "%s has no %s", what, attr)
	}
	return "", r.errorf(n, "%s: %s=%q is not a GUID", what, attr, v)
}
