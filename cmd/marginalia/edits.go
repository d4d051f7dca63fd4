package main

// The commands that change what the window changes, one undoable storage
// action each, with the window's refusals: `codebook` (rename, move,
// merge, delete, colour, describe, key), `uncode`, `memo`, `undo` and
// `redo`.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// describeFlag is a flag of `codebook describe` and the part of the
// description it sets.
type describeFlag struct {
	name, usage string
	field       func(*coding.Description) *string
}

// describeFlags are the parts of a code's description, by flag name.
var describeFlags = []describeFlag{
	{"definition", "describe: the code's definition", func(d *coding.Description) *string { return &d.Definition }},
	{"when-to-use", "describe: when to use the code", func(d *coding.Description) *string { return &d.WhenToUse }},
	{"when-not-to-use", "describe: when not to use it", func(d *coding.Description) *string { return &d.WhenNotToUse }},
	{"example", "describe: an example passage", func(d *coding.Description) *string { return &d.Example }},
}

func editCommands() []command {
	coderFlag := func(fs *flag.FlagSet, usage string) { fs.String("coder", "", usage) }
	return []command{
		{name: "codebook", usage: "PROJECT rename PATH NAME | move PATH PARENT | move PATH --top | merge PATH INTO | delete PATH [--force] | colour PATH #RRGGBB | " +
			"describe PATH [--definition T] [--when-to-use T] [--when-not-to-use T] [--example T] | key PATH 1-9|none  [--coder NAME]",
			summary: "change a code, as one undoable action: rename it, move it (with its sub-codes) under PARENT or to the top level, merge it into INTO (its codings move), " +
				"delete it with its sub-codes and codings (--force when codings go with it), recolour it, describe it (only the parts given change; none given prints them), " +
				"or give it a number key (taken from the code that has it); --coder records who did it, for undo --coder",
			minArgs: 3, maxArgs: 4, run: runCodebook,
			flags: func(fs *flag.FlagSet) {
				coderFlag(fs, "the coder doing it (undo --coder NAME undoes it)")
				fs.Bool("top", false, "move: to the top level")
				fs.Bool("force", false, "delete: also when codings go with the code (they are counted first)")
				for _, d := range describeFlags {
					fs.String(d.name, "", d.usage)
				}
			}},
		{name: "uncode", usage: "PROJECT ID|DOCUMENT:START-END [--code PATH] [--coder NAME]",
			summary: "remove one coding, named by its ID (as `case NAME` lists its passages) or by its span (--code and --coder choose among the codings of that span), as one undoable action",
			minArgs: 2, maxArgs: 2, run: runUncode,
			flags: func(fs *flag.FlagSet) {
				fs.String("code", "", "only the coding with this code (path)")
				coderFlag(fs, "only the coding by this coder (undo --coder NAME brings it back)")
			}},
		{name: "memo", usage: "PROJECT coding ID|DOCUMENT:START-END [--code PATH] [--coder NAME] | code PATH | document NAME  [TEXT | --stdin | --clear]",
			summary: "print the memo of a coding, a code or a document, or replace it with TEXT (--stdin: read from standard input; --clear: empty it); a coding's and a code's memo are undoable",
			minArgs: 3, maxArgs: 4, run: runMemo,
			flags: func(fs *flag.FlagSet) {
				fs.String("code", "", "coding: only the coding with this code (path)")
				coderFlag(fs, "coding: only the coding by this coder; code: the coder doing it (undo --coder)")
				fs.Bool("stdin", false, "read the memo's text from standard input")
				fs.Bool("clear", false, "empty the memo")
			}},
		{name: "undo", usage: "PROJECT --coder NAME", summary: "undo NAME's most recent action (code, uncode, memo, codebook, search --code … done with --coder NAME), whoever acted since; never another coder's, nor one done without a coder. On a team project: your login's",
			minArgs: 1, maxArgs: 1, run: func(c *call) error { return runReplay(c, true) },
			flags: func(fs *flag.FlagSet) { coderFlag(fs, "the coder whose action to undo (required)") }},
		{name: "redo", usage: "PROJECT --coder NAME", summary: "redo the action NAME undid last (as undo, never another coder's)",
			minArgs: 1, maxArgs: 1, run: func(c *call) error { return runReplay(c, false) },
			flags: func(fs *flag.FlagSet) { coderFlag(fs, "the coder whose undone action to redo (required)") }},
	}
}

// codeAt is the code at path in cb, or an error saying there is none.
func codeAt(cb *coding.Codebook, path string) (coding.Code, error) {
	found, ok := cb.ByPath(path)
	if !ok {
		return found, fmt.Errorf("no code %q in the codebook (give its path, as list prints it)", path)
	}
	return found, nil
}

