package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"desktop/marginalia/coding"
)

// journalKeep is how many past actions stay undoable, and journalBytes how
// much room their records may take as stored (an import of 200,000 codings
// takes about 10 MB compressed, 64 MB before schema 3); the most recent
// action always stays.
const journalKeep = 1000

var journalBytes = 256 << 20 // a variable so that tests can shrink it

// entity names the kinds of row the journal records.
type entity string

const (
	entityCode   entity = "code"
	entityCoder  entity = "coder"
	entityCoding entity = "coding"
	entityMemo   entity = "memo"
	// attributes.go; the table of each is the entity's name plus "s".
	entityAttribute entity = "attribute"
	entityValue     entity = "attribute_value"
	entitySet       entity = "set"
	entityCase      entity = "case"     // cases.go
	entityCodeSet   entity = "code_set" // codesets.go
)

// change is one row's state before and after an action; a nil side means
// the row did not exist.
type change struct {
	Entity entity          `json:"e"`
	ID     string          `json:"id"`
	Before json.RawMessage `json:"b,omitempty"`
	After  json.RawMessage `json:"a,omitempty"`
}

// action is one user action in progress: a transaction plus the changes it
// has made so far.
type action struct {
	p       *Project
	tx      *sql.Tx
	locked  bool      // the team project's write lock is held (see begin)
	changes []change  // what the journal records, to undo and redo
	set     ChangeSet // the same changes as values, and the documents added
}

// ErrNothingToUndo and ErrNothingToRedo are returned when the journal has no
// action to undo or redo.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// do runs fn as one action: one transaction, recorded in the journal under
// label so that it can be undone, and in the change log. If fn fails,
// nothing changes. An action that changes nothing leaves no entry. Once
// committed, its change set goes to the project's change listener.
func (p *Project) do(label string, fn func(a *action) error) error {
	return p.doAction(label, true, fn)
}

// doUnlocked runs fn as do does, except that on a team project the write
// lock is taken only to record the action, so that other writers wait
// for the journal and change-log entries only, not for fn. It is for
// actions that only add rows (AddCoding): fn's checks of other rows may
// be overtaken by a colleague's change, which the foreign keys, checked
// at commit, turn into a refusal (teamError).
func (p *Project) doUnlocked(label string, fn func(a *action) error) error {
	return p.doAction(label, p.team == nil, fn)
}

func (p *Project) doAction(label string, lock bool, fn func(a *action) error) error {
	if err := p.readOnlyError(); err != nil {
		return err
	}
	var (
		tx  *sql.Tx
		err error
	)
	if lock {
		tx, err = p.begin()
	} else {
		tx, err = p.db.BeginTx(context.Background(), nil)
	}
	if err != nil {
		return p.asReadOnly(err)
	}
	a := &action{p: p, tx: tx, locked: lock, set: ChangeSet{Kind: Did, Label: label}}
	if err := fn(a); err != nil {
		tx.Rollback()
		return p.teamError(p.asReadOnly(err))
	}
	if err := a.record(a.set.Label); err != nil { // fn may have named the action better (named)
		tx.Rollback()
		return fmt.Errorf("%s: journal: %w", label, p.teamError(p.asReadOnly(err)))
	}
	if err := a.set.gatherPassages(tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("%s: %w", label, p.teamError(err))
	}
	p.markOwn(a.set.Seq)
	if err := tx.Commit(); err != nil {
		return p.teamError(p.asReadOnly(err))
	}
	p.notify(a.set)
	return nil
}

// named names the action after what fn found, such as the name of the
// row it deletes ("Delete set Pilot"), for the journal and Undo.
func (a *action) named(label string) { a.set.Label = label }

// record writes the action's journal entry (when it changed journalled
// rows) and its change-log entry (when it changed anything).
func (a *action) record(label string) error {
	if a.p.team != nil {
		return a.recordTeam(label)
	}
	var seq int64
	if len(a.changes) > 0 {
		stored, size, err := encodeJournal(a.changes)
		if err != nil {
			return err
		}
		if seq, err = a.recordFile(label, stored, size); err != nil {
			return err
		}
	}
	if a.set.Empty() {
		return nil
	}
	kind := "do"
	if seq == 0 {
		kind = "documents"
	}
	return logChange(a.tx, false, &a.set, kind, seq)
}

