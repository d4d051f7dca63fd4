package storage_test

// A coder attacks the team project with psql and her own login (issue 25):
// each trick that once broke the blind phase, or ran SQL as the
// administrator, must now learn nothing of another coder's blind-phase
// work and change nothing.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// blindStudy is a team project in its blind phase: ann and ben coded with
// memos before it, and ben codes with a memo during it.
type blindStudy struct {
	tp                  *teamtest.Project
	lead, ben           *storage.Project
	ann, benLogin, cleo string // logins: ann a coder, cleo one with codebook rights
	benID               string // ben's coder ID
	sony                coding.Document
	benBlind            coding.Coding // ben's coding made in the blind phase
	benCodings          int           // what the lead sees of ben's
}

func newBlindStudy(t *testing.T) *blindStudy {
	t.Helper()
	tp := teamtest.New(t, "attack", "lead", "ann", "ben")
	s := &blindStudy{tp: tp, ann: "ann" + tp.Suffix, benLogin: "ben" + tp.Suffix, cleo: "cleo" + tp.Suffix}
	tp.AddCoder(t, s.cleo, true)
	lead, docs, trust := teamLead(t, tp, "sony-hack-cyber-dialogue.txt")
	s.lead, s.sony = lead, docs[0]
	ann, ben := tp.Open(t, s.ann), tp.Open(t, s.benLogin)
	s.ben, s.benID = ben, ben.Team().CoderID
	code := func(p *storage.Project, phrase, memo string) coding.Coding {
		c, err := p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: p.Team().CoderID, Span: find(t, s.sony, phrase), Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	code(ann, "trust", "ann's early memo")
	code(ben, "norms", "ben's early memo")
	if err := lead.SetBlind(true, ""); err != nil {
		t.Fatal(err)
	}
	s.benBlind = code(ben, "cyber", "ben's blind memo")
	if err := ben.SetCodingMemo(s.benBlind.ID, "ben's blind memo, edited"); err != nil {
		t.Fatal(err)
	}
	db := tp.SQL(t, tp.Lead)
	if err := db.QueryRow("SELECT COUNT(*) FROM codings WHERE coder_id = $1", s.benID).Scan(&s.benCodings); err != nil {
		t.Fatal(err)
	}
	if s.benCodings != 2 {
		t.Fatalf("the lead sees %d of ben's codings, want 2", s.benCodings)
	}
	return s
}

// psql is one connection as login, as psql has: temporary objects live as
// long as it does.
func (s *blindStudy) psql(t *testing.T, login string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), s.tp.ConnURL(login))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// state is what the lead sees of the project's codings, memos, journal
// and change log, to compare before and after an attack.
func (s *blindStudy) state(t *testing.T) string {
	t.Helper()
	var out string
	err := s.tp.SQL(t, s.tp.Lead).QueryRow(`SELECT concat_ws('|',
	(SELECT string_agg(id || ':' || coder_id || ':' || memo, ',' ORDER BY id) FROM codings),
	(SELECT string_agg(seq || ':' || author || ':' || label || ':' || undone || ':' || md5(changes), ',' ORDER BY seq) FROM journal),
	(SELECT string_agg(seq || ':' || kind || ':' || label, ',' ORDER BY seq) FROM changelog),
	(SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM project),
	(SELECT string_agg(document_id, ',') FROM blind))`).Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// unchanged fails the test when the project's state differs from before.
func (s *blindStudy) unchanged(t *testing.T, before string) {
	t.Helper()
	if after := s.state(t); after != before {
		t.Errorf("the attacks changed the project:\nbefore %s\nafter  %s", before, after)
	}
}

// seesOfBen is how many of ben's codings, memos and blind-phase journal
// and change-log entries conn can read.
func (s *blindStudy) seesOfBen(t *testing.T, conn *pgx.Conn) (codings, journal, changelog int, memo string) {
	t.Helper()
	ctx := context.Background()
	q := s.tp.Name
	schema := pgx.Identifier{q}.Sanitize()
	if err := conn.QueryRow(ctx, "SELECT COUNT(*), COALESCE(string_agg(memo, ','), '') FROM "+schema+".codings WHERE coder_id = $1", s.benID).Scan(&codings, &memo); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM "+schema+".journal WHERE author = $1 AND codings = 1", s.benLogin).Scan(&journal); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM "+schema+".changelog WHERE private = $1", s.benID).Scan(&changelog); err != nil {
		t.Fatal(err)
	}
	return
}

