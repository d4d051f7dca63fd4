package storage

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Push and Pull copy a project between a file and a team project: every
// row of the project as it stands (documents, codebook, coders, codings
// with their UUIDs, memos, attributes, sets, cases), without the history
// of undoable actions.

// dataTables are the tables that hold a project's state, in an order in
// which each row's references come before it. The journal and the change
// log are history, not state, and are not copied.
var dataTables = []string{"project", "documents", "codes", "coders", "codings", "memos",
	"attributes", "attribute_values", "sets", "cases", "code_sets", "consensus_decisions"}

// teamOnlyKeys are project-table keys that describe the server's copy.
var teamOnlyKeys = []string{"schema_version", "lead_role", "editor_role", "coder_role", "owner_role"}

// PushReport counts what Push copied, by table.
type PushReport map[string]int

// Push uploads the project file at path into the team project named by
// url, which must hold no documents, codes or codings yet (InitTeam makes
// one). Coders of the file named as a login of the project (the lead's,
// AddCoder's) become that login's coder. It runs as one transaction: on
// any error the team project stays as it was.
func Push(path, url string) (PushReport, error) {
	src, err := OpenReadOnly(path)
	if err != nil {
		return nil, fmt.Errorf("push %w", err)
	}
	defer src.Close()
	dst, err := Open(url)
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	defer dst.Close()
	if dst.team == nil {
		return nil, fmt.Errorf("push: %s is not a team project URL", url)
	}
	where := dst.path
	var holds int
	if err := dst.db.QueryRow("SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM codes) + (SELECT COUNT(*) FROM codings)").Scan(&holds); err != nil {
		return nil, fmt.Errorf("push to %s: %w", where, dst.teamError(err))
	}
	if holds > 0 {
		return nil, fmt.Errorf("push to %s: the team project already holds documents, codes or codings: push goes into a new, empty project (marginalia server init)", where)
	}
	conn, err := dst.db.Conn(context.Background())
	if err != nil {
		return nil, fmt.Errorf("push to %s: %s", where, redactError(err))
	}
	defer conn.Close()
	report := PushReport{}
	err = conn.Raw(func(driverConn any) error {
		pg := driverConn.(*portableConn).Conn.Conn()
		ctx := context.Background()
		tx, err := pg.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, lockProjectSQL); err != nil {
			return err
		}
		for _, table := range dataTables {
			n, err := pushTable(ctx, src.db, tx, table)
			if err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			report[table] = n
		}
		// Every window connected reads the project again.
		if _, err := tx.Exec(ctx, "SELECT log_change('reload', NULL, 'Push a project', NULL, NULL)"); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("push %s to %s: %w", path, where, dst.teamError(err))
	}
	return report, nil
}

