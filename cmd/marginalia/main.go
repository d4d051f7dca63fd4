// Command marginalia is Marginalia's entry point: with a subcommand it runs
// that command on a project file (see `marginalia help`); without one, or
// with `open PROJECT`, it starts the desktop app.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"desktop/marginalia/assets"
	_ "desktop/marginalia/cmd/marginalia/locale" // before Fyne reads the locale
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status: 0 on success,
// 1 when the command failed, 2 when it was called wrongly.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return report(stderr, startGUI("", ""))
	}
	if r := redactor(args); r != nil { // a team URL's password is never printed
		stdout, stderr = redacting{stdout, r}, redacting{stderr, r}
	}
	name := args[0]
	if len(args) == 1 && strings.EqualFold(filepath.Ext(name), ".qdb") { // a double-click on a project file
		return report(stderr, startGUI(name, ""))
	}
	if name == "help" || name == "-h" || name == "--help" {
		printUsage(stdout)
		return 0
	}
	if name == "--version" || name == "version" {
		fmt.Fprint(stdout, assets.ThisBuild())
		return 0
	}
	cmd, ok := commandNamed(name)
	if !ok {
		fmt.Fprintf(stderr, "marginalia: unknown command %q (run `marginalia help` for the list)\n", name)
		return 2
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	positional, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: marginalia %s %s\n  %s\n", cmd.name, cmd.usage, cmd.summary)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return 0
	}
	if err == nil && (len(positional) < cmd.minArgs || (cmd.maxArgs >= 0 && len(positional) > cmd.maxArgs)) {
		err = usagef("expected: marginalia %s %s", cmd.name, cmd.usage)
	}
	if err != nil {
		fmt.Fprintf(stderr, "marginalia %s: %v\n", name, err)
		return 2
	}
	return report(stderr, cmd.run(&call{args: positional, flags: fs, stdin: stdin, stdout: stdout, stderr: stderr}))
}

// errReported is a failure whose details were already printed; silent
// when one line said it all.
type errReported struct {
	msg    string
	silent bool
}

func (e errReported) Error() string { return e.msg }

func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var r errReported
	if !errors.As(err, &r) || !r.silent {
		fmt.Fprintf(stderr, "marginalia: %v\n", err)
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Marginalia: qualitative coding of texts, with inter-coder agreement.")
	fmt.Fprintln(w, "\nusage:")
	fmt.Fprintln(w, "  marginalia                      open the app on the last project (first run: the sample project)")
	fmt.Fprintln(w, "  marginalia PROJECT.qdb          open the app on PROJECT.qdb (what a double-click on it runs)")
	fmt.Fprintln(w, "  marginalia --version            the version, commit, build date and the versions of Go, Fyne and SQLite")
	for _, c := range commands() {
		fmt.Fprintf(w, "  marginalia %s %s\n      %s\n", c.name, c.usage, c.summary)
	}
	fmt.Fprintln(w, "\nPositions are 0-based, end-exclusive offsets in Unicode code points of the stored text.")
	fmt.Fprintln(w, "Codes are named by path, parent first: \"Norms > Cyber vandalism\". Flags may come before or after arguments.")
}
