package storage

import (
	"database/sql"
	"strings"
	"time"

	"desktop/marginalia/coding"
)

// The row helpers below read and write one table each. They take a
// queryer so that they work both inside an action's transaction and on
// the database directly.

type queryer interface {
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
}

const timeLayout = time.RFC3339Nano

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// collect runs a query and scans every row it returns with scan.
func collect[T any](q queryer, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func nullable(id string) any {
	if id == "" {
		return nil
	}
	return id
}

func upsertCode(q queryer, c coding.Code) error {
	_, err := q.Exec(`INSERT INTO codes(id, parent_id, name, color, codable, definition, when_to_use, when_not_to_use, example, memo, position, key)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, color = excluded.color,
codable = excluded.codable, definition = excluded.definition, when_to_use = excluded.when_to_use,
when_not_to_use = excluded.when_not_to_use, example = excluded.example, memo = excluded.memo, position = excluded.position,
key = excluded.key`,
		c.ID, nullable(c.ParentID), c.Name, c.Color, c.Codable, c.Description.Definition, c.Description.WhenToUse,
		c.Description.WhenNotToUse, c.Description.Example, c.Memo, c.Position, c.Key)
	return err
}

const codeColumns = `id, COALESCE(parent_id, ''), name, color, codable, definition, when_to_use, when_not_to_use, example, memo, position, key`

func scanCode(r scanner) (coding.Code, error) {
	var c coding.Code
	err := r.Scan(&c.ID, &c.ParentID, &c.Name, &c.Color, &c.Codable, &c.Description.Definition, &c.Description.WhenToUse,
		&c.Description.WhenNotToUse, &c.Description.Example, &c.Memo, &c.Position, &c.Key)
	return c, err
}

func loadCodes(q queryer) ([]coding.Code, error) {
	return collect(q, scanCode, "SELECT "+codeColumns+" FROM codes")
}

func upsertCoder(q queryer, c coding.Coder) error {
	_, err := q.Exec(`INSERT INTO coders(id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name`, c.ID, c.Name)
	return err
}

func scanCoder(r scanner) (coding.Coder, error) {
	var c coding.Coder
	err := r.Scan(&c.ID, &c.Name)
	return c, err
}

// coderNamed finds a coder by name, ignoring case and surrounding space.
func coderNamed(q queryer, name string) (coding.Coder, error) {
	return scanCoder(q.QueryRow("SELECT id, name FROM coders WHERE name = ? COLLATE NOCASE", strings.TrimSpace(name)))
}

func loadCoders(q queryer) ([]coding.Coder, error) {
	return collect(q, scanCoder, "SELECT id, name FROM coders ORDER BY name COLLATE NOCASE")
}

func upsertCoding(q queryer, c coding.Coding) error {
	_, err := q.Exec(`INSERT INTO codings(id, document_id, code_id, coder_id, start, "end", memo, created)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id, code_id = excluded.code_id, coder_id = excluded.coder_id,
start = excluded.start, "end" = excluded."end", memo = excluded.memo, created = excluded.created`,
		c.ID, c.DocumentID, c.CodeID, c.CoderID, c.Start, c.End, c.Memo, formatTime(c.Created))
	return err
}

const codingColumns = `id, document_id, code_id, coder_id, start, "end", memo, created`

func scanCoding(r scanner) (coding.Coding, error) {
	var (
		c       coding.Coding
		created string
	)
	err := r.Scan(&c.ID, &c.DocumentID, &c.CodeID, &c.CoderID, &c.Start, &c.End, &c.Memo, &created)
	c.Created = parseTime(created)
	return c, err
}

const memoColumns = `id, target, target_id, COALESCE(coder_id, ''), text, updated`

func scanMemo(r scanner) (coding.Memo, error) {
	var (
		m       coding.Memo
		updated string
	)
	err := r.Scan(&m.ID, &m.Target, &m.TargetID, &m.CoderID, &m.Text, &updated)
	m.Updated = parseTime(updated)
	return m, err
}

func upsertMemo(q queryer, m coding.Memo) error {
	_, err := q.Exec(`INSERT INTO memos(id, target, target_id, coder_id, text, updated) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET target = excluded.target, target_id = excluded.target_id, coder_id = excluded.coder_id,
text = excluded.text, updated = excluded.updated`, m.ID, string(m.Target), m.TargetID, nullable(m.CoderID), m.Text, formatTime(m.Updated))
	return err
}