// recordFile writes the journal entry of an action on a project file and
// trims the journal.
func (a *action) recordFile(label string, stored any, size int) (int64, error) {
	// A new action forgets the actions its author undid before it.
	if _, err := a.tx.Exec("DELETE FROM journal WHERE undone = 1" + a.p.ownJournal()); err != nil {
		return 0, err
	}
	var seq int64
	author, err := a.journalAuthor()
	if err != nil {
		return 0, err
	}
	if err := a.tx.QueryRow("INSERT INTO journal(label, changes, size, at, author) VALUES (?, ?, ?, ?, ?) RETURNING seq",
		label, stored, size, now(), nullable(author)).Scan(&seq); err != nil {
		return 0, err
	}
	// Keep the newest journalKeep actions, and forget the oldest beyond
	// journalBytes, newest first. The sizes come from octet_length(changes),
	// which SQLite reads from the record header: the size column is stored
	// after changes, so reading it walks every overflow page of every entry
	// (about 60 ms per action with a few 200,000-coding imports in the
	// journal).
	if _, err := a.tx.Exec(`DELETE FROM journal WHERE seq <= (
		SELECT seq FROM journal WHERE seq > 0 ORDER BY seq DESC LIMIT 1 OFFSET ?)`, journalKeep); err != nil {
		return 0, err
	}
	_, err = a.tx.Exec(`DELETE FROM journal WHERE seq < ? AND seq <= (
		SELECT MAX(seq) FROM (SELECT seq, SUM(octet_length(changes)) OVER (ORDER BY seq DESC) AS newer FROM journal WHERE seq > 0) AS sizes WHERE newer > ?)`,
		seq, journalBytes)
	return seq, err
}

// teamTrimEvery is how often (in actions of one Project) recordTeam trims
// the author's oldest journal entries.
const teamTrimEvery = 16

// recordTeam writes the journal entry of an action on a team project,
// trims the author's own entries as recordFile trims a file's (the undone
// ones, those beyond journalKeep and beyond journalBytes), adds the
// change-log entry, trims the log and notifies the windows listening, all
// in one statement: each statement is a round trip to the server, and
// these are made while holding the project's write lock, which every
// other writer is waiting for (see begin). An action begun without the
// lock (doUnlocked) takes it here.
func (a *action) recordTeam(label string) error {
	if len(a.changes) == 0 && a.set.Empty() {
		return nil
	}
	if !a.locked {
		if err := lockProject(a.tx); err != nil {
			return err
		}
		a.locked = true
	}
	if len(a.changes) == 0 { // documents only: nothing journalled
		return logChange(a.tx, true, &a.set, "documents", 0)
	}
	encoded, size, err := encodeJournal(a.changes)
	if err != nil {
		return err
	}
	stored := journalBytesOf(encoded).([]byte)
	documents, err := documentsJSON(&a.set)
	if err != nil {
		return err
	}
	private := nullable(a.set.privateTo())
	touches := a.set.Codings.Len()+a.set.Memos.Len() > 0 // while blind, such an entry is its author's and the lead's to read…
	docs := a.set.codingDocuments()                      // …unless its codings are all outside the blind documents
	// One statement (one round trip under the project's write lock): the
	// server writes the entry as the connected login, forgets the login's
	// undone entries, adds the change-log entry, trims the log and notifies
	// the windows listening (record_action, teamsecurity.go). Trimming the
	// author's oldest entries reads all of theirs (up to journalKeep), so
	// it is asked for on this Project's first action and every
	// teamTrimEvery-th after: an author may have up to that many more
	// entries kept. The author keeps journalKeep-1 older entries, and the
	// older ones go once the newer, with the new one, take more than
	// journalBytes.
	trim := a.p.teamActions.Add(1)%teamTrimEvery == 1
	err = a.tx.QueryRow("SELECT record_action(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		label, stored, size, private, touches, docs, trim, journalKeep-1, int64(journalBytes)-int64(len(stored)),
		a.set.Label, documents).Scan(&a.set.Seq)
	if err != nil {
		return fmt.Errorf("change log: %w", err)
	}
	return nil
}

// put writes the new state of a row and records the change; before is the
// row's previous state, nil for a new row, and after nil to delete it.
func (a *action) put(e entity, id string, before, after any) error {
	if err := a.journalOnly(e, id, before, after); err != nil {
		return err
	}
	return applyState(a.tx, e, id, a.changes[len(a.changes)-1].After)
}

