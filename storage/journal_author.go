package storage

// Who made each action on a project file, so that Undo takes the user's
// own: a team project's journal records its login (postgres_schema.go);
// a file's journal records the name ActAs gave, or else the coder whose
// codings the action changed.

import (
	"database/sql"
	"errors"
	"fmt"

	"desktop/marginalia/coding"
)

// JournalEntry is one action of the journal: its position, its label and
// who made it ("" when no one said: an older Marginalia, or a program that
// named no coder).
type JournalEntry struct {
	Seq           int64
	Label, Author string
}

// journalAuthor is who made the action a is recording on a project file.
func (a *action) journalAuthor() (string, error) {
	if name := a.p.Author(); name != "" {
		return name, nil
	}
	coders := map[string]bool{}
	eachRow(a.set.Codings, func(c coding.Coding) { coders[c.CoderID] = true })
	if len(coders) != 1 {
		return "", nil
	}
	for id := range coders {
		name := ""
		eachRow(a.set.Coders, func(c coding.Coder) { // a coder the action made or removed
			if c.ID == id {
				name = c.Name
			}
		})
		if name != "" {
			return name, nil
		}
		err := a.tx.QueryRow("SELECT name FROM coders WHERE id = ?", id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return name, err
	}
	return "", nil
}

// LastAction is the newest action not undone, whoever made it; ok is
// false when there is none (or, on a read-only file of an older version,
// when its journal does not say).
func (p *Project) LastAction() (e JournalEntry, ok bool) {
	var author sql.NullString
	err := p.db.QueryRow("SELECT seq, label, author FROM journal WHERE undone = 0"+p.teamJournal()+" ORDER BY seq DESC LIMIT 1").Scan(&e.Seq, &e.Label, &author)
	e.Author = author.String
	return e, err == nil
}

// UndoEntry undoes the action at position seq of the journal (one that
// LastAction returned, whoever made it), if it is not undone yet.
func (p *Project) UndoEntry(seq int64) (string, error) {
	return p.replay(fmt.Sprintf("SELECT seq, label, changes FROM journal WHERE undone = 0 AND seq = %d", seq)+p.teamJournal(), true)
}
