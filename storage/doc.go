// Package storage keeps a Marginalia project in one SQLite file, or as a
// team project on a PostgreSQL server, and turns the domain of package
// coding into bytes and back.
//
// A project file (extension .qdb) holds the documents with their stored
// text, the codebook, the coders, their codings and memos, and an action
// journal. Every user action is one transaction (WAL mode on a local disk,
// a rollback journal with exclusive locking in a network or synced folder
// (location.go), foreign keys on, a busy timeout), so killing the process
// loses at most the action in flight. A project that cannot be written
// opens read-only (readonly.go). Every change to codes, coders, codings and memos goes through
// Project.do, which records the rows before and after in the journal; Undo
// and Redo replay that journal, so they survive a restart.
//
// The API speaks in domain terms (AddCoding, CodingsOf) and keeps SQL
// inside this package: Open takes a file's path or a postgres:// URL, and
// the same calls, journal and change sets work on both (postgres.go says
// what differs, and how the server enforces who may read and write what).
// Sub-packages turn outside formats into domain
// values: textimport (documents), refi (REFI-QDA .qdc/.qdpx) and xlsx
// (the agreement workbook).
package storage