// journalOnly records a change the caller has already written: the row's
// state before (nil for a new row) and after (nil for a removed one).
func (a *action) journalOnly(e entity, id string, before, after any) error {
	c := change{Entity: e, ID: id}
	var err error
	if before != nil {
		if c.Before, err = json.Marshal(before); err != nil {
			return err
		}
	}
	if after != nil {
		if c.After, err = json.Marshal(after); err != nil {
			return err
		}
	}
	a.changes = append(a.changes, c)
	journalled[e].record(&a.set, before, after)
	return nil
}

// recordInsert records in the journal a row the caller has just inserted;
// the caller adds it to the change set.
func (a *action) recordInsert(e entity, id string, after any) error {
	var raw []byte
	if c, ok := after.(coding.Coding); ok { // bulk imports: the hot path
		raw = appendCodingJSON(nil, c)
	} else {
		var err error
		if raw, err = json.Marshal(after); err != nil {
			return err
		}
	}
	a.changes = append(a.changes, change{Entity: e, ID: id, After: raw})
	return nil
}

// encodeChanges is json.Marshal(changes), without re-validating the rows'
// JSON, which this package made itself.
func encodeChanges(changes []change) []byte {
	size := 2
	for _, c := range changes {
		size += len(c.Before) + len(c.After) + len(c.ID) + 40
	}
	buf := make([]byte, 0, size)
	buf = append(buf, '[')
	for i, c := range changes {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"e":`...)
		buf = appendJSONString(buf, string(c.Entity))
		buf = append(buf, `,"id":`...)
		buf = appendJSONString(buf, c.ID)
		if c.Before != nil {
			buf = append(append(buf, `,"b":`...), c.Before...)
		}
		if c.After != nil {
			buf = append(append(buf, `,"a":`...), c.After...)
		}
		buf = append(buf, '}')
	}
	return append(buf, ']')
}

// appendCodingJSON appends json.Marshal(c), written out by hand for speed.
func appendCodingJSON(buf []byte, c coding.Coding) []byte {
	buf = append(buf, `{"ID":`...)
	buf = appendJSONString(buf, c.ID)
	buf = append(buf, `,"DocumentID":`...)
	buf = appendJSONString(buf, c.DocumentID)
	buf = append(buf, `,"CodeID":`...)
	buf = appendJSONString(buf, c.CodeID)
	buf = append(buf, `,"CoderID":`...)
	buf = appendJSONString(buf, c.CoderID)
	buf = append(buf, `,"start":`...)
	buf = strconv.AppendInt(buf, int64(c.Start), 10)
	buf = append(buf, `,"end":`...)
	buf = strconv.AppendInt(buf, int64(c.End), 10)
	buf = append(buf, `,"Memo":`...)
	buf = appendJSONString(buf, c.Memo)
	buf = append(buf, `,"Created":"`...)
	buf = c.Created.AppendFormat(buf, time.RFC3339Nano)
	return append(buf, `"}`...)
}

// decodeChanges reads a journal entry's changes: what encodeChanges wrote
// by hand, else with encoding/json.
func decodeChanges(encoded []byte) ([]change, error) {
	if changes, ok := parseChanges(encoded); ok {
		return changes, nil
	}
	var changes []change
	err := json.Unmarshal(encoded, &changes)
	return changes, err
}

// parseChanges reads what encodeChanges writes, leaving each row's JSON to
// be decoded (and checked) when it is used. It returns false for anything
// else.
func parseChanges(raw []byte) ([]change, bool) {
	r := jsonReader{rest: raw, ok: true}
	r.literal("[")
	var out []change
	for r.ok && !r.skip("]") {
		if len(out) > 0 {
			r.literal(",")
		}
		var c change
		r.literal(`{"e":`)
		c.Entity = entity(r.str())
		r.literal(`,"id":`)
		c.ID = r.str()
		if r.skip(`,"b":`) {
			c.Before = r.object()
		}
		if r.skip(`,"a":`) {
			c.After = r.object()
		}
		r.literal("}")
		out = append(out, c)
	}
	return out, r.ok && len(r.rest) == 0
}

// skip reads s when the input goes on with it, and says whether it did.
func (r *jsonReader) skip(s string) bool {
	if r.ok && len(r.rest) >= len(s) && string(r.rest[:len(s)]) == s {
		r.rest = r.rest[len(s):]
		return true
	}
	return false
}

// object reads a JSON object without decoding it: up to the brace that
// closes the first, outside strings.
func (r *jsonReader) object() json.RawMessage {
	if !r.ok || len(r.rest) == 0 || r.rest[0] != '{' {
		r.ok = false
		return nil
	}
	depth, inString := 0, false
	for i := 0; i < len(r.rest); i++ {
		switch b := r.rest[i]; {
		case inString && b == '\\':
			i++
		case b == '"':
			inString = !inString
		case inString:
		case b == '{' || b == '[':
			depth++
		case b == '}' || b == ']':
			depth--
			if depth == 0 {
				obj := r.rest[:i+1]
				r.rest = r.rest[i+1:]
				return obj
			}
		}
	}
	r.ok = false
	return nil
}

// parseCodingJSON reads back what appendCodingJSON writes, for undo, redo
// and ChangesSince of bulk imports, where encoding/json took about 0.6 s
// per 200,000 codings. It returns false for anything else (another field
// order, escapes, bytes outside printable ASCII): the caller then uses
// encoding/json, so the result is always what json.Unmarshal gives.
func parseCodingJSON(raw []byte, c *coding.Coding) bool {
	r := jsonReader{rest: raw, ok: true}
	r.literal(`{"ID":`)
	id := r.str()
	r.literal(`,"DocumentID":`)
	doc := r.str()
	r.literal(`,"CodeID":`)
	code := r.str()
	r.literal(`,"CoderID":`)
	coder := r.str()
	r.literal(`,"start":`)
	start := r.integer()
	r.literal(`,"end":`)
	end := r.integer()
	r.literal(`,"Memo":`)
	memo := r.str()
	r.literal(`,"Created":`)
	created := r.str()
	r.literal(`}`)
	if !r.ok || len(r.rest) != 0 {
		return false
	}
	t, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		return false
	}
	*c = coding.Coding{ID: id, DocumentID: doc, CodeID: code, CoderID: coder, Span: coding.Span{Start: start, End: end}, Memo: memo, Created: t}
	return true
}

// jsonReader reads the few JSON forms parseCodingJSON expects; ok turns
// false at the first thing it does not expect.
type jsonReader struct {
	rest []byte
	ok   bool
}

func (r *jsonReader) literal(s string) {
	if r.ok && len(r.rest) >= len(s) && string(r.rest[:len(s)]) == s {
		r.rest = r.rest[len(s):]
		return
	}
	r.ok = false
}

// str reads a string of printable ASCII without escapes.
func (r *jsonReader) str() string {
	if !r.ok || len(r.rest) == 0 || r.rest[0] != '"' {
		r.ok = false
		return ""
	}
	for i := 1; i < len(r.rest); i++ {
		switch b := r.rest[i]; {
		case b == '"':
			s := string(r.rest[1:i])
			r.rest = r.rest[i+1:]
			return s
		case b < 0x20 || b >= 0x80 || b == '\\':
			r.ok = false
			return ""
		}
	}
	r.ok = false
	return ""
}

// integer reads a decimal integer that fits an int, as JSON writes it
// (no leading zeros, no plus sign).
func (r *jsonReader) integer() int {
	if !r.ok {
		return 0
	}
	sign := 0
	if len(r.rest) > 0 && r.rest[0] == '-' {
		sign = 1
	}
	i := sign
	for i < len(r.rest) && r.rest[i] >= '0' && r.rest[i] <= '9' {
		i++
	}
	digits := r.rest[sign:i]
	if len(digits) == 0 || len(digits) > 1 && digits[0] == '0' {
		r.ok = false
		return 0
	}
	n, err := strconv.Atoi(string(r.rest[:i]))
	if err != nil {
		r.ok = false
		return 0
	}
	r.rest = r.rest[i:]
	return n
}

// appendJSONString appends s as a JSON string.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x80 || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' {
			quoted, _ := json.Marshal(s) // strings always marshal
			return append(buf, quoted...)
		}
	}
	return append(append(append(buf, '"'), s...), '"')
}

