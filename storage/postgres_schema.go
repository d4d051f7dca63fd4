package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A team project's schema on PostgreSQL: the tables of a project file
// (project.go) in PostgreSQL's types, plus what a shared project needs:
//
//   - three group roles per project: NAME_lead (may do everything),
//     NAME_editor (may change the codebook, documents, attributes and sets)
//     and NAME_coder (may read the project and write their own codings and
//     memos); each person has a login role that belongs to some of them;
//   - coders.login ties a coder to the database login that codes as them;
//   - the blind table: while it holds rows, the project (document_id '*')
//     or those documents are in the blind phase, and row-level security
//     shows a coder only their own codings and memos there;
//   - the journal records each action's author (Undo takes only your own),
//     whether it touched codings or memos (codings: while blind, no one
//     but its author and the lead reads such an entry, whose rows hold
//     codings, unless all of them are in documents outside the blind
//     phase, which documents lists; it is NULL when not known, as for
//     memos), and, for an action that touched only its author's own
//     codings and memos, that coder (private); the change log carries the
//     private mark, so that a window skips such hidden entries rather than
//     reading the whole project again.
//
// The administrator who runs `server init` creates the baseline below and
// the migrations after it; version 10 (teamsecurity.go) then gives every
// object to the project's owner role, which no one logs in as. No coder,
// not even the lead, owns them, so row-level security applies to every
// login the project hands out.

// teamBaseline is the schema version teamSchema creates.
const teamBaseline = 6

// teamMigrations[v] brings a team project from schema version v to v+1,
// for v ≥ teamBaseline, in the administrator's transaction tx with the
// project's schema first on the search path: each migration of a project
// file (project.go) after the baseline has its PostgreSQL counterpart
// here, given the project's schema and roles. From version ownedFrom on,
// the steps run as the project's owner role (upgradeTeam), so that what
// they create is the owner's too.
var teamMigrations = map[int]teamMigration{
	// Version 7: code groups (codesets.go), the editors'.
	6: teamDDL(func(schema string, r teamRoles) string {
		return `
CREATE TABLE code_sets (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	codes TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX code_sets_name ON code_sets(name COLLATE nocase);
GRANT SELECT ON code_sets TO ` + ident(r.coder) + `;
GRANT INSERT, UPDATE, DELETE ON code_sets TO ` + ident(r.editor) + `;
`
	}),
	// Version 8: consensus decisions (consensus.go), the lead's, who codes
	// as the consensus coder.
	7: teamDDL(func(schema string, r teamRoles) string {
		return `
CREATE TABLE consensus_decisions (
	id TEXT PRIMARY KEY,
	coder_id TEXT NOT NULL,
	document_id TEXT NOT NULL,
	code_id TEXT NOT NULL,
	start INTEGER NOT NULL,
	"end" INTEGER NOT NULL,
	rule TEXT NOT NULL,
	decided TEXT NOT NULL
);
CREATE INDEX consensus_decisions_document ON consensus_decisions(document_id, code_id);
GRANT SELECT ON consensus_decisions TO ` + ident(r.coder) + `;
GRANT INSERT, UPDATE, DELETE ON consensus_decisions TO ` + ident(r.lead) + `;
`
	}),
	// Version 9: the passages (coding IDs) a case gathers (cases.go); the
	// table's grants cover the new column.
	8: teamDDL(func(schema string, r teamRoles) string {
		return `
ALTER TABLE cases ADD COLUMN passages TEXT NOT NULL DEFAULT '[]';
`
	}),
	// Version 10: the project belongs to an owner role of its own, its
	// functions ignore the caller's temporary objects, and the journal and
	// change log are written only through the actions (teamsecurity.go).
	// A project file does not change.
	9: secureTeam,
}

// teamMigration is one step of teamMigrations.
type teamMigration func(tx *sql.Tx, schema string, r teamRoles) error

