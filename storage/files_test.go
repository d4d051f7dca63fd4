package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ImportFile says per file what happened: a new document is added, the
// same text under another file name is already in the project (named),
// and a file that cannot be read fails with its reason, changing nothing.
func TestImportFileOutcomes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	p, err := Create(filepath.Join(dir, "study.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	first := write("interview-1.txt", "We trust them less every year.")
	copyOf := write("interview-1 (copy).txt", "We trust them less every year.")
	other := write("interview-2.txt", "Norms matter more than treaties.")
	bad := write("notes.rtf", "{\\rtf1 hello}")
	csv := write("codes.csv", "coder,document,code,start,end\nbob,interview-1.txt,Trust,3,8\n")

	tests := []struct {
		path     string
		outcome  ImportOutcome
		existing string
		line     string // in String()
	}{
		{first, ImportAdded, "", `interview-1.txt: imported as "interview-1.txt" (30 characters)`},
		{copyOf, ImportAlreadyThere, "interview-1.txt", `interview-1 (copy).txt: already in the project as "interview-1.txt"`},
		{other, ImportAdded, "", `interview-2.txt: imported as "interview-2.txt"`},
		{bad, ImportFailed, "", `cannot import ".rtf" files`},
		{filepath.Join(dir, "missing.txt"), ImportFailed, "", "missing.txt"},
		{csv, ImportAdded, "", "1 codings read, 1 added"},
		{csv, ImportAlreadyThere, "", "1 codings read, 0 added, 1 already in the project"},
	}
	for _, tt := range tests {
		r := p.ImportFile(tt.path)
		if r.Outcome != tt.outcome || r.Existing != tt.existing || r.Path != tt.path {
			t.Errorf("ImportFile(%s) = outcome %v, existing %q, path %q; want %v, %q, %q (err %v)",
				filepath.Base(tt.path), r.Outcome, r.Existing, r.Path, tt.outcome, tt.existing, tt.path, r.Err)
		}
		if (r.Err != nil) != (tt.outcome == ImportFailed) {
			t.Errorf("ImportFile(%s): err %v with outcome %v", filepath.Base(tt.path), r.Err, r.Outcome)
		}
		if !strings.Contains(r.String(), tt.line) {
			t.Errorf("ImportFile(%s).String() = %q, want it to contain %q", filepath.Base(tt.path), r.String(), tt.line)
		}
	}
	docs, err := p.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Errorf("%d documents after importing two texts and a copy, want 2", len(docs))
	}
	if r := p.ImportFile(filepath.Join(dir, "missing.txt")); !errors.Is(r.Err, os.ErrNotExist) {
		t.Errorf("a missing file: err %v, want it to wrap os.ErrNotExist", r.Err)
	}
}

func TestImportOutcomeString(t *testing.T) {
	for o, want := range map[ImportOutcome]string{ImportAdded: "added", ImportAlreadyThere: "already in the project", ImportFailed: "failed"} {
		if o.String() != want {
			t.Errorf("%d.String() = %q, want %q", o, o.String(), want)
		}
	}
}
