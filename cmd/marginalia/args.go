package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

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

// list splits a comma-separated flag value into trimmed, non-empty items.
func (c *call) list(name string) []string {
	var out []string
	for _, item := range strings.Split(c.str(name), ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
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