// teamDDL is a migration that runs the statements ddl gives.
func teamDDL(ddl func(schema string, r teamRoles) string) teamMigration {
	return func(tx *sql.Tx, schema string, r teamRoles) error {
		_, err := tx.Exec(ddl(schema, r))
		return err
	}
}

// teamRoles names a project's roles: the owner of its objects, which no
// one logs in as, and the three groups of its people.
type teamRoles struct{ owner, lead, editor, coder string }

func rolesOf(project string) teamRoles {
	return teamRoles{owner: project + "_owner", lead: project + "_lead", editor: project + "_editor", coder: project + "_coder"}
}

// teamSchema is the DDL of a new team project in schema (already the
// first on the search path), with its group roles r.
func teamSchema(schema string, r teamRoles) string {
	fn := func(name, body string) string {
		return fmt.Sprintf("CREATE FUNCTION %s LANGUAGE sql STABLE SET search_path = %s AS $$ %s $$;\n", name, ident(schema), body)
	}
	var b strings.Builder
	b.WriteString(`
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	text TEXT NOT NULL,
	length INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	memo TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE TABLE codes (
	id TEXT PRIMARY KEY,
	parent_id TEXT REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
	name TEXT NOT NULL,
	color TEXT NOT NULL,
	codable INTEGER NOT NULL DEFAULT 1,
	definition TEXT NOT NULL DEFAULT '',
	when_to_use TEXT NOT NULL DEFAULT '',
	when_not_to_use TEXT NOT NULL DEFAULT '',
	example TEXT NOT NULL DEFAULT '',
	memo TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	key INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX codes_parent ON codes(parent_id);
CREATE TABLE coders (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, login TEXT UNIQUE);
CREATE TABLE codings (
	id TEXT NOT NULL UNIQUE,
	document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
	code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
	coder_id TEXT NOT NULL REFERENCES coders(id) DEFERRABLE INITIALLY DEFERRED,
	start INTEGER NOT NULL,
	"end" INTEGER NOT NULL,
	memo TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL,
	CHECK (start >= 0 AND "end" > start),
	PRIMARY KEY (document_id, start, "end", code_id, coder_id)
);
CREATE INDEX codings_code ON codings(code_id);
CREATE INDEX codings_coder ON codings(coder_id);
CREATE TABLE memos (
	id TEXT PRIMARY KEY,
	target TEXT NOT NULL,
	target_id TEXT NOT NULL,
	coder_id TEXT REFERENCES coders(id) DEFERRABLE INITIALLY DEFERRED,
	text TEXT NOT NULL,
	updated TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target, target_id);
CREATE TABLE journal (
	seq BIGSERIAL PRIMARY KEY,
	label TEXT NOT NULL,
	changes BYTEA NOT NULL,
	size INTEGER NOT NULL,
	undone INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL,
	author TEXT NOT NULL DEFAULT session_user,
	private TEXT,
	codings INTEGER NOT NULL DEFAULT 0,
	documents TEXT[]
);
CREATE INDEX journal_author ON journal(author, seq);
CREATE INDEX journal_undone ON journal(author) WHERE undone = 1;
CREATE TABLE changelog (
	seq BIGSERIAL PRIMARY KEY,
	kind TEXT NOT NULL,
	journal_seq BIGINT,
	label TEXT NOT NULL DEFAULT '',
	documents TEXT,
	at TEXT NOT NULL,
	private TEXT
);
CREATE TABLE attributes (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	choices TEXT NOT NULL DEFAULT '[]',
	position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX attributes_name ON attributes(name COLLATE nocase);
CREATE TABLE attribute_values (
	id TEXT PRIMARY KEY,
	document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
	attribute_id TEXT NOT NULL REFERENCES attributes(id) DEFERRABLE INITIALLY DEFERRED,
	value TEXT NOT NULL,
	UNIQUE (attribute_id, document_id)
);
CREATE INDEX attribute_values_document ON attribute_values(document_id);
CREATE TABLE sets (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	documents TEXT NOT NULL DEFAULT '[]',
	condition TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sets_name ON sets(name COLLATE nocase);
CREATE TABLE cases (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	documents TEXT NOT NULL DEFAULT '[]',
	attribute_values TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX cases_name ON cases(name COLLATE nocase);
CREATE TABLE blind (document_id TEXT PRIMARY KEY);
`)
	b.WriteString(fn("is_lead() RETURNS boolean", "SELECT pg_has_role(session_user, (SELECT value FROM project WHERE key = 'lead_role'), 'MEMBER')"))
	b.WriteString(fn("my_coder() RETURNS text", "SELECT id FROM coders WHERE login = session_user"))
	b.WriteString(fn("blind_any() RETURNS boolean", "SELECT EXISTS (SELECT 1 FROM blind)"))
	b.WriteString(fn("blind_for(doc text) RETURNS boolean", "SELECT EXISTS (SELECT 1 FROM blind WHERE document_id IN ('*', doc))"))
	// How many codings with the codes ids (comma-separated) coders other
	// than the caller have, counted as the tables' owner, so that a coder
	// with codebook rights learns, even in the blind phase, that deleting
	// those codes would delete others' work (DeleteCode); only the number.
	fmt.Fprintf(&b, "CREATE FUNCTION codings_by_others(ids text) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %s AS $$ SELECT COUNT(*) FROM codings WHERE code_id = ANY (string_to_array(ids, ',')) AND coder_id IS DISTINCT FROM my_coder() $$;\n", ident(schema))
	// Each function is evaluated once per statement ((SELECT f()) is an
	// init plan), blind_for only for the rows of others.
	b.WriteString(`
ALTER TABLE codings ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_reads ON codings FOR SELECT USING (coder_id = (SELECT my_coder()) OR (SELECT is_lead()) OR NOT (SELECT blind_any()) OR NOT blind_for(document_id));
CREATE POLICY coder_adds ON codings FOR INSERT WITH CHECK (coder_id = (SELECT my_coder()) OR (SELECT is_lead()));
CREATE POLICY coder_changes ON codings FOR UPDATE USING (coder_id = (SELECT my_coder()) OR (SELECT is_lead())) WITH CHECK (coder_id = (SELECT my_coder()) OR (SELECT is_lead()));
CREATE POLICY coder_removes ON codings FOR DELETE USING (coder_id = (SELECT my_coder()) OR (SELECT is_lead()));
ALTER TABLE memos ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_reads ON memos FOR SELECT USING (coder_id IS NULL OR coder_id = (SELECT my_coder()) OR (SELECT is_lead()) OR NOT (SELECT blind_any()));
CREATE POLICY coder_adds ON memos FOR INSERT WITH CHECK (coder_id IS NULL OR coder_id = (SELECT my_coder()) OR (SELECT is_lead()));
CREATE POLICY coder_changes ON memos FOR UPDATE USING (coder_id IS NULL OR coder_id = (SELECT my_coder()) OR (SELECT is_lead()));
CREATE POLICY coder_removes ON memos FOR DELETE USING (coder_id IS NULL OR coder_id = (SELECT my_coder()) OR (SELECT is_lead()));
ALTER TABLE project ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON project FOR SELECT USING (true);
CREATE POLICY editor_adds ON project FOR INSERT WITH CHECK (key NOT IN ('schema_version', 'lead_role', 'editor_role', 'coder_role'));
CREATE POLICY editor_changes ON project FOR UPDATE USING (key NOT IN ('schema_version', 'lead_role', 'editor_role', 'coder_role'));
CREATE POLICY editor_removes ON project FOR DELETE USING (key NOT IN ('schema_version', 'lead_role', 'editor_role', 'coder_role'));
ALTER TABLE journal ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_reads ON journal FOR SELECT USING (author = session_user OR codings = 0 OR (SELECT is_lead()) OR NOT (SELECT blind_any())
	OR documents IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blind WHERE document_id = '*' OR document_id = ANY (documents)));
CREATE POLICY coder_adds ON journal FOR INSERT WITH CHECK (author = session_user);
CREATE POLICY coder_changes ON journal FOR UPDATE USING (author = session_user);
CREATE POLICY coder_removes ON journal FOR DELETE USING (author = session_user);
`)
	all := "project, documents, codes, coders, codings, memos, journal, changelog, attributes, attribute_values, sets, cases, blind"
	fmt.Fprintf(&b, "GRANT USAGE ON SCHEMA %s TO %s, %s, %s;\n", ident(schema), ident(r.coder), ident(r.editor), ident(r.lead))
	fmt.Fprintf(&b, "GRANT SELECT ON %s TO %s;\n", all, ident(r.coder))
	fmt.Fprintf(&b, "GRANT INSERT, UPDATE, DELETE ON codings, memos, journal, changelog TO %s;\n", ident(r.coder))
	fmt.Fprintf(&b, "GRANT USAGE ON ALL SEQUENCES IN SCHEMA %s TO %s;\n", ident(schema), ident(r.coder))
	fmt.Fprintf(&b, "GRANT INSERT, UPDATE, DELETE ON project, documents, codes, attributes, attribute_values, sets, cases TO %s;\n", ident(r.editor))
	fmt.Fprintf(&b, "GRANT INSERT, UPDATE, DELETE ON coders, blind TO %s;\n", ident(r.lead))
	fmt.Fprintf(&b, "GRANT %s, %s TO %s;\n", ident(r.coder), ident(r.editor), ident(r.lead))
	fmt.Fprintf(&b, "GRANT %s TO %s;\n", ident(r.coder), ident(r.editor))
	fmt.Fprintf(&b, "INSERT INTO project(key, value) VALUES ('schema_version', '%d'), ('lead_role', %s), ('editor_role', %s), ('coder_role', %s);\n",
		teamBaseline, literal(r.lead), literal(r.editor), literal(r.coder))
	return b.String()
}