// refused runs stmt and wants the server to refuse it (any error), or,
// when it runs, to change no row.
func refused(t *testing.T, conn *pgx.Conn, what, stmt string, args ...any) {
	t.Helper()
	tag, err := conn.Exec(context.Background(), stmt, args...)
	if err == nil && tag.RowsAffected() > 0 {
		t.Errorf("%s: %s changed %d rows, want refused", what, stmt, tag.RowsAffected())
	}
}

func TestTeamCoderCannotBreakTheBlindPhaseWithTemporaryObjects(t *testing.T) {
	s := newBlindStudy(t)
	before := s.state(t)
	ann := s.psql(t, s.ann)
	ctx := context.Background()
	// Before any trick: she sees none of ben's (the test can tell).
	if c, j, l, _ := s.seesOfBen(t, ann); c != 0 || j != 0 || l != 0 {
		t.Fatalf("ann sees %d of ben's codings, %d journal and %d change-log entries before any trick", c, j, l)
	}
	// The lead does see them, with the same queries.
	if c, j, l, memo := s.seesOfBen(t, s.psql(t, s.tp.Lead)); c != 2 || j < 2 || l < 2 || !strings.Contains(memo, "blind memo") {
		t.Fatalf("the lead sees %d of ben's codings (%q), %d journal and %d change-log entries, want all", c, memo, j, l)
	}
	for _, trick := range []string{
		"CREATE TEMP TABLE blind(document_id text)",
		"CREATE TEMP TABLE project(key text, value text)",
		"INSERT INTO pg_temp.project VALUES ('lead_role', '" + s.ann + "'), ('editor_role', '" + s.ann + "')",
		"CREATE TEMP TABLE coders(id text, name text, login text)",
		"INSERT INTO pg_temp.coders VALUES ('" + s.benID + "', 'ben', '" + s.ann + "')",
		"CREATE TEMP TABLE journal(seq bigint, author text)",
		"CREATE TEMP TABLE changelog(seq bigint)",
		"SET search_path = pg_temp, " + pgx.Identifier{s.tp.Name}.Sanitize(),
	} {
		if _, err := ann.Exec(ctx, trick); err != nil {
			t.Fatalf("%s: %v", trick, err)
		}
	}
	var lead bool
	var me *string
	if err := ann.QueryRow(ctx, "SELECT "+pgx.Identifier{s.tp.Name, "is_lead"}.Sanitize()+"(), "+pgx.Identifier{s.tp.Name, "my_coder"}.Sanitize()+"()").Scan(&lead, &me); err != nil {
		t.Fatal(err)
	}
	if lead || me == nil || *me == s.benID {
		t.Errorf("with temporary project and coders tables, is_lead() = %v and my_coder() = %v for ann", lead, me)
	}
	if c, j, l, memo := s.seesOfBen(t, ann); c != 0 || j != 0 || l != 0 || memo != "" {
		t.Errorf("with temporary blind, project and coders tables ann sees %d of ben's codings (%q), %d of his journal and %d change-log entries", c, memo, j, l)
	}
	schema := pgx.Identifier{s.tp.Name}.Sanitize()
	refused(t, ann, "ann changing ben's memo", "UPDATE "+schema+".codings SET memo = 'ann was here' WHERE coder_id = $1", s.benID)
	refused(t, ann, "ann deleting ben's codings", "DELETE FROM "+schema+".codings WHERE coder_id = $1", s.benID)
	if _, err := ann.Exec(ctx, "INSERT INTO "+schema+".codings(id, document_id, code_id, coder_id, start, \"end\", created) SELECT 'forged2', document_id, code_id, $1, 0, 3, 'now' FROM "+schema+".codings LIMIT 1", s.benID); err == nil {
		t.Error("ann inserted a coding under ben's coder ID")
	}
	s.unchanged(t, before)
}

