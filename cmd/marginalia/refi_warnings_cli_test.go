package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// import --codebook-only brings in the codes and users of an f4analyse
// .qdpx whose memo texts are missing, with one warning naming the memos
// left out; a project whose sources all count CRLF as two gets one warning
// with the count, not one per source.
func TestImportWarnsOnceWithWhatWasLeftOut(t *testing.T) {
	refi := filepath.Join("..", "..", "storage", "refi", "testdata")
	project := newProject(t)
	o := mg(t, "import", project, filepath.Join(refi, "f4analyse-memos-missing.qdpx"), "--codebook-only")
	if o.code != 0 {
		t.Fatalf("import --codebook-only: exit %d, stderr %s", o.code, o.stderr)
	}
	all := o.stdout + o.stderr
	for _, want := range []string{"codes 0 matched, 3 added; coders 0 matched, 2 added",
		`2 notes left out, since the file does not hold their text: "Memo zu Vertrauen" (on code "Vertrauen"), "Memo zu Misstrauen" (on code "Misstrauen")`,
		"codes and users only: 1 source, with their codings, not imported"} {
		if !strings.Contains(all, want) {
			t.Errorf("import --codebook-only does not say %q:\n%s", want, all)
		}
	}
	if l := list(t, project); len(l.Codes) != 3 || len(l.Coders) != 2 {
		t.Errorf("after the import: %d codes, %d coders; want 3 and 2", len(l.Codes), len(l.Coders))
	}

	o = mg(t, "import", newProject(t), filepath.Join(refi, "crlf-as-two.qdpx"))
	if o.code != 0 {
		t.Fatalf("import crlf-as-two.qdpx: exit %d, stderr %s", o.code, o.stderr)
	}
	if n := strings.Count(o.stdout+o.stderr, "each CRLF line break as two"); n != 1 || !strings.Contains(o.stdout+o.stderr, "the positions of 2 sources") {
		t.Errorf("the CRLF warning is printed %d times, want once with the count:\n%s%s", n, o.stdout, o.stderr)
	}
}