// remove deletes a row and records the change; before is its current state.
func (a *action) remove(e entity, id string, before any) error {
	return a.put(e, id, before, nil)
}

// applyState makes row id of entity e have the given state (JSON of the
// domain value), or deletes it when state is nil.
func applyState(tx queryer, e entity, id string, state json.RawMessage) error {
	if state == nil {
		_, err := tx.Exec("DELETE FROM "+string(e)+"s WHERE id = ?", id)
		return err
	}
	t, ok := journalled[e]
	if !ok {
		return fmt.Errorf("journal: unknown entity %q", e)
	}
	return t.apply(tx, state)
}

// journalledTable is what the journal does with the rows of one entity:
// write a state (apply), replay a change into a change set and, when q is
// not nil, the database (replay), and add a change to a change set
// (record). One entry of journalled serves every place that handles rows
// by entity.
type journalledTable struct {
	apply  func(q queryer, state json.RawMessage) error
	replay func(q queryer, cs *ChangeSet, c change, undo bool) error
	record func(cs *ChangeSet, before, after any)
}

// journalledAs makes the entry of an entity whose rows are T, kept in the
// change set's rows and written with upsert; current, when given, reads a
// row's present state so that undo and redo change only the fields the
// action changed (see replayRow).
func journalledAs[T any](rows func(*ChangeSet) *Rows[T], upsert func(queryer, T) error, current ...func(queryer, string) (T, error)) journalledTable {
	return journalledTable{
		apply: func(q queryer, state json.RawMessage) error {
			var v T
			if err := json.Unmarshal(state, &v); err != nil {
				return err
			}
			return upsert(q, v)
		},
		replay: func(q queryer, cs *ChangeSet, c change, undo bool) error {
			return replayRow(q, rows(cs), c, undo, upsert, current...)
		},
		record: func(cs *ChangeSet, before, after any) { recordRow(rows(cs), before, after) },
	}
}

