package coding

import (
	"fmt"
	"slices"
	"strings"
)

// Codebook is a read-only view of a set of codes as a tree, with lookups by
// ID and by path. Build it with NewCodebook after any change to the codes.
// A nil *Codebook is an empty codebook.
type Codebook struct {
	codes    []Code
	byID     map[string]int
	children map[string][]string // parent ID ("" for roots) -> child IDs, in order
}

// NewCodebook indexes codes. Codes whose parent is missing become roots.
func NewCodebook(codes []Code) *Codebook {
	cb := &Codebook{codes: slices.Clone(codes), byID: make(map[string]int, len(codes)), children: map[string][]string{}}
	for i, c := range cb.codes {
		cb.byID[c.ID] = i
	}
	for i := range cb.codes {
		if _, ok := cb.byID[cb.codes[i].ParentID]; !ok {
			cb.codes[i].ParentID = ""
		}
	}
	order := slices.Clone(cb.codes)
	slices.SortStableFunc(order, func(a, b Code) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	for _, c := range order {
		cb.children[c.ParentID] = append(cb.children[c.ParentID], c.ID)
	}
	return cb
}

// Codes returns every code, in tree order (depth first, siblings in order).
func (cb *Codebook) Codes() []Code {
	out := make([]Code, 0, cb.Len())
	cb.Walk(func(c Code, _ int) { out = append(out, c) })
	return out
}

// Walk visits every code depth first, parents before children, with its depth (0 for roots).
func (cb *Codebook) Walk(visit func(c Code, depth int)) {
	if cb == nil {
		return
	}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, id := range cb.children[parent] {
			visit(cb.codes[cb.byID[id]], depth)
			walk(id, depth+1)
		}
	}
	walk("", 0)
}

// Len is the number of codes.
func (cb *Codebook) Len() int {
	if cb == nil {
		return 0
	}
	return len(cb.codes)
}

// Code returns the code with the given ID.
func (cb *Codebook) Code(id string) (Code, bool) {
	if cb == nil {
		return Code{}, false
	}
	i, ok := cb.byID[id]
	if !ok {
		return Code{}, false
	}
	return cb.codes[i], true
}

// Children returns the IDs of the direct children of parent ("" for roots), in order.
func (cb *Codebook) Children(parent string) []string {
	if cb == nil {
		return nil
	}
	return cb.children[parent]
}

// Path is the code's path, parent first, levels joined by PathSeparator.
func (cb *Codebook) Path(id string) string {
	var parts []string
	for seen := 0; id != "" && seen <= cb.Len(); seen++ {
		c, ok := cb.Code(id)
		if !ok {
			break
		}
		parts = append(parts, c.Name)
		id = c.ParentID
	}
	slices.Reverse(parts)
	return strings.Join(parts, PathSeparator)
}

// Child finds the child of parent ("" for roots) with the given name,
// ignoring case.
func (cb *Codebook) Child(parent, name string) (Code, bool) {
	for _, id := range cb.Children(parent) {
		if c := cb.codes[cb.byID[id]]; strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return Code{}, false
}

// ByPath finds a code by its path (see SplitPath), ignoring case.
func (cb *Codebook) ByPath(path string) (Code, bool) {
	parts, err := SplitPath(path)
	if err != nil {
		return Code{}, false
	}
	var c Code
	parent := ""
	for _, name := range parts {
		var ok bool
		if c, ok = cb.Child(parent, name); !ok {
			return Code{}, false
		}
		parent = c.ID
	}
	return c, true
}

// Descendants returns the IDs of every code below id, depth first.
func (cb *Codebook) Descendants(id string) []string {
	var out []string
	for _, child := range cb.Children(id) {
		out = append(out, child)
		out = append(out, cb.Descendants(child)...)
	}
	return out
}

// CheckMove reports why code id may not be put under newParent: a code cannot
// be its own ancestor, and siblings must have distinct names.
func (cb *Codebook) CheckMove(id, newParent string) error {
	c, ok := cb.Code(id)
	if !ok {
		return fmt.Errorf("no code with id %s", id)
	}
	if newParent == id || slices.Contains(cb.Descendants(id), newParent) {
		return fmt.Errorf("cannot move %q under itself", cb.Path(id))
	}
	// Every sibling, not just the first of that name, which may be c
	// itself when c has just been renamed.
	for _, sibling := range cb.Children(newParent) {
		if other := cb.codes[cb.byID[sibling]]; sibling != id && strings.EqualFold(other.Name, c.Name) {
			return fmt.Errorf("%q already exists there", cb.Path(other.ID))
		}
	}
	return nil
}
