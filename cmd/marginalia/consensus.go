package main

import (
	"errors"
	"flag"
	"fmt"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Consensus coding (issue 13): a consensus coded by rule as a coder of its
// own.

func consensusCommand() command {
	return command{
		name:    "consensus",
		usage:   "PROJECT --coders A,B (--rule union|intersection | --take CODER) [--as NAME] [--documents N1,N2] [--set S] [--where ATTR=VALUE]... [--replace]",
		summary: "code a consensus as its own coder (default \"" + coding.ConsensusName + "\"): per code and document, the characters any coder coded (union), all coded (intersection) or one coder coded (--take), as maximal runs; the coders' codings are kept; undoable",
		minArgs: 1, maxArgs: 1,
		flags: func(fs *flag.FlagSet) {
			fs.String("rule", "", "union or intersection")
			fs.String("take", "", "take this coder's codings")
			fs.String("as", coding.ConsensusName, "the consensus coder's name (created when new)")
			fs.Bool("replace", false, "replace the consensus coder's codings in these documents")
			selectionFlags(fs) // --coders, --documents, --set, --where
		},
		run: runConsensus,
	}
}

func runConsensus(c *call) error {
	opt := storage.ConsensusOptions{Coders: c.list("coders"), As: c.str("as"), Replace: c.boolean("replace")}
	switch rule, take := c.str("rule"), c.str("take"); {
	case (rule == "") == (take == ""):
		return usagef("give either --rule union|intersection or --take CODER")
	case take != "":
		opt.Rule, opt.Take = coding.RuleTake, take
		if len(opt.Coders) == 0 {
			opt.Coders = []string{take}
		}
	case rule == coding.RuleUnion || rule == coding.RuleIntersection:
		opt.Rule = rule
		if err := twoCoders(opt.Coders); err != nil {
			return err
		}
	default:
		return usagef("--rule %q: use union or intersection (or --take CODER)", rule)
	}
	p, err := c.open(c.args[0])
	if err != nil {
		return err
	}
	defer p.Close()
	if c.set("coders") {
		if opt.Coders, err = c.coderNames(p, "coders"); err != nil {
			return err
		}
		if err := twoCoders(opt.Coders); err != nil && opt.Rule != coding.RuleTake {
			return err
		}
	}
	if opt.Documents, err = selectedDocumentNames(p, c); err != nil {
		return err
	}
	res, err := p.Consensus(opt)
	if errors.Is(err, storage.ErrConsensusExists) {
		return fmt.Errorf("%s already has codings in these documents: --replace replaces them (undoable), --as names another consensus coder", opt.As)
	}
	if err != nil {
		return err
	}
	how := opt.Rule + " of " + joinNames(opt.Coders)
	if opt.Rule == coding.RuleTake {
		how = opt.Take + "'s codings"
	}
	replaced := ""
	if res.Removed > 0 {
		replaced = fmt.Sprintf(", replacing %s", plural(res.Removed, "coding"))
	}
	_, err = fmt.Fprintf(c.stdout, "coded %s as %s in %s: %s%s\n", how, res.Coder.Name, plural(res.Documents, "document"), plural(res.Codings, "coding"), replaced)
	return err
}

// joinNames is "alice and bob", "alice, bob and carol".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := names[0]
	for _, n := range names[1 : len(names)-1] {
		out += ", " + n
	}
	return out + " and " + names[len(names)-1]
}
