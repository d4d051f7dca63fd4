package storage

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"

	"desktop/marginalia/coding"
)

// Setting up a team project on a PostgreSQL server: what `marginalia
// server …` does. InitTeam and AddCoder connect with a URL of a role that
// may create schemas and roles (the server's administrator, or whoever IT
// gave CREATEROLE and the database's CREATE privilege); SetBlind is the
// lead's.

// InitTeam creates the team project named by url's project parameter: its
// schema, tables and group roles, and the lead's login (with password)
// and coder. Creating a project that exists is refused.
func InitTeam(url, lead, password string) error {
	return initTeamAt(url, lead, password, SchemaVersion)
}

// initTeamAt is InitTeam with the schema at version (tests make older
// projects with it, to upgrade them).
func initTeamAt(url, lead, password string, version int) error {
	u, where, err := adminTarget(url, "server init", "lead", lead)
	if err != nil {
		return err
	}
	schema := u.project
	u.project = "" // the schema does not exist yet
	db := openTeamDB(u)
	defer db.Close()
	fail := func(err error) error {
		return fmt.Errorf("server init %s: %s", where, redactError(err))
	}
	var exists bool
	if err := db.QueryRow("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", schema).Scan(&exists); err != nil {
		return fail(err)
	}
	if exists {
		return fmt.Errorf("server init %s: a project (schema) named %q exists already on this server", where, schema)
	}
	r := rolesOf(schema)
	tx, err := db.Begin()
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	for _, group := range []string{r.lead, r.editor, r.coder} {
		if err := ensureRole(tx, group, false, ""); err != nil {
			return fail(err)
		}
	}
	steps := []string{
		"CREATE SCHEMA " + ident(schema),
		"SET LOCAL search_path = " + ident(schema),
		teamSchema(schema, r),
	}
	for _, step := range steps {
		if _, err := tx.Exec(step); err != nil {
			return fail(err)
		}
	}
	if err := upgradeTeamTo(tx, schema, r, teamBaseline, version); err != nil {
		return fail(err)
	}
	if err := addLogin(tx, r, lead, password, true); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// AddCoder gives coder a login to the team project named by url (with
// password; an existing login keeps its own) and a coder of that name in
// the project. With codebook, the coder may also change the codebook,
// documents, attributes and sets.
func AddCoder(url, coder, password string, codebook bool) error {
	u, where, err := adminTarget(url, "server add-coder", "coder", coder)
	if err != nil {
		return err
	}
	db := openTeamDB(u)
	defer db.Close()
	fail := func(err error) error {
		return fmt.Errorf("server add-coder %s: %s", where, redactError(err))
	}
	tx, err := db.Begin()
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if err := lockProject(tx); err != nil {
		return fail(err)
	}
	var lead string
	if err := tx.QueryRow("SELECT value FROM project WHERE key = 'lead_role'").Scan(&lead); err != nil {
		return fmt.Errorf("server add-coder %s: no project %q on this server: %s", where, u.project, redactError(err))
	}
	r := rolesOf(u.project)
	if err := addLogin(tx, r, coder, password, false); err != nil {
		return fail(err)
	}
	if codebook {
		if _, err := tx.Exec(fmt.Sprintf("GRANT %s TO %s", ident(r.editor), ident(coder))); err != nil {
			return fail(err)
		}
	}
	// Open windows read the project again, and so learn of the coder.
	if err := logChange(tx, true, &ChangeSet{Label: "Add coder " + coder}, "reload", 0); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// adminTarget reads the URL of a server command (verb) that names a
// project and a person (kind, name), and checks both; where is the URL
// without its password, for messages.
func adminTarget(url, verb, kind, name string) (u teamURL, where string, err error) {
	if u, err = parseTeamURL(url); err != nil {
		return u, "", fmt.Errorf("%s %w", verb, err)
	}
	where = RedactURL(url)
	if err := checkProjectName(u.project); err != nil {
		return u, where, fmt.Errorf("%s %s: %w", verb, where, err)
	}
	if err := coding.ValidateName(kind, name); err != nil {
		return u, where, fmt.Errorf("%s %s: %w", verb, where, err)
	}
	return u, where, nil
}

// addLogin makes name a login (when it is not one yet) in the project's
// coder group (and lead group, for the lead), and the coder of that name
// in the project, tied to the login.
func addLogin(tx *sql.Tx, r teamRoles, name, password string, lead bool) error {
	if err := ensureRole(tx, name, true, password); err != nil {
		return err
	}
	group := r.coder
	if lead {
		group = r.lead
	}
	if _, err := tx.Exec(fmt.Sprintf("GRANT %s TO %s", ident(group), ident(name))); err != nil {
		return err
	}
	// A coder of that name (from a pushed project) keeps its ID.
	res, err := tx.Exec("UPDATE coders SET login = ? WHERE name = ? COLLATE nocase", name, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = tx.Exec("INSERT INTO coders(id, name, login) VALUES (?, ?, ?)", coding.NewID(), name, name)
	return err
}

// ensureRole creates role name unless it exists: a login with password,
// or a group.
func ensureRole(tx *sql.Tx, name string, login bool, password string) error {
	var exists bool
	if err := tx.QueryRow("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	if !login {
		_, err := tx.Exec("CREATE ROLE " + ident(name) + " NOLOGIN")
		return err
	}
	verifier, err := scramVerifier(password)
	if err != nil {
		return err
	}
	// The password travels and is stored only as its SCRAM verifier, so
	// that neither the server's log nor its catalog holds it.
	_, err = tx.Exec("CREATE ROLE " + ident(name) + " LOGIN PASSWORD " + literal(verifier))
	return err
}

// scramVerifier is PostgreSQL's SCRAM-SHA-256 verifier of password
// (RFC 5802, RFC 7677), the form in which CREATE ROLE accepts a password
// already encrypted.
func scramVerifier(password string) (string, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	const iterations = 4096
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, 32)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	stored := sha256.Sum256(mac(salted, "Client Key"))
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(stored[:]), b64(mac(salted, "Server Key"))), nil
}

// NewPassword makes a random password of 20 letters and digits.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// SetBlind starts (on) or ends the blind phase of a team project, for the
// whole project (documents nil) or for the documents of a set: while it
// lasts, the server shows each coder only their own codings there. Only
// the lead may; every window connected reads the project again.
func (p *Project) SetBlind(on bool, set string) error {
	if p.team == nil {
		return errors.New("the blind phase is a team project's: in a project file, use Blind in the window")
	}
	tx, err := p.begin()
	if err != nil {
		return p.teamError(err)
	}
	defer tx.Rollback()
	docs := []string{"*"}
	if set != "" {
		ids, err := p.setMembers(set)
		if err != nil {
			return err
		}
		docs = ids
	}
	label := "End the blind phase"
	if on {
		label = "Start the blind phase"
		for _, d := range docs {
			if _, err := tx.Exec("INSERT INTO blind(document_id) VALUES (?) ON CONFLICT DO NOTHING", d); err != nil {
				return p.teamError(err)
			}
		}
	} else if set == "" {
		_, err = tx.Exec("DELETE FROM blind")
	} else {
		for _, d := range docs {
			if _, err = tx.Exec("DELETE FROM blind WHERE document_id = ?", d); err != nil {
				break
			}
		}
	}
	if err != nil {
		return p.teamError(err)
	}
	if set != "" {
		label += " for " + set
	}
	// Windows must read the project again: what each may see has changed.
	if err := logChange(tx, true, &ChangeSet{Label: label}, "reload", 0); err != nil {
		return p.teamError(err)
	}
	return p.teamError(tx.Commit())
}

// Blind reports whether the team project is in its blind phase, wholly
// (all) or for some documents; always false for a project file.
func (p *Project) Blind() (all bool, documents int, err error) {
	if p.team == nil {
		return false, 0, nil
	}
	err = p.db.QueryRow("SELECT EXISTS (SELECT 1 FROM blind WHERE document_id = '*'), (SELECT COUNT(*) FROM blind WHERE document_id <> '*')").Scan(&all, &documents)
	return all, documents, err
}

// setMembers lists the IDs of the documents in the set named name.
func (p *Project) setMembers(name string) ([]string, error) {
	docs, err := p.SelectDocuments(name, nil)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}
