package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Attributes, sets and the document filters (--set, --where) of the
// commands that take a selection of documents.

func attributesCommands() []command {
	return []command{
		{name: "attributes", usage: "PROJECT [FILE.csv|.xlsx] [--json] [--export OUT.csv|.xlsx] [--set NAME] [--case NAME] [--where ATTR=VALUE]...",
			summary: "show the documents' attributes; with FILE, import a table (first column the document name, one column per attribute, types inferred; one transaction); --export writes the table",
			minArgs: 1, maxArgs: 2, run: runAttributes,
			flags: func(fs *flag.FlagSet) {
				fs.Bool("json", false, "print JSON")
				fs.String("export", "", "write the table to this .csv or .xlsx file")
				documentFilterFlags(fs)
			}},
		{name: "set", usage: "PROJECT NAME [--codes] [--add NAME,NAME] [--remove NAME,NAME] [--where ATTR=VALUE]... [--description TEXT] [--delete]",
			summary: "make or change a document set: --add and --remove list its documents; --where makes it a saved filter whose members follow the attributes; with --codes, a code group (--add and --remove take code paths); without flags, list its members",
			minArgs: 2, maxArgs: 2, run: runSet,
			flags: func(fs *flag.FlagSet) {
				fs.Bool("codes", false, "a code group: --add and --remove take code paths (\"Norms > Sovereignty\")")
				fs.String("description", "", "with --codes, the code group's description")
				listFlag(fs, "add", "document names (code paths with --codes) to add")
				listFlag(fs, "remove", "document names (code paths with --codes) to remove")
				fs.Var(&repeated{}, "where", "a condition ATTR=VALUE (or <, >, <=, >=, !=); repeatable, ANDed")
				fs.Bool("delete", false, "delete the set (its documents stay)")
			}},
	}
}

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string { return strings.Join(*r, " and ") }

func (r *repeated) Set(s string) error {
	*r = append(*r, s)
	return nil
}

// documentFilterFlags declares --set, --case and --where.
func documentFilterFlags(fs *flag.FlagSet) {
	fs.String("set", "", "only the documents of this set or saved filter")
	fs.String("case", "", "only the documents of this case: those it gathers and those of its passages")
	fs.Var(&repeated{}, "where", "only documents whose attribute meets ATTR=VALUE (or <, >, <=, >=, != ; numbers and dates compare as such); repeatable, ANDed")
}

// where is the --where conditions.
func (c *call) where() (coding.Where, error) {
	var w coding.Where
	for _, s := range *c.flags.Lookup("where").Value.(*repeated) {
		cond, err := coding.ParseCondition(s)
		if err != nil {
			return nil, usagef("--where: %v", err)
		}
		w = append(w, cond)
	}
	return w, nil
}

// filtered reports whether --set, --case or --where was given.
func (c *call) filtered() bool {
	return c.flags.Lookup("set") != nil && (c.set("set") || c.set("case") || c.set("where"))
}

// selectedDocuments is the documents --set and --where select (every
// document when neither is given), narrowed to --documents when the
// command has it and it was given.
func selectedDocuments(p *storage.Project, c *call) ([]coding.Document, error) {
	w, err := c.where()
	if err != nil {
		return nil, err
	}
	docs, err := p.SelectDocuments(c.str("set"), w)
	if err != nil {
		return nil, err
	}
	if c.flags.Lookup("case") != nil && c.set("case") {
		if docs, err = caseDocuments(p, c.str("case"), docs); err != nil {
			return nil, err
		}
	}
	if c.flags.Lookup("documents") == nil || !c.set("documents") {
		return docs, nil
	}
	named, err := c.documentNames(p, "documents")
	if err != nil {
		return nil, err
	}
	for _, name := range named {
		if !slices.ContainsFunc(docs, func(d coding.Document) bool { return d.Name == name }) {
			if _, err := p.DocumentNamed(name); err != nil {
				return nil, err
			}
		}
	}
	docs = slices.DeleteFunc(docs, func(d coding.Document) bool { return !slices.Contains(named, d.Name) })
	if len(docs) == 0 {
		return nil, fmt.Errorf("%w: none of --documents is in the set or meets --where", storage.ErrNoDocumentsMatch)
	}
	return docs, nil
}

