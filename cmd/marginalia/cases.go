package main

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Cases: named units of analysis (an author, an organisation) that gather
// documents and passages (codings) and have attribute values of their own.

func caseCommand() command {
	return command{name: "case", usage: "PROJECT NAME [--add DOC,DOC] [--remove DOC,DOC] [--add-passage P]... [--remove-passage P]... [--code PATH] [--coder NAME] [--value ATTR=VALUE]... [--delete]",
		summary: "make or change a case (a unit of analysis gathering documents and passages, with attribute values of its own): --add and --remove list its documents, " +
			"--add-passage and --remove-passage its passages (a coding's ID, or DOCUMENT:START-END for the coding of that span, narrowed by --code and --coder), " +
			"--value sets one of its values (ATTR= removes it); without flags, show it",
		minArgs: 2, maxArgs: 2, run: runCase,
		flags: func(fs *flag.FlagSet) {
			listFlag(fs, "add", "document names to add")
			listFlag(fs, "remove", "document names to remove")
			fs.Var(&repeated{}, "add-passage", "a passage to add: a coding's ID, or DOCUMENT:START-END (code points); repeatable")
			fs.Var(&repeated{}, "remove-passage", "a passage to remove, as --add-passage; repeatable")
			fs.String("code", "", "--add-passage and --remove-passage DOCUMENT:START-END: only the coding of this code (path)")
			fs.String("coder", "", "--add-passage and --remove-passage DOCUMENT:START-END: only the coding of this coder")
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
	addPassages := *c.flags.Lookup("add-passage").Value.(*repeated)
	removePassages := *c.flags.Lookup("remove-passage").Value.(*repeated)
	changing := c.set("add") || c.set("remove") || len(values)+len(addPassages)+len(removePassages) > 0
	if (c.set("code") || c.set("coder")) && len(addPassages)+len(removePassages) == 0 {
		return usagef("--code and --coder choose the coding of --add-passage or --remove-passage DOCUMENT:START-END")
	}
	switch {
	case c.boolean("delete"):
		if changing {
			return usagef("--delete takes no --add, --remove, --add-passage, --remove-passage or --value")
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
		fmt.Fprintf(c.stdout, "%s (case, %s)\n", cs.Name, caseSize(len(j.Documents), len(j.Passages)))
		for _, d := range j.Documents {
			fmt.Fprintf(c.stdout, "  %s\n", d)
		}
		for _, ps := range j.Passages {
			fmt.Fprintf(c.stdout, "  %s [%d,%d) %s · %s %q (%s)\n", ps.Document, ps.Start, ps.End, ps.Code, ps.Coder, ps.Text, ps.ID)
		}
		if v := describeCase(table, cs); v != "" {
			fmt.Fprintf(c.stdout, "  · %s\n", v)
		}
		return nil
	}
	if cs.Documents, err = c.addRemoveDocuments(p, cs.Documents); err != nil {
		return err
	}
	for _, spec := range addPassages {
		ids, err := passageSpec(p, c, "--add-passage", spec, false, nil)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !cs.HasPassage(id) {
				cs.Passages = append(cs.Passages, id)
			}
		}
	}
	for _, spec := range removePassages {
		ids, err := passageSpec(p, c, "--remove-passage", spec, true, cs.Passages)
		if err != nil {
			return err
		}
		cs.Passages = slices.DeleteFunc(cs.Passages, func(id string) bool { return slices.Contains(ids, id) })
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
	passages, err := p.CasePassages(cs)
	if err != nil {
		return err
	}
	line := fmt.Sprintf("%s case %s: %s", verb, cs.Name, caseSize(len(cs.Documents), len(passages)))
	if v := describeCase(table, cs); v != "" {
		line += " · " + v
	}
	fmt.Fprintln(c.stdout, line)
	return nil
}

// caseSize is "2 documents" or "1 document, 3 passages".
func caseSize(docs, passages int) string {
	s := plural(docs, "document")
	if passages > 0 {
		s += ", " + plural(passages, "passage")
	}
	return s
}

// passageSpec is the codings a --add-passage or --remove-passage (or
// another argument, which flag names in errors) names: a coding's ID, or
// DOCUMENT:START-END, the coding of that span in that document (of --code
// and --coder when given). Adding needs exactly one coding; removing
// takes each that the case has (has), and an ID the case has whose coding
// is gone.
func passageSpec(p *storage.Project, c *call, flag, spec string, removing bool, has []string) ([]string, error) {
	spec = strings.TrimSpace(spec)
	if cd, err := p.Coding(spec); err == nil {
		return []string{cd.ID}, nil
	}
	if slices.Contains(has, spec) {
		return []string{spec}, nil
	}
	i := strings.LastIndex(spec, ":")
	from, to, ok := strings.Cut(spec[i+1:], "-")
	start, err1 := strconv.Atoi(strings.TrimSpace(from))
	end, err2 := strconv.Atoi(strings.TrimSpace(to))
	if i < 0 || !ok || err1 != nil || err2 != nil {
		return nil, usagef("%s %q: expected a coding's ID or DOCUMENT:START-END", flag, spec)
	}
	d, err := p.DocumentNamed(spec[:i])
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", flag, spec, err)
	}
	codings, err := p.CodingsOf(d.ID)
	if err != nil {
		return nil, err
	}
	cb, err := p.Codebook()
	if err != nil {
		return nil, err
	}
	coders, err := p.Coders()
	if err != nil {
		return nil, err
	}
	coderName := map[string]string{}
	for _, cd := range coders {
		coderName[cd.ID] = cd.Name
	}
	var ids, found []string
	for _, cd := range codings {
		if cd.Start != start || cd.End != end ||
			c.set("code") && !strings.EqualFold(cb.Path(cd.CodeID), strings.TrimSpace(c.str("code"))) ||
			c.set("coder") && !strings.EqualFold(coderName[cd.CoderID], strings.TrimSpace(c.str("coder"))) {
			continue
		}
		if removing && !slices.Contains(has, cd.ID) {
			continue
		}
		ids = append(ids, cd.ID)
		found = append(found, fmt.Sprintf("%s by %s (%s)", cb.Path(cd.CodeID), coderName[cd.CoderID], cd.ID))
	}
	switch {
	case len(ids) == 0 && removing:
		return nil, fmt.Errorf("%s %q: the case has no passage of %s [%d,%d) of that code and coder", flag, spec, d.Name, start, end)
	case len(ids) == 0:
		return nil, fmt.Errorf("%s %q: no coding of %s [%d,%d) of that code and coder", flag, spec, d.Name, start, end)
	case len(ids) > 1 && !removing:
		return nil, fmt.Errorf("%s %q: %d codings of that span (%s): choose one with --code, --coder or its ID", flag, spec, len(ids), strings.Join(found, "; "))
	}
	return ids, nil
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

// caseJSON is a case in list --json: its documents by name, its passages
// (those whose coding is there), its values typed as a document's are.
type caseJSON struct {
	Name       string         `json:"name"`
	Documents  []string       `json:"documents"`
	Passages   []passageJSON  `json:"passages"`
	Attributes map[string]any `json:"attributes"`
}

// passageJSON is a passage of a case: its coding's ID, document (by
// name), span in code points, code (path), coder (name) and text.
type passageJSON struct {
	ID       string `json:"id"`
	Document string `json:"document"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Code     string `json:"code"`
	Coder    string `json:"coder"`
	Text     string `json:"text"`
}

func caseJSONOf(p *storage.Project, table *coding.AttributeTable, c coding.Case) (caseJSON, error) {
	j := caseJSON{Name: c.Name, Documents: []string{}, Passages: []passageJSON{}, Attributes: map[string]any{}}
	for _, id := range c.Documents {
		d, err := p.Document(id)
		if err != nil {
			return j, fmt.Errorf("case %q: %w", c.Name, err)
		}
		j.Documents = append(j.Documents, d.Name)
	}
	passages, err := p.CasePassages(c)
	if err != nil {
		return j, fmt.Errorf("case %q: %w", c.Name, err)
	}
	if len(passages) > 0 {
		cb, err := p.Codebook()
		if err != nil {
			return j, err
		}
		coders, err := p.Coders()
		if err != nil {
			return j, err
		}
		docs := map[string]coding.Document{}
		for _, pc := range passages {
			d, ok := docs[pc.DocumentID]
			if !ok {
				if d, err = p.Document(pc.DocumentID); err != nil {
					return j, fmt.Errorf("case %q: %w", c.Name, err)
				}
				docs[d.ID] = d
			}
			coder := ""
			if i := slices.IndexFunc(coders, func(x coding.Coder) bool { return x.ID == pc.CoderID }); i >= 0 {
				coder = coders[i].Name
			}
			j.Passages = append(j.Passages, passageJSON{ID: pc.ID, Document: d.Name, Start: pc.Start, End: pc.End,
				Code: cb.Path(pc.CodeID), Coder: coder, Text: coding.Slice(d.Text, pc.Span)})
		}
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
