package storage

// Who made each action on a project file, so that Undo takes the user's
// own: a team project's journal records its login (postgres_schema.go);
// a file's journal records the name SetAuthor gave, or else the coder
// whose codings the action changed.

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// JournalEntry is one action of the journal: its position, its label and
// who made it ("" when no one said: an older Marginalia, or a program that
// named no coder).
type JournalEntry struct {
	Seq           int64
	Label, Author string
}

// SetAuthor names who acts through this Project on a project file (the
// window's coder, the command line's --coder): each action's journal
// entry records the name, and UndoLastOf and RedoLastOf take only that
// author's actions. Until it is set, an action that changes one coder's
// codings is recorded as that coder's. A team project's author is always
// its login; SetAuthor does not change it.
func (p *Project) SetAuthor(name string) { p.author.Store(&name) }

// journalAuthor is who made the action a is recording on a project file.
func (a *action) journalAuthor() (string, error) {
	if name := a.p.author.Load(); name != nil && *name != "" {
		return *name, nil
	}
	coders := map[string]bool{}
	r := a.set.Codings
	for _, c := range append(r.Added, r.Removed...) {
		coders[c.CoderID] = true
	}
	for _, u := range r.Updated {
		coders[u.Before.CoderID], coders[u.After.CoderID] = true, true
	}
	if len(coders) != 1 {
		return "", nil
	}
	for id := range coders {
		for _, c := range append(a.set.Coders.Added, a.set.Coders.Removed...) {
			if c.ID == id {
				return c.Name, nil
			}
		}
		var name string
		err := a.tx.QueryRow("SELECT name FROM coders WHERE id = ?", id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return name, err
	}
	return "", nil
}

// ensureJournalAuthor gives a project file's journal its author column
// when it has none (a file made before authors were recorded). The column
// has a default and older versions name the columns they write, so they
// read and write such a file as before: no schema version is needed.
func (p *Project) ensureJournalAuthor() error {
	var n int
	if err := p.db.QueryRow("SELECT COUNT(*) FROM pragma_table_info('journal') WHERE name = 'author'").Scan(&n); err != nil || n > 0 {
		return err
	}
	_, err := p.db.Exec("ALTER TABLE journal ADD COLUMN author TEXT NOT NULL DEFAULT ''")
	return err
}

// LastAction is the newest action not undone, whoever made it; ok is
// false when there is none (or, on a read-only file of an older version,
// when its journal does not say).
func (p *Project) LastAction() (e JournalEntry, ok bool) {
	err := p.db.QueryRow("SELECT seq, label, author FROM journal WHERE undone = 0"+p.ownJournal()+" ORDER BY seq DESC LIMIT 1").Scan(&e.Seq, &e.Label, &e.Author)
	return e, err == nil
}

// UndoLabelOf names the action UndoLastOf(author) would undo; ok is false
// when author has none.
func (p *Project) UndoLabelOf(author string) (label string, ok bool) {
	err := p.db.QueryRow("SELECT label FROM journal WHERE undone = 0 AND author = ? ORDER BY seq DESC LIMIT 1", author).Scan(&label)
	return label, err == nil
}

// UndoLastOf undoes author's most recent action that is not yet undone,
// and returns its label: never another author's, even a later one. On a
// team project it is Undo (the login's own).
func (p *Project) UndoLastOf(author string) (string, error) {
	if p.team != nil {
		return p.Undo()
	}
	label, err := p.replay("SELECT seq, label, changes FROM journal WHERE undone = 0 AND author = ? ORDER BY seq DESC LIMIT 1", true, author)
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		// The undo was refused whole: a later action of someone else's
		// uses a row this one made (a code, a coder).
		own, _ := p.UndoLabelOf(author)
		return "", fmt.Errorf("%q cannot be undone on its own: a later action by someone else uses what it made; nothing was changed", own)
	}
	return label, err
}

// RedoLastOf re-applies author's earliest undone action, and returns its
// label. On a team project it is Redo (the login's own).
func (p *Project) RedoLastOf(author string) (string, error) {
	if p.team != nil {
		return p.Redo()
	}
	return p.replay("SELECT seq, label, changes FROM journal WHERE undone = 1 AND author = ? ORDER BY seq ASC LIMIT 1", false, author)
}

// UndoEntry undoes the action at position seq of the journal (one that
// LastAction returned, whoever made it), if it is not undone yet.
func (p *Project) UndoEntry(seq int64) (string, error) {
	return p.replay(fmt.Sprintf("SELECT seq, label, changes FROM journal WHERE undone = 0 AND seq = %d", seq)+p.ownJournal(), true)
}
