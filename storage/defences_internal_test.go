package storage

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// Every connection to a project file has SQLite's defences on: the schema
// cannot be written, functions named in a schema must be harmless, and no
// extension can be loaded.
func TestProjectConnectionsAreDefended(t *testing.T) {
	p, err := Create(filepath.Join(t.TempDir(), "p.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var trusted int
	if err := p.db.QueryRow("PRAGMA trusted_schema").Scan(&trusted); err != nil || trusted != 0 {
		t.Errorf("trusted_schema is %d (%v), want 0", trusted, err)
	}
	if _, err := p.db.Exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'x' WHERE name = 'codes'"); err == nil {
		t.Error("the schema could be written (defensive mode is off)")
	}
	if _, err := p.db.Exec("SELECT load_extension('/no/such/library')"); err == nil || !strings.Contains(err.Error(), "not authorized") {
		t.Errorf("load_extension: %v, want not authorized", err)
	}
}

// A project that opens read-only is refused for a foreign trigger as one
// opened for writing is.
func TestReadOnlyOpenRefusesAForeignTrigger(t *testing.T) {
	path := readOnlyProject(t, t.TempDir(), "p.qdb")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TRIGGER evil AFTER INSERT ON codings BEGIN DELETE FROM codes WHERE 1; END;"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	p, err := openReadOnly(path, SchemaVersion, "it is a test")
	if err == nil {
		p.Close()
		t.Fatal("opened read-only")
	}
	if !strings.Contains(err.Error(), `trigger "evil" on codings`) {
		t.Errorf("the error does not name the trigger: %v", err)
	}
}
