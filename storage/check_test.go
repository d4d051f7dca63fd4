package storage_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// checkedSample is a closed sample project with a small codebook tree, a
// coding and a few journal entries, for damaging.
func checkedSample(t *testing.T) (path string, s sample) {
	t.Helper()
	s = newSample(t)
	code, err := s.p.EnsureCodePath("Norms > Sovereignty > Cyber sovereignty")
	if err != nil {
		t.Fatal(err)
	}
	for _, phrase := range []string{"cyber vandalism", "Sony"} {
		if _, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: find(t, s.sony, phrase)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	path = s.p.Path()
	if err := s.p.Close(); err != nil {
		t.Fatal(err)
	}
	return path, s
}

// damage runs SQL on a closed project as another program would, without
// Marginalia's checks (foreign keys off).
func damage(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=off")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if res, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		} else if n, _ := res.RowsAffected(); n == 0 && !strings.HasPrefix(s, "PRAGMA") {
			t.Fatalf("%s changed nothing", s)
		}
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

func TestCheckPassesASoundProject(t *testing.T) {
	path, _ := checkedSample(t)
	r, err := storage.Check(path)
	if err != nil || !r.OK() {
		t.Fatalf("Check = %v, %v; want ok", r.Problems, err)
	}
	if got, want := r.Summary(), "ok: 2 documents, 1 coding, 3 codes"; got != want {
		t.Errorf("summary %q; want %q", got, want)
	}
	if _, err := storage.Check(filepath.Join(t.TempDir(), "missing.qdb")); err == nil {
		t.Error("Check of a missing file: no error")
	}
	if _, err := storage.Check(filepath.Join("..", "testdata", "corpus", "sony-hack-cyber-dialogue.txt")); err == nil {
		t.Error("Check of a text file: no error")
	}
}

func TestCheckFindsDamage(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string, s sample)
		mention []string // what the problems must name
	}{
		{"a byte flipped in a b-tree page", func(t *testing.T, path string, s sample) {
			flipPageByte(t, path, "codings_code")
		}, []string{"integrity check"}},
		{"a byte flipped in a document's text", func(t *testing.T, path string, s sample) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The file may hold stale copies in free pages too: flip every one.
			phrase := []byte("cyber vandalism")
			if bytes.Count(data, phrase) == 0 {
				t.Fatal("the text is not in the file")
			}
			data = bytes.ReplaceAll(data, phrase, []byte("cYber vandalism"))
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, []string{s0, "SHA-256"}},
		{"a coding past its text", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE codings SET "end" = (SELECT length FROM documents WHERE id = document_id) + 7`)
		}, []string{"is not inside document", s0}},
		{"a changed text whose hash no longer matches", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE documents SET text = replace(text, 'cyber', 'cyder') WHERE name = 'setback-cyber-cooperation.txt'`)
		}, []string{"setback-cyber-cooperation.txt", "SHA-256"}},
		{"a text whose length is wrong", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE documents SET length = length - 1 WHERE name = 'setback-cyber-cooperation.txt'`)
		}, []string{"setback-cyber-cooperation.txt", "length"}},
		{"a dangling parent", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE codes SET parent_id = 'no-such-code' WHERE name = 'Sovereignty'`)
		}, []string{`"Sovereignty"`, "parent", "no-such-code"}},
		{"codes that are their own ancestors", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Cyber sovereignty') WHERE name = 'Norms'`)
		}, []string{"own ancestors", `"Norms"`, `"Cyber sovereignty"`}},
		{"a journal entry that does not decode", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE journal SET changes = substr(changes, 1, 20) WHERE seq = (SELECT MAX(seq) FROM journal)`)
		}, []string{"journal entry", "cannot be read"}},
		{"a change log pointing past the journal", func(t *testing.T, path string, s sample) {
			damage(t, path, `UPDATE changelog SET journal_seq = 999 WHERE seq = (SELECT MAX(seq) FROM changelog)`)
		}, []string{"change-log entry", "999", "never made"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, s := checkedSample(t)
			tt.damage(t, path, s)
			before := fileSum(t, path)
			r, err := storage.Check(path)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if r.OK() {
				t.Fatal("Check found nothing wrong")
			}
			all := strings.Join(r.Problems, "\n")
			for _, m := range tt.mention {
				if !strings.Contains(all, m) {
					t.Errorf("the problems do not mention %q:\n%s", m, all)
				}
			}
			if fileSum(t, path) != before {
				t.Error("Check modified the damaged file")
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Error("Check left a write-ahead log beside the damaged file")
			}
		})
	}
}

// s0 is the document every sample coding is in.
const s0 = "sony-hack-cyber-dialogue.txt"

// flipPageByte inverts the page-type byte of the root page of the named
// table or index, as a bad sector or a sync client's torn write would.
func flipPageByte(t *testing.T, path, name string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	err = db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = ?", name).Scan(&root)
	if err == nil {
		err = db.QueryRow("PRAGMA page_size").Scan(&pageSize)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	at := (root - 1) * pageSize
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0xff
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
}