// caseDocuments is those of docs that the case named name gathers, whole
// or by a passage.
func caseDocuments(p *storage.Project, name string, docs []coding.Document) ([]coding.Document, error) {
	cs, err := p.CaseNamed(name)
	if err != nil {
		return nil, err
	}
	ids, err := p.CaseDocuments(cs)
	if err != nil {
		return nil, err
	}
	docs = slices.DeleteFunc(docs, func(d coding.Document) bool { return !slices.Contains(ids, d.ID) })
	if len(docs) == 0 {
		return nil, fmt.Errorf("%w in case %s (and --set and --where)", storage.ErrNoDocumentsMatch, cs.Name)
	}
	return docs, nil
}

// selectedDocumentNames is the names of the documents selected by
// --documents, --set and --where; nil (all) when none was given.
func selectedDocumentNames(p *storage.Project, c *call) ([]string, error) {
	if !c.filtered() {
		return c.documentNames(p, "documents")
	}
	docs, err := selectedDocuments(p, c)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Name
	}
	return out, nil
}

// addRemoveDocuments is the document IDs ids with the documents --add
// names added (when not there) and those --remove names removed.
func (c *call) addRemoveDocuments(p *storage.Project, ids []string) ([]string, error) {
	for _, flag := range []string{"add", "remove"} {
		names, err := c.documentNames(p, flag)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			d, err := p.DocumentNamed(n)
			if err != nil {
				return nil, err
			}
			if flag == "remove" {
				ids = slices.DeleteFunc(ids, func(id string) bool { return id == d.ID })
			} else if !slices.Contains(ids, d.ID) {
				ids = append(ids, d.ID)
			}
		}
	}
	return ids, nil
}

// typedValue is a value as JSON gives it: a number as a number, yes/no as
// a boolean, anything else (dates as YYYY-MM-DD) as a string.
func typedValue(a coding.Attribute, v string) any {
	switch a.Type {
	case coding.TypeNumber:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
	case coding.TypeYesNo:
		return v == "yes"
	}
	return v
}

type attributeJSON struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Choices []string `json:"values,omitempty"`
}

type documentAttributesJSON struct {
	Name       string         `json:"name"`
	Attributes map[string]any `json:"attributes"`
}

type attributesJSON struct {
	Attributes []attributeJSON          `json:"attributes"`
	Documents  []documentAttributesJSON `json:"documents"`
}

// attributesOf is a document's values by attribute name, typed for JSON.
func attributesOf(table *coding.AttributeTable, docID string) map[string]any {
	out := map[string]any{}
	for _, a := range table.Attributes {
		if v := table.Value(docID, a.ID); v != "" {
			out[a.Name] = typedValue(a, v)
		}
	}
	return out
}