// journalled has the entry of every entity the journal records.
var journalled = map[entity]journalledTable{
	entityCode:      journalledAs(func(cs *ChangeSet) *Rows[coding.Code] { return &cs.Codes }, upsertCode, codeNow),
	entityCoder:     journalledAs(func(cs *ChangeSet) *Rows[coding.Coder] { return &cs.Coders }, upsertCoder),
	entityCoding:    journalledAs(func(cs *ChangeSet) *Rows[coding.Coding] { return &cs.Codings }, upsertCoding),
	entityMemo:      journalledAs(func(cs *ChangeSet) *Rows[coding.Memo] { return &cs.Memos }, upsertMemo),
	entityAttribute: journalledAs(func(cs *ChangeSet) *Rows[coding.Attribute] { return &cs.Attributes }, upsertAttribute),
	entityValue:     journalledAs(func(cs *ChangeSet) *Rows[coding.AttributeValue] { return &cs.Values }, upsertValue),
	entitySet:       journalledAs(func(cs *ChangeSet) *Rows[coding.DocumentSet] { return &cs.Sets }, upsertSet),
	entityCase:      journalledAs(func(cs *ChangeSet) *Rows[coding.Case] { return &cs.Cases }, upsertCase),
	entityCodeSet:   journalledAs(func(cs *ChangeSet) *Rows[coding.CodeSet] { return &cs.CodeSets }, upsertCodeSet),
	entityDecision:  journalledAs(func(cs *ChangeSet) *Rows[coding.Decision] { return &cs.Decisions }, upsertDecision),
}

// UndoLabel names the action Undo would undo; ok is false when there is none.
func (p *Project) UndoLabel() (label string, ok bool) {
	err := p.db.QueryRow("SELECT label FROM journal WHERE undone = 0" + p.ownJournal() + " ORDER BY seq DESC LIMIT 1").Scan(&label)
	return label, err == nil
}

// RedoLabel names the action Redo would redo; ok is false when there is none.
func (p *Project) RedoLabel() (label string, ok bool) {
	err := p.db.QueryRow("SELECT label FROM journal WHERE undone = 1" + p.ownJournal() + " ORDER BY seq ASC LIMIT 1").Scan(&label)
	return label, err == nil
}

// Undo reverts the most recent action that is not yet undone and returns
// its label. On a team project it takes the connected login's own most
// recent action: it never undoes a colleague's. On a file, once ActAs has
// named a coder, it takes that coder's own most recent action in the same
// way.
func (p *Project) Undo() (string, error) {
	label, err := p.replay("SELECT seq, label, changes FROM journal WHERE undone = 0"+p.ownJournal()+" ORDER BY seq DESC LIMIT 1", true)
	if err != nil && p.team == nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		// The undo was refused whole: a later action of someone else's
		// uses a row this one made (a code, a coder).
		own, _ := p.UndoLabel()
		return "", fmt.Errorf("%q cannot be undone on its own: a later action by someone else uses what it made; nothing was changed", own)
	}
	return label, err
}

