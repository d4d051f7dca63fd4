package main

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/storage/teamtest"
)

// teamCLI runs command lines against one team project and checks that
// none of them ever prints a password it knows of. (A generated password
// is known once the command that generated it has shown it.)
type teamCLI struct {
	t         *testing.T
	admin     *url.URL // the administrator's URL, without the project
	project   string
	passwords []string
}

// url is the project's URL for login with password.
func (c *teamCLI) url(login, password string) string {
	u := *c.admin
	u.User = url.UserPassword(login, password)
	q := u.Query()
	q.Set("project", c.project)
	u.RawQuery = q.Encode()
	return u.String()
}

// run runs a command line, with input as standard input, and fails the
// test when its output shows a password.
func (c *teamCLI) run(input string, args ...string) outcome {
	c.t.Helper()
	saved := stdin
	defer func() { stdin = saved }()
	stdin = strings.NewReader(input)
	o := mg(c.t, args...)
	all := o.stdout + o.stderr
	for _, pw := range c.passwords {
		if !strings.Contains(all, pw) {
			continue
		}
		c.t.Errorf("marginalia %s printed a password:\nstdout: %s\nstderr: %s", strings.Join(redactArgs(args), " "), o.stdout, o.stderr)
	}
	return o
}

// must runs a command line that must succeed and returns its stdout.
func (c *teamCLI) must(input string, args ...string) string {
	c.t.Helper()
	o := c.run(input, args...)
	if o.code != 0 {
		c.t.Fatalf("marginalia %s: exit %d, stderr: %s", strings.Join(redactArgs(args), " "), o.code, o.stderr)
	}
	return o.stdout
}

// redactArgs hides the passwords of URLs among args, for test messages.
func redactArgs(args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if u, err := url.Parse(a); err == nil && u.User != nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), "xxxxx")
				out[i] = u.String()
			}
		}
	}
	return out
}

// export runs `export` into a CSV file and returns its data rows, sorted.
func (c *teamCLI) export(project string) [][]string {
	c.t.Helper()
	out := filepath.Join(c.t.TempDir(), "codings.csv")
	c.must("", "export", project, out)
	f, err := os.Open(out)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil || len(records) == 0 {
		c.t.Fatalf("exported CSV: %v", err)
	}
	rows := records[1:]
	slices.SortFunc(rows, func(a, b []string) int { return slices.Compare(a, b) })
	return rows
}

