package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// command is one CLI subcommand.
type command struct {
	name    string
	usage   string // arguments after the command name
	summary string
	flags   func(fs *flag.FlagSet) // declares the command's flags
	minArgs int
	maxArgs int // -1: any number
	run     func(c *call) error
}

// call is one run of a command: its positional arguments, its flags and
// where it writes.
type call struct {
	args   []string
	flags  *flag.FlagSet
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func (c *call) str(name string) string { return c.flags.Lookup(name).Value.String() }

func (c *call) set(name string) bool {
	found := false
	c.flags.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

func (c *call) boolean(name string) bool {
	v, _ := strconv.ParseBool(c.str(name))
	return v
}

// listValue is a list flag's value: each use of the flag adds one value
// (--add a.txt --add b.txt), and each value is a comma-separated list.
type listValue []string

func (l *listValue) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *listValue) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// listFlag declares a list flag: comma-separated, and repeatable.
func listFlag(fs *flag.FlagSet, name, usage string) {
	fs.Var(&listValue{}, name, usage+"; comma-separated, or repeat the flag")
}

// list is a list flag's items: its values split on commas, trimmed, the
// empty ones left out.
func (c *call) list(name string) []string { return c.names(name, nil) }

// names is a list flag's items as list gives them, except that commas
// inside a name the project knows (known says which) do not split it:
// with a document "Smith, 2020.txt", both --add 'Smith, 2020.txt' and
// --add 'Smith, 2020.txt,b.txt' name it whole. Where several runs of
// parts would name something, the longest wins.
func (c *call) names(name string, known func(string) bool) []string {
	var out []string
	values, _ := c.flags.Lookup(name).Value.(*listValue)
	if values == nil {
		values = &listValue{c.str(name)}
	}
	for _, v := range *values {
		parts := strings.Split(v, ",")
		for i := 0; i < len(parts); {
			j := i + 1 // parts[i:j] is the next item
			if known != nil {
				for k := len(parts); k > i+1; k-- {
					if known(strings.TrimSpace(strings.Join(parts[i:k], ","))) {
						j = k
						break
					}
				}
			}
			if item := strings.TrimSpace(strings.Join(parts[i:j], ",")); item != "" {
				out = append(out, item)
			}
			i = j
		}
	}
	return out
}

// documentNames is a list flag of document names, as names splits it.
func (c *call) documentNames(p *storage.Project, name string) ([]string, error) {
	docs, err := p.Documents()
	if err != nil {
		return nil, err
	}
	return c.names(name, func(s string) bool {
		return slices.ContainsFunc(docs, func(d coding.Document) bool { return d.Name == s })
	}), nil
}

// coderNames is a list flag of coder names (matched ignoring case), as
// names splits it.
func (c *call) coderNames(p *storage.Project, name string) ([]string, error) {
	coders, err := p.Coders()
	if err != nil {
		return nil, err
	}
	return c.names(name, func(s string) bool {
		return slices.ContainsFunc(coders, func(k coding.Coder) bool { return strings.EqualFold(k.Name, s) })
	}), nil
}

// codePaths is a list flag of code paths, as names splits it.
func (c *call) codePaths(cb *coding.Codebook, name string) []string {
	return c.names(name, func(s string) bool {
		_, ok := cb.ByPath(s)
		return ok
	})
}

// parseInterspersed parses flags that may come before, between or after
// positional arguments; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// open opens the project at path for this command; in a network or synced
// folder, where it is opened in a safe mode, it says so in one line on
// stderr.
func (c *call) open(path string) (*storage.Project, error) {
	p, err := storage.Open(path)
	if err != nil {
		return nil, err
	}
	c.warnShared(p)
	return p, nil
}

// warnShared says on stderr, in one line, that p is in a shared folder.
func (c *call) warnShared(p *storage.Project) {
	if w := p.Location().Warning(p.Path()); w != "" {
		fmt.Fprintf(c.stderr, "marginalia: note: %s\n", w)
	}
}