// openAs opens the project and records its actions as --coder's, when given.
func (c *call) openAs(path string) (*storage.Project, error) {
	p, err := c.open(path)
	if err == nil && strings.TrimSpace(c.str("coder")) != "" {
		p.ActAs(c.str("coder"))
	}
	return p, err
}

// codebookOperands is how many arguments after PATH each codebook verb takes.
var codebookOperands = map[string]int{"rename": 1, "move": 1, "merge": 1, "delete": 0, "colour": 1, "color": 1, "describe": 0, "key": 1}

func runCodebook(c *call) error {
	verb, rest := c.args[1], c.args[2:]
	want, ok := codebookOperands[verb]
	if !ok {
		return usagef("unknown codebook change %q: rename, move, merge, delete, colour, describe or key", verb)
	}
	if verb == "move" && c.boolean("top") {
		want = 0
	}
	if len(rest)-1 != want {
		return usagef("expected: marginalia codebook PROJECT %s", codebookUsage(verb))
	}
	if verb != "move" && c.boolean("top") || verb != "delete" && c.boolean("force") {
		return usagef("--top is for move and --force for delete")
	}
	p, err := c.openAs(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	cb, err := p.Codebook()
	if err != nil {
		return err
	}
	code, err := codeAt(cb, rest[0])
	if err != nil {
		return fmt.Errorf("codebook %s: %w", verb, err)
	}
	switch verb {
	case "delete":
		return deleteCode(c, p, cb, code)
	case "merge":
		into, err := codeAt(cb, rest[1])
		if err != nil {
			return fmt.Errorf("codebook merge: into: %w", err)
		}
		n, err := p.MergeCode(code.ID, into.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "merged %s into %s (%s moved)\n", cb.Path(code.ID), cb.Path(into.ID), plural(n, "coding"))
		return nil
	case "describe":
		if !slices.ContainsFunc(describeFlags, func(d describeFlag) bool { return c.set(d.name) }) {
			return printDescription(c.stdout, cb.Path(code.ID), code.Description)
		}
	}
	edited, err := editedCode(c, cb, code, verb, rest[1:])
	if err != nil {
		return err
	}
	if edited == code {
		fmt.Fprintf(c.stdout, "%s: nothing to change\n", cb.Path(code.ID))
		return nil
	}
	if err := p.UpdateCode(code, edited); err != nil {
		return err
	}
	after, err := p.Codebook()
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, codeEdited(cb, after, code, verb))
	return nil
}

// codebookUsage is the usage of one codebook verb.
func codebookUsage(verb string) string {
	return map[string]string{"rename": "rename PATH NAME", "move": "move PATH PARENT (or move PATH --top)", "merge": "merge PATH INTO", "delete": "delete PATH [--force]",
		"colour": "colour PATH #RRGGBB", "color": "color PATH #RRGGBB", "describe": "describe PATH [--definition T] [--when-to-use T] [--when-not-to-use T] [--example T]",
		"key": "key PATH 1-9|none"}[verb]
}

// editedCode is code with the change verb asks for.
func editedCode(c *call, cb *coding.Codebook, code coding.Code, verb string, operands []string) (coding.Code, error) {
	edited := code
	switch verb {
	case "rename":
		edited.Name = operands[0]
	case "move":
		edited.ParentID = ""
		if len(operands) > 0 {
			parent, err := codeAt(cb, operands[0])
			if err != nil {
				return edited, fmt.Errorf("codebook move: under: %w", err)
			}
			edited.ParentID = parent.ID
		}
	case "colour", "color":
		edited.Color = operands[0]
	case "describe":
		for _, d := range describeFlags {
			if c.set(d.name) {
				*d.field(&edited.Description) = c.str(d.name)
			}
		}
	case "key":
		k, err := strconv.Atoi(operands[0])
		switch {
		case strings.EqualFold(operands[0], "none"):
			k = 0
		case err != nil || k < 0 || k > coding.MaxKey:
			return edited, usagef("codebook key %s: key %q: give 1–%d, or none", cb.Path(code.ID), operands[0], coding.MaxKey)
		}
		edited.Key = k
	}
	return edited, nil
}

// codeEdited says what a codebook verb did to code, read back from the
// codebook after it: "renamed Trust to Faith".
func codeEdited(before, after *coding.Codebook, code coding.Code, verb string) string {
	now, _ := after.Code(code.ID)
	path := after.Path(code.ID)
	switch verb {
	case "rename":
		return fmt.Sprintf("renamed %s to %s", before.Path(code.ID), path)
	case "move":
		return fmt.Sprintf("moved %s to %s", before.Path(code.ID), path)
	case "colour", "color":
		return fmt.Sprintf("recoloured %s %s", path, now.Color)
	case "key":
		if now.Key == 0 {
			return fmt.Sprintf("%s has no key now", path)
		}
		msg := fmt.Sprintf("%s has the key %d now", path, now.Key)
		if holder := codeWithKey(before, now.Key); holder.ID != "" && holder.ID != code.ID {
			msg += fmt.Sprintf(", taken from %s, which has none now", after.Path(holder.ID))
		}
		return msg
	}
	return "described " + path
}

