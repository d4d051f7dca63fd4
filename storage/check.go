package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

// CheckReport is what Check found in a project file.
type CheckReport struct {
	Path      string
	Documents int
	Codings   int
	Codes     int
	Coders    int
	// Problems lists each problem found, one sentence each; none when the
	// project is sound.
	Problems []string
}

// OK reports whether the check found no problem.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// Summary is one line: "ok: N documents, N codings, N codes", or how many
// problems were found.
func (r CheckReport) Summary() string {
	if r.OK() {
		return "ok: " + coding.Plural(r.Documents, "document") + ", " + coding.Plural(r.Codings, "coding") + ", " + coding.Plural(r.Codes, "code")
	}
	return r.Path + ": " + coding.Plural(len(r.Problems), "problem")
}

// maxListed is how many problems of one kind a check lists before it
// says how many more there are.
const maxListed = 20

func (r *CheckReport) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Check examines the project file at path without writing to it (it is
// opened read-only): SQLite's integrity and foreign-key checks, every
// coding inside its document's text, every document's text against its
// length and SHA-256, every journal entry and change-log entry readable
// and consistent, and the codes' parents forming a tree. Damage is
// reported in the report's Problems; the error is for a file that cannot
// be examined at all (missing, or not a Marginalia project).
func Check(path string) (CheckReport, error) {
	r := CheckReport{Path: path}
	if IsTeamURL(path) {
		return r, fmt.Errorf("check %s: %w", RedactURL(path), errTeamKeptByServer)
	}
	version, err := inspect(path)
	if errors.Is(err, os.ErrNotExist) {
		return r, fmt.Errorf("check %s: no such file", path)
	} else if err != nil {
		return r, fmt.Errorf("check %s: %w", path, err)
	}
	v := url.Values{}
	v.Set("mode", "ro")
	v.Set("_busy_timeout", "10000")
	// A read-only connection to a file in write-ahead-log mode creates the
	// log beside it. With no log there, no process has the project open
	// (SQLite removes it when the last one closes): read the file as it is,
	// creating nothing.
	if _, err := os.Stat(path + "-wal"); errors.Is(err, os.ErrNotExist) {
		v.Set("immutable", "1")
	}
	db, err := sql.Open(driverName, "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+v.Encode())
	if err != nil {
		return r, fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		r.problem("the file cannot be read: %v", err)
		return r, nil
	}
	defer conn.Close()
	// One read transaction: every part of the check sees the same state.
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		r.problem("the file cannot be read: %v", err)
		return r, nil
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	q := connQueryer{conn}
	checkIntegrity(q, &r)
	if err := checkSchema(q, version, &r); err != nil {
		r.problem("%v", err)
	}
	for _, c := range []struct {
		n     *int
		table string
	}{{&r.Documents, "documents"}, {&r.Codings, "codings"}, {&r.Codes, "codes"}, {&r.Coders, "coders"}} {
		if err := q.QueryRow("SELECT COUNT(*) FROM " + c.table).Scan(c.n); err != nil {
			r.problem("the %s cannot be counted: %v", c.table, err)
		}
	}
	for _, part := range []func(queryer, *CheckReport) error{checkForeignKeys, checkDocuments, checkSpans, checkCodeTree, checkJournal} {
		if err := part(q, &r); err != nil {
			r.problem("%v", err)
		}
	}
	return r, nil
}

// Check examines the project's file (see the function Check).
func (p *Project) Check() (CheckReport, error) {
	if p.team != nil {
		return CheckReport{Path: p.path}, fmt.Errorf("check %s: %w", p.path, errTeamKeptByServer)
	}
	return Check(p.path)
}

// errTeamKeptByServer says why a team project is not checked or backed up
// as a file is.
var errTeamKeptByServer = errors.New("a team project is kept by its PostgreSQL server, which checks its own data; its administrator backs it up (pg_dump), and `marginalia pull URL OUT.qdb` takes a snapshot into a file")

func checkIntegrity(q queryer, r *CheckReport) {
	rows, err := q.Query("PRAGMA integrity_check")
	if err != nil {
		r.problem("SQLite's integrity check cannot run: %v", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			r.problem("SQLite's integrity check: %v", err)
			return
		}
		if line != "ok" {
			r.problem("SQLite's integrity check: %s", line)
		}
	}
	if err := rows.Err(); err != nil {
		r.problem("SQLite's integrity check stopped: %v", err)
	}
}

// listed adds a problem per item up to maxListed, then one for the rest.
type listed struct {
	r    *CheckReport
	n    int
	what string // "codings past their text"
}

func (l *listed) add(format string, args ...any) {
	l.n++
	if l.n <= maxListed {
		l.r.problem(format, args...)
	}
}

func (l *listed) done() {
	if l.n > maxListed {
		l.r.problem("… and %d more %s", l.n-maxListed, l.what)
	}
}

func checkForeignKeys(q queryer, r *CheckReport) error {
	rows, err := q.Query("PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("the foreign-key check cannot run: %w", err)
	}
	defer rows.Close()
	type key struct{ table, parent string }
	counts := map[key]int{}
	var order []key
	for rows.Next() {
		var (
			table, parent string
			rowid         sql.NullInt64
			fkid          int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("the foreign-key check: %w", err)
		}
		k := key{table, parent}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	for _, k := range order {
		row, verb := strings.TrimSuffix(k.table, "s"), "refers"
		if counts[k] != 1 {
			row, verb = k.table, "refer"
		}
		r.problem("%d %s %s to a missing %s", counts[k], row, verb, strings.TrimSuffix(k.parent, "s"))
	}
	return rows.Err()
}

// checkDocuments compares each document's stored text with its length
// and SHA-256.
func checkDocuments(q queryer, r *CheckReport) error {
	rows, err := q.Query("SELECT id, name, text, length, sha256 FROM documents")
	if err != nil {
		return fmt.Errorf("the documents cannot be read: %w", err)
	}
	defer rows.Close()
	l := listed{r: r, what: "documents whose text does not match"}
	for rows.Next() {
		var id, name, text, sum string
		var length int
		if err := rows.Scan(&id, &name, &text, &length, &sum); err != nil {
			return fmt.Errorf("the documents cannot be read: %w", err)
		}
		if !utf8.ValidString(text) {
			l.add("document %q: its text is not valid UTF-8", name)
		} else if n := utf8.RuneCountInString(text); n != length {
			l.add("document %q: its text has %d characters but its length says %d", name, n, length)
		}
		if h := coding.TextHash(text); !strings.EqualFold(h, sum) {
			l.add("document %q: its text no longer matches its SHA-256 (stored %.12s…, text gives %.12s…)", name, sum, h)
		}
	}
	l.done()
	return rows.Err()
}

// checkSpans finds codings that do not lie inside their document's text:
// first, per document, the lowest start and highest end (one pass in the
// table's order), then the codings of the documents at fault.
func checkSpans(q queryer, r *CheckReport) error {
	rows, err := q.Query(`SELECT c.document_id FROM (SELECT document_id, MIN(start) AS lo, MAX("end") AS hi, SUM("end" <= start) AS empty
FROM codings GROUP BY document_id) c JOIN documents d ON d.id = c.document_id WHERE c.lo < 0 OR c.hi > d.length OR c.empty > 0`)
	if err != nil {
		return fmt.Errorf("the codings cannot be read: %w", err)
	}
	var faulty []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("the codings cannot be read: %w", err)
		}
		faulty = append(faulty, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("the codings cannot be read: %w", err)
	}
	l := listed{r: r, what: "codings outside their text"}
	for _, doc := range faulty {
		rows, err := q.Query(`SELECT c.id, d.name, c.start, c."end", d.length FROM codings c JOIN documents d ON d.id = c.document_id
WHERE c.document_id = ? AND (c.start < 0 OR c."end" <= c.start OR c."end" > d.length)`, doc)
		if err != nil {
			return fmt.Errorf("the codings cannot be read: %w", err)
		}
		for rows.Next() {
			var id, name string
			var start, end, length int
			if err := rows.Scan(&id, &name, &start, &end, &length); err != nil {
				rows.Close()
				return fmt.Errorf("the codings cannot be read: %w", err)
			}
			l.add("coding %s: [%d,%d) is not inside document %q (%d characters)", id, start, end, name, length)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	l.done()
	return nil
}

// checkCodeTree finds codes whose parent is missing and cycles of parents.
func checkCodeTree(q queryer, r *CheckReport) error {
	rows, err := q.Query("SELECT id, name, parent_id FROM codes")
	if err != nil {
		return fmt.Errorf("the codes cannot be read: %w", err)
	}
	defer rows.Close()
	parent := map[string]string{}
	name := map[string]string{}
	var ids []string
	for rows.Next() {
		var id, n string
		var p sql.NullString
		if err := rows.Scan(&id, &n, &p); err != nil {
			return fmt.Errorf("the codes cannot be read: %w", err)
		}
		ids = append(ids, id)
		name[id] = n
		if p.Valid {
			parent[id] = p.String
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	l := listed{r: r, what: "codes with a missing parent"}
	for _, id := range ids {
		if p, ok := parent[id]; ok {
			if _, exists := name[p]; !exists {
				l.add("code %q: its parent %s does not exist", name[id], p)
			}
		}
	}
	l.done()
	// A code is in a cycle when following parents from it comes back to it.
	reported := map[string]bool{}
	for _, id := range ids {
		seen := map[string]bool{}
		for c, ok := id, true; ok && !reported[c]; c, ok = parent[c] {
			if seen[c] {
				var cycle []string
				for d := c; ; d = parent[d] {
					reported[d] = true
					cycle = append(cycle, fmt.Sprintf("%q", name[d]))
					if parent[d] == c {
						break
					}
				}
				r.problem("codes are their own ancestors: %s", strings.Join(cycle, " → "))
				break
			}
			seen[c] = true
		}
	}
	return nil
}

// checkJournal reads every journal entry back and checks that the change log
// refers to journal entries that exist or were forgotten (trimmed, or
// undone and then replaced), never to ones not yet made.
func checkJournal(q queryer, r *CheckReport) error {
	rows, err := q.Query("SELECT seq, label, changes FROM journal ORDER BY seq")
	if err != nil {
		return fmt.Errorf("the journal cannot be read: %w", err)
	}
	l := listed{r: r, what: "journal entries that cannot be read"}
	var last int64
	for rows.Next() {
		var seq int64
		var label string
		var encoded []byte
		if err := rows.Scan(&seq, &label, &encoded); err != nil {
			rows.Close()
			return fmt.Errorf("the journal cannot be read: %w", err)
		}
		last = seq
		if err := checkJournalEntry(encoded); err != nil {
			l.add("journal entry %d (%s) cannot be read, so it cannot be undone or redone: %v", seq, label, err)
		}
	}
	rows.Close()
	l.done()
	if err := rows.Err(); err != nil {
		return err
	}
	// The highest journal position ever given (positions are never reused).
	var made sql.NullInt64
	if err := q.QueryRow("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").Scan(&made); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("the journal's counter cannot be read: %w", err)
	}
	if made.Int64 < last {
		made.Int64 = last
	}
	rows, err = q.Query("SELECT seq, kind, journal_seq, documents FROM changelog ORDER BY seq")
	if err != nil {
		return fmt.Errorf("the change log cannot be read: %w", err)
	}
	defer rows.Close()
	cl := listed{r: r, what: "change-log entries that do not make sense"}
	for rows.Next() {
		var seq int64
		var kind string
		var journalSeq sql.NullInt64
		var documents sql.NullString
		if err := rows.Scan(&seq, &kind, &journalSeq, &documents); err != nil {
			return fmt.Errorf("the change log cannot be read: %w", err)
		}
		switch kind {
		case "do", "undo", "redo":
			if !journalSeq.Valid {
				cl.add("change-log entry %d (%s) refers to no journal entry", seq, kind)
			} else if journalSeq.Int64 > made.Int64 {
				cl.add("change-log entry %d (%s) refers to journal entry %d, which was never made (the last is %d)", seq, kind, journalSeq.Int64, made.Int64)
			}
		case "documents":
		default:
			cl.add("change-log entry %d has an unknown kind %q", seq, kind)
		}
		if documents.Valid {
			var docs Rows[coding.Document]
			if err := json.Unmarshal([]byte(documents.String), &docs); err != nil {
				cl.add("change-log entry %d: its documents cannot be read: %v", seq, err)
			}
		}
	}
	cl.done()
	return rows.Err()
}

// fullyDecoded is the size of JSON up to which the check decodes a
// journal entry (or one compressed chunk of it, about 1 MiB) row by row as
// undo and redo would; larger JSON (a bulk import: decoding 200,000
// codings takes seconds) is checked to be whole and well-formed.
const fullyDecoded = 256 << 10

// checkJournalEntry checks that one journal entry can be read back.
func checkJournalEntry(stored []byte) error {
	return journalJSON(stored, func(int) {}, func(_ int, raw []byte) error {
		if len(raw) > fullyDecoded {
			if !json.Valid(raw) {
				return errors.New("it is not whole, well-formed JSON")
			}
			return nil
		}
		var changes []change
		if err := json.Unmarshal(raw, &changes); err != nil {
			return err
		}
		var cs ChangeSet
		return replayChanges(nil, changes, false, &cs)
	})
}
