package storage

import (
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"desktop/marginalia/coding"
)

// SchemaObject is one object in a project file's schema: a table, index,
// trigger or view (from sqlite_schema), or a column of a table.
type SchemaObject struct {
	Kind  string // "table", "index", "trigger", "view" or "column"
	Name  string
	Table string // the table an index, trigger or column belongs to
}

// String names the object as a sentence does: `trigger "evil" on codings`.
func (o SchemaObject) String() string {
	switch {
	case o.Kind == "column":
		return fmt.Sprintf("column %q of table %s", o.Name, o.Table)
	case o.Table != "" && o.Table != o.Name:
		return fmt.Sprintf("%s %q on %s", o.Kind, o.Name, o.Table)
	}
	return fmt.Sprintf("%s %q", o.Kind, o.Name)
}

// Drop is the SQL statement that removes the object (for sqlite3).
func (o SchemaObject) Drop() string {
	if o.Kind == "column" {
		return fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s;", quoteName(o.Table), quoteName(o.Name))
	}
	return fmt.Sprintf("DROP %s %s;", strings.ToUpper(o.Kind), quoteName(o.Name))
}

// quoteName quotes an SQL identifier.
func quoteName(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// ForeignSchemaError is Open's error for a project file whose schema holds
// objects this version of Marginalia does not make (a trigger or view
// added by hand, say). Nothing in the file was run or changed.
type ForeignSchemaError struct {
	Path    string
	Objects []SchemaObject
}

func (e *ForeignSchemaError) Error() string {
	names := make([]string, len(e.Objects))
	drops := make([]string, len(e.Objects))
	for i, o := range e.Objects {
		names[i], drops[i] = o.String(), o.Drop()
	}
	return fmt.Sprintf("it holds %s that this version of Marginalia does not make, so it was not opened and nothing in it was run: %s. Someone may have added %s by hand: if you trust the file, remove %s with sqlite3 (%s) or open a backup; marginalia check %s lists %s",
		coding.Plural(len(e.Objects), "object"), strings.Join(names, ", "), them(len(e.Objects), "it"), them(len(e.Objects), "it"),
		strings.Join(drops, " "), e.Path, them(len(e.Objects), "it"))
}

func them(n int, one string) string {
	if n == 1 {
		return one
	}
	return "them"
}

// schemaOf is a schema's objects, sqlite's own (sqlite_sequence,
// sqlite_autoindex_…, sqlite_stat1) left out, and each table's columns.
type schemaOf struct {
	objects map[SchemaObject]bool
	columns map[string][]string // table → its columns, in order
}

// readSchema reads the schema of the main database behind q. It runs
// nothing the schema holds.
func readSchema(q queryer) (schemaOf, error) {
	s := schemaOf{objects: map[SchemaObject]bool{}, columns: map[string][]string{}}
	rows, err := q.Query(`SELECT type, name, tbl_name FROM main.sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return s, fmt.Errorf("its schema cannot be read: %w", err)
	}
	var tables []string
	for rows.Next() {
		var o SchemaObject
		if err := rows.Scan(&o.Kind, &o.Name, &o.Table); err != nil {
			rows.Close()
			return s, fmt.Errorf("its schema cannot be read: %w", err)
		}
		if o.Kind == "table" {
			tables = append(tables, o.Name)
		}
		s.objects[o] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("its schema cannot be read: %w", err)
	}
	for _, t := range tables {
		cols, err := q.Query("SELECT name FROM pragma_table_xinfo(?, 'main')", t)
		if err != nil {
			return s, fmt.Errorf("the columns of table %s cannot be read: %w", t, err)
		}
		for cols.Next() {
			var c string
			if err := cols.Scan(&c); err != nil {
				cols.Close()
				return s, fmt.Errorf("the columns of table %s cannot be read: %w", t, err)
			}
			s.columns[t] = append(s.columns[t], c)
		}
		cols.Close()
		if err := cols.Err(); err != nil {
			return s, fmt.Errorf("the columns of table %s cannot be read: %w", t, err)
		}
	}
	return s, nil
}

// expectedSchemas caches, per schema version, the schema this build's
// migrations make.
var expectedSchemas sync.Map // int → schemaOf

// expectedSchema is the schema a project of the given version has when
// this build (or an earlier one) made it: the migrations up to that
// version, run on an empty database in memory.
func expectedSchema(version int) (schemaOf, error) {
	if s, ok := expectedSchemas.Load(version); ok {
		return s.(schemaOf), nil
	}
	db, err := sql.Open(driverName, ":memory:")
	if err != nil {
		return schemaOf{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for v := 0; v < version && v < len(migrations); v++ {
		if migrations[v].sql == "" {
			continue
		}
		if _, err := db.Exec(migrations[v].sql); err != nil {
			return schemaOf{}, fmt.Errorf("the schema of version %d: %w", v+1, err)
		}
	}
	s, err := readSchema(db)
	if err != nil {
		return s, err
	}
	expectedSchemas.Store(version, s)
	return s, nil
}

// compareSchema reads the schema behind q and returns the objects in it
// that a project of the given version does not have (foreign), and those
// it lacks (missing), each sorted.
func compareSchema(q queryer, version int) (foreign, missing []SchemaObject, err error) {
	want, err := expectedSchema(version)
	if err != nil {
		return nil, nil, err
	}
	got, err := readSchema(q)
	if err != nil {
		return nil, nil, err
	}
	for o := range got.objects {
		if !want.objects[o] {
			foreign = append(foreign, o)
		}
	}
	for o := range want.objects {
		if !got.objects[o] {
			missing = append(missing, o)
		}
	}
	for t, cols := range got.columns {
		if !want.objects[SchemaObject{Kind: "table", Name: t, Table: t}] {
			continue // the whole table is foreign
		}
		for _, c := range cols {
			if !slices.Contains(want.columns[t], c) {
				foreign = append(foreign, SchemaObject{Kind: "column", Name: c, Table: t})
			}
		}
		for _, c := range want.columns[t] {
			if !slices.Contains(cols, c) {
				missing = append(missing, SchemaObject{Kind: "column", Name: c, Table: t})
			}
		}
	}
	sortObjects(foreign)
	sortObjects(missing)
	return foreign, missing, nil
}

// kindOrder lists what is most dangerous first: triggers run, views and
// tables can be read as if they were ours.
var kindOrder = map[string]int{"trigger": 0, "view": 1, "table": 2, "column": 3, "index": 4}

func sortObjects(objects []SchemaObject) {
	sort.Slice(objects, func(i, j int) bool {
		a, b := objects[i], objects[j]
		if kindOrder[a.Kind] != kindOrder[b.Kind] {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		return a.Name < b.Name
	})
}

// refuseForeign returns a *ForeignSchemaError when the schema behind q
// holds objects a project of the given version does not have.
func refuseForeign(q queryer, path string, version int) error {
	foreign, _, err := compareSchema(q, version)
	if err != nil {
		return err
	}
	if len(foreign) > 0 {
		return &ForeignSchemaError{Path: path, Objects: foreign}
	}
	return nil
}

// checkSchema lists, for Check, each object the project's schema holds
// that this version does not make (with the statement that removes it),
// and each one it lacks.
func checkSchema(q queryer, version int, r *CheckReport) error {
	foreign, missing, err := compareSchema(q, version)
	if err != nil {
		return err
	}
	for _, o := range foreign {
		r.problem("%s is not made by this version of Marginalia (added by hand?), so the project will not open: if you trust the file, remove it with: sqlite3 %s %s", upperFirst(o.String()), shellQuote(r.Path), shellQuote(o.Drop()))
	}
	for _, o := range missing {
		r.problem("%s is missing", upperFirst(o.String()))
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
