package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A team project lives in a PostgreSQL database rather than a file: one
// schema per project, named after it, holding the same tables as a project
// file (postgres_schema.go). It is opened with a URL,
//
//	postgres://CODER:PASSWORD@host:5432/db?project=NAME&sslmode=require
//
// and then answers the same API as a file. The SQL the rest of this
// package writes is portable; what differs is kept here:
//
//   - placeholders: the statements use "?", which the connection rewrites
//     to PostgreSQL's "$1, $2, …" (outside quoted strings and identifiers);
//   - booleans are stored as the integers 0 and 1, as in SQLite, so a Go
//     bool argument is sent as an integer;
//   - COLLATE NOCASE names a case-insensitive ICU collation of the schema;
//   - write transactions take a lock of the project first, so that the
//     change log numbers them in commit order, as SQLite's single writer
//     does (see begin);
//   - the journal records who did each action, and Undo and Redo take only
//     the connected coder's own actions (journal.go);
//   - the database, not the client, decides what a coder may read and
//     write (row-level security: see postgres_schema.go).

// IsTeamURL reports whether location names a team project on a PostgreSQL
// server (postgres:// or postgresql://) rather than a project file.
func IsTeamURL(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// Team describes the connection to a team project.
type Team struct {
	Project  string // the project's name (its schema on the server)
	Login    string // the database login connected
	Server   string // host:port/database
	Lead     bool   // the login may do everything (the lead's role)
	Codebook bool   // the login may change the codebook, documents, attributes and sets
	Coder    string // the coder this login codes as ("" for an administrator)
	CoderID  string // that coder's ID
}

// teamURL is a parsed team project URL.
type teamURL struct {
	config  *pgx.ConnConfig
	project string
}

// parseTeamURL reads a postgres:// URL with its project parameter; the
// parameter is taken out of what reaches the server.
func parseTeamURL(raw string) (teamURL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return teamURL{}, fmt.Errorf("%s: not a valid URL: %w", RedactURL(raw), errors.Unwrap(err))
	}
	q := u.Query()
	project := q.Get("project")
	q.Del("project")
	u.RawQuery = q.Encode()
	config, err := pgx.ParseConfig(u.String())
	if err != nil {
		return teamURL{}, fmt.Errorf("%s: %s", RedactURL(raw), redactError(err))
	}
	return teamURL{config: config, project: project}, nil
}

// RedactURL returns a connection URL with its password replaced by
// "xxxxx", for messages and titles: a password is never printed.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if i := strings.Index(raw, "@"); err != nil && i > 0 {
			return "postgres://…" + raw[i:]
		}
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactError is err's message without any password it quotes: pgx's
// messages may include the connection string.
func redactError(err error) string {
	msg := err.Error()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Message
	}
	if i := strings.Index(msg, "postgres://"); i >= 0 {
		end := strings.IndexAny(msg[i:], " \"'")
		if end < 0 {
			end = len(msg) - i
		}
		msg = msg[:i] + RedactURL(msg[i:i+end]) + msg[i+end:]
	}
	return msg
}

// checkProjectName refuses names that cannot be a project's schema.
func checkProjectName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("the URL names no project: add ?project=NAME")
	case len(name) > 63:
		return fmt.Errorf("project name %q is longer than 63 bytes, PostgreSQL's limit for a schema name", name)
	case strings.HasPrefix(name, "pg_"), name == "public", name == "information_schema":
		return fmt.Errorf("project name %q is reserved by PostgreSQL: choose another", name)
	}
	return nil
}

// ident quotes a name for use as an SQL identifier (a schema or role).
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// literal quotes s as an SQL string literal, for the few statements
// (CREATE ROLE … PASSWORD) that take no parameters.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// openTeamDB connects to the server of u with the project's schema first
// on the search path.
func openTeamDB(u teamURL) *sql.DB {
	db := sql.OpenDB(portableConnector{stdlib.GetConnector(*teamConfig(u))})
	db.SetMaxOpenConns(4)
	return db
}

