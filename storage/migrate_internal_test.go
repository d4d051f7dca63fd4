package storage

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// A project written by schema 1 opens: its codes get the keys 1–9 the
// window showed them with (tree order, codable codes only), and the change
// log starts.
func TestSchemaOneProjectGetsKeysInTreeOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.qdb")
	db, err := sql.Open("sqlite3", dsn(path, "rwc", false))
	if err != nil {
		t.Fatal(err)
	}
	stmts := migrations[0].sql + fmt.Sprintf(`PRAGMA application_id = %d; PRAGMA user_version = 1;
INSERT INTO codes(id, parent_id, name, color, codable, position) VALUES
 ('t', NULL, 'Trust', '#111111', 1, 0),
 ('c', NULL, 'Category', '#222222', 0, 1),
 ('n', 'c', 'Norms', '#333333', 1, 0),
 ('d', 't', 'Distrust', '#444444', 1, 0);`, applicationID)
	if _, err := db.Exec(stmts); err != nil {
		t.Fatal(err)
	}
	db.Close()
	p, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"Trust": 1, "Distrust": 2, "Category": 0, "Norms": 3}
	for _, c := range cb.Codes() {
		if c.Key != want[c.Name] {
			t.Errorf("%s has key %d, want %d", c.Name, c.Key, want[c.Name])
		}
	}
	if seq, err := p.LastChange(); err != nil || seq != 0 {
		t.Errorf("change log after the upgrade: %d, %v", seq, err)
	}
}

// A project written by schema 2 opens with its documents and codings as
// they were, and may then hold two documents with the same text.
func TestSchemaTwoProjectAllowsTwins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.qdb")
	db, err := sql.Open("sqlite3", dsn(path, "rwc", false))
	if err != nil {
		t.Fatal(err)
	}
	stmts := migrations[0].sql + migrations[1].sql + fmt.Sprintf(`PRAGMA application_id = %d; PRAGMA user_version = 2;
INSERT INTO documents(id, name, text, length, sha256, memo, created) VALUES ('d1', 'One', 'Same words.', 11, 'h', 'a memo', '2024-01-01T00:00:00Z');
INSERT INTO codes(id, parent_id, name, color) VALUES ('c', NULL, 'Trust', '#111111');
INSERT INTO coders(id, name) VALUES ('u', 'alice');
INSERT INTO codings(id, document_id, code_id, coder_id, start, "end", created) VALUES ('k', 'd1', 'c', 'u', 0, 4, '2024-01-01T00:00:00Z');`, applicationID)
	if _, err := db.Exec(stmts); err != nil {
		t.Fatal(err)
	}
	db.Close()
	p, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var n int
	if err := p.db.QueryRow(`SELECT COUNT(*) FROM codings JOIN documents ON documents.id = codings.document_id WHERE documents.memo = 'a memo'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("after the upgrade: %d codings on the document, %v", n, err)
	}
	if _, err := p.db.Exec(`INSERT INTO documents(id, name, text, length, sha256, memo, created) VALUES ('d2', 'Two', 'Same words.', 11, 'h', '', '')`); err != nil {
		t.Errorf("a second document with the same text: %v", err)
	}
	if verdict, err := p.IntegrityCheck(); err != nil || verdict != "ok" {
		t.Errorf("integrity: %s %v", verdict, err)
	}
}
