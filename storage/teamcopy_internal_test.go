package storage

import (
	"path/filepath"
	"slices"
	"testing"
)

// A migration that adds a table to project files must also give it to
// team projects (teamMigrations) and to push and pull (dataTables).
func TestTeamSchemaFollowsTheFileSchema(t *testing.T) {
	p, err := Create(filepath.Join(t.TempDir(), "p.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tables, err := collect(p.db, func(r scanner) (string, error) {
		var name string
		return name, r.Scan(&name)
	}, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	history := []string{"journal", "changelog", "sqlite_sequence"}
	for _, table := range tables {
		if !slices.Contains(dataTables, table) && !slices.Contains(history, table) {
			t.Errorf("table %s of a project file is neither copied by push and pull (dataTables) nor history", table)
		}
	}
	for v := teamBaseline; v < SchemaVersion; v++ {
		if teamMigrations[v] == nil {
			t.Errorf("schema %d → %d has no PostgreSQL counterpart in teamMigrations", v, v+1)
		}
	}
}

func TestRebindLeavesQuotedQuestionMarks(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT ? , ?":                               "SELECT $1 , $2",
		"SELECT '?', \"a?\", ? -- why?\n, ?":         "SELECT '?', \"a?\", $1 -- why?\n, $2",
		"INSERT INTO t VALUES ('it''s ?', ?)":        "INSERT INTO t VALUES ('it''s ?', $1)",
		"SELECT 1":                                   "SELECT 1",
		`UPDATE codings SET "end" = ? WHERE id = ?`:  `UPDATE codings SET "end" = $1 WHERE id = $2`,
		"SELECT x FROM t WHERE a = ? AND b IN (?,?)": "SELECT x FROM t WHERE a = $1 AND b IN ($2,$3)",
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
