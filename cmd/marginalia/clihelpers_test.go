package main

// Helpers shared by the command-line tests: they run `marginalia` in-process
// through run() with buffers, exactly as main does with os.Stdout/os.Stderr.

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

const (
	sony    = "sony-hack-cyber-dialogue.txt"
	setback = "setback-cyber-cooperation.txt"
	// sonyLength and setbackLength are the sample articles' lengths in code points.
	sonyLength    = 7036
	setbackLength = 4869
)

var (
	corpusDir  = filepath.Join("..", "..", "testdata", "corpus")
	fixtureDir = filepath.Join("..", "..", "testdata", "cli")
)

// outcome is what one command line gave back.
type outcome struct {
	code           int
	stdout, stderr string
}

// mg runs one marginalia command line in-process.
func mg(t *testing.T, args ...string) outcome {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// mustMG runs a command line that must succeed and returns its stdout.
func mustMG(t *testing.T, args ...string) string {
	t.Helper()
	o := mg(t, args...)
	if o.code != 0 {
		t.Fatalf("marginalia %s: exit %d, stderr: %s", strings.Join(args, " "), o.code, o.stderr)
	}
	return o.stdout
}

// corpus is the path of a sample article.
func corpus(name string) string { return filepath.Join(corpusDir, name) }

// fixture is the path of a file in testdata/cli.
func fixture(name string) string { return filepath.Join(fixtureDir, name) }

// storedText is a sample article as Marginalia stores it.
func storedText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(corpus(name))
	if err != nil {
		t.Fatal(err)
	}
	return coding.NormalizeText(string(b))
}

// runeIndex is the code-point offset of the first occurrence of sub in s at
// or after the code-point offset from; it fails the test when there is none.
func runeIndex(t *testing.T, s, sub string, from int) int {
	t.Helper()
	prefix := string([]rune(s)[:from])
	i := strings.Index(s[len(prefix):], sub)
	if i < 0 {
		t.Fatalf("%q not found after offset %d", sub, from)
	}
	return from + utf8.RuneCountInString(s[len(prefix):len(prefix)+i])
}

// newProject creates an empty project in a fresh temporary folder.
func newProject(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "study.qdb")
	mustMG(t, "new", path)
	return path
}

// projectWithArticles creates a project holding the two sample articles.
func projectWithArticles(t *testing.T) string {
	t.Helper()
	path := newProject(t)
	mustMG(t, "import", path, corpus(setback), corpus(sony))
	return path
}

// listing is `list --json` decoded.
type listing struct {
	Documents []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Length int    `json:"length"`
		SHA256 string `json:"sha256"`
	} `json:"documents"`
	Codes  []listedCode `json:"codes"`
	Coders []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"coders"`
	Codings int `json:"codings"`
}

// listedCode is one code of `list --json`.
type listedCode struct {
	ID          string `json:"id"`
	Path        string `json:"path"`
	Color       string `json:"color"`
	Codable     bool   `json:"codable"`
	Key         int    `json:"key"`
	Description *struct {
		Definition string `json:"definition"`
	} `json:"description"`
}

// list runs `list --json` and decodes it.
func list(t *testing.T, project string) listing {
	t.Helper()
	var l listing
	if err := json.Unmarshal([]byte(mustMG(t, "list", project, "--json")), &l); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	return l
}

// codesBy maps code paths to a field of each code.
func (l listing) codesBy(field func(listedCode) string) map[string]string {
	m := map[string]string{}
	for _, c := range l.Codes {
		m[c.Path] = field(c)
	}
	return m
}

// codeIDs maps code paths to IDs.
func (l listing) codeIDs() map[string]string {
	return l.codesBy(func(c listedCode) string { return c.ID })
}

// codeColors maps code paths to colours.
func (l listing) codeColors() map[string]string {
	return l.codesBy(func(c listedCode) string { return c.Color })
}

// documentHashes maps document names to the SHA-256 of their text.
func (l listing) documentHashes() map[string]string {
	sums := map[string]string{}
	for _, d := range l.Documents {
		sums[d.Name] = d.SHA256
	}
	return sums
}

// coderNames lists the coders' names, sorted.
func (l listing) coderNames() []string {
	var names []string
	for _, c := range l.Coders {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	return names
}

// exportCSV exports a project's codings (extra flags such as --coders
// allowed) and returns the data rows, sorted, without the header.
func exportCSV(t *testing.T, project string, flags ...string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "codings.csv")
	mustMG(t, append([]string{"export", project, out}, flags...)...)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("exported CSV: %v", err)
	}
	if want := []string{"coder", "document", "code", "start", "end", "text", "memo"}; len(records) == 0 || !slices.Equal(records[0], want) {
		t.Fatalf("exported CSV header = %q, want %q", records[0], want)
	}
	rows := records[1:]
	slices.SortFunc(rows, func(a, b []string) int { return slices.Compare(a, b) })
	return rows
}

// fileDigest is the hex SHA-256 of a file's bytes.
func fileDigest(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// copyFile copies src into dir and returns the copy's path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
