package main

import (
	"fmt"
	"slices"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Code groups (REFI-QDA sets of codes): `set PROJECT NAME --codes …`.

// codeSetJSON is a code group in list --json: its codes by path.
type codeSetJSON struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Codes       []string `json:"codes"`
}

// listCodeSets is the project's code groups with their codes' paths.
func listCodeSets(p *storage.Project, cb *coding.Codebook) ([]codeSetJSON, error) {
	groups, err := p.CodeSets()
	if err != nil {
		return nil, err
	}
	out := []codeSetJSON{}
	for _, g := range groups {
		j := codeSetJSON{Name: g.Name, Description: g.Description, Codes: []string{}}
		for _, id := range g.Codes {
			j.Codes = append(j.Codes, cb.Path(id))
		}
		out = append(out, j)
	}
	return out, nil
}

// runCodeSet makes, changes, shows or deletes the code group named name:
// --add and --remove take code paths ("Norms > Sovereignty"),
// --description sets its description.
func runCodeSet(c *call, p *storage.Project, name string) error {
	if c.set("where") {
		return usagef("a code group lists codes (--add, --remove); --where is for document sets")
	}
	g, err := p.CodeSetNamed(name)
	exists := err == nil
	changing := c.set("add") || c.set("remove") || c.set("description")
	cb, cerr := p.Codebook()
	if cerr != nil {
		return cerr
	}
	switch {
	case c.boolean("delete"):
		if changing {
			return usagef("--delete takes no --add, --remove or --description")
		}
		if !exists {
			return err
		}
		if err := p.DeleteCodeSet(g.ID); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "deleted code group %s\n", g.Name)
		return nil
	case !changing:
		if !exists {
			return err
		}
		fmt.Fprintf(c.stdout, "%s (code group, %s)\n", g.Name, plural(len(g.Codes), "code"))
		if g.Description != "" {
			fmt.Fprintf(c.stdout, "  · %s\n", g.Description)
		}
		for _, id := range g.Codes {
			fmt.Fprintf(c.stdout, "  %s\n", cb.Path(id))
		}
		return nil
	}
	for _, path := range c.codePaths(cb, "add") {
		found, err := codeAt(cb, path)
		if err != nil {
			return err
		}
		if !g.Has(found.ID) {
			g.Codes = append(g.Codes, found.ID)
		}
	}
	for _, path := range c.codePaths(cb, "remove") {
		found, err := codeAt(cb, path)
		if err != nil {
			return err
		}
		g.Codes = slices.DeleteFunc(g.Codes, func(id string) bool { return id == found.ID })
	}
	if c.set("description") {
		g.Description = c.str("description")
	}
	if exists {
		err = p.UpdateCodeSet(g)
	} else {
		g.Name = name
		g, err = p.AddCodeSet(g)
	}
	if err != nil {
		return err
	}
	verb := "changed"
	if !exists {
		verb = "made"
	}
	fmt.Fprintf(c.stdout, "%s code group %s: %s\n", verb, g.Name, plural(len(g.Codes), "code"))
	return nil
}
