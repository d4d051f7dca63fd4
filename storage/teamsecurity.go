package storage

import (
	"database/sql"
	"fmt"
	"strings"
)

// What keeps a team project's promise against its own coders, who may
// connect with psql and their own password and send any SQL (schema
// version 10, secureTeam):
//
//   - the project's schema and every object in it belong to NAME_owner, a
//     role no one logs in as, with no attribute (not CREATEROLE, not
//     CREATEDB); only the administrator who created the project is a
//     member, to upgrade it. A function that runs with its owner's rights
//     (SECURITY DEFINER) can therefore do no more than the project itself,
//     never what the administrator may;
//   - every function sets search_path to the project's schema with pg_temp
//     last and names the project's tables with their schema, so that a
//     caller's temporary table, view or function named like a project
//     table is never what the function reads;
//   - only others_code_with, log_change and record_action run with the
//     owner's rights, each checking who calls it;
//   - no function is executable by PUBLIC: each is granted to the groups
//     that need it;
//   - the journal and the change log are written only through
//     record_action and log_change, which set an entry's author to the
//     connected login, accept a private mark only for that login's own
//     coder, refer an undo or redo only to the login's own journal entry,
//     and leave the numbering sequences out of the coders' reach; a coder
//     may only mark her own entries undone;
//   - row-level security hides a private change-log entry (a coder's own
//     work) in the blind phase as it hides the journal entry, and such an
//     entry sends no notification then: the lead's windows learn of it by
//     polling.
//
// What a coder can still learn is listed in the README (team projects,
// "What a coder can learn in the blind phase") with why.

// ownedFrom is the first schema version whose migrations run as the
// project's owner role (upgradeTeam).
const ownedFrom = 10