// teamConfig is the connection settings of u, with the project's schema
// first on the search path.
func teamConfig(u teamURL) *pgx.ConnConfig {
	config := u.config.Copy()
	config.RuntimeParams = maps.Clone(config.RuntimeParams)
	if config.RuntimeParams == nil {
		config.RuntimeParams = map[string]string{}
	}
	if u.project != "" {
		// pg_temp last: no temporary table of this session stands in for
		// a project table.
		config.RuntimeParams["search_path"] = ident(u.project) + ", pg_temp"
	}
	config.RuntimeParams["application_name"] = "marginalia"
	return config
}

// openTeam opens the team project named by raw.
func openTeam(raw string) (*Project, error) {
	u, err := parseTeamURL(raw)
	if err != nil {
		return nil, fmt.Errorf("open %w", err)
	}
	where := RedactURL(raw)
	if err := checkProjectName(u.project); err != nil {
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	db := openTeamDB(u)
	p := &Project{db: db, path: where, team: &Team{Project: u.project, Login: u.config.User,
		Server: fmt.Sprintf("%s:%d/%s", u.config.Host, u.config.Port, u.config.Database)}}
	p.listen.config = teamConfig(u)
	p.listen.config.RuntimeParams["application_name"] = "marginalia (listening)"
	if err := p.checkTeam(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	return p, nil
}

// checkTeam checks that the project exists on the server, in a schema
// version this build reads, and learns who is connected.
func (p *Project) checkTeam() error {
	var version sql.NullString
	err := p.db.QueryRow("SELECT value FROM project WHERE key = 'schema_version'").Scan(&version)
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table
			return fmt.Errorf("no project %q on this server (the lead creates it with: marginalia server init URL --project %s --lead NAME)", p.team.Project, p.team.Project)
		}
		return errors.New(redactError(err))
	}
	var v int
	fmt.Sscan(version.String, &v)
	if v > SchemaVersion {
		return newerVersion(v)
	}
	if v < SchemaVersion {
		if err := p.migrateTeam(v); err != nil {
			return err
		}
	}
	var coder, coderID sql.NullString
	err = p.db.QueryRow(`SELECT is_lead(), (SELECT name FROM coders WHERE login = session_user), my_coder(),
pg_has_role(session_user, (SELECT value FROM project WHERE key = 'editor_role'), 'MEMBER')`).Scan(&p.team.Lead, &coder, &coderID, &p.team.Codebook)
	if err != nil {
		return errors.New(redactError(err))
	}
	p.team.Coder, p.team.CoderID = coder.String, coderID.String
	return nil
}

// Team describes the team project p is connected to, or is nil for a
// project file.
func (p *Project) Team() *Team { return p.team }

// begin starts a write transaction. On a team project it first takes the
// project's write lock, held until the transaction ends, so that changes
// commit one at a time and the change log numbers them in commit order.
func (p *Project) begin() (*sql.Tx, error) {
	tx, err := p.db.BeginTx(context.Background(), nil)
	if err != nil || p.team == nil {
		return tx, err
	}
	if err := lockProject(tx); err != nil {
		tx.Rollback()
		return nil, p.teamError(err)
	}
	return tx, nil
}

// lockProjectSQL takes the team project's write lock until the
// transaction ends.
const lockProjectSQL = "SELECT pg_advisory_xact_lock(hashtext(current_schema()))"

// lockProject takes the team project's write lock in tx, until it ends.
func lockProject(tx *sql.Tx) error {
	_, err := tx.Exec(lockProjectSQL)
	return err
}

