package storage_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// addByHand runs SQL on a closed project file as sqlite3 would.
func addByHand(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func countRows(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A project file someone added a trigger and a view to by hand is refused
// on open, naming both and how to remove them, with nothing run and the
// file unchanged; check lists them; once removed, the project opens and
// codes again.
func TestOpenRefusesAForeignTriggerAndView(t *testing.T) {
	path, s := checkedSample(t)
	addByHand(t, path,
		`CREATE TRIGGER evil AFTER INSERT ON codings BEGIN DELETE FROM codes WHERE 1; END;`,
		`CREATE VIEW everything AS SELECT * FROM codings`)
	codes := countRows(t, path, "codes")
	before := fileSum(t, path)

	p, err := storage.Open(path)
	if err == nil {
		p.Close()
		t.Fatal("a project with a foreign trigger opened")
	}
	var foreign *storage.ForeignSchemaError
	if !errors.As(err, &foreign) {
		t.Fatalf("error %v is not a ForeignSchemaError", err)
	}
	want := []storage.SchemaObject{{Kind: "trigger", Name: "evil", Table: "codings"}, {Kind: "view", Name: "everything", Table: "everything"}}
	if len(foreign.Objects) != len(want) || foreign.Objects[0] != want[0] || foreign.Objects[1] != want[1] {
		t.Errorf("foreign objects %v, want %v", foreign.Objects, want)
	}
	for _, part := range []string{`trigger "evil" on codings`, `view "everything"`, `DROP TRIGGER "evil";`, `DROP VIEW "everything";`, "nothing in it was run", "marginalia check " + path} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("the error does not say %q: %v", part, err)
		}
	}
	if fileSum(t, path) != before || countRows(t, path, "codes") != codes {
		t.Error("the refused project was changed")
	}

	r, err := storage.Check(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() {
		t.Fatal("check says ok")
	}
	listed := strings.Join(r.Problems, "\n")
	for _, part := range []string{
		`Trigger "evil" on codings is not made by this version`, `sqlite3 '` + path + `' 'DROP TRIGGER "evil";'`,
		`View "everything" is not made by this version`, `sqlite3 '` + path + `' 'DROP VIEW "everything";'`,
	} {
		if !strings.Contains(listed, part) {
			t.Errorf("check does not list %q:\n%s", part, listed)
		}
	}

	addByHand(t, path, `DROP TRIGGER "evil";`, `DROP VIEW "everything";`)
	if r, err := storage.Check(path); err != nil || !r.OK() {
		t.Fatalf("check after removing them: %v %v", r.Problems, err)
	}
	p, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	code := cb.Codes()[0]
	if _, err := p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: find(t, s.sony, "Sony")}); err != nil {
		t.Errorf("coding after the trigger was removed: %v", err)
	}
}

// A foreign table, index or column is refused as a trigger is.
func TestOpenRefusesForeignTablesIndexesAndColumns(t *testing.T) {
	for _, c := range []struct {
		sql, named, drop string
	}{
		{`CREATE TABLE stash (x)`, `table "stash"`, `DROP TABLE "stash";`},
		{`CREATE INDEX codings_memo ON codings(memo)`, `index "codings_memo" on codings`, `DROP INDEX "codings_memo";`},
		{`ALTER TABLE codes ADD COLUMN shadow TEXT`, `column "shadow" of table codes`, `ALTER TABLE "codes" DROP COLUMN "shadow";`},
	} {
		t.Run(c.named, func(t *testing.T) {
			path, _ := checkedSample(t)
			addByHand(t, path, c.sql)
			p, err := storage.Open(path)
			if err == nil {
				p.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), c.named) || !strings.Contains(err.Error(), c.drop) {
				t.Errorf("the error does not name %s with %s: %v", c.named, c.drop, err)
			}
		})
	}
}