func TestTeamDefinerFunctionDoesNotRunTheCallersCode(t *testing.T) {
	s := newBlindStudy(t)
	before := s.state(t)
	ctx := context.Background()
	schema := pgx.Identifier{s.tp.Name}.Sanitize()
	// A temporary view named codings that calls a function of hers: if a
	// function of the project read it, hers would run with its rights.
	trap := []string{
		`CREATE FUNCTION pg_temp.spy() RETURNS SETOF text LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'spy ran as current_user=%', current_user; END $$`,
		`CREATE TEMP VIEW codings AS SELECT s AS code_id, s AS coder_id FROM pg_temp.spy() s`,
		`CREATE TEMP VIEW journal AS SELECT s AS author, s AS seq FROM pg_temp.spy() s`,
		`SET search_path = pg_temp, ` + schema,
	}
	for _, login := range []string{s.ann, s.cleo} {
		conn := s.psql(t, login)
		for _, stmt := range trap {
			if _, err := conn.Exec(ctx, stmt); err != nil {
				t.Fatalf("%s: %s: %v", login, stmt, err)
			}
		}
		var has bool
		err := conn.QueryRow(ctx, "SELECT "+schema+".others_code_with((SELECT string_agg(id, ',') FROM "+schema+".codes))").Scan(&has)
		switch {
		case err != nil && strings.Contains(err.Error(), "spy ran"):
			t.Errorf("%s: the project's function ran her code: %v", login, err)
		case login == s.ann && err == nil:
			t.Errorf("ann, a coder without codebook rights, asked whether others code with the codes: %v", has)
		case login == s.cleo && (err != nil || !has):
			t.Errorf("cleo (codebook rights) asking whether others code with the codes: %v, %v; want yes", has, err)
		}
		if _, err := conn.Exec(ctx, "SELECT "+schema+".log_change('do', 1, 'x', NULL, NULL)"); err != nil && strings.Contains(err.Error(), "spy ran") {
			t.Errorf("%s: log_change ran her code: %v", login, err)
		}
		// The old counting function is gone.
		if _, err := conn.Exec(ctx, "SELECT "+schema+".codings_by_others('x')"); err == nil {
			t.Errorf("%s: codings_by_others still answers", login)
		}
	}
	s.unchanged(t, before)
}

