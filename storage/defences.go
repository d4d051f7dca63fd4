package storage

/*
typedef struct sqlite3 sqlite3;
extern int sqlite3_db_config(sqlite3*, int op, ...);

// marginaliaDBConfig sets one on/off option of sqlite3_db_config (which
// cgo cannot call itself, being variadic) and returns the option's value
// afterwards, or -1 when SQLite refused.
static int marginaliaDBConfig(void *db, int op, int value) {
	int now = -1;
	if (sqlite3_db_config((sqlite3*)db, op, value, &now) != 0) return -1;
	return now;
}
*/
import "C"

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// A project file is passed between colleagues like any other file, so what
// its schema says is untrusted input: a trigger added by hand would run
// inside every action, a view or a generated column could call functions.
// Every project file is therefore opened through the driver registered
// here, with SQLite's defences on:
//
//   - defensive mode (SQLITE_DBCONFIG_DEFENSIVE): no writable_schema, no
//     writes to shadow tables or sqlite_dbpage, nothing ordinary SQL could
//     use to corrupt the file;
//   - trusted_schema off: functions with side effects and virtual tables
//     named in the schema (views, triggers, CHECK constraints, defaults,
//     generated columns, index expressions) are refused;
//   - no extension loading (SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION off, so
//     the SQL function load_extension() is not authorized);
//
// and Open refuses a file whose schema holds objects this version does not
// make (schema.go) before anything in it is run.

// driverName is the database/sql driver of project files.
const driverName = "marginalia-sqlite3"

// SQLite's sqlite3_db_config verbs (sqlite3.h).
const (
	dbConfigEnableLoadExtension = 1005
	dbConfigDefensive           = 1010
)

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: defend})
}

// defend turns on SQLite's defences on a new connection.
func defend(conn *sqlite3.SQLiteConn) error {
	handle, err := sqliteHandle(conn)
	if err != nil {
		return err
	}
	if C.marginaliaDBConfig(handle, dbConfigDefensive, 1) != 1 {
		return errors.New("SQLite refused to turn on its defensive mode")
	}
	if C.marginaliaDBConfig(handle, dbConfigEnableLoadExtension, 0) != 0 {
		return errors.New("SQLite refused to turn off extension loading")
	}
	if _, err := conn.Exec("PRAGMA trusted_schema = OFF", nil); err != nil {
		return fmt.Errorf("turn off trusted_schema: %w", err)
	}
	return nil
}

// sqliteHandle is the connection's sqlite3* handle, which the driver keeps
// in an unexported field (it offers no call for sqlite3_db_config).
func sqliteHandle(conn *sqlite3.SQLiteConn) (unsafe.Pointer, error) {
	f := reflect.ValueOf(conn).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil, errors.New("the SQLite driver does not show its connection handle, so its defences cannot be turned on (has github.com/mattn/go-sqlite3 changed?)")
	}
	return f.UnsafePointer(), nil
}
