package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBinaryBackupRestoreCheck runs backup, restore and check through the
// built executable, as a script or a cron job would.
func TestBinaryBackupRestoreCheck(t *testing.T) {
	bin := buildBinary(t)
	env := parseableLocale
	dir := t.TempDir()
	project := filepath.Join(dir, "study.qdb")
	must := func(args ...string) string {
		t.Helper()
		return succeed(t, bin, args...)
	}
	must("new", project)
	must("import", project, corpus(sony), corpus(setback))
	text := storedText(t, sony)
	start := runeIndex(t, text, "cyber vandalism", 0)
	must("code", project, "--coder", "alice", "--document", sony, "--code", "Norms > Cyber vandalism", "--start", strconv.Itoa(start), "--end", strconv.Itoa(start+15))

	if got, want := must("check", project), "ok: 2 documents, 1 coding, 2 codes\n"; got != want {
		t.Errorf("check: %q; want %q", got, want)
	}

	// backup into the default folder beside the project, then list it.
	out := must("backup", project)
	defaultDir := project + " backups"
	if !strings.Contains(out, defaultDir) || !strings.Contains(out, "2 documents, 1 coding, 2 codes, 1 coder") {
		t.Errorf("backup: %q; want the backup in %s holding 2 documents, 1 coding, 2 codes, 1 coder", out, defaultDir)
	}
	entries, _ := os.ReadDir(defaultDir)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "study 20") {
		t.Fatalf("backup folder holds %v; want one backup named after the project and the time", entries)
	}
	backup := filepath.Join(defaultDir, entries[0].Name())
	if out := must("backup", project, "--list"); !strings.Contains(out, backup) || !strings.Contains(out, "1 coding") {
		t.Errorf("backup --list: %q; want %s with 1 coding", out, backup)
	}

	// backup to a named file, never over an existing one.
	named := filepath.Join(dir, "before-merge.qdb")
	must("backup", project, named)
	if o := execute(t, bin, env, "backup", project, named); o.code != 1 || !strings.Contains(o.stderr, named) || !strings.Contains(o.stderr, "exists") {
		t.Errorf("backup over an existing file: exit %d, stderr %q; want 1 naming the file", o.code, o.stderr)
	}

	// Work after the backup is not in it; restore gives the project back as it was.
	must("code", project, "--coder", "bob", "--document", sony, "--code", "Trust", "--start", "0", "--end", "5")
	restored := filepath.Join(dir, "restored.qdb")
	if out := must("restore", backup, restored); !strings.Contains(out, "1 coding") {
		t.Errorf("restore: %q", out)
	}
	if l := list(t, restored); l.Codings != 1 || len(l.Coders) != 1 || len(l.Documents) != 2 {
		t.Errorf("restored project: %d codings, %d coders, %d documents; want 1, 1, 2", l.Codings, len(l.Coders), len(l.Documents))
	}
	if got := must("check", restored); !strings.HasPrefix(got, "ok: ") {
		t.Errorf("check of the restored project: %q", got)
	}
	before := fileDigest(t, restored)
	if o := execute(t, bin, env, "restore", backup, restored); o.code != 1 || !strings.Contains(o.stderr, "exists") {
		t.Errorf("restore over an existing file: exit %d, stderr %q; want 1", o.code, o.stderr)
	}
	if fileDigest(t, restored) != before {
		t.Error("a refused restore changed the existing file")
	}

	// A damaged project: check lists each problem, exits 1, changes nothing.
	db, err := sql.Open("sqlite3", "file:"+project+"?_foreign_keys=off")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`UPDATE codings SET "end" = 100000 WHERE coder_id = (SELECT id FROM coders WHERE name = 'bob')`,
		`UPDATE codes SET parent_id = 'gone' WHERE name = 'Cyber vandalism'`,
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	before = fileDigest(t, project)
	o := execute(t, bin, env, "check", project)
	if o.code != 1 || strings.Count(o.stdout, "\n") != 3 || !strings.Contains(o.stdout, "[0,100000)") || !strings.Contains(o.stdout, "parent gone does not exist") {
		t.Errorf("check of a damaged project: exit %d, stdout %q; want 1 and the three problems", o.code, o.stdout)
	}
	if strings.Count(o.stderr, "\n") != 1 || !strings.Contains(o.stderr, "3 problems") {
		t.Errorf("check of a damaged project: stderr %q; want one line counting 3 problems", o.stderr)
	}
	if fileDigest(t, project) != before {
		t.Error("check changed the damaged project")
	}
	if o := execute(t, bin, env, "check", corpus(sony)); o.code != 1 || !strings.Contains(o.stderr, "not a Marginalia project") {
		t.Errorf("check of a text file: exit %d, stderr %q", o.code, o.stderr)
	}
}