// pushTable copies one table from a project file into the team project's
// transaction with PostgreSQL's COPY. Coders whose name is a login's
// coder's take that row over (keeping the file's ID).
func pushTable(ctx context.Context, src *sql.DB, tx pgx.Tx, table string) (int, error) {
	columns, rows, err := readFileTable(src, table)
	if err != nil {
		return 0, err
	}
	if table == "project" {
		rows = slices.DeleteFunc(rows, func(r []any) bool { return slices.Contains(teamOnlyKeys, fmt.Sprint(r[0])) })
	}
	if table == "coders" {
		var kept [][]any
		for _, r := range rows {
			tag, err := tx.Exec(ctx, "UPDATE coders SET id = $1, name = $2 WHERE name = $2 COLLATE nocase", r[0], r[1])
			if err != nil {
				return 0, err
			}
			if tag.RowsAffected() == 0 {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	return insertRows(ctx, tx, table, columns, rows)
}

// pushBatch is how many rows one INSERT of Push carries.
const pushBatch = 5000

// insertRows inserts rows into a team project's table, many per statement
// (INSERT … SELECT FROM unnest of one array per column). COPY would be
// faster, but PostgreSQL refuses it on tables with row-level security.
func insertRows(ctx context.Context, tx pgx.Tx, table string, columns []string, rows [][]any) (int, error) {
	types := make([]string, len(columns))
	for i, c := range columns {
		if err := tx.QueryRow(ctx, `SELECT format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = to_regclass(quote_ident(current_schema()) || '.' || $1) AND attname = $2`, table, c).Scan(&types[i]); err != nil {
			return 0, fmt.Errorf("column %s: %w", c, err)
		}
	}
	quoted := make([]string, len(columns))
	params := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = `"` + c + `"`
		params[i] = fmt.Sprintf("$%d::%s[]", i+1, types[i])
	}
	query := "INSERT INTO " + table + " (" + strings.Join(quoted, ", ") + ") SELECT * FROM unnest(" + strings.Join(params, ", ") + ")"
	for from := 0; from < len(rows); from += pushBatch {
		batch := rows[from:min(from+pushBatch, len(rows))]
		arrays := make([]any, len(columns))
		for i, t := range types {
			if t == "integer" || t == "bigint" {
				col := make([]*int64, len(batch))
				for j, r := range batch {
					if v, ok := r[i].(int64); ok {
						col[j] = &v
					}
				}
				arrays[i] = col
				continue
			}
			col := make([]*string, len(batch))
			for j, r := range batch {
				if r[i] != nil {
					v := fmt.Sprint(r[i])
					col[j] = &v
				}
			}
			arrays[i] = col
		}
		if _, err := tx.Exec(ctx, query, arrays...); err != nil {
			return from, err
		}
	}
	return len(rows), nil
}

// readFileTable reads every row of a project file's table, text as strings.
func readFileTable(db *sql.DB, table string) ([]string, [][]any, error) {
	rows, err := db.Query("SELECT * FROM " + table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]any
	for rows.Next() {
		values := make([]any, len(columns))
		ptrs := make([]any, len(columns))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		for i, v := range values {
			if b, ok := v.([]byte); ok {
				values[i] = string(b)
			}
		}
		out = append(out, values)
	}
	return columns, out, rows.Err()
}

// Pull writes a snapshot of the team project named by url into a new
// project file at out: what the connected login may read of it. It refuses
// to overwrite a file.
func Pull(url, out string) (PushReport, error) {
	src, err := Open(url)
	if err != nil {
		return nil, fmt.Errorf("pull: %w", err)
	}
	defer src.Close()
	if src.team == nil {
		return nil, fmt.Errorf("pull: %s is not a team project URL", url)
	}
	dst, err := Create(out)
	if err != nil {
		return nil, fmt.Errorf("pull: %w", err)
	}
	report, err := pullInto(src, dst)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		return nil, fmt.Errorf("pull %s into %s: %w", src.path, out, err)
	}
	return report, nil
}

// pullInto copies src's tables into the new project file dst, reading one
// snapshot of the server.
func pullInto(src, dst *Project) (PushReport, error) {
	ctx := context.Background()
	read, err := src.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, src.teamError(err)
	}
	defer read.Rollback()
	write, err := dst.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer write.Rollback()
	if _, err := write.Exec("PRAGMA defer_foreign_keys = ON"); err != nil {
		return nil, err
	}
	report := PushReport{}
	for _, table := range dataTables {
		n, err := pullTable(read, write, table)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", table, src.teamError(err))
		}
		report[table] = n
	}
	return report, write.Commit()
}

// pullTable copies one table, the columns a project file has.
func pullTable(read, write *sql.Tx, table string) (int, error) {
	columns, err := columnsOf(write, table)
	if err != nil {
		return 0, err
	}
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = `"` + c + `"`
	}
	list := strings.Join(quoted, ", ")
	query := "SELECT " + list + " FROM " + table
	if table == "project" {
		query += " WHERE key NOT IN ('" + strings.Join(teamOnlyKeys, "', '") + "')"
	}
	rows, err := read.Query(query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert, err := write.Prepare("INSERT INTO " + table + "(" + list + ") VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")")
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	values := make([]any, len(columns))
	ptrs := make([]any, len(columns))
	for i := range values {
		ptrs[i] = &values[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		if _, err := insert.Exec(values...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// columnsOf lists a table's columns.
func columnsOf(q queryer, table string) ([]string, error) {
	rows, err := q.Query("SELECT * FROM " + table + " LIMIT 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}
