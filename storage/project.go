package storage

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sync/atomic"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

// applicationID marks a SQLite file as a Marginalia project ("MRGN").
const applicationID = 0x4D52474E

// SchemaVersion is the newest schema this build reads and writes.
const SchemaVersion = 9

// migration brings a project from one schema version to the next: SQL,
// then, when set, Go code in the same transaction.
type migration struct {
	sql  string
	then func(*sql.Tx) error
	// readable is true when this build reads a file of the version before
	// the step as well as one after it, so a read-only file need not be
	// upgraded.
	readable bool
}

// migrations[i] brings a project from schema version i to i+1.
var migrations = []migration{
	0: {sql: `
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	text TEXT NOT NULL,
	length INTEGER NOT NULL,
	sha256 TEXT NOT NULL UNIQUE,
	memo TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL
);
CREATE TABLE codes (
	id TEXT PRIMARY KEY,
	parent_id TEXT REFERENCES codes(id),
	name TEXT NOT NULL,
	color TEXT NOT NULL,
	codable INTEGER NOT NULL DEFAULT 1,
	definition TEXT NOT NULL DEFAULT '',
	when_to_use TEXT NOT NULL DEFAULT '',
	when_not_to_use TEXT NOT NULL DEFAULT '',
	example TEXT NOT NULL DEFAULT '',
	memo TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX codes_parent ON codes(parent_id);
CREATE TABLE coders (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- Codings are stored in document order (WITHOUT ROWID, keyed by what makes
-- a coding the same coding: one coder's coding of a range with a code), so
-- that a document's codings sit together on disk.
CREATE TABLE codings (
	id TEXT NOT NULL UNIQUE,
	document_id TEXT NOT NULL REFERENCES documents(id),
	code_id TEXT NOT NULL REFERENCES codes(id),
	coder_id TEXT NOT NULL REFERENCES coders(id),
	start INTEGER NOT NULL,
	"end" INTEGER NOT NULL,
	memo TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL,
	CHECK (start >= 0 AND "end" > start),
	PRIMARY KEY (document_id, start, "end", code_id, coder_id)
) WITHOUT ROWID;
CREATE INDEX codings_code ON codings(code_id);
CREATE TABLE memos (
	id TEXT PRIMARY KEY,
	target TEXT NOT NULL,
	target_id TEXT NOT NULL,
	coder_id TEXT REFERENCES coders(id),
	text TEXT NOT NULL,
	updated TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target, target_id);
CREATE TABLE journal (
	seq INTEGER PRIMARY KEY,
	label TEXT NOT NULL,
	changes TEXT NOT NULL,
	size INTEGER NOT NULL,
	undone INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL
);
`},
	// Version 2: codes keep their number key; the change log lists every
	// committed change in order, so that an open window can apply what
	// another process did (see changes.go).
	// The journal's positions are never reused (AUTOINCREMENT), since the
	// change log refers to them.
	1: {sql: `
ALTER TABLE codes ADD COLUMN key INTEGER NOT NULL DEFAULT 0;
CREATE TABLE journal_v2 (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	label TEXT NOT NULL,
	changes TEXT NOT NULL,
	size INTEGER NOT NULL,
	undone INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL
);
INSERT INTO journal_v2(seq, label, changes, size, undone, at) SELECT seq, label, changes, size, undone, at FROM journal;
DROP TABLE journal;
ALTER TABLE journal_v2 RENAME TO journal;
CREATE TABLE changelog (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	kind TEXT NOT NULL,
	journal_seq INTEGER,
	label TEXT NOT NULL DEFAULT '',
	documents TEXT,
	at TEXT NOT NULL
);
`, then: assignFirstKeys},
	// Version 3: two documents may have the same text (two sources of a
	// REFI-QDA file with different GUIDs stay two documents), so the
	// SHA-256 of the text is indexed, no longer unique. SQLite cannot drop
	// a constraint: the table is rebuilt, with foreign keys deferred to the
	// end of the transaction (by then every document is back).
	2: {readable: true, sql: `
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE documents_v2 AS SELECT id, name, text, length, sha256, memo, created FROM documents;
DROP TABLE documents;
CREATE TABLE documents (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	text TEXT NOT NULL,
	length INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	memo TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL
);
INSERT INTO documents(id, name, text, length, sha256, memo, created) SELECT id, name, text, length, sha256, memo, created FROM documents_v2;
DROP TABLE temp.documents_v2;
CREATE INDEX documents_sha256 ON documents(sha256);
`},
	// Version 4: large journal entries are stored compressed (see
	// journalcodec.go). The tables do not change: the version tells an
	// older Marginalia, which could not read those entries, to leave the
	// file alone, and this one that it may read a version 3 file without
	// upgrading it (read-only projects).
	3: {readable: true},
	// Version 5: documents have attribute values, and documents gather in
	// sets: static ones (a list of document IDs, as JSON) and saved filters
	// (a condition on attributes). See attributes.go.
	4: {sql: `
CREATE TABLE attributes (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	type TEXT NOT NULL,
	choices TEXT NOT NULL DEFAULT '[]',
	position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE attribute_values (
	id TEXT PRIMARY KEY,
	document_id TEXT NOT NULL REFERENCES documents(id),
	attribute_id TEXT NOT NULL REFERENCES attributes(id),
	value TEXT NOT NULL,
	UNIQUE (attribute_id, document_id)
);
CREATE INDEX attribute_values_document ON attribute_values(document_id);
CREATE TABLE sets (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	documents TEXT NOT NULL DEFAULT '[]',
	condition TEXT NOT NULL DEFAULT ''
);
`},
	// Version 6: cases, named units of analysis that gather documents (a
	// list of document IDs, as JSON) and have their own attribute values
	// (attribute ID → value, as JSON). See cases.go.
	5: {sql: `
CREATE TABLE cases (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	documents TEXT NOT NULL DEFAULT '[]',
	attribute_values TEXT NOT NULL DEFAULT '{}'
);
`},
	// Version 7: code groups (REFI-QDA <Sets> of codes): a name, a
	// description and a list of code IDs, as JSON. See codesets.go.
	6: {sql: `
CREATE TABLE code_sets (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	description TEXT NOT NULL DEFAULT '',
	codes TEXT NOT NULL DEFAULT '[]'
);
`},
	// Version 8: the decisions that resolved disagreements into a consensus
	// coder, "neither" included (coding.Decision; see consensus.go).
	7: {sql: `
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
`},
	// Version 9: the passages a case gathers besides whole documents (a
	// list of coding IDs, as JSON; REFI-QDA's SelectionRef). See cases.go.
	8: {sql: `
ALTER TABLE cases ADD COLUMN passages TEXT NOT NULL DEFAULT '[]';
`},
}