// Redo re-applies the earliest undone action (of the login, or of the
// coder ActAs named) and returns its label.
func (p *Project) Redo() (string, error) {
	return p.replay("SELECT seq, label, changes FROM journal WHERE undone = 1"+p.ownJournal()+" ORDER BY seq ASC LIMIT 1", false)
}

// ActAs names the coder this Project's actions on a project file are
// recorded as in the journal, and limits Undo, Redo, UndoLabel and
// RedoLabel to that coder's own actions, as a team project limits them to
// the login's: an action by another coder, or by a process that named
// none, is never undone or redone by them, nor forgotten when they act
// after an undo. "" (the default) records no one and undoes the most
// recent action whoever made it. Names match ignoring case. On a team
// project the login is the author, and ActAs changes nothing.
func (p *Project) ActAs(coder string) {
	coder = strings.TrimSpace(coder)
	p.author.Store(&coder)
}

// Author is the coder ActAs named on a file, or "".
func (p *Project) Author() string {
	if a := p.author.Load(); a != nil && p.team == nil {
		return *a
	}
	return ""
}

// ownJournal is the condition that limits a journal query to the
// connected login's actions on a team project, or to the actions of the
// coder ActAs named on a file ("" when it named none).
func (p *Project) ownJournal() string {
	if p.team == nil {
		if a := p.Author(); a != "" {
			return " AND author = " + literal(a) + " COLLATE NOCASE"
		}
		return ""
	}
	return p.teamJournal()
}

// teamJournal limits a journal query to the connected login's actions on
// a team project, which never undoes another's; "" for a file.
func (p *Project) teamJournal() string {
	if p.team == nil {
		return ""
	}
	// A literal rather than session_user (of type name), so that the
	// index journal_author(author, seq) serves.
	return " AND author = " + literal(p.team.Login)
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func (p *Project) replay(query string, undo bool, args ...any) (string, error) {
	if err := p.readOnlyError(); err != nil {
		return "", err
	}
	tx, err := p.begin()
	if err != nil {
		return "", p.asReadOnly(err)
	}
	defer tx.Rollback()
	var (
		seq     int64
		label   string
		encoded []byte
	)
	if err := tx.QueryRow(query, args...).Scan(&seq, &label, &encoded); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			if undo {
				return "", ErrNothingToUndo
			}
			return "", ErrNothingToRedo
		}
		return "", err
	}
	changes, err := decodeJournal(encoded)
	if err != nil {
		return "", fmt.Errorf("journal entry %d: %w", seq, err)
	}
	stmts := newStmtCache(tx) // an import's undo repeats a few statements many times
	defer stmts.close()
	cs := ChangeSet{Kind: Redid, Label: label}
	kind, verb := "redo", "redo"
	if undo {
		cs.Kind, kind, verb = Undid, "undo", "undo"
	}
	if err := replayChanges(stmts, changes, undo, &cs); err != nil {
		return "", fmt.Errorf("%s %s: %w", verb, label, p.teamError(err))
	}
	if _, err := tx.Exec("UPDATE journal SET undone = ? WHERE seq = ?", undo, seq); err != nil {
		return "", err
	}
	if err := logChange(tx, p.team != nil, &cs, kind, seq); err != nil {
		return "", err
	}
	if err := cs.gatherPassages(tx); err != nil {
		return "", err
	}
	p.markOwn(cs.Seq)
	if err := tx.Commit(); err != nil {
		return "", p.teamError(err)
	}
	p.notify(cs)
	return label, nil
}

// stmtCache runs statements in a transaction, preparing each distinct one
// once.
type stmtCache struct {
	*sql.Tx
	prepared map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{Tx: tx, prepared: map[string]*sql.Stmt{}} }

// Exec runs query with args through its prepared statement.
func (c *stmtCache) Exec(query string, args ...any) (sql.Result, error) {
	st, ok := c.prepared[query]
	if !ok {
		var err error
		if st, err = c.Prepare(query); err != nil {
			return nil, err
		}
		c.prepared[query] = st
	}
	return st.Exec(args...)
}

func (c *stmtCache) close() {
	for _, st := range c.prepared {
		st.Close()
	}
}