// migrateTeam brings a team project from schema version to SchemaVersion.
// Only the administrator who owns the tables may; a coder whose build is
// newer than the project is told to ask them.
func (p *Project) migrateTeam(version int) error {
	var lead, editor, coder string
	err := p.db.QueryRow(`SELECT (SELECT value FROM project WHERE key = 'lead_role'), (SELECT value FROM project WHERE key = 'editor_role'),
(SELECT value FROM project WHERE key = 'coder_role')`).Scan(&lead, &editor, &coder)
	if err != nil {
		return errors.New(redactError(err))
	}
	tx, err := p.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := teamRoles{owner: rolesOf(p.team.Project).owner, lead: lead, editor: editor, coder: coder}
	if err := upgradeTeam(tx, p.team.Project, r, version); err != nil {
		return fmt.Errorf("the team project is at schema %d and this version of Marginalia needs %d: the administrator who created it upgrades it with `marginalia server upgrade ADMIN_URL --project %s` (%s)", version, SchemaVersion, p.team.Project, redactError(err))
	}
	return tx.Commit()
}

// upgradeTeam runs the migrations from version to SchemaVersion in tx.
func upgradeTeam(tx *sql.Tx, schema string, r teamRoles, version int) error {
	return upgradeTeamTo(tx, schema, r, version, SchemaVersion)
}

// upgradeTeamTo runs the migrations from version to target in tx.
func upgradeTeamTo(tx *sql.Tx, schema string, r teamRoles, version, target int) error {
	for v := version; v < target; v++ {
		step, ok := teamMigrations[v]
		if !ok {
			return fmt.Errorf("schema %d: this build cannot upgrade a team project from it", v)
		}
		if v >= ownedFrom {
			if err := actAsOwner(tx, r); err != nil {
				return err
			}
		}
		if err := step(tx, schema, r); err != nil {
			return err
		}
	}
	_, err := tx.Exec("UPDATE project SET value = ? WHERE key = 'schema_version'", strconv.Itoa(target))
	if err == nil {
		_, err = tx.Exec("RESET ROLE")
	}
	return err
}
