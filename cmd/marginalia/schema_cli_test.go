package main

import (
	"database/sql"
	"strings"
	"testing"
)

// A project file with a trigger and a view added by hand: every command
// that opens it refuses, naming them, and changes nothing; check lists each
// with the sqlite3 command that removes it and exits 1; once they are
// removed, the project codes and checks ok.
func TestCLIRefusesAProjectWithForeignTriggerAndView(t *testing.T) {
	project := projectWithArticles(t)
	db, err := sql.Open("sqlite3", project)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`CREATE TRIGGER evil AFTER INSERT ON codings BEGIN DELETE FROM codes WHERE 1; END;`,
		`CREATE VIEW everything AS SELECT * FROM codings`,
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	before := fileDigest(t, project)

	code := []string{"code", project, "--coder", "alice", "--document", sony, "--code", "Trust", "--start", "0", "--end", "5"}
	o := mg(t, code...)
	if o.code == 0 || !strings.Contains(o.stderr, `trigger "evil" on codings`) || !strings.Contains(o.stderr, `view "everything"`) {
		t.Errorf("code in a project with a foreign trigger: exit %d, stderr %q", o.code, o.stderr)
	}
	o = mg(t, "check", project)
	if o.code != 1 {
		t.Errorf("check: exit %d, want 1", o.code)
	}
	for _, want := range []string{
		`Trigger "evil" on codings is not made by this version of Marginalia`,
		`sqlite3 '` + project + `' 'DROP TRIGGER "evil";'`,
		`View "everything" is not made by this version of Marginalia`,
		`sqlite3 '` + project + `' 'DROP VIEW "everything";'`,
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("check does not list %q:\n%s", want, o.stdout)
		}
	}
	if strings.Count(o.stdout, "\n") != 2 || !strings.Contains(o.stderr, "2 problems") {
		t.Errorf("check: stdout %q, stderr %q; want the two objects and nothing else", o.stdout, o.stderr)
	}
	if fileDigest(t, project) != before {
		t.Error("the refused project was changed")
	}

	db, err = sql.Open("sqlite3", project)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TRIGGER "evil"; DROP VIEW "everything";`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustMG(t, code...)
	if got := mustMG(t, "check", project); !strings.HasPrefix(got, "ok: 2 documents, 1 coding") {
		t.Errorf("check after removing them: %q", got)
	}
}
