package storage

import (
	"database/sql"
	"time"

	"marginalia/coding"
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

func nullable(id string) any {
	if id == "" {
		return nil
	}
	return id
}

func upsertCode(q queryer, c coding.Code) error {
	_, err := q.Exec(`INSERT INTO codes(id, parent_id, name, color, codable, definition, when_to_use, when_not_to_use, example, memo, position)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, color = excluded.color,
codable = excluded.codable, definition = excluded.definition, when_to_use = excluded.when_to_use,
when_not_to_use = excluded.when_not_to_use, example = excluded.example, memo = excluded.memo, position = excluded.position`,
		c.ID, nullable(c.ParentID), c.Name, c.Color, c.Codable, c.Description.Definition, c.Description.WhenToUse,
		c.Description.WhenNotToUse, c.Description.Example, c.Memo, c.Position)
	return err
}

const codeColumns = `id, COALESCE(parent_id, ''), name, color, codable, definition, when_to_use, when_not_to_use, example, memo, position`

func scanCode(r interface{ Scan(...any) error }) (coding.Code, error) {
	var c coding.Code
	err := r.Scan(&c.ID, &c.ParentID, &c.Name, &c.Color, &c.Codable, &c.Description.Definition, &c.Description.WhenToUse,
		&c.Description.WhenNotToUse, &c.Description.Example, &c.Memo, &c.Position)
	return c, err
}

func loadCodes(q queryer) ([]coding.Code, error) {
	rows, err := q.Query("SELECT " + codeColumns + " FROM codes")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var codes []coding.Code
	for rows.Next() {
		c, err := scanCode(rows)
		if err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

func upsertCoder(q queryer, c coding.Coder) error {
	_, err := q.Exec(`INSERT INTO coders(id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name`, c.ID, c.Name)
	return err
}

func loadCoders(q queryer) ([]coding.Coder, error) {
	rows, err := q.Query("SELECT id, name FROM coders ORDER BY name COLLATE NOCASE")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var coders []coding.Coder
	for rows.Next() {
		var c coding.Coder
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, err
		}
		coders = append(coders, c)
	}
	return coders, rows.Err()
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

func scanCodings(rows *sql.Rows, err error) ([]coding.Coding, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coding.Coding
	for rows.Next() {
		var (
			c       coding.Coding
			created string
		)
		if err := rows.Scan(&c.ID, &c.DocumentID, &c.CodeID, &c.CoderID, &c.Start, &c.End, &c.Memo, &created); err != nil {
			return nil, err
		}
		c.Created = parseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

func upsertMemo(q queryer, m coding.Memo) error {
	_, err := q.Exec(`INSERT INTO memos(id, target, target_id, coder_id, text, updated) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET target = excluded.target, target_id = excluded.target_id, coder_id = excluded.coder_id,
text = excluded.text, updated = excluded.updated`, m.ID, string(m.Target), m.TargetID, nullable(m.CoderID), m.Text, formatTime(m.Updated))
	return err
}