// teamError turns the server's refusals into sentences a coder can act on.
func (p *Project) teamError(err error) error {
	var pgErr *pgconn.PgError
	if p.team == nil || !errors.As(err, &pgErr) {
		return err
	}
	if pgErr.Code == "40P01" || pgErr.Code == "40001" { // deadlock_detected, serialization_failure
		return fmt.Errorf("this action met another one on the same rows at the same moment on %s, and the server refused it: nothing of it was saved; do it again", p.team.Project)
	}
	if pgErr.Code == "42501" { // insufficient_privilege, including row-level security
		what := "this"
		for _, t := range []struct{ table, what string }{
			{"codings", "changing another coder's codings"}, {"memos", "changing another coder's memos"},
			{"codes", "changing the codebook"}, {"documents", "changing the documents"},
			{"coders", "adding or renaming coders"}, {"blind", "starting or ending the blind phase"},
			{"attributes", "changing attributes"}, {"attribute_values", "changing attribute values"},
			{"sets", "changing document sets"}, {"cases", "changing cases"}, {"project", "changing the project's settings"},
		} {
			if strings.Contains(pgErr.Message, `"`+t.table+`"`) || strings.HasSuffix(pgErr.Message, " "+t.table) {
				what = t.what
				break
			}
		}
		who := "the lead's, or a coder's the lead allowed (marginalia server add-coder --codebook)"
		switch what {
		case "changing another coder's codings", "changing another coder's memos":
			who = "not allowed: each coder changes only their own"
		case "adding or renaming coders", "starting or ending the blind phase":
			who = "the lead's"
		}
		return fmt.Errorf("%w on %s: %s is %s (the server refused: %s)", ErrNotPermitted, p.team.Project, what, who, pgErr.Message)
	}
	if pgErr.Code == "23503" { // foreign_key_violation: what the action refers to went meanwhile
		// The constraint is TABLE_COLUMN_fkey (codings_code_id_fkey); the
		// server does not say which key, as row-level security is on.
		what := strings.TrimSuffix(strings.TrimPrefix(pgErr.ConstraintName, pgErr.TableName+"_"), "_fkey")
		what = strings.TrimSuffix(what, "_id")
		if what == "" {
			what = "row"
		}
		return fmt.Errorf("the %s it refers to is gone from %s: someone deleted or merged it meanwhile; nothing was changed", what, p.team.Project)
	}
	return errors.New(redactError(err))
}

// ErrNotPermitted is wrapped by the errors of writes that the team
// project's server refused to this login.
var ErrNotPermitted = errors.New("not permitted")

// portableConnector makes pgx's database/sql connections accept this
// package's portable SQL (see the top of this file).
type portableConnector struct{ inner driver.Connector }

func (c portableConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &portableConn{conn.(*stdlib.Conn)}, nil
}

func (c portableConnector) Driver() driver.Driver { return c.inner.Driver() }

// portableConn rewrites each statement's placeholders and boolean
// arguments, and passes everything else to pgx.
type portableConn struct{ *stdlib.Conn }

func (c *portableConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *portableConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *portableConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *portableConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// CheckNamedValue sends a bool as the integer SQLite would store.
func (c *portableConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if b {
			nv.Value = int64(1)
		}
	}
	return nil
}

var rebound sync.Map // query → rewritten query

// rebind rewrites the "?" placeholders of query as "$1", "$2", …, leaving
// question marks in string literals, quoted identifiers and comments alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	if r, ok := rebound.Load(query); ok {
		return r.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		switch ch := query[i]; ch {
		case '\'', '"':
			end := strings.IndexByte(query[i+1:], ch)
			if end < 0 {
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case '-':
			if i+1 < len(query) && query[i+1] == '-' {
				end := strings.IndexByte(query[i:], '\n')
				if end < 0 {
					end = len(query) - i
				}
				b.WriteString(query[i : i+end])
				i += end - 1
				continue
			}
			b.WriteByte(ch)
		case '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(ch)
		}
	}
	r := b.String()
	rebound.Store(query, r)
	return r
}

// journalBytesOf is a journal entry as PostgreSQL's bytea column takes it
// (encodeJournal gives short entries as text, which SQLite keeps as such).
func journalBytesOf(stored any) any {
	if s, ok := stored.(string); ok {
		return []byte(s)
	}
	return stored
}