func runAttributes(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	if len(c.args) == 2 {
		if c.set("export") || c.filtered() || c.boolean("json") {
			return usagef("import a table alone: marginalia attributes PROJECT FILE")
		}
		r, err := p.ImportAttributes(c.args[1])
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		for _, a := range r.Attributes {
			how := "existing"
			if a.New {
				how = "new, inferred"
				if a.Type == coding.TypeCategory {
					how = "new, values " + strings.Join(a.Choices, ", ")
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t(%s)\n", a.Name, a.Type, how)
		}
		fmt.Fprintf(tw, "imported %s: %s, %s, %s changed\n", c.args[1], plural(len(r.Attributes), "attribute"), plural(r.Documents, "document"), plural(r.Changed, "value"))
		return tw.Flush()
	}
	var docs []coding.Document
	if c.filtered() {
		if docs, err = selectedDocuments(p, c); err != nil {
			return err
		}
	} else if docs, err = p.Documents(); err != nil {
		return err
	}
	if out := c.str("export"); out != "" {
		if err := p.ExportAttributes(out, docs); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "wrote %s (%s)\n", out, plural(len(docs), "document"))
		return nil
	}
	table, err := p.AttributeTable()
	if err != nil {
		return err
	}
	if c.boolean("json") {
		out := attributesJSON{Attributes: []attributeJSON{}, Documents: []documentAttributesJSON{}}
		for _, a := range table.Attributes {
			out.Attributes = append(out.Attributes, attributeJSON{a.Name, string(a.Type), a.Choices})
		}
		for _, d := range docs {
			out.Documents = append(out.Documents, documentAttributesJSON{d.Name, attributesOf(table, d.ID)})
		}
		return writeJSON(c, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Attributes (%d)\n", len(table.Attributes))
	for _, a := range table.Attributes {
		extra := ""
		if a.Type == coding.TypeCategory {
			extra = strings.Join(a.Choices, ", ")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Name, a.Type, extra)
	}
	rows, err := p.AttributeRows(docs)
	if err != nil {
		return err
	}
	fmt.Fprintf(tw, "Documents (%d)\n", len(docs))
	for _, r := range rows {
		fmt.Fprintln(tw, "  "+strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func runSet(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	name := c.args[1]
	if c.boolean("codes") {
		return runCodeSet(c, p, name)
	}
	if c.set("description") {
		return usagef("--description is for code groups (--codes)")
	}
	w, err := c.where()
	if err != nil {
		return err
	}
	s, err := p.SetNamed(name)
	exists := err == nil
	switch {
	case c.boolean("delete"):
		if !exists {
			return err
		}
		if err := p.DeleteSet(s.ID); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "deleted set %s\n", s.Name)
		return nil
	case len(w) > 0:
		if c.set("add") || c.set("remove") {
			return usagef("a set has either documents (--add, --remove) or a condition (--where), not both")
		}
		s.Where, s.Documents = w.String(), nil
	case c.set("add") || c.set("remove"):
		if s.IsFilter() {
			return fmt.Errorf("set %q is a saved filter (%s): its documents follow the attributes", s.Name, s.Where)
		}
		if s.Documents, err = c.addRemoveDocuments(p, s.Documents); err != nil {
			return err
		}
	default:
		if !exists {
			return err
		}
		docs, err := p.SelectDocuments(s.Name, nil)
		if err != nil && !errors.Is(err, storage.ErrNoDocumentsMatch) {
			return err
		}
		kind := "set"
		if s.IsFilter() {
			kind = "saved filter: " + s.Where
		}
		fmt.Fprintf(c.stdout, "%s (%s, %s)\n", s.Name, kind, plural(len(docs), "document"))
		for _, d := range docs {
			fmt.Fprintf(c.stdout, "  %s\n", d.Name)
		}
		return nil
	}
	if exists {
		err = p.UpdateSet(s)
	} else {
		s.Name = name
		s, err = p.AddSet(s)
	}
	if err != nil {
		return err
	}
	docs, err := p.SelectDocuments(s.Name, nil)
	if err != nil && !errors.Is(err, storage.ErrNoDocumentsMatch) {
		return err
	}
	verb := "changed"
	if !exists {
		verb = "made"
	}
	fmt.Fprintf(c.stdout, "%s set %s: %s\n", verb, s.Name, plural(len(docs), "document"))
	return nil
}

// describeAttributes is "date 2014-06-05 · affiliation CICIR".
func describeAttributes(table *coding.AttributeTable, docID string) string {
	var parts []string
	for _, a := range table.Attributes {
		if v := table.Value(docID, a.ID); v != "" {
			parts = append(parts, a.Name+" "+v)
		}
	}
	return strings.Join(parts, " · ")
}

// listSets is the project's sets with their current members' names.
func listSets(p *storage.Project) ([]setJSON, error) {
	sets, err := p.Sets()
	if err != nil {
		return nil, err
	}
	out := []setJSON{}
	for _, s := range sets {
		docs, err := p.SelectDocuments(s.Name, nil)
		if err != nil && !errors.Is(err, storage.ErrNoDocumentsMatch) {
			return nil, err
		}
		sj := setJSON{Name: s.Name, Where: s.Where, Documents: []string{}}
		for _, d := range docs {
			sj.Documents = append(sj.Documents, d.Name)
		}
		out = append(out, sj)
	}
	return out, nil
}

// plural is "1 document", "2 documents".
func plural(n int, noun string) string { return coding.Plural(n, noun) }