// codeWithKey is the code of cb with number key k, if any.
func codeWithKey(cb *coding.Codebook, k int) coding.Code {
	for _, c := range cb.Codes() {
		if c.Key == k {
			return c
		}
	}
	return coding.Code{}
}

// printDescription prints a code's description, part by part.
func printDescription(w io.Writer, path string, d coding.Description) error {
	fmt.Fprintln(w, path)
	for _, part := range []struct{ label, text string }{{"Definition", d.Definition}, {"When to use", d.WhenToUse}, {"When not to use", d.WhenNotToUse}, {"Example", d.Example}} {
		if part.text != "" {
			fmt.Fprintf(w, "  %s: %s\n", part.label, part.text)
		}
	}
	if d.IsZero() {
		fmt.Fprintln(w, "  (no description)")
	}
	return nil
}

// deleteCode deletes code with its sub-codes; when codings go with them
// it first says how many, by coder, and asks for --force, as the window
// asks to confirm.
func deleteCode(c *call, p *storage.Project, cb *coding.Codebook, code coding.Code) error {
	path := cb.Path(code.ID)
	subs := cb.Descendants(code.ID)
	byCoder := map[string]int{}
	total := 0
	for _, id := range append([]string{code.ID}, subs...) {
		codings, err := p.CodingsWithCode(id)
		if err != nil {
			return err
		}
		for _, cd := range codings {
			byCoder[cd.CoderID]++
		}
		total += len(codings)
	}
	if total > 0 && !c.boolean("force") {
		coders, err := p.Coders()
		if err != nil {
			return err
		}
		var who []string
		for _, cd := range coders {
			if n := byCoder[cd.ID]; n > 0 {
				who = append(who, fmt.Sprintf("%s %d", cd.Name, n))
			}
		}
		them := "it"
		if len(subs) > 0 {
			path, them = fmt.Sprintf("%s and its %s", path, plural(len(subs), "sub-code")), "them"
		}
		goes := "go"
		if total == 1 {
			goes = "goes"
		}
		return fmt.Errorf("codebook delete %s: %s (%s) %s with %s; nothing was deleted: run it again with --force to delete them too (undo brings them back)",
			path, plural(total, "coding"), strings.Join(who, ", "), goes, them)
	}
	n, err := p.DeleteCode(code.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "deleted %s and %s\n", path, plural(n, "coding"))
	return nil
}

// oneCoding is the coding spec names (an ID or DOCUMENT:START-END, with
// --code and --coder), for command what.
func oneCoding(p *storage.Project, c *call, what, spec string) (coding.Coding, error) {
	ids, err := passageSpec(p, c, what, spec, false, nil)
	if err != nil {
		return coding.Coding{}, err
	}
	return p.Coding(ids[0])
}

// codingPlace names a coding for a message: "Trust by ann in
// sony.txt [10,40) "the text"". The code and coder are looked up in the
// project, then among gone (what an undo has just removed).
func codingPlace(p *storage.Project, cd coding.Coding, gone storage.ChangeSet) string {
	coder, code := cd.CoderID, cd.CodeID
	coders, _ := p.Coders()
	for _, k := range append(coders, gone.Coders.Removed...) {
		if k.ID == cd.CoderID {
			coder = k.Name
		}
	}
	if cb, err := p.Codebook(); err == nil {
		if _, ok := cb.Code(cd.CodeID); ok {
			code = cb.Path(cd.CodeID)
		}
	}
	for _, k := range gone.Codes.Removed {
		if k.ID == cd.CodeID {
			code = k.Name
		}
	}
	where := cd.DocumentID
	if d, err := p.Document(cd.DocumentID); err == nil {
		where = fmt.Sprintf("%s [%d,%d) %q", d.Name, cd.Start, cd.End, excerpt(coding.Slice(d.Text, cd.Span), 40))
	}
	return fmt.Sprintf("%s by %s in %s", code, coder, where)
}

// excerpt is text on one line, cut to at most n code points.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return text
}

// actAsCoderOf records the action as the coding's coder's, unless
// --coder named one.
func actAsCoderOf(p *storage.Project, c *call, cd coding.Coding) {
	if strings.TrimSpace(c.str("coder")) != "" {
		return
	}
	if coders, err := p.Coders(); err == nil {
		for _, k := range coders {
			if k.ID == cd.CoderID {
				p.ActAs(k.Name)
			}
		}
	}
}

func runUncode(c *call) error {
	p, err := c.openAs(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	cd, err := oneCoding(p, c, "uncode", c.args[1])
	if err != nil {
		return err
	}
	place := codingPlace(p, cd, storage.ChangeSet{})
	actAsCoderOf(p, c, cd)
	if err := p.RemoveCoding(cd.ID); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "removed coding %s\n", place)
	return nil
}

