package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"

	"desktop/marginalia/storage/refi/refitest"
)

func emptyProject(t *testing.T) *storage.Project {
	t.Helper()
	p, err := storage.Create(filepath.Join(t.TempDir(), "p.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func mustImport(t *testing.T, p *storage.Project, path string) storage.FileImport {
	t.Helper()
	r := p.ImportFile(path)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

var socialWords = []string{"Talk|R|nobody trusts anyone", "Talk|R|not declared", "Talk|R|should talk", "Talk|R|trust is earned", "Talk|R|breaks every counter", "Talk|R|𠮷野家fan"}

// TestImportRealToolShapes imports the fixtures shaped like what NVivo,
// ATLAS.ti and QualCoder write into an empty project: every coding lands
// on the words coded, the warnings reach the import's result, and the
// sources are all kept.
func TestImportRealToolShapes(t *testing.T) {
	tests := []struct {
		file     string
		docs     int
		want     []string
		warnings []string
	}{
		{"nvivo-utf16.qdpx", 1, socialWords, []string{"positions count UTF-16 code units"}},
		{"nvivo-utf16-crlf.qdpx", 1, socialWords, []string{"UTF-16 code units, each CRLF line break as two"}},
		{"named-codepoints.qdpx", 1, socialWords, nil},
		{"weak-evidence.qdpx", 1, []string{"Talk|R|one"}, []string{"UTF-16", "hardly tells"}},
		{"twins.qdpx", 4, []string{"Talk|R|Same", "Talk|R|words"}, nil},
		{"comments.qdpx", 1, []string{"Talk|R|I never trusted them."}, nil},
		{"pdf.qdpx", 1, []string{"Talk|R|the policy paper"}, []string{`"Scanned letter.pdf"`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := emptyProject(t)
			r := mustImport(t, p, filepath.Join("refi", "testdata", tt.file))
			want := slices.Sorted(slices.Values(tt.want))
			if got := codedWords(t, p); !slices.Equal(got, want) {
				t.Errorf("coded words\n%q\nwant\n%q", got, want)
			}
			if len(r.Warnings) != len(tt.warnings) {
				t.Errorf("warnings %q, want %d", r.Warnings, len(tt.warnings))
			}
			all := strings.Join(r.Warnings, "\n")
			for _, w := range tt.warnings {
				if !strings.Contains(all, w) {
					t.Errorf("warnings %q do not mention %s", r.Warnings, w)
				}
			}
			if !strings.Contains(r.String(), "warning: ") && len(tt.warnings) > 0 {
				t.Errorf("the result's text %q does not show the warnings", r.String())
			}
			docs, err := p.Documents()
			if err != nil || len(docs) != tt.docs {
				t.Errorf("%d documents (%v), want %d", len(docs), err, tt.docs)
			}
			if again := mustImport(t, p, filepath.Join("refi", "testdata", tt.file)); again.Outcome != storage.ImportAlreadyThere {
				t.Errorf("merging again: %s", again)
			}
		})
	}
}

// TestTwinsMatchByGUIDThenText: a file's two sources with the same text
// stay two documents; a coder's copy with other GUIDs matches them by text,
// one each, and adds none.
func TestTwinsMatchByGUIDThenText(t *testing.T) {
	p := emptyProject(t)
	mustImport(t, p, filepath.Join("refi", "testdata", "twins.qdpx"))
	data, err := os.ReadFile(filepath.Join("refi", "testdata", "twins.qdpx"))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := refi.ReadProject(strings.NewReader(string(data)), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rp.Documents {
		old := rp.Documents[i].ID
		rp.Documents[i].ID = coding.NewID()
		for j := range rp.Codings {
			if rp.Codings[j].DocumentID == old {
				rp.Codings[j].DocumentID = rp.Documents[i].ID
			}
		}
	}
	r, err := p.MergeProject(rp, "copy")
	if err != nil {
		t.Fatal(err)
	}
	if r.DocumentsMatched != 4 || r.DocumentsAdded != 0 || len(r.CodingsAdded) != 0 {
		t.Errorf("a copy with other GUIDs: %s", r.Summary())
	}
}

// TestExchangeRoundTrips: export → import → export keeps GUIDs, memos and
// notes; export --positions utf16 → import lands every coding on the same
// words.
func TestExchangeRoundTrips(t *testing.T) {
	for _, file := range []string{"comments.qdpx", "nvivo-utf16-crlf.qdpx", "twins.qdpx"} {
		t.Run(file, func(t *testing.T) {
			a := emptyProject(t)
			mustImport(t, a, filepath.Join("refi", "testdata", file))
			want := codedWords(t, a)
			dir := t.TempDir()
			for _, units := range []refi.Units{refi.CodePoints, refi.UTF16Units} {
				out := filepath.Join(dir, units.String()+".qdpx")
				if err := a.ExportFileWith(out, storage.Filter{}, storage.ExportOptions{Positions: units}); err != nil {
					t.Fatal(err)
				}
				b := emptyProject(t)
				r := mustImport(t, b, out)
				if got := codedWords(t, b); !slices.Equal(got, want) {
					t.Errorf("%s: after export and import\n%q\nwant\n%q", units, got, want)
				}
				first, second := exportProject(t, a, storage.Filter{}), exportProject(t, b, storage.Filter{})
				if !sameExchange(first, second) {
					t.Errorf("%s: export → import → export changed GUIDs or memos:\n%+v\n%+v\n%s", units, first, second, r)
				}
			}
		})
	}
}

// sameExchange compares IDs, memos and spans of two exchange projects.
func sameExchange(a, b refi.Project) bool {
	key := func(p refi.Project) []string {
		var out []string
		for _, d := range p.Documents {
			out = append(out, "d "+d.ID+" "+d.Name+" "+d.Memo)
		}
		for _, c := range p.Codings {
			out = append(out, "c "+c.ID+" "+c.DocumentID+" "+c.Span.String()+" "+c.Memo)
		}
		for _, m := range p.Memos {
			out = append(out, "m "+m.ID+" "+string(m.Target)+" "+m.TargetID+" "+m.Text)
		}
		for _, c := range p.Codes {
			out = append(out, "k "+c.ID+" "+c.Memo)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

// TestCodebookOnlyImport: a file whose texts are missing is refused whole,
// with ErrTextMissing; with CodebookOnly its codes and users come in.
func TestCodebookOnlyImport(t *testing.T) {
	path := refitest.WithoutTexts(t, filepath.Join("refi", "testdata", "comments.qdpx"))
	p := emptyProject(t)
	r := p.ImportFile(path)
	if r.Err == nil || !errors.Is(r.Err, refi.ErrTextMissing) {
		t.Fatalf("import of a file without texts: %v, want ErrTextMissing", r.Err)
	}
	r = p.ImportFileWith(path, storage.ImportOptions{CodebookOnly: true})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := projectCounts(t, p); got != "0/1/1/0" {
		t.Errorf("codes and users only: documents/codes/coders/codings %s, want 0/1/1/0", got)
	}
	memos, err := p.Memos(coding.MemoOnCode, "5e1a0000-0000-4000-8000-0000000000c1")
	if err != nil || len(memos) != 1 || memos[0].Text != "Merge with Trust?" {
		t.Errorf("the note on the code: %+v %v", memos, err)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "1 source, with their codings, not imported") {
		t.Errorf("warnings %q do not say the sources were left out", r.Warnings)
	}
}
