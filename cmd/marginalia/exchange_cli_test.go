package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCodebookExchangeKeepsCodeIDs: a codebook exported to .qdc and
// imported into another project arrives with the same code IDs, paths and
// colours, and a second import changes nothing.
func TestCodebookExchangeKeepsCodeIDs(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.qdb")
	mustMG(t, "new", "--sample", a)
	codeAll(t, a, "alice|"+sony+"|Norms > Cyber vandalism|10|20", "alice|"+sony+"|Conflict > Sony hack > Attribution|30|40")
	qdc := filepath.Join(dir, "codebook.qdc")
	mustMG(t, "export", a, qdc)

	b := newProject(t)
	mustMG(t, "import", b, qdc)
	la, lb := list(t, a), list(t, b)
	if want, got := la.codeIDs(), lb.codeIDs(); len(want) != 8 || !maps.Equal(got, want) {
		t.Errorf("code IDs after the .qdc round trip:\n got  %v\n want %v (8 codes)", got, want)
	}
	if !maps.Equal(la.codeColors(), lb.codeColors()) {
		t.Errorf("colours differ: %v vs %v", la.codeColors(), lb.codeColors())
	}
	if len(lb.Documents) != 0 || len(lb.Coders) != 0 || lb.Codings != 0 {
		t.Errorf("a codebook import brought more than codes: %+v", lb)
	}
	before := mustMG(t, "list", "--json", b)
	mustMG(t, "import", b, qdc)
	if after := mustMG(t, "list", "--json", b); after != before {
		t.Errorf("importing the same codebook twice changed the project:\n%s\n%s", before, after)
	}
}

// TestProjectExchangeOneCoder: `export x.qdpx --coders alice` carries only
// alice's codings; imported into a project holding the articles it adds
// exactly those, at the same offsets over the same text, and no document.
// (The codebook travels whole, as REFI-QDA has it, whoever used a code.)
func TestProjectExchangeOneCoder(t *testing.T) {
	a := projectWithArticles(t)
	codeAll(t, a,
		"alice|"+sony+"|Norms|100|300",
		"alice|"+sony+"|Norms > Cyber vandalism|1394|1411",
		"alice|"+setback+"|Trust|0|50",
		"bob|"+sony+"|Norms|200|500",
		"bob|"+setback+"|Conflict|60|90",
	)
	qdpx := filepath.Join(t.TempDir(), "alice.qdpx")
	mustMG(t, "export", a, qdpx, "--coders", "alice")
	alice := exportCSV(t, a, "--coders", "alice")
	if len(alice) != 3 {
		t.Fatalf("alice has %d codings in the source project, want 3", len(alice))
	}

	c := projectWithArticles(t)
	mustMG(t, "import", c, qdpx)
	lc := list(t, c)
	if names := lc.coderNames(); !slices.Equal(names, []string{"alice"}) {
		t.Errorf("coders after importing alice's .qdpx = %q, want [alice]", names)
	}
	if len(lc.Documents) != 2 {
		t.Errorf("%d documents after the import, want the 2 articles matched, not duplicated", len(lc.Documents))
	}
	if got := exportCSV(t, c); !slices.EqualFunc(got, alice, slices.Equal) {
		t.Errorf("codings after the import:\n got  %q\n want %q", got, alice)
	}
	la := list(t, a)
	for path, id := range lc.codeIDs() {
		if la.codeIDs()[path] != id {
			t.Errorf("code %q arrived with ID %s, was %s", path, id, la.codeIDs()[path])
		}
	}

	// Into an empty project the .qdpx brings the articles too, text intact.
	e := newProject(t)
	mustMG(t, "import", e, qdpx)
	le := list(t, e)
	if !maps.Equal(le.documentHashes(), la.documentHashes()) {
		t.Errorf("documents from the .qdpx = %v, want %v", le.documentHashes(), la.documentHashes())
	}
	if got := exportCSV(t, e); !slices.EqualFunc(got, alice, slices.Equal) {
		t.Errorf("codings in a fresh project:\n got  %q\n want %q", got, alice)
	}
}

// TestBrokenExchangeFilesChangeNothing: a truncated .qdpx and a .qdc that
// is not XML are refused by name and leave the project as it was.
func TestBrokenExchangeFilesChangeNothing(t *testing.T) {
	a := projectWithArticles(t)
	codeAll(t, a, "alice|"+sony+"|Norms|100|300")
	dir := t.TempDir()
	qdpx := filepath.Join(dir, "whole.qdpx")
	mustMG(t, "export", a, qdpx)
	whole, err := os.ReadFile(qdpx)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.qdpx")
	notXML := filepath.Join(dir, "not-xml.qdc")
	if err := os.WriteFile(truncated, whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notXML, []byte("<CodeBook><Codes><Code name=\"Trust\""), 0o644); err != nil {
		t.Fatal(err)
	}
	b := projectWithArticles(t)
	codeAll(t, b, "bob|"+setback+"|Trust|5|25")
	before := takeSnapshot(t, b)
	for _, bad := range []string{truncated, notXML} {
		t.Run(filepath.Base(bad), func(t *testing.T) {
			checkRefusal(t, mg(t, "import", b, bad), 1, []string{filepath.Base(bad)})
			if after := takeSnapshot(t, b); after.listing != before.listing {
				t.Errorf("the project changed:\n%s\n%s", before.listing, after.listing)
			}
		})
	}
}
