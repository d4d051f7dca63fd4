package main

import (
	"desktop/marginalia/storage/textimport"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"desktop/marginalia/app"
	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

func commands() []command {
	return slices.Concat([]command{
		{name: "open", usage: "PROJECT [--coder NAME]", summary: "open the app on PROJECT (as coder NAME)", minArgs: 1, maxArgs: 1,
			flags: func(fs *flag.FlagSet) { fs.String("coder", "", "code as this coder (created when new)") },
			run:   func(c *call) error { return startGUI(c.args[0], c.str("coder")) }},
		{name: "new", usage: "PROJECT [--sample]", summary: "create an empty project file (never overwrites); --sample adds the sample articles and starter codebook",
			minArgs: 1, maxArgs: 1, flags: func(fs *flag.FlagSet) { fs.Bool("sample", false, "add the sample articles and the starter codebook") }, run: runNew},
		{name: "import", usage: "PROJECT FILE... [--codebook-only]", summary: "import documents (" + textimport.ExtensionList() + "), codings (.csv), a codebook (.qdc) or a REFI-QDA project (.qdpx); each file is one transaction",
			minArgs: 2, maxArgs: -1, run: runImport,
			flags: func(fs *flag.FlagSet) {
				fs.Bool("codebook-only", false, "from a .qdpx, bring in only its codes and users (for a file whose texts are missing)")
			}},
		{name: "export", usage: "PROJECT OUT [--coders A,B] [--documents N1,N2] [--set NAME] [--case NAME] [--where ATTR=VALUE]... [--positions codepoints|utf16]",
			summary: "export by OUT's extension: " + storage.ExportKindList() + " (--positions utf16 for NVivo, which counts UTF-16 code units)",
			minArgs: 2, maxArgs: 2, flags: func(fs *flag.FlagSet) {
				selectionFlags(fs)
				fs.String("positions", "codepoints", "how a .qdpx counts positions: codepoints (the schema; QualCoder, MAXQDA, ATLAS.ti) or utf16 (NVivo)")
			}, run: runExport},
		{name: "list", usage: "PROJECT [--json] [--set NAME] [--case NAME] [--where ATTR=VALUE]...", summary: "list documents (with their attributes), sets, cases (with their passages), codes, coders and the number of codings", minArgs: 1, maxArgs: 1,
			flags: func(fs *flag.FlagSet) {
				fs.Bool("json", false, "print JSON")
				documentFilterFlags(fs)
			}, run: runList},
		{name: "text", usage: "PROJECT DOCUMENT [--start N] [--end M]", summary: "print a document's stored text, or its slice [N, M)", minArgs: 2, maxArgs: 2,
			flags: func(fs *flag.FlagSet) {
				fs.String("start", "", "first code point (0-based)")
				fs.String("end", "", "code point after the last one")
			}, run: runText},
		{name: "code", usage: "PROJECT --coder C --document D --code PATH --start N --end M [--memo TEXT]",
			summary: "add one coding; creates the code (and its parents) and the coder when new", minArgs: 1, maxArgs: 1,
			flags: func(fs *flag.FlagSet) {
				for _, name := range []string{"coder", "document", "code", "start", "end", "memo"} {
					fs.String(name, "", name)
				}
			}, run: runCode},
	}, editCommands(), // edits.go: codebook, uncode, memo, undo, redo
		[]command{
			agreementCommand(),
			analyseCommand(),   // issue 12: analyse.go
			reportCommand(),    // issue 12: analyse.go, analyse with --kind
			searchCommand(),    // issue 12: search.go
			sampleCommand(),    // issue 13: sample.go
			consensusCommand(), // issue 13: consensus.go
		}, backupCommands(), serverCommands(), // server.go: team projects
		attributesCommands(), []command{caseCommand()}) // attributes.go, cases.go
}

func commandNamed(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func selectionFlags(fs *flag.FlagSet) {
	listFlag(fs, "coders", "coder names (default: all)")
	listFlag(fs, "documents", "document names (default: all)")
	documentFilterFlags(fs) // --set, --where: attributes.go
}

func runNew(c *call) error {
	if c.boolean("sample") {
		if err := app.CreateSampleProject(c.args[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "created %s with the sample articles and the starter codebook\n", c.args[0])
		return nil
	}
	p, err := storage.Create(c.args[0])
	if err != nil {
		return err
	}
	c.warnShared(p)
	fmt.Fprintf(c.stdout, "created %s\n", c.args[0])
	return p.Close()
}

func runImport(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	failed := 0
	opt := storage.ImportOptions{CodebookOnly: c.boolean("codebook-only")}
	for _, path := range c.args[1:] {
		r := p.ImportFileWith(path, opt)
		if r.Outcome == storage.ImportFailed {
			fmt.Fprintf(c.stderr, "marginalia: %v\n", r.Err)
			if errors.Is(r.Err, refi.ErrTextMissing) {
				fmt.Fprintf(c.stderr, "  to bring in its codes and users alone: marginalia import %s %s --codebook-only\n", c.args[0], path)
			}
			failed++
			continue
		}
		fmt.Fprintln(c.stdout, r)
	}
	if failed > 0 {
		return errReported{fmt.Sprintf("%d of %d files not imported (the project is unchanged by them)", failed, len(c.args)-1), len(c.args) == 2}
	}
	return nil
}

func runExport(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	units, err := refi.ParseUnits(c.str("positions"))
	if err != nil {
		return usagef("--%v", err)
	}
	filter, err := resolveSelection(p, c)
	if err != nil {
		return err
	}
	if err := p.ExportFileWith(c.args[1], filter, storage.ExportOptions{Positions: units}); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %s\n", c.args[1])
	return nil
}

// resolveSelection turns --coders and --documents names, --set and
// --where into a filter.
func resolveSelection(p *storage.Project, c *call) (storage.Filter, error) {
	docs, err := selectedDocumentNames(p, c)
	if err != nil {
		return storage.Filter{}, err
	}
	coders, err := c.coderNames(p, "coders")
	if err != nil {
		return storage.Filter{}, err
	}
	return p.FilterNamed(coders, docs)
}

type listJSON struct {
	Documents []docJSON     `json:"documents"`
	Sets      []setJSON     `json:"sets"`
	Cases     []caseJSON    `json:"cases"`
	Codes     []codeJSON    `json:"codes"`
	CodeSets  []codeSetJSON `json:"code_sets"`
	Coders    []coderJSON   `json:"coders"`
	Codings   int           `json:"codings"`
}

type docJSON struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Length     int            `json:"length"`
	SHA256     string         `json:"sha256"`
	Attributes map[string]any `json:"attributes"`
}

// setJSON is a document set; a saved filter has its condition.
type setJSON struct {
	Name      string   `json:"name"`
	Where     string   `json:"where,omitempty"`
	Documents []string `json:"documents"`
}

type codeJSON struct {
	ID          string              `json:"id"`
	Path        string              `json:"path"`
	Color       string              `json:"color"`
	Codable     bool                `json:"codable"`
	Key         int                 `json:"key,omitempty"` // its number key in the window, 1–9
	Description *coding.Description `json:"description,omitempty"`
}

type coderJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func runList(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	out := listJSON{Documents: []docJSON{}, Sets: []setJSON{}, Cases: []caseJSON{}, Codes: []codeJSON{}, CodeSets: []codeSetJSON{}, Coders: []coderJSON{}}
	docs, err := selectedDocuments(p, c)
	if err != nil {
		return err
	}
	table, err := p.AttributeTable()
	if err != nil {
		return err
	}
	for _, d := range docs {
		out.Documents = append(out.Documents, docJSON{d.ID, d.Name, d.Length, d.SHA256, attributesOf(table, d.ID)})
	}
	if out.Sets, err = listSets(p); err != nil {
		return err
	}
	if out.Cases, err = listCases(p, table); err != nil {
		return err
	}
	cb, err := p.Codebook()
	if err != nil {
		return err
	}
	for _, code := range cb.Codes() {
		cj := codeJSON{ID: code.ID, Path: cb.Path(code.ID), Color: code.Color, Codable: code.Codable, Key: code.Key}
		if !code.Description.IsZero() {
			cj.Description = &code.Description
		}
		out.Codes = append(out.Codes, cj)
	}
	if out.CodeSets, err = listCodeSets(p, cb); err != nil {
		return err
	}
	coders, err := p.Coders()
	if err != nil {
		return err
	}
	for _, coder := range coders {
		out.Coders = append(out.Coders, coderJSON{coder.ID, coder.Name})
	}
	if c.filtered() {
		ids := make([]string, len(docs))
		for i, d := range docs {
			ids[i] = d.ID
		}
		codings, err := p.Codings(storage.Filter{Documents: ids})
		if err != nil {
			return err
		}
		out.Codings = len(codings)
	} else if out.Codings, err = p.CodingCount(); err != nil {
		return err
	}
	if c.boolean("json") {
		return writeJSON(c, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Documents (%d)\n", len(out.Documents))
	for _, d := range out.Documents {
		fmt.Fprintf(tw, "  %s\t%d characters\t%s\n", d.Name, d.Length, describeAttributes(table, d.ID))
	}
	if len(out.Sets) > 0 {
		fmt.Fprintf(tw, "Sets (%d)\n", len(out.Sets))
	}
	for _, s := range out.Sets {
		where := ""
		if s.Where != "" {
			where = "where " + s.Where
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Name, plural(len(s.Documents), "document"), where)
	}
	if len(out.Cases) > 0 {
		fmt.Fprintf(tw, "Cases (%d)\n", len(out.Cases))
	}
	for _, cs := range out.Cases {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", cs.Name, caseSize(len(cs.Documents), len(cs.Passages)), strings.Join(cs.Documents, ", "))
	}
	fmt.Fprintf(tw, "Codes (%d)\n", len(out.Codes))
	for _, code := range out.Codes {
		kind := ""
		if !code.Codable {
			kind = "category"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", code.Path, code.Color, kind)
	}
	if len(out.CodeSets) > 0 {
		fmt.Fprintf(tw, "Code groups (%d)\n", len(out.CodeSets))
	}
	for _, g := range out.CodeSets {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", g.Name, plural(len(g.Codes), "code"), strings.Join(g.Codes, ", "))
	}
	fmt.Fprintf(tw, "Coders (%d)\n", len(out.Coders))
	for _, coder := range out.Coders {
		fmt.Fprintf(tw, "  %s\n", coder.Name)
	}
	fmt.Fprintf(tw, "Codings: %d\n", out.Codings)
	return tw.Flush()
}

// intFlag parses an integer flag; fallback is used when the flag is absent.
func intFlag(c *call, name string, fallback int) (int, error) {
	if !c.set(name) {
		return fallback, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(c.str(name)))
	if err != nil {
		return 0, usagef("--%s %q is not a whole number", name, c.str(name))
	}
	return n, nil
}

func runText(c *call) error {
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	d, err := p.DocumentNamed(c.args[1])
	if err != nil {
		return err
	}
	var span coding.Span
	if span.Start, err = intFlag(c, "start", 0); err != nil {
		return err
	}
	if span.End, err = intFlag(c, "end", d.Length); err != nil {
		return err
	}
	if span.Start != span.End || span.Start != 0 {
		if err := span.Validate(d.Length); err != nil {
			return fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	_, err = fmt.Fprint(c.stdout, coding.Slice(d.Text, span))
	return err
}

func runCode(c *call) error {
	for _, name := range []string{"coder", "document", "code", "start", "end"} {
		if strings.TrimSpace(c.str(name)) == "" {
			return usagef("--%s is required", name)
		}
	}
	start, err := intFlag(c, "start", 0)
	if err != nil {
		return err
	}
	end, err := intFlag(c, "end", 0)
	if err != nil {
		return err
	}
	p, err := c.openAs(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	cd, added, err := p.CodeIfNew(storage.CodeRequest{Coder: c.str("coder"), Document: c.str("document"), CodePath: c.str("code"),
		Span: coding.Span{Start: start, End: end}, Memo: c.str("memo")})
	if err != nil {
		return err
	}
	d, err := p.Document(cd.DocumentID)
	if err != nil {
		return err
	}
	if !added {
		memo := ""
		if c.set("memo") && c.str("memo") != cd.Memo {
			memo = " (its memo is unchanged: marginalia memo PROJECT coding " + cd.ID + " TEXT changes it)"
		}
		fmt.Fprintf(c.stdout, "nothing added: %s [%d,%d) is already coded with %s by %s%s\n", d.Name, cd.Start, cd.End, c.str("code"), c.str("coder"), memo)
		return nil
	}
	fmt.Fprintf(c.stdout, "coded %s [%d,%d) %q\n", d.Name, cd.Start, cd.End, coding.Slice(d.Text, cd.Span))
	return nil
}