// generatedPassword finds the password a `server` command showed for login.
func generatedPassword(t *testing.T, stdout, login string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^password for ` + regexp.QuoteMeta(login) + ` \(shown once; pass it on privately\): (\S+)$`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no generated password for %s shown in:\n%s", login, stdout)
	}
	return m[1]
}

// agreementTable is `agreement` as text, without the line naming the
// project, which differs between a file and a URL.
func agreementTable(t *testing.T, c *teamCLI, project string, coders string) string {
	t.Helper()
	var kept []string
	for _, line := range strings.Split(c.must("", "agreement", project, "--coders", coders), "\n") {
		if !strings.Contains(line, ".qdb") && !strings.Contains(line, "postgres://") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// TestServerCommandsSetUpAndRunATeamProject goes through a team project's
// life on the command line: the administrator creates it and gives coders
// logins, the lead pushes a study, coders code on the URL, every read
// command works on it, the blind phase starts and ends, and a pull gives
// back what the same work gives on a file. No output ever shows a
// password, not even a failed login's error.
func TestServerCommandsSetUpAndRunATeamProject(t *testing.T) {
	adminURL := teamtest.Admin(t)
	admin, err := url.Parse(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	sfx := teamtest.Suffix()
	lead, anna, ben := "lead"+sfx, "anna"+sfx, "ben"+sfx
	c := &teamCLI{t: t, admin: admin, project: "cli" + sfx}
	adminPassword, _ := admin.User.Password()
	annaPassword := "anna's secret; " + sfx
	c.passwords = []string{adminPassword, annaPassword, "wrong-password" + sfx}
	teamtest.DropAtCleanup(t, c.project, lead, anna, ben)

	// The administrator creates the project: the lead's password is shown
	// once, the URL to connect with never holds it.
	out := c.must("", "server", "init", adminURL, "--project", c.project, "--lead", lead)
	leadPassword := generatedPassword(t, out, lead)
	c.passwords = append(c.passwords, leadPassword)
	if !strings.Contains(out, "created team project") || !strings.Contains(out, lead+" connects with: postgres://"+lead+"@") {
		t.Errorf("server init says:\n%s", out)
	}
	if strings.Count(out, leadPassword) != 1 {
		t.Errorf("server init shows the lead's password %d times, want once:\n%s", strings.Count(out, leadPassword), out)
	}
	if o := c.run("", "server", "init", adminURL, "--project", c.project, "--lead", lead); o.code == 0 || !strings.Contains(o.stderr, "exists already") {
		t.Errorf("a second server init: exit %d, %s", o.code, o.stderr)
	}

	// A coder's password from standard input is never printed; one
	// generated is, once.
	out = c.must(annaPassword+"\n", "server", "add-coder", adminURL, "--project", c.project, "--coder", anna, "--password-stdin")
	if !strings.Contains(out, "added coder "+anna) || strings.Contains(out, "password for") {
		t.Errorf("server add-coder --password-stdin says:\n%s", out)
	}
	out = c.must("", "server", "add-coder", adminURL, "--project", c.project, "--coder", ben)
	benPassword := generatedPassword(t, out, ben)
	c.passwords = append(c.passwords, benPassword)
	if strings.Count(out, benPassword) != 1 || !strings.Contains(out, ben+" connects with: postgres://"+ben+"@") {
		t.Errorf("server add-coder must show the generated password once and a URL without it:\n%s", out)
	}
	if o := c.run("", "server", "add-coder", adminURL, "--project", c.project, "--coder", "carl"+sfx, "--password-stdin"); o.code == 0 || !strings.Contains(o.stderr, "no password") {
		t.Errorf("add-coder --password-stdin with nothing on standard input: exit %d, %s", o.code, o.stderr)
	}
	leadURL, annaURL, benURL := c.url(lead, leadPassword), c.url(anna, annaPassword), c.url(ben, benPassword)

	// The study as a file: the lead's codings, pushed.
	file := projectWithArticles(t)
	c.must("", "code", file, "--coder", lead, "--document", sony, "--code", "Trust", "--start", "10", "--end", "40")
	c.must("", "code", file, "--coder", lead, "--document", sony, "--code", "Norms > Cyber norms", "--start", "100", "--end", "160")
	out = c.must("", "push", file, leadURL)
	if !strings.Contains(out, "2 documents") || !strings.Contains(out, "2 codings") {
		t.Errorf("push says: %s", out)
	}

	// Anna and Ben code on the URL, and the same work is done on the file.
	work := [][]string{
		{anna, sony, "Trust", "10", "50"}, {anna, setback, "Norms > Cyber norms", "0", "25"},
		{ben, sony, "Trust", "20", "45"}, {ben, sony, "Norms > Cyber norms", "100", "150"},
	}
	for _, w := range work {
		url := annaURL
		if w[0] == ben {
			url = benURL
		}
		for _, target := range []string{url, file} {
			c.must("", "code", target, "--coder", w[0], "--document", w[1], "--code", w[2], "--start", w[3], "--end", w[4])
		}
	}
	var l listing
	if err := json.Unmarshal([]byte(c.must("", "list", leadURL, "--json")), &l); err != nil {
		t.Fatalf("list --json on the URL: %v", err)
	}
	if l.Codings != 6 || len(l.Documents) != 2 || !slices.Equal(l.coderNames(), []string{anna, ben, lead}) {
		t.Errorf("list --json on the URL: %d codings, %d documents, coders %v", l.Codings, len(l.Documents), l.coderNames())
	}
	if got, want := c.export(annaURL), c.export(file); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("export of the URL differs from the file's:\n%v\n%v", got, want)
	}
	if got, want := agreementTable(t, c, annaURL, anna+","+ben), agreementTable(t, c, file, anna+","+ben); got != want {
		t.Errorf("agreement on the URL differs from the file's:\n%s\n%s", got, want)
	}

	// The blind phase: only the lead may start it; each coder then sees
	// only their own codings, even through the commands.
	if o := c.run("", "server", "blind", annaURL, "--on"); o.code == 0 || !strings.Contains(o.stderr, "not permitted") {
		t.Errorf("anna starting the blind phase: exit %d, %s", o.code, o.stderr)
	}
	if out := c.must("", "server", "blind", leadURL, "--on"); !strings.Contains(out, "blind phase started for the whole project") {
		t.Errorf("server blind --on says: %s", out)
	}
	for _, who := range []struct {
		url, coder string
		want       int
	}{{annaURL, anna, 2}, {benURL, ben, 2}, {leadURL, lead, 6}} {
		rows := c.export(who.url)
		if len(rows) != who.want {
			t.Errorf("in the blind phase %s exports %d codings, want %d", who.coder, len(rows), who.want)
		}
		for _, r := range rows {
			if who.coder != lead && r[0] != who.coder && r[0] != lead {
				t.Errorf("in the blind phase %s exports %s's coding %v", who.coder, r[0], r)
			}
		}
	}
	if out := c.must("", "server", "blind", leadURL, "--off"); !strings.Contains(out, "blind phase ended") {
		t.Errorf("server blind --off says: %s", out)
	}
	if n := len(c.export(annaURL)); n != 6 {
		t.Errorf("after the blind phase anna exports %d codings, want 6", n)
	}

	// Pull: the snapshot gives the CSV and agreement of the same work on a file.
	pulled := filepath.Join(t.TempDir(), "pulled.qdb")
	if out := c.must("", "pull", leadURL, pulled); !strings.Contains(out, "6 codings") {
		t.Errorf("pull says: %s", out)
	}
	if got, want := c.export(pulled), c.export(file); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the pulled study's CSV differs from the file's:\n%v\n%v", got, want)
	}
	if got, want := agreementTable(t, c, pulled, anna+","+ben), agreementTable(t, c, file, anna+","+ben); got != want {
		t.Errorf("the pulled study's agreement differs from the file's:\n%s\n%s", got, want)
	}

	// A failed login says so without the password it was given.
	o := c.run("", "list", c.url(anna, "wrong-password"+sfx))
	if o.code == 0 || !strings.Contains(o.stderr, "password authentication failed") {
		t.Errorf("a wrong password: exit %d, stderr %s", o.code, o.stderr)
	}
}