// secureTeam is the migration to schema version 10 (see the top of this
// file): it gives the project to its owner role, then, as that role,
// replaces the functions and the grants.
func secureTeam(tx *sql.Tx, schema string, r teamRoles) error {
	if err := ensureRole(tx, r.owner, false, ""); err != nil {
		return err
	}
	if _, err := tx.Exec("GRANT " + ident(r.owner) + " TO CURRENT_USER"); err != nil {
		return err
	}
	objects, err := collect(tx, func(s scanner) (string, error) {
		var stmt string
		return stmt, s.Scan(&stmt)
	}, `SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, $2::text)
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
UNION ALL SELECT format('ALTER FUNCTION %I.%I(%s) OWNER TO %I', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), $2::text)
	FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
UNION ALL SELECT format('ALTER COLLATION %I.%I OWNER TO %I', n.nspname, c.collname, $2::text)
	FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.nspname = $1`, schema, r.owner)
	if err != nil {
		return err
	}
	objects = append([]string{"ALTER SCHEMA " + ident(schema) + " OWNER TO " + ident(r.owner)}, objects...)
	for _, stmt := range objects {
		if _, err := tx.Exec(stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	if err := actAsOwner(tx, r); err != nil {
		return err
	}
	_, err = tx.Exec(secureTeamSQL(schema, r))
	return err
}

// actAsOwner makes the rest of tx run as the project's owner role.
func actAsOwner(tx *sql.Tx, r teamRoles) error {
	_, err := tx.Exec("SET LOCAL ROLE " + ident(r.owner))
	return err
}

// secureTeamSQL is the part of secureTeam that runs as the owner.
func secureTeamSQL(schema string, r teamRoles) string {
	s := ident(schema)
	var b strings.Builder
	// fn defines a function of the project, reading its tables by their
	// qualified names (written T. in body) with pg_temp last on the path.
	fn := func(signature, attributes, body string) {
		body = strings.ReplaceAll(body, "T.", s+".")
		fmt.Fprintf(&b, "CREATE OR REPLACE FUNCTION %s.%s %s SET search_path = %s, pg_temp AS %s;\n",
			s, signature, attributes, s, dollarQuoted(body))
	}
	b.WriteString("ALTER TABLE " + s + ".changelog ADD COLUMN author TEXT NOT NULL DEFAULT session_user;\n")
	b.WriteString("DROP FUNCTION " + s + ".codings_by_others(text);\n")
	fn("is_lead() RETURNS boolean", "LANGUAGE sql STABLE",
		"SELECT pg_catalog.pg_has_role(session_user, (SELECT value FROM T.project WHERE key = 'lead_role'), 'MEMBER')")
	fn("my_coder() RETURNS text", "LANGUAGE sql STABLE", "SELECT id FROM T.coders WHERE login = session_user")
	fn("blind_any() RETURNS boolean", "LANGUAGE sql STABLE", "SELECT EXISTS (SELECT 1 FROM T.blind)")
	fn("blind_for(doc text) RETURNS boolean", "LANGUAGE sql STABLE",
		"SELECT EXISTS (SELECT 1 FROM T.blind WHERE document_id IN ('*', doc))")
	// Whether coders other than the caller have codings with the codes ids
	// (comma-separated), blind ones included: a coder with codebook rights
	// may not delete such codes (DeleteCode). Only yes or no, so that the
	// blind phase gives away no count.
	fn("others_code_with(ids text) RETURNS boolean", "LANGUAGE sql STABLE SECURITY DEFINER",
		"SELECT EXISTS (SELECT 1 FROM T.codings WHERE code_id = ANY (pg_catalog.string_to_array(ids, ',')) AND coder_id IS DISTINCT FROM T.my_coder())")
	// log_change adds an entry to the change log as the connected login,
	// trims the log, and notifies the windows listening unless the entry is
	// private (see the top of this file).
	fn("log_change(p_kind text, p_journal bigint, p_label text, p_documents text, p_private text) RETURNS bigint", "LANGUAGE plpgsql VOLATILE SECURITY DEFINER", `
DECLARE
	me text := session_user;
	entry bigint;
BEGIN
	IF p_kind IN ('do', 'undo', 'redo') THEN
		IF NOT EXISTS (SELECT 1 FROM T.journal WHERE seq = p_journal AND author = me) THEN
			RAISE EXCEPTION 'change log: a % entry must refer to a journal entry of %', p_kind, me USING ERRCODE = 'insufficient_privilege';
		END IF;
	ELSIF p_kind = 'documents' THEN
		IF p_journal IS NOT NULL OR NOT pg_catalog.pg_has_role(me, (SELECT value FROM T.project WHERE key = 'editor_role'), 'MEMBER') THEN
			RAISE EXCEPTION 'change log: changing the documents is the editors'' and the lead''s' USING ERRCODE = 'insufficient_privilege';
		END IF;
	ELSIF p_kind = 'reload' THEN
		IF p_journal IS NOT NULL OR NOT (T.is_lead() OR pg_catalog.pg_has_role(me, `+literal(r.owner)+`, 'MEMBER')) THEN
			RAISE EXCEPTION 'change log: only the lead and the administrator make every window read the project again' USING ERRCODE = 'insufficient_privilege';
		END IF;
	ELSE
		RAISE EXCEPTION 'change log: no kind of entry %', p_kind USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p_private IS NOT NULL AND (p_kind NOT IN ('do', 'undo', 'redo') OR p_private IS DISTINCT FROM T.my_coder()) THEN
		RAISE EXCEPTION 'change log: an entry is private only to its own coder' USING ERRCODE = 'insufficient_privilege';
	END IF;
	INSERT INTO T.changelog(kind, journal_seq, label, documents, at, private, author)
	VALUES (p_kind, p_journal, p_label, p_documents,
		pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_private, me)
	RETURNING seq INTO entry;
	DELETE FROM T.changelog WHERE seq <= entry - `+fmt.Sprint(changelogKeep)+`;
	-- A private entry that the blind phase hides from the other coders
	-- wakes no window: the lead's learn of it by polling.
	IF p_private IS NULL OR NOT EXISTS (SELECT 1 FROM T.blind) OR EXISTS (SELECT 1 FROM T.journal j WHERE j.seq = p_journal
		AND j.documents IS NOT NULL AND NOT EXISTS (SELECT 1 FROM T.blind b WHERE b.document_id = '*' OR b.document_id = ANY (j.documents))) THEN
		PERFORM pg_catalog.pg_notify(`+literal(schema)+`, entry::text);
	END IF;
	RETURN entry;
END`)
	// record_action writes the journal entry of the connected login's
	// action, forgets that login's undone entries (and, with p_forget_old,
	// those beyond p_keep older ones or p_bytes of them), and logs it.
	fn(`record_action(p_label text, p_changes bytea, p_size integer, p_private text, p_codings integer, p_documents text[],
	p_forget_old integer, p_keep integer, p_bytes bigint, p_log_label text, p_log_documents text) RETURNS bigint`, "LANGUAGE plpgsql VOLATILE SECURITY DEFINER", `
DECLARE
	me text := session_user;
	entry bigint;
BEGIN
	INSERT INTO T.journal(label, changes, size, at, author, private, codings, documents)
	VALUES (p_label, p_changes, p_size,
		pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), me, p_private, p_codings, p_documents)
	RETURNING seq INTO entry;
	-- Two statements rather than one with an OR, so that the usual one
	-- (undone entries only) is planned on the index journal_undone.
	DELETE FROM T.journal WHERE author = me AND undone = 1;
	IF p_forget_old = 1 THEN
		DELETE FROM T.journal WHERE author = me AND seq <> entry AND (
			seq <= (SELECT seq FROM T.journal WHERE author = me AND undone = 0 AND seq <> entry ORDER BY seq DESC LIMIT 1 OFFSET p_keep)
			OR seq <= (SELECT MAX(seq) FROM (SELECT seq, SUM(octet_length(changes)) OVER (ORDER BY seq DESC) AS newer
				FROM T.journal WHERE author = me AND undone = 0 AND seq <> entry) AS sizes WHERE newer > p_bytes));
	END IF;
	RETURN T.log_change('do', entry, p_log_label, p_log_documents, p_private);
END`)
	coder, editor := ident(r.coder), ident(r.editor)
	fmt.Fprintf(&b, `
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA %[1]s FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA %[1]s REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION %[1]s.is_lead(), %[1]s.my_coder(), %[1]s.blind_any(), %[1]s.blind_for(text),
	%[1]s.log_change(text, bigint, text, text, text),
	%[1]s.record_action(text, bytea, integer, text, integer, text[], integer, integer, bigint, text, text) TO %[2]s;
GRANT EXECUTE ON FUNCTION %[1]s.others_code_with(text) TO %[3]s;
REVOKE INSERT, UPDATE, DELETE ON %[1]s.journal, %[1]s.changelog FROM %[2]s;
GRANT UPDATE (undone) ON %[1]s.journal TO %[2]s;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA %[1]s FROM %[2]s;
ALTER TABLE %[1]s.changelog ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_reads ON %[1]s.changelog FOR SELECT USING (private IS NULL OR author = session_user OR (SELECT %[1]s.is_lead())
	OR NOT (SELECT %[1]s.blind_any()) OR EXISTS (SELECT 1 FROM %[1]s.journal j WHERE j.seq = journal_seq));
INSERT INTO %[1]s.project(key, value) VALUES ('owner_role', %[4]s);
DROP POLICY editor_adds ON %[1]s.project;
DROP POLICY editor_changes ON %[1]s.project;
DROP POLICY editor_removes ON %[1]s.project;
CREATE POLICY editor_adds ON %[1]s.project FOR INSERT WITH CHECK (key NOT IN (%[5]s));
CREATE POLICY editor_changes ON %[1]s.project FOR UPDATE USING (key NOT IN (%[5]s)) WITH CHECK (key NOT IN (%[5]s));
CREATE POLICY editor_removes ON %[1]s.project FOR DELETE USING (key NOT IN (%[5]s));
`, s, coder, editor, literal(r.owner), teamKeysSQL())
	return b.String()
}

// dollarQuoted quotes body as a PostgreSQL dollar-quoted string, with a
// tag that body does not contain.
func dollarQuoted(body string) string {
	tag := "$fn$"
	for i := 0; strings.Contains(body, tag); i++ {
		tag = fmt.Sprintf("$fn%d$", i)
	}
	return tag + body + tag
}

// teamKeysSQL lists teamOnlyKeys as SQL string literals, for the policies
// that keep them from the editors.
func teamKeysSQL() string {
	quoted := make([]string, len(teamOnlyKeys))
	for i, k := range teamOnlyKeys {
		quoted[i] = literal(k)
	}
	return strings.Join(quoted, ", ")
}
