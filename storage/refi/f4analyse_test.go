package refi

import (
	"path/filepath"
	"strings"
	"testing"
)

// An f4analyse project whose memo texts are not in the file: its codes and
// users come in (codes and users only, or everything), and one warning
// names each memo left out and what it was on.
func TestReadProjectWithMemoTextsMissing(t *testing.T) {
	path := filepath.Join("testdata", "f4analyse-memos-missing.qdpx")
	for _, c := range []struct {
		opt       ReadOptions
		documents int
		left      string
	}{
		{ReadOptions{CodebookOnly: true}, 0, `2 notes left out, since the file does not hold their text: "Memo zu Vertrauen" (on code "Vertrauen"), "Memo zu Misstrauen" (on code "Misstrauen")`},
		{ReadOptions{}, 1, `3 notes left out, since the file does not hold their text: "Memo zu Vertrauen" (on code "Vertrauen"), "Memo zu Misstrauen" (on code "Misstrauen"), "Memo zum Interview" (on document "Interview 1")`},
	} {
		p, err := ReadProjectFileWith(path, c.opt)
		if err != nil {
			t.Fatalf("codebook only %v: %v", c.opt.CodebookOnly, err)
		}
		var names []string
		for _, code := range p.Codes {
			names = append(names, code.Name)
			if code.Memo != "" {
				t.Errorf("code %s has the memo %q", code.Name, code.Memo)
			}
		}
		if strings.Join(names, ",") != "Vertrauen,Misstrauen,Normen" || len(p.Coders) != 2 || len(p.Documents) != c.documents || len(p.Memos) != 0 {
			t.Errorf("codebook only %v: codes %v, %d coders, %d documents, %d memos; want the 3 codes, 2 coders, %d documents, no memo",
				c.opt.CodebookOnly, names, len(p.Coders), len(p.Documents), len(p.Memos), c.documents)
		}
		found := 0
		for _, w := range p.Warnings {
			if strings.Contains(w, "left out, since the file does not hold their text") {
				found++
				if !strings.HasSuffix(w, c.left) {
					t.Errorf("codebook only %v: warning %q, want it to end %q", c.opt.CodebookOnly, w, c.left)
				}
			}
		}
		if found != 1 {
			t.Errorf("codebook only %v: %d warnings about the memos, want 1: %q", c.opt.CodebookOnly, found, p.Warnings)
		}
	}
}
