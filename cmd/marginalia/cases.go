package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Cases: named units of analysis (an author, an organisation) that gather
// documents and have attribute values of their own.

func caseCommand() command {
	return command{name: "case", usage: "PROJECT NAME [--add DOC,DOC] [--remove DOC,DOC] [--value ATTR=VALUE]... [--delete]",
		summary: "make or change a case (a unit of analysis gathering documents, with attribute values of its own): --add and --remove list its documents, --value sets one of its values (ATTR= removes it); without flags, show it",
		minArgs: 2, maxArgs: 2, run: runCase,
		flags: func(fs *flag.FlagSet) {
			fs.String("add", "", "comma-separated document names to add")
			fs.String("remove", "", "comma-separated document names to remove")
			fs.Var(&repeated{}, "value", "a value of the case, ATTR=VALUE (ATTR= removes it); repeatable")
			fs.Bool("delete", false, "delete the case (its documents stay)")
		}}
}

func runCase(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	name := c.args[1]
	cs, err := p.CaseNamed(name)
	exists := err == nil
	values := *c.flags.Lookup("value").Value.(*repeated)
	changing := c.set("add") || c.set("remove") || len(values) > 0
	switch {
	case c.boolean("delete"):
		if changing {
			return usagef("--delete takes no --add, --remove or --value")
		}
		if !exists {
			return err
		}
		if err := p.DeleteCase(cs.ID); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "deleted case %s\n", cs.Name)
		return nil
	case !changing:
		if !exists {
			return err
		}
		table, err := p.AttributeTable()
		if err != nil {
			return err
		}
		j, err := caseJSONOf(p, table, cs)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%s (case, %s)\n", cs.Name, plural(len(j.Documents), "document"))
		for _, d := range j.Documents {
			fmt.Fprintf(c.stdout, "  %s\n", d)
		}
		if v := describeCase(table, cs); v != "" {
			fmt.Fprintf(c.stdout, "  · %s\n", v)
		}
		return nil
	}
	for _, n := range c.list("add") {
		d, err := p.DocumentNamed(n)
		if err != nil {
			return err
		}
		if !cs.Has(d.ID) {
			cs.Documents = append(cs.Documents, d.ID)
		}
	}
	for _, n := range c.list("remove") {
		d, err := p.DocumentNamed(n)
		if err != nil {
			return err
		}
		cs.Documents = slices.DeleteFunc(cs.Documents, func(id string) bool { return id == d.ID })
	}
	if len(values) > 0 {
		table, err := p.AttributeTable()
		if err != nil {
			return err
		}
		cs = cs.Clone()
		if cs.Values == nil {
			cs.Values = map[string]string{}
		}
		for _, v := range values {
			attr, value, ok := strings.Cut(v, "=")
			if !ok {
				return usagef("--value %q: expected ATTRIBUTE=VALUE", v)
			}
			a, found := table.Attribute(attr)
			if !found {
				return fmt.Errorf("--value %q: no attribute named %q", v, strings.TrimSpace(attr))
			}
			cs.Values[a.ID] = value // checked and made canonical by storage
		}
	}
	if exists {
		err = p.UpdateCase(cs)
	} else {
		cs.Name = name
		cs, err = p.AddCase(cs)
	}
	if err != nil {
		return err
	}
	cs, err = p.CaseNamed(cs.Name)
	if err != nil {
		return err
	}
	verb := "changed"
	if !exists {
		verb = "made"
	}
	table, err := p.AttributeTable()
	if err != nil {
		return err
	}
	line := fmt.Sprintf("%s case %s: %s", verb, cs.Name, plural(len(cs.Documents), "document"))
	if v := describeCase(table, cs); v != "" {
		line += " · " + v
	}
	fmt.Fprintln(c.stdout, line)
	return nil
}

// describeCase is a case's values: "affiliation CICIR · born 1970-01-01".
func describeCase(table *coding.AttributeTable, c coding.Case) string {
	var parts []string
	for _, a := range table.Attributes {
		if v := c.Value(a.ID); v != "" {
			parts = append(parts, a.Name+" "+v)
		}
	}
	return strings.Join(parts, " · ")
}

// caseJSON is a case in list --json: its documents by name, its values
// typed as a document's are.
type caseJSON struct {
	Name       string         `json:"name"`
	Documents  []string       `json:"documents"`
	Attributes map[string]any `json:"attributes"`
}

func caseJSONOf(p *storage.Project, table *coding.AttributeTable, c coding.Case) (caseJSON, error) {
	j := caseJSON{Name: c.Name, Documents: []string{}, Attributes: map[string]any{}}
	for _, id := range c.Documents {
		d, err := p.Document(id)
		if err != nil {
			return j, fmt.Errorf("case %q: %w", c.Name, err)
		}
		j.Documents = append(j.Documents, d.Name)
	}
	for _, a := range table.Attributes {
		if v := c.Value(a.ID); v != "" {
			j.Attributes[a.Name] = typedValue(a, v)
		}
	}
	return j, nil
}

// listCases is the project's cases for list.
func listCases(p *storage.Project, table *coding.AttributeTable) ([]caseJSON, error) {
	cases, err := p.Cases()
	if err != nil {
		return nil, err
	}
	out := []caseJSON{}
	for _, c := range cases {
		j, err := caseJSONOf(p, table, c)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}
