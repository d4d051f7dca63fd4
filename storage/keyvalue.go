package storage

import "database/sql"

// The project table holds small facts about a project as key/value pairs,
// outside the journal: they describe rows (such as how a reliability
// sample was drawn) and are written in the same transaction as those rows.

// projectValue reads the value of key; ok is false when there is none.
func projectValue(q queryer, key string) (value string, ok bool, err error) {
	err = q.QueryRow("SELECT value FROM project WHERE key = ?", key).Scan(&value)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return value, err == nil, err
}

// setProjectValue sets key to value.
func setProjectValue(q queryer, key, value string) error {
	_, err := q.Exec("INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}
