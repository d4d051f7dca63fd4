package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// htmlText is the text of n and everything under it.
func htmlText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var sb strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		sb.WriteString(htmlText(c))
	}
	return sb.String()
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlFind lists the elements under n whose class is class.
func htmlFind(n *html.Node, class string) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && htmlAttr(n, "class") == class {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, htmlFind(c, class)...)
	}
	return out
}

// TestCodebookHTML writes the codebook report as HTML and reads it back
// as a browser would: one section per code, in codebook order, with its
// path, colour swatch, description and counts per coder, and its example
// passages (at most --examples) with their documents; markup in a
// description is shown, not run; Chinese and emoji come through intact.
// codebookProject makes the sample project with a Chinese document coded
// by alice and bob, and a new code "Conflict > 攻击" whose definition holds
// markup; it returns its folder and path.
func codebookProject(t *testing.T) (dir, project string) {
	t.Helper()
	dir = t.TempDir()
	project = filepath.Join(dir, "study.qdb")
	mustMG(t, "new", project, "--sample")
	doc := filepath.Join(dir, "互信.txt")
	text := "中美战略互信 is rare 😀.\n\n双方应当建立互信。Trust & <verify>.\n"
	if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	mustMG(t, "import", project, doc)
	for _, c := range [][]string{
		{"alice", "Trust", "2", "6"}, {"alice", "Trust", "22", "28"}, {"bob", "Trust", "4", "6"}, {"alice", "Trust", "28", "46"},
		{"bob", "Conflict > 攻击", "0", "6"},
	} {
		mustMG(t, "code", project, "--coder", c[0], "--document", "互信.txt", "--code", c[1], "--start", c[2], "--end", c[3])
	}
	p, err := storage.Open(project)
	if err != nil {
		t.Fatal(err)
	}
	code, err := p.EnsureCodePath("Conflict > 攻击")
	if err != nil {
		t.Fatal(err)
	}
	described := code
	described.Description = coding.Description{Definition: "攻击 <script>alert(1)</script> & more", WhenToUse: "“quoted”"}
	if err := p.UpdateCode(code, described); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, project
}

func TestCodebookHTML(t *testing.T) {
	dir, project := codebookProject(t)

	out := filepath.Join(dir, "codebook.html")
	if got := mustMG(t, "report", project, "--kind", "codebook", "--examples", "2", "-o", out); got != "wrote "+out+"\n" {
		t.Errorf("printed %q", got)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "<script>") || !strings.Contains(string(raw), `<meta charset="utf-8">`) {
		t.Error("the page runs a description's markup or does not say it is UTF-8")
	}
	root, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	sections := htmlFind(root, "code")
	want := []string{"Trust", "Norms", "Sovereignty", "Cooperation", "Conflict", "Conflict > 攻击"}
	if len(sections) != len(want) {
		t.Fatalf("%d code sections, want %d", len(sections), len(want))
	}
	for i, s := range sections {
		if got := htmlText(htmlFind(s, "path")[0]); got != want[i] {
			t.Errorf("section %d is %q, want %q", i, got, want[i])
		}
		if sw := htmlFind(s, "swatch"); len(sw) != 1 || !strings.HasPrefix(htmlAttr(sw[0], "style"), "color: #") {
			t.Errorf("%s: swatch %v", want[i], sw)
		}
	}
	passages := func(s *html.Node) []string {
		var out []string
		for _, b := range htmlFind(s, "passage") {
			out = append(out, htmlText(b))
		}
		return out
	}
	// Trust: four codings, two shown, the first by position.
	if got := passages(sections[0]); len(got) != 2 || got[0] != "战略互信互信.txt [2,6) · alice" || got[1] != "互信互信.txt [4,6) · bob" {
		t.Errorf("Trust's passages: %q", got)
	}
	if got := htmlText(htmlFind(sections[0], "definition")[0]); !strings.HasPrefix(got, "Statements about confidence") {
		t.Errorf("Trust's definition: %q", got)
	}
	counts := htmlText(htmlFind(sections[0], "counts")[0])
	for _, w := range []string{"all4", "alice3", "bob1"} {
		if !strings.Contains(strings.Join(strings.Fields(counts), ""), w) {
			t.Errorf("Trust's counts %q lack %q", counts, w)
		}
	}
	if got := passages(sections[1]); len(got) != 0 {
		t.Errorf("Norms, never applied, shows %q", got)
	}
	new := sections[5]
	if got := htmlText(htmlFind(new, "definition")[0]); got != "攻击 <script>alert(1)</script> & more" {
		t.Errorf("the new code's definition reads %q", got)
	}
	if got := htmlText(htmlFind(new, "when-not-to-use")[0]); got != "none given" {
		t.Errorf("an empty part reads %q", got)
	}
	if got := passages(new); len(got) != 1 || got[0] != "中美战略互信互信.txt [0,6) · bob" {
		t.Errorf("the new code's passages: %q", got)
	}

	mustMG(t, "report", project, "--kind", "codebook", "--coders", "alice", "-o", out)
	raw, _ = os.ReadFile(out)
	if root, err = html.Parse(strings.NewReader(string(raw))); err != nil {
		t.Fatal(err)
	}
	trust := htmlFind(root, "code")[0]
	if got := passages(trust); len(got) != 3 || !strings.HasPrefix(got[2], "Trust & <verify>.\n互信.txt [28,46)") {
		t.Errorf("Trust's passages by alice, three by default: %q", got)
	}
	for _, bad := range [][]string{
		{"report", project, "--kind", "matrix", "-o", filepath.Join(dir, "m.html")},
		{"report", project, "--kind", "codebook", "--examples", "2"},
		{"report", project, "--kind", "codebook", "--examples", "-1", "-o", out},
	} {
		if o := mg(t, bad...); o.code != 2 {
			t.Errorf("%q: exit %d", bad, o.code)
		}
	}
}