// ErrNotProject is returned by Open for a file that is not a Marginalia project.
var ErrNotProject = errors.New("not a Marginalia project")

// ErrNewerVersion is returned by Open for a project written by a newer Marginalia.
var ErrNewerVersion = errors.New("written by a newer version of Marginalia")

// newerVersion is the error for a project at a schema version newer than
// this build reads.
func newerVersion(version int) error {
	return fmt.Errorf("%w (schema %d; this version reads up to %d): update Marginalia to open it", ErrNewerVersion, version, SchemaVersion)
}

// Project is an open project file. It is safe for concurrent use.
type Project struct {
	db       *sql.DB
	path     string
	listener listener
	location Location
	readOnly string       // why the project is read-only, or ""
	lock     *projectLock // held in a shared folder
	team     *Team        // a team project on a PostgreSQL server (postgres.go), or nil
	listen   listening    // WaitChange's connection to a team project (listen.go)
	// teamActions counts the actions recorded on a team project (recordTeam).
	teamActions atomic.Int64
	author      atomic.Pointer[string] // who acts, on a project file (journal_author.go)
}

// Path is the project file's path; for a team project, its URL without
// the password.
func (p *Project) Path() string { return p.path }

// Location says whether the project is in a network or synced folder, and
// so opened in the safe mode (see location.go).
func (p *Project) Location() Location { return p.location }

// Close closes the project file (and removes its lock file, in a shared
// folder).
func (p *Project) Close() error {
	if p.team != nil {
		p.closeListener()
	}
	err := p.db.Close()
	if lerr := p.lock.release(); err == nil {
		err = lerr
	}
	return err
}