func TestTeamChangeLogKeepsTheBlindPhaseAndCannotBeWrittenByHand(t *testing.T) {
	s := newBlindStudy(t)
	ctx := context.Background()
	ann := s.psql(t, s.ann)
	schema := pgx.Identifier{s.tp.Name}.Sanitize()
	// What she reads: no private entry of ben's, no label of his blind work.
	var others int
	if err := ann.QueryRow(ctx, "SELECT COUNT(*) FROM "+schema+".changelog WHERE private IS NOT NULL AND private <> (SELECT id FROM "+schema+".coders WHERE login = session_user)").Scan(&others); err != nil {
		t.Fatal(err)
	}
	if others != 0 {
		t.Errorf("ann reads %d private change-log entries of others in the blind phase", others)
	}
	var benSeq int64
	if err := s.tp.SQL(t, s.tp.Lead).QueryRow("SELECT MAX(seq) FROM journal WHERE author = $1", s.benLogin).Scan(&benSeq); err != nil {
		t.Fatal(err)
	}
	before := s.state(t)
	for what, stmt := range map[string]string{
		"insert a change-log entry":     "INSERT INTO " + schema + ".changelog(kind, label, at) VALUES ('reload', 'forged', 'now')",
		"change a change-log label":     "UPDATE " + schema + ".changelog SET label = 'forged'",
		"delete change-log entries":     "DELETE FROM " + schema + ".changelog",
		"log a reload":                  "SELECT " + schema + ".log_change('reload', NULL, 'forged', NULL, NULL)",
		"log an entry of ben's":         "SELECT " + schema + ".log_change('undo', " + strconv.FormatInt(benSeq, 10) + ", 'forged', NULL, NULL)",
		"log a do with no entry":        "SELECT " + schema + ".log_change('do', NULL, 'forged', NULL, NULL)",
		"log documents":                 "SELECT " + schema + ".log_change('documents', NULL, 'forged', '[]', NULL)",
		"log private to ben":            "SELECT " + schema + ".record_action('forged', '\\x5b5d', 2, '" + s.benID + "', 1, NULL, 0, 10, 1000, 'forged', NULL)",
		"insert a journal entry":        "INSERT INTO " + schema + ".journal(label, changes, size, at) VALUES ('forged', '\\x5b5d', 2, 'now')",
		"rewrite her journal entry":     "UPDATE " + schema + ".journal SET changes = '\\x5b5d' WHERE author = session_user",
		"delete journal entries":        "DELETE FROM " + schema + ".journal",
		"undo ben's journal entry":      "UPDATE " + schema + ".journal SET undone = 1 WHERE author = '" + s.benLogin + "'",
		"count actions (journal)":       "SELECT nextval('" + s.tp.Name + ".journal_seq_seq')",
		"count actions (change log)":    "SELECT nextval('" + s.tp.Name + ".changelog_seq_seq')",
		"read the journal's counter":    "SELECT last_value FROM " + schema + ".journal_seq_seq",
		"read the change log's counter": "SELECT last_value FROM " + schema + ".changelog_seq_seq",
		"become the lead":               "SET ROLE " + pgx.Identifier{s.tp.Name + "_lead"}.Sanitize(),
		"become the owner":              "SET ROLE " + pgx.Identifier{s.tp.Name + "_owner"}.Sanitize(),
	} {
		tx, err := ann.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tag, err := tx.Exec(ctx, stmt)
		if err == nil && (tag.RowsAffected() > 0 || strings.HasPrefix(stmt, "SELECT") || strings.HasPrefix(stmt, "SET")) {
			t.Errorf("ann could %s: %s", what, stmt)
		}
		tx.Rollback(ctx)
	}
	s.unchanged(t, before)
}