func runMemo(c *call) error {
	kind, target := c.args[1], c.args[2]
	if kind != "coding" && kind != "code" && kind != "document" {
		return usagef("memo of %q: give coding, code or document", kind)
	}
	given := 0
	for _, b := range []bool{len(c.args) == 4, c.boolean("stdin"), c.boolean("clear")} {
		if b {
			given++
		}
	}
	if given > 1 {
		return usagef("give the memo as TEXT, --stdin or --clear, one of them")
	}
	if kind != "coding" && c.set("code") {
		return usagef("--code chooses a coding (memo PROJECT coding DOCUMENT:START-END --code PATH); a code's memo is memo PROJECT code PATH")
	}
	var text string
	switch {
	case len(c.args) == 4:
		text = c.args[3]
	case c.boolean("stdin"):
		b, err := io.ReadAll(c.stdin)
		if err != nil {
			return fmt.Errorf("memo: standard input: %w", err)
		}
		text = strings.TrimRight(string(b), "\n")
	}
	p, err := c.openAs(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	var (
		what, memo string
		set        func() error
	)
	switch kind {
	case "coding":
		cd, err := oneCoding(p, c, "memo coding", target)
		if err != nil {
			return err
		}
		what, memo = "coding "+codingPlace(p, cd, storage.ChangeSet{}), cd.Memo
		set = func() error { actAsCoderOf(p, c, cd); return p.SetCodingMemo(cd.ID, text) }
	case "code":
		cb, err := p.Codebook()
		if err != nil {
			return err
		}
		code, err := codeAt(cb, target)
		if err != nil {
			return fmt.Errorf("memo: %w", err)
		}
		what, memo = "code "+cb.Path(code.ID), code.Memo
		set = func() error {
			edited := code
			edited.Memo = text
			return p.UpdateCode(code, edited)
		}
	case "document":
		d, err := p.DocumentNamed(target)
		if err != nil {
			return fmt.Errorf("memo: %w", err)
		}
		what, memo = "document "+d.Name, d.Memo
		set = func() error { return p.SetDocumentMemo(d.ID, text) }
	}
	if given == 0 {
		if memo == "" {
			fmt.Fprintf(c.stdout, "(no memo on %s)\n", what)
			return nil
		}
		_, err := fmt.Fprintln(c.stdout, memo)
		return err
	}
	if text == memo {
		fmt.Fprintf(c.stdout, "the memo of %s is already that: nothing to change\n", what)
		return nil
	}
	if err := set(); err != nil {
		return err
	}
	if text == "" {
		fmt.Fprintf(c.stdout, "cleared the memo of %s\n", what)
	} else {
		fmt.Fprintf(c.stdout, "saved the memo of %s\n", what)
	}
	return nil
}

// runReplay undoes (or redoes) --coder's most recent action and says what
// it was.
func runReplay(c *call, undo bool) error {
	coder := strings.TrimSpace(c.str("coder"))
	if coder == "" {
		return usagef("--coder NAME is required: undo and redo take that coder's own actions only")
	}
	p, err := c.openAs(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	if t := p.Team(); t != nil {
		me := t.Coder
		if me == "" {
			me = t.Login
		}
		if !strings.EqualFold(me, coder) {
			return fmt.Errorf("on team project %s you are %s: undo and redo take your own actions only (--coder %s), never %s's", t.Project, me, me, coder)
		}
	}
	var done storage.ChangeSet
	p.OnChange(func(cs storage.ChangeSet) { done = cs })
	step, verb := p.Redo, "Redid"
	if undo {
		step, verb = p.Undo, "Undid"
	}
	if _, err := step(); err != nil {
		if errors.Is(err, storage.ErrNothingToUndo) || errors.Is(err, storage.ErrNothingToRedo) {
			return fmt.Errorf("%w for %s", err, coder)
		}
		return err
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", verb, describeChange(p, done))
	return nil
}

// describeChange names what a change set did: its label and, for
// codings, which: "Code passage (Trust by ann in sony.txt [10,40) …)".
func describeChange(p *storage.Project, cs storage.ChangeSet) string {
	var cd coding.Coding
	switch r := cs.Codings; {
	case r.Len() > 1:
		return fmt.Sprintf("%s (%s)", cs.Label, plural(r.Len(), "coding"))
	case len(r.Added) == 1:
		cd = r.Added[0]
	case len(r.Removed) == 1:
		cd = r.Removed[0]
	case len(r.Updated) == 1:
		cd = r.Updated[0].After
	default:
		return cs.Label
	}
	return fmt.Sprintf("%s (%s)", cs.Label, codingPlace(p, cd, cs))
}