// dsn is the SQLite data source for the project at path, opened with mode
// (rw, rwc or ro); shared selects the safe mode for network and synced
// folders.
func dsn(path string, mode string, shared bool) string {
	v := url.Values{}
	v.Set("mode", mode)
	v.Set("_foreign_keys", "on")
	v.Set("_busy_timeout", "10000")
	v.Set("_txlock", "immediate")
	switch {
	case mode == "ro":
	case shared:
		v.Set("_journal_mode", "DELETE")
		v.Set("_locking_mode", "EXCLUSIVE")
		v.Set("_synchronous", "FULL")
		v.Set("_cache_size", "-65536")
	default:
		v.Set("_journal_mode", "WAL")
		v.Set("_synchronous", "NORMAL")
		v.Set("_cache_size", "-65536") // KiB: big imports touch every index
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
}

// Create makes a new, empty project file at path. It refuses to overwrite
// an existing file.
func Create(path string) (*Project, error) {
	if IsTeamURL(path) {
		return nil, fmt.Errorf("create %s: a team project is created on its server with: marginalia server init URL --project NAME --lead NAME", RedactURL(path))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("create %s: the file already exists", path)
		}
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	f.Close()
	p, err := openDB(path, "rw", locate(path))
	if err == nil {
		err = p.migrate(0)
	}
	if err == nil {
		err = p.ensureJournalAuthor()
	}
	if err != nil {
		if p != nil {
			p.Close()
		}
		os.Remove(path)
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return p, nil
}

// Open opens an existing project file. A file that is not a project, or was
// written by a newer Marginalia, is refused and left untouched.
//
// A file this user may not change (read-only media, no write permission on
// the file or on its folder) opens read-only: ReadOnly reports it, and
// every write returns an error wrapping ErrReadOnly ("FILE is read-only:
// …"). A file in a network or synced folder opens in the safe mode
// described in location.go (Location says so); when another process has it
// open, Open returns an *InUseError ("FILE is in use by HOST since TIME").
//
// A postgres:// URL opens a team project on a PostgreSQL server instead
// (see postgres.go).
func Open(path string) (*Project, error) {
	if IsTeamURL(path) {
		return openTeam(path)
	}
	version, err := inspect(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open %s: no such file", path)
	} else if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if reason := readOnlyReason(path); reason != "" {
		return openReadOnly(path, version, reason)
	}
	p, err := openDB(path, "rw", locate(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := p.migrate(version); err != nil {
		p.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := p.ensureJournalAuthor(); err != nil {
		p.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return p, nil
}

// openReadOnly opens a project that cannot be written, when this build
// can read its schema without upgrading it.
func openReadOnly(path string, version int, reason string) (*Project, error) {
	for v := version; v < SchemaVersion; v++ {
		if !migrations[v].readable {
			return nil, fmt.Errorf("open %s: %w", path, &ReadOnlyError{Path: path,
				Reason: reason + ", and it was written by an older Marginalia: copy it to a folder where you may change it, so that it can be upgraded"})
		}
	}
	try := func(source string) (*sql.DB, error) {
		db, err := sql.Open("sqlite3", source)
		if err != nil {
			return nil, err
		}
		if err = db.QueryRow("SELECT COUNT(*) FROM sqlite_schema").Scan(new(int)); err != nil {
			db.Close()
			return nil, err
		}
		return db, nil
	}
	db, err := try(dsn(path, "ro", false))
	if err != nil {
		// A WAL file needs its -shm index, which a folder this user may
		// not write in cannot hold: read such a file as immutable.
		var err2 error
		if db, err2 = try(dsn(path, "ro", false) + "&immutable=1"); err2 == nil {
			err = nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open %s (read-only: %s): %w", path, reason, err)
	}
	db.SetMaxOpenConns(4)
	return &Project{db: db, path: path, readOnly: reason}, nil
}

// inspect checks, without writing anything, that path is a Marginalia
// project this build can read, and returns its schema version. It reads
// the SQLite header itself; only when a write-ahead log holds changes that
// may not have reached the header does it ask SQLite, read-only.
func inspect(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	header := make([]byte, 100)
	_, err = io.ReadFull(f, header)
	f.Close()
	if err != nil || !bytes.Equal(header[:16], []byte("SQLite format 3\x00")) {
		return 0, ErrNotProject
	}
	version := int(binary.BigEndian.Uint32(header[60:64]))
	appID := int(binary.BigEndian.Uint32(header[68:72]))
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		if appID, version, err = pragmasOf(path); err != nil {
			return 0, fmt.Errorf("%w (%v)", ErrNotProject, err)
		}
	}
	if appID != applicationID {
		return 0, ErrNotProject
	}
	if version > SchemaVersion {
		return 0, newerVersion(version)
	}
	return version, nil
}

// pragmasOf reads the application ID and schema version through SQLite,
// read-only, for a file whose write-ahead log exists already.
func pragmasOf(path string) (appID, version int, err error) {
	db, err := sql.Open("sqlite3", dsn(path, "ro", false))
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return 0, 0, err
	}
	err = db.QueryRow("PRAGMA user_version").Scan(&version)
	return appID, version, err
}

// openDB opens the project file at path for writing, in the mode its
// location needs; in a shared folder it takes the lock file first.
func openDB(path, mode string, loc Location) (*Project, error) {
	var lock *projectLock
	if loc.IsShared() {
		var err error
		if lock, err = acquireLock(path); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open("sqlite3", dsn(path, mode, loc.IsShared()))
	if err != nil {
		lock.release()
		return nil, err
	}
	db.SetMaxOpenConns(4)
	if loc.IsShared() {
		// In exclusive locking mode the connection that first writes
		// keeps the file to itself until closed: one connection serves all.
		db.SetMaxOpenConns(1)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		lock.release()
		return nil, err
	}
	return &Project{db: db, path: path, location: loc, lock: lock}, nil
}

// migrate brings the schema from version to SchemaVersion, each step in
// its own transaction.
func (p *Project) migrate(version int) error {
	for v := version; v < SchemaVersion; v++ {
		tx, err := p.begin()
		if err != nil {
			return err
		}
		if migrations[v].sql != "" {
			_, err = tx.Exec(migrations[v].sql)
		}
		if err == nil && migrations[v].then != nil {
			err = migrations[v].then(tx)
		}
		if err == nil {
			_, err = tx.Exec(fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, v+1))
		}
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		if err != nil {
			return fmt.Errorf("upgrade schema %d to %d: %w", v, v+1, err)
		}
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and returns its verdict ("ok" when sound).
func (p *Project) IntegrityCheck() (string, error) {
	if p.team != nil {
		return "ok", p.db.Ping() // the server keeps its own files sound
	}
	var verdict string
	err := p.db.QueryRow("PRAGMA integrity_check").Scan(&verdict)
	return verdict, err
}