func TestTeamListenTellsNothingOfAnothersPrivateWork(t *testing.T) {
	s := newBlindStudy(t)
	ctx := context.Background()
	ann := s.psql(t, s.ann)
	if _, err := ann.Exec(ctx, "LISTEN "+pgx.Identifier{s.tp.Name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	heard := func() *pgconn.Notification {
		wctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer cancel()
		n, err := ann.WaitForNotification(wctx)
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatal(err)
		}
		return n
	}
	// Ben codes, edits a memo and undoes, privately.
	c, err := s.ben.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: s.benBlind.CodeID, CoderID: s.benID, Span: find(t, s.sony, "China"), Memo: "private"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ben.SetCodingMemo(c.ID, "still private"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ben.Undo(); err != nil {
		t.Fatal(err)
	}
	if n := heard(); n != nil {
		t.Errorf("ann, listening, heard of ben's private work: %+v", n)
	}
	// A public action (the lead adds a code) is heard: the listening works.
	if _, err := s.lead.EnsureCodePath("Sovereignty"); err != nil {
		t.Fatal(err)
	}
	if n := heard(); n == nil {
		t.Error("ann, listening, did not hear the lead's new code")
	}
}

// Every function of a project, its owner, settings and grants, and the
// project's roles, against the rules of teamsecurity.go.
func TestTeamFunctionsAndRolesFollowTheRules(t *testing.T) {
	s := newBlindStudy(t)
	admin := s.tp.SQL(t, s.tp.Lead) // the catalogs are readable by everyone
	owner := s.tp.Name + "_owner"
	rows, err := admin.Query(`SELECT p.proname, pg_get_userbyid(p.proowner), p.prosecdef, COALESCE(array_to_string(p.proconfig, ';'), ''),
	COALESCE(array_to_string(p.proacl, ';'), 'default (PUBLIC may execute)')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY p.proname`, s.tp.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	definers := map[string]bool{"others_code_with": true, "log_change": true, "record_action": true}
	seen := 0
	for rows.Next() {
		var name, by, config, acl string
		var definer bool
		if err := rows.Scan(&name, &by, &definer, &config, &acl); err != nil {
			t.Fatal(err)
		}
		seen++
		if by != owner {
			t.Errorf("function %s is owned by %s, want %s", name, by, owner)
		}
		if definer && !definers[name] {
			t.Errorf("function %s runs with its owner's rights (SECURITY DEFINER) and need not", name)
		}
		want := "search_path=" + pgx.Identifier{s.tp.Name}.Sanitize() + ", pg_temp"
		if config != want && config != strings.ReplaceAll(want, `"`, "") {
			t.Errorf("function %s: settings %q, want %q (pg_temp last)", name, config, want)
		}
		for _, grant := range strings.Split(acl, ";") {
			if strings.HasPrefix(grant, "=") || strings.HasPrefix(grant, "default") {
				t.Errorf("function %s: PUBLIC may execute it (%s)", name, acl)
			}
		}
	}
	if seen < 7 {
		t.Errorf("found %d functions in the project, want at least 7", seen)
	}
	// Roles: the owner and the groups log in as no one and have no
	// attribute; only the administrator belongs to the owner.
	roles, err := admin.Query(`SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
FROM pg_roles WHERE rolname = ANY ($1)`, []string{owner, s.tp.Name + "_lead", s.tp.Name + "_editor", s.tp.Name + "_coder"})
	if err != nil {
		t.Fatal(err)
	}
	defer roles.Close()
	n := 0
	for roles.Next() {
		var name string
		var login, super, createrole, createdb, replication, bypass bool
		if err := roles.Scan(&name, &login, &super, &createrole, &createdb, &replication, &bypass); err != nil {
			t.Fatal(err)
		}
		n++
		if login || super || createrole || createdb || replication || bypass {
			t.Errorf("role %s: login %v, superuser %v, createrole %v, createdb %v, replication %v, bypassrls %v; want none", name, login, super, createrole, createdb, replication, bypass)
		}
	}
	if n != 4 {
		t.Errorf("found %d of the project's 4 roles", n)
	}
	var members string
	if err := admin.QueryRow(`SELECT string_agg(pg_get_userbyid(member), ',') FROM pg_auth_members WHERE roleid = $1::regrole`, owner).Scan(&members); err != nil {
		t.Fatal(err)
	}
	if adminUser := strings.Split(strings.TrimPrefix(teamtest.Admin(t), "postgres://"), ":")[0]; members != adminUser {
		t.Errorf("members of %s: %s, want only the administrator %s", owner, members, adminUser)
	}
	// The schema, its tables and sequences are the owner's too.
	var stray string
	if err := admin.QueryRow(`SELECT COALESCE(string_agg(c.relname || ' (' || pg_get_userbyid(c.relowner) || ')', ', '), '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND pg_get_userbyid(c.relowner) <> $2`, s.tp.Name, owner).Scan(&stray); err != nil {
		t.Fatal(err)
	}
	if stray != "" {
		t.Errorf("objects of the project not owned by %s: %s", owner, stray)
	}
}

// A project made before version 10 (owned by the administrator, its
// functions open to temporary tables) is given to its owner role by the
// administrator's upgrade, and keeps its work.
func TestTeamUpgradeGivesAnOlderProjectToItsOwner(t *testing.T) {
	at9 := func(url, lead, password string) error { return storage.InitTeamAt(url, lead, password, 9) }
	tp := teamtest.NewWith(t, at9, "upgrade", "lead")
	// A coder's build refuses to upgrade it and says who may.
	if _, err := storage.Open(tp.URL(tp.Lead)); err == nil || !strings.Contains(err.Error(), "server upgrade") {
		t.Fatalf("the lead opening a schema-9 project: %v, want told to ask for `server upgrade`", err)
	}
	// What `marginalia server upgrade` does: open as the administrator.
	p, err := storage.Open(tp.Admin)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	p.Close()
	db := tp.SQL(t, tp.Lead)
	var version, schemaOwner string
	if err := db.QueryRow(`SELECT (SELECT value FROM project WHERE key = 'schema_version'), (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1)`, tp.Name).Scan(&version, &schemaOwner); err != nil {
		t.Fatal(err)
	}
	if version != strconv.Itoa(storage.SchemaVersion) || schemaOwner != tp.Name+"_owner" {
		t.Errorf("after the upgrade: schema %s owned by %s, want %d owned by %s_owner", version, schemaOwner, storage.SchemaVersion, tp.Name)
	}
	// The project works: a coder is added, codes, and the lead sees it.
	tp.AddCoder(t, "ann"+tp.Suffix, false)
	lead, docs, trust := teamLead(t, tp, "sony-hack-cyber-dialogue.txt")
	ann := tp.Open(t, "ann"+tp.Suffix)
	if _, err := ann.AddCoding(coding.Coding{DocumentID: docs[0].ID, CodeID: trust.ID, CoderID: ann.Team().CoderID, Span: find(t, docs[0], "trust")}); err != nil {
		t.Fatal(err)
	}
	if n, err := lead.CodingCount(); err != nil || n != 1 {
		t.Errorf("the lead counts %d codings (%v), want ann's 1", n, err)
	}
}

// A coder who writes a false journal entry of her own with record_action
// (claiming that ben's coding went) does not make the lead's window show
// it: the window reads the project again instead, which still holds it.
func TestTeamForgedJournalEntryIsNotShown(t *testing.T) {
	s := newBlindStudy(t)
	if err := s.lead.SetBlind(false, ""); err != nil {
		t.Fatal(err)
	}
	seen, err := s.lead.Overview()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ann := s.psql(t, s.ann)
	schema := pgx.Identifier{s.tp.Name}.Sanitize()
	var row []byte
	if err := ann.QueryRow(ctx, `SELECT json_build_object('ID', id, 'DocumentID', document_id, 'CodeID', code_id, 'CoderID', coder_id, 'start', start, 'end', "end", 'memo', memo)::text::bytea
FROM `+schema+`.codings WHERE id = $1`, s.benBlind.ID).Scan(&row); err != nil {
		t.Fatal(err)
	}
	forged := `[{"e":"coding","id":"` + s.benBlind.ID + `","b":` + string(row) + `}]`
	if _, err := ann.Exec(ctx, "SELECT "+schema+".record_action('Code passage', $1, $2, NULL, 1, NULL, 0, 10, 1000000, 'Code passage', NULL)", []byte(forged), len(forged)); err != nil {
		t.Fatal(err)
	}
	changes, err := s.lead.ChangesSince(seen.Seq)
	for _, cs := range changes {
		for _, c := range cs.Codings.Removed {
			t.Errorf("the lead's window was told that %s's coding %s went", c.CoderID, c.ID)
		}
	}
	if !errors.Is(err, storage.ErrChangesForgotten) {
		t.Errorf("the lead's window reading a forged entry: %v, want to read the project again", err)
	}
	if _, err := s.lead.Coding(s.benBlind.ID); err != nil {
		t.Errorf("ben's coding after the forged entry: %v", err)
	}
	// Ben's own entries still reach the lead's window as change sets.
	seen, _ = s.lead.Overview()
	if _, err := s.ben.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: s.benBlind.CodeID, CoderID: s.benID, Span: find(t, s.sony, "China")}); err != nil {
		t.Fatal(err)
	}
	if changes, err := s.lead.ChangesSince(seen.Seq); err != nil || len(changes) != 1 || len(changes[0].Codings.Added) != 1 {
		t.Errorf("the lead's window reading ben's coding: %+v, %v", changes, err)
	}
}
