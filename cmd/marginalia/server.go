package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"desktop/marginalia/storage"
)

// The team-project commands: `server init|add-coder|blind`, `push` and
// `pull` (storage/server.go, storage/teamcopy.go).

func serverCommands() []command {
	return []command{
		{name: "server", usage: "init URL --project NAME --lead NAME | add-coder URL --project NAME --coder NAME [--codebook] | blind URL --project NAME --on|--off [--set S] | upgrade URL --project NAME  [--password-stdin]",
			summary: "set up a team project on a PostgreSQL server: create it with its lead (init, as the server's administrator), give a coder a login (add-coder), start or end the blind phase (blind, as the lead), upgrade its schema to this version's (upgrade, as the administrator)",
			minArgs: 2, maxArgs: 2, run: runServer, flags: func(fs *flag.FlagSet) {
				fs.String("project", "", "the team project's name (or ?project=NAME in the URL)")
				fs.String("lead", "", "init: the lead's name, which is also their login")
				fs.String("coder", "", "add-coder: the coder's name, which is also their login")
				fs.Bool("codebook", false, "add-coder: the coder may also change the codebook, documents, attributes and sets")
				fs.Bool("password-stdin", false, "read the new login's password from standard input rather than generating one")
				fs.Bool("on", false, "blind: start the blind phase")
				fs.Bool("off", false, "blind: end the blind phase")
				fs.String("set", "", "blind: only for the documents of this set")
			}},
		{name: "push", usage: "FILE.qdb URL [--project NAME]", summary: "upload a project file into a new, empty team project (documents, codebook, coders, codings with their IDs; not the undo history)",
			minArgs: 2, maxArgs: 2, run: runPush, flags: projectFlag},
		{name: "pull", usage: "URL OUT.qdb [--project NAME]", summary: "take a snapshot of a team project (what your login may read) into a new project file",
			minArgs: 2, maxArgs: 2, run: runPull, flags: projectFlag},
	}
}

func projectFlag(fs *flag.FlagSet) {
	fs.String("project", "", "the team project's name (or ?project=NAME in the URL)")
}

// teamURL is the URL argument with --project NAME added.
func (c *call) teamURL(raw string) (string, error) {
	if !storage.IsTeamURL(raw) {
		return "", usagef("%q is not a PostgreSQL URL (postgres://USER@HOST/DATABASE)", storage.RedactURL(raw))
	}
	project := c.str("project")
	if project == "" {
		return raw, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", usagef("%s: not a valid URL", storage.RedactURL(raw))
	}
	q := u.Query()
	q.Set("project", project)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func runServer(c *call) error {
	sub := c.args[0]
	target, err := c.teamURL(c.args[1])
	if err != nil {
		return err
	}
	switch sub {
	case "init":
		lead := c.str("lead")
		if lead == "" {
			return usagef("server init needs --lead NAME")
		}
		password, shown, err := c.newPassword()
		if err != nil {
			return err
		}
		if err := storage.InitTeam(target, lead, password); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "created team project %s\n", projectOf(target))
		c.printLogin(target, lead, password, shown)
		return nil
	case "add-coder":
		coder := c.str("coder")
		if coder == "" {
			return usagef("server add-coder needs --coder NAME")
		}
		password, shown, err := c.newPassword()
		if err != nil {
			return err
		}
		if err := storage.AddCoder(target, coder, password, c.boolean("codebook")); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "added coder %s to %s\n", coder, projectOf(target))
		c.printLogin(target, coder, password, shown)
		return nil
	case "upgrade":
		p, err := storage.Open(target) // opening as the tables' owner upgrades the schema
		if err != nil {
			return err
		}
		defer p.Close()
		fmt.Fprintf(c.stdout, "team project %s is at schema %d, this version's\n", projectOf(target), storage.SchemaVersion)
		return nil
	case "blind":
		on, off := c.boolean("on"), c.boolean("off")
		if on == off {
			return usagef("server blind needs --on or --off")
		}
		p, err := storage.Open(target)
		if err != nil {
			return err
		}
		defer p.Close()
		if err := p.SetBlind(on, c.str("set")); err != nil {
			return err
		}
		state := "ended"
		if on {
			state = "started"
		}
		scope := "the whole project"
		if c.str("set") != "" {
			scope = "the documents of " + c.str("set")
		}
		fmt.Fprintf(c.stdout, "blind phase %s for %s\n", state, scope)
		return nil
	}
	return usagef("unknown server command %q: init, add-coder, blind or upgrade", sub)
}

// newPassword reads the new login's password from standard input
// (--password-stdin) or makes one, which must then be shown once.
func (c *call) newPassword() (password string, generated bool, err error) {
	if !c.boolean("password-stdin") {
		return storage.NewPassword(), true, nil
	}
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("reading the password from standard input: %w", err)
	}
	password = strings.TrimRight(line, "\r\n")
	if password == "" {
		return "", false, errors.New("--password-stdin: standard input held no password")
	}
	return password, false, nil
}

// printLogin says how the new login connects; a generated password is
// printed this once.
func (c *call) printLogin(target, login, password string, generated bool) {
	u, _ := url.Parse(target)
	u.User = url.User(login)
	fmt.Fprintf(c.stdout, "%s connects with: %s\n", login, u.String())
	if generated {
		fmt.Fprintf(c.stdout, "password for %s (shown once; pass it on privately): %s\n", login, password)
	}
}

func projectOf(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%q on %s", u.Query().Get("project"), u.Host)
}

func runPush(c *call) error {
	target, err := c.teamURL(c.args[1])
	if err != nil {
		return err
	}
	report, err := storage.Push(c.args[0], target)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "pushed %s into %s: %s\n", c.args[0], projectOf(target), countsOf(report))
	return nil
}

func runPull(c *call) error {
	target, err := c.teamURL(c.args[0])
	if err != nil {
		return err
	}
	report, err := storage.Pull(target, c.args[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "pulled %s into %s: %s\n", projectOf(target), c.args[1], countsOf(report))
	return nil
}

func countsOf(r storage.PushReport) string {
	var parts []string
	for _, table := range []string{"documents", "codes", "coders", "codings", "memos", "attributes", "sets", "cases"} {
		if n := r[table]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, table))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// redactor hides the passwords of the team URLs among args in what a
// command prints.
func redactor(args []string) *strings.Replacer {
	var pairs []string
	for _, a := range args {
		if !storage.IsTeamURL(a) {
			continue
		}
		if red := storage.RedactURL(a); red != a {
			pairs = append(pairs, a, red)
			if u, err := url.Parse(a); err == nil {
				if pw, ok := u.User.Password(); ok && len(pw) >= 4 {
					pairs = append(pairs, pw, "xxxxx")
				}
			}
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// redacting writes through a Replacer.
type redacting struct {
	w io.Writer
	r *strings.Replacer
}

func (r redacting) Write(b []byte) (int, error) {
	if _, err := io.WriteString(r.w, r.r.Replace(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

var stdin io.Reader = os.Stdin // what --password-stdin reads; tests replace it
