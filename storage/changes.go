package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"desktop/marginalia/coding"
)

// What changed, and how an open window learns of it.
//
// Every committed action (do, Undo, Redo, document imports, merges) makes
// a ChangeSet: the rows it added, updated and removed, by table, with their
// values. The Project hands it to its change listener (OnChange) right after
// the commit, so the window that acted applies it without reading the
// project again. Each ChangeSet also gets a row in the change log, a table
// that numbers them in commit order (Seq) and points at the journal entry
// that holds the rows; another process's window reads the entries it has
// not seen with ChangesSince and applies them the same way. The log keeps
// the last changelogKeep entries; a window that has fallen further behind
// reads the project again.

// Kind says what an action did to the journal.
type Kind uint8

// The kinds of change set.
const (
	Did   Kind = iota // a new action
	Undid             // an action undone
	Redid             // an action redone
)

// Rows is what one action did to one table.
type Rows[T any] struct {
	Added   []T
	Updated []Update[T]
	Removed []T
}

// Update is one row's value before and after an action.
type Update[T any] struct{ Before, After T }

// Len is the number of rows added, updated and removed.
func (r Rows[T]) Len() int { return len(r.Added) + len(r.Updated) + len(r.Removed) }

// ChangeSet is what one committed action changed, row by row. Documents
// come without their text.
type ChangeSet struct {
	Seq       int64  // the action's place in the change log
	Kind      Kind   // a new action, an undo or a redo
	Label     string // the action's name, as the journal keeps it ("Code passage")
	Codes     Rows[coding.Code]
	Coders    Rows[coding.Coder]
	Codings   Rows[coding.Coding]
	Memos     Rows[coding.Memo]
	Documents Rows[coding.Document]
	// Attributes, their values per document, and document sets (static
	// sets and saved filters); see attributes.go.
	Attributes Rows[coding.Attribute]
	Values     Rows[coding.AttributeValue]
	Sets       Rows[coding.DocumentSet]
	Cases      Rows[coding.Case]    // see cases.go
	CodeSets   Rows[coding.CodeSet] // code groups; see codesets.go
	// Decisions resolved disagreements into a consensus (consensus.go).
	Decisions Rows[coding.Decision]
	// Passages are the codings that the cases in Cases (added or updated)
	// gather, as they were just after the change: not a change themselves,
	// but what a window needs to show those cases (cases.go).
	Passages []coding.Coding
}

// Empty reports whether the set changes nothing.
func (cs ChangeSet) Empty() bool { return cs.rows() == 0 }

// rows is the number of rows the set adds, updates and removes, in every
// table.
func (cs ChangeSet) rows() int {
	return cs.Codes.Len() + cs.Coders.Len() + cs.Codings.Len() + cs.Memos.Len() + cs.Documents.Len() +
		cs.Attributes.Len() + cs.Values.Len() + cs.Sets.Len() + cs.Cases.Len() + cs.CodeSets.Len() + cs.Decisions.Len()
}

// changelogKeep is how many change-log entries are kept for windows that
// have not yet read them.
const changelogKeep = 10000

// ErrChangesForgotten is returned by ChangesSince when the change log no
// longer holds every change since the position asked for: the caller must
// read the project again.
var ErrChangesForgotten = errors.New("the change log no longer reaches back that far")

// listener holds the function told of each committed change set.
type listener struct {
	mu sync.Mutex
	fn func(ChangeSet)
}

// OnChange makes fn the function told of every change set this Project
// commits, right after the commit, on the goroutine that made the change.
// Changes made by other processes (or other Project values) are not
// reported here: read them with ChangesSince.
func (p *Project) OnChange(fn func(ChangeSet)) {
	p.listener.mu.Lock()
	p.listener.fn = fn
	p.listener.mu.Unlock()
}

func (p *Project) notify(cs ChangeSet) {
	p.listener.mu.Lock()
	fn := p.listener.fn
	p.listener.mu.Unlock()
	if fn != nil && !cs.Empty() {
		fn(cs)
	}
}

// LastChange is the change log's newest position: it grows with every
// committed change, by any process. Polling it is cheap.
func (p *Project) LastChange() (int64, error) {
	var seq int64
	err := p.db.QueryRow("SELECT COALESCE(MAX(seq), 0) FROM changelog").Scan(&seq)
	return seq, err
}

// ChangesSince returns the change sets committed after position seq, in
// order, one per position (on a team project in its blind phase, another
// coder's own work comes as an empty change set). It returns ErrChangesForgotten when some of them are no longer
// kept (the log or the journal was trimmed since).
func (p *Project) ChangesSince(seq int64) ([]ChangeSet, error) {
	private, newest, author, hidden := "NULL", "0", "NULL, NULL, true", false
	if p.team != nil {
		// The author's coder and whether the author may change more than
		// that coder's codings and memos (see checkAuthor), in the same
		// round trip; a login since dropped may not.
		private, newest, author = "c.private", "(SELECT MAX(seq) FROM changelog)", `c.author, (SELECT id FROM coders WHERE login = c.author),
	CASE WHEN c.author = session_user THEN true
		WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = c.author) THEN
			pg_has_role(c.author, (SELECT value FROM project WHERE key = 'editor_role'), 'MEMBER') OR pg_has_role(c.author, (SELECT value FROM project WHERE key = 'owner_role'), 'MEMBER')
		ELSE false END`
		// In the blind phase the server hides the entries private to
		// other coders: those are skipped, not read as forgotten.
		if err := p.db.QueryRow("SELECT blind_any()").Scan(&hidden); err != nil {
			return nil, p.teamError(err)
		}
	}
	rows, err := p.db.Query(`SELECT c.seq, c.kind, c.journal_seq, c.documents, COALESCE(j.label, c.label), j.changes, `+private+`, `+newest+`, `+author+`
FROM changelog c LEFT JOIN journal j ON j.seq = c.journal_seq WHERE c.seq > ? ORDER BY c.seq`, seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChangeSet
	for next := seq + 1; rows.Next(); next++ {
		var (
			cs          ChangeSet
			kind        string
			journalSeq  sql.NullInt64
			documents   sql.NullString
			label       sql.NullString
			encoded     []byte // nil when the journal entry is gone
			privateTo   sql.NullString
			last        int64
			by, byCoder sql.NullString
			trusted     bool // the author may change more than their own codings and memos
		)
		if err := rows.Scan(&cs.Seq, &kind, &journalSeq, &documents, &label, &encoded, &privateTo, &last, &by, &byCoder, &trusted); err != nil {
			return nil, err
		}
		// A team project's sequence skips the numbers of transactions that
		// failed at commit (and a few after a server crash): a gap there is
		// forgotten entries only if it reaches below what the log keeps.
		// Empty change sets stand for the missing numbers, so that a
		// window applies them in sequence.
		if cs.Seq > next && p.team != nil && seq >= last-changelogKeep {
			for ; next < cs.Seq; next++ {
				out = append(out, ChangeSet{Seq: next})
			}
		}
		if cs.Seq != next || kind == "reload" {
			return nil, ErrChangesForgotten
		}
		if journalSeq.Valid && encoded == nil {
			if hidden && privateTo.Valid && privateTo.String != p.team.CoderID {
				// Another coder's own work, hidden in the blind phase: an
				// empty change keeps the positions in sequence.
				out = append(out, ChangeSet{Seq: cs.Seq})
				continue
			}
			return nil, ErrChangesForgotten
		}
		cs.Label = label.String
		switch kind {
		case "undo":
			cs.Kind = Undid
		case "redo":
			cs.Kind = Redid
		}
		if encoded != nil {
			changes, err := decodeJournal(encoded)
			if err != nil {
				return nil, fmt.Errorf("journal entry %d: %w", journalSeq.Int64, err)
			}
			if err := replayChanges(nil, changes, cs.Kind == Undid, &cs); err != nil {
				return nil, fmt.Errorf("journal entry %d: %w", journalSeq.Int64, err)
			}
		}
		if documents.Valid {
			if err := json.Unmarshal([]byte(documents.String), &cs.Documents); err != nil {
				return nil, fmt.Errorf("change log entry %d: %w", cs.Seq, err)
			}
		}
		if !trusted && !cs.onlyOwnWorkOf(byCoder.String) {
			return nil, ErrChangesForgotten
		}
		out = append(out, cs)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		if err := out[i].gatherPassages(p.db); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// logChange adds cs to the change log inside tx (kind "do", "undo", "redo"
// or "documents"; journalSeq 0 when no journal entry holds its rows), sets
// its Seq, and trims the log. On a team project (team) it also marks an
// entry private to its coder (see privateTo) and notifies the windows
// listening.
func logChange(tx *sql.Tx, team bool, cs *ChangeSet, kind string, journalSeq int64) error {
	documents, err := documentsJSON(cs)
	if err != nil {
		return err
	}
	if team {
		// The server writes the entry as the connected login, trims the log
		// and notifies every window listening (WaitChange), which hears of
		// it when the transaction commits (log_change, teamsecurity.go).
		err := tx.QueryRow("SELECT log_change(?, ?, ?, ?, ?)",
			kind, nullableSeq(journalSeq), cs.Label, documents, nullable(cs.privateTo())).Scan(&cs.Seq)
		if err != nil {
			return fmt.Errorf("change log: %w", err)
		}
		return nil
	}
	err = tx.QueryRow("INSERT INTO changelog(kind, journal_seq, label, documents, at) VALUES (?, ?, ?, ?, ?) RETURNING seq",
		kind, nullableSeq(journalSeq), cs.Label, documents, now()).Scan(&cs.Seq)
	if err != nil {
		return fmt.Errorf("change log: %w", err)
	}
	_, err = tx.Exec("DELETE FROM changelog WHERE seq <= ?", cs.Seq-changelogKeep)
	return err
}

// documentsJSON is what the change log keeps of the documents cs added,
// updated or removed (they are not journalled), or nil for none.
func documentsJSON(cs *ChangeSet) (any, error) {
	if cs.Documents.Len() == 0 {
		return nil, nil
	}
	raw, err := json.Marshal(cs.Documents)
	if err != nil {
		return nil, err
	}
	return string(raw), nil
}

func nullableSeq(seq int64) any {
	if seq == 0 {
		return nil
	}
	return seq
}

// privateTo is the coder whose own codings and memos are all that cs
// changed, or "" when it changed anything else (or several coders' rows).
// On a team project in its blind phase, only that coder (and the lead)
// may read such an entry.
func (cs ChangeSet) privateTo() string {
	if cs.rows() > cs.Codings.Len()+cs.Memos.Len() {
		return ""
	}
	coder, mixed := "", false
	see := func(id string) {
		switch {
		case id == "":
			mixed = true
		case coder == "":
			coder = id
		case id != coder:
			mixed = true
		}
	}
	eachRow(cs.Codings, func(c coding.Coding) { see(c.CoderID) })
	eachRow(cs.Memos, func(m coding.Memo) { see(m.CoderID) })
	if mixed {
		return ""
	}
	return coder
}

// codingDocuments lists the documents of the codings cs changed, or is nil
// (unknown) when it changed memos, whose documents it does not carry.
func (cs ChangeSet) codingDocuments() []string {
	if cs.Memos.Len() > 0 || cs.Codings.Len() == 0 {
		return nil
	}
	seen := map[string]bool{}
	var docs []string
	eachRow(cs.Codings, func(c coding.Coding) {
		if !seen[c.DocumentID] {
			seen[c.DocumentID] = true
			docs = append(docs, c.DocumentID)
		}
	})
	return docs
}

// eachRow calls fn with every row of r: added, updated (before and after)
// and removed.
func eachRow[T any](r Rows[T], fn func(T)) {
	for _, v := range r.Added {
		fn(v)
	}
	for _, u := range r.Updated {
		fn(u.Before)
		fn(u.After)
	}
	for _, v := range r.Removed {
		fn(v)
	}
}

// recordRow adds a row's change to rows; before is nil for a new row and
// after nil for a removed one.
func recordRow[T any](rows *Rows[T], before, after any) {
	b, had := before.(T)
	a, has := after.(T)
	switch {
	case had && has:
		rows.Updated = append(rows.Updated, Update[T]{Before: b, After: a})
	case has:
		rows.Added = append(rows.Added, a)
	case had:
		rows.Removed = append(rows.Removed, b)
	}
}

// replayChanges puts journalled changes into cs, undone (each row back to
// its state before) or not (each row to its state after), and, when q is
// not nil, writes those states to the database.
func replayChanges(q queryer, changes []change, undo bool, cs *ChangeSet) error {
	apply := func(i int) error {
		c := changes[i]
		t, ok := journalled[c.Entity]
		if !ok {
			return fmt.Errorf("unknown entity %q", c.Entity)
		}
		return t.replay(q, cs, c, undo)
	}
	if undo { // last change first
		for i := len(changes) - 1; i >= 0; i-- {
			if err := apply(i); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range changes {
		if err := apply(i); err != nil {
			return err
		}
	}
	return nil
}

// replayRow decodes one journalled change, records it in rows as undoing
// or redoing it changes the row, and writes the row's new state when q is
// not nil.
//
// With current (which reads a row's present state), an update undone or
// redone writes only the fields the action changed, onto the row as it is
// now: what someone else changed since in the other fields stays. Codes
// are read so, since two people may edit one code at once.
func replayRow[T any](q queryer, rows *Rows[T], c change, undo bool, upsert func(queryer, T) error, current ...func(queryer, string) (T, error)) error {
	var before, after *T
	for _, side := range []struct {
		raw json.RawMessage
		dst **T
	}{{c.Before, &before}, {c.After, &after}} {
		if side.raw != nil {
			v := new(T)
			if c, ok := any(v).(*coding.Coding); ok && parseCodingJSON(side.raw, c) {
				*side.dst = v
				continue
			}
			if err := json.Unmarshal(side.raw, v); err != nil {
				return err
			}
			*side.dst = v
		}
	}
	if undo {
		before, after = after, before
	}
	if q != nil && len(current) > 0 && before != nil && after != nil {
		now, err := current[0](q, c.ID)
		if err != nil {
			return err
		}
		merged, err := mergeFields(now, *before, *after)
		if err != nil {
			return err
		}
		before, after = &now, &merged
	}
	switch {
	case before != nil && after != nil:
		rows.Updated = append(rows.Updated, Update[T]{Before: *before, After: *after})
	case after != nil:
		rows.Added = append(rows.Added, *after)
	case before != nil:
		rows.Removed = append(rows.Removed, *before)
	}
	if q == nil {
		return nil
	}
	if after == nil {
		_, err := q.Exec("DELETE FROM "+string(c.Entity)+"s WHERE id = ?", c.ID)
		return err
	}
	return upsert(q, *after)
}

// Overview is what a window shows of a project apart from document texts,
// read at one moment: Seq is the change-log position it reflects, so that
// applying ChangesSince(Seq) brings it up to date.
type Overview struct {
	Seq            int64
	Codebook       *coding.Codebook
	Coders         []coding.Coder
	Documents      []coding.Document // by name, without text
	CodeCounts     []Count           // codings per code and coder
	DocumentCounts []Count           // codings per document and coder
	Attributes     []coding.Attribute
	Values         []coding.AttributeValue
	Sets           []coding.DocumentSet
	Cases          []coding.Case
	Passages       []coding.Coding // the codings the cases gather (see cases.go)
	CodeSets       []coding.CodeSet
}

// Overview reads the project's codebook, coders, documents and coding
// counts in one read transaction.
func (p *Project) Overview() (Overview, error) {
	var o Overview
	ctx := context.Background()
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return o, err
	}
	defer conn.Close()
	// A deferred transaction reads one snapshot without taking the write
	// lock (the pool's transactions begin IMMEDIATE).
	begin := "BEGIN DEFERRED"
	if p.team != nil {
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return o, err
	}
	defer conn.ExecContext(ctx, "COMMIT")
	q := connQueryer{conn}
	if err := q.QueryRow("SELECT COALESCE(MAX(seq), 0) FROM changelog").Scan(&o.Seq); err != nil {
		return o, err
	}
	codes, err := loadCodes(q)
	if err != nil {
		return o, err
	}
	o.Codebook = coding.NewCodebook(codes)
	if o.Coders, err = loadCoders(q); err != nil {
		return o, err
	}
	if o.Documents, err = loadDocuments(q); err != nil {
		return o, err
	}
	if o.CodeCounts, err = counts(q, "code_id"); err != nil {
		return o, err
	}
	if o.DocumentCounts, err = counts(q, "document_id"); err != nil {
		return o, err
	}
	if o.Attributes, err = loadAttributes(q); err != nil {
		return o, err
	}
	if o.Values, err = loadValues(q); err != nil {
		return o, err
	}
	if o.Sets, err = loadSets(q); err != nil {
		return o, err
	}
	if o.Cases, err = loadCases(q); err != nil {
		return o, err
	}
	if o.Passages, err = casePassages(q, o.Cases); err != nil {
		return o, err
	}
	o.CodeSets, err = loadCodeSets(q)
	return o, err
}

// connQueryer runs queries on one connection.
type connQueryer struct{ conn *sql.Conn }

func (c connQueryer) Exec(query string, args ...any) (sql.Result, error) {
	return c.conn.ExecContext(context.Background(), query, args...)
}

func (c connQueryer) Query(query string, args ...any) (*sql.Rows, error) {
	return c.conn.QueryContext(context.Background(), query, args...)
}

func (c connQueryer) QueryRow(query string, args ...any) *sql.Row {
	return c.conn.QueryRowContext(context.Background(), query, args...)
}

// codeNow reads a code's present state.
func codeNow(q queryer, id string) (coding.Code, error) {
	return scanCode(q.QueryRow("SELECT "+codeColumns+" FROM codes WHERE id = ?", id))
}

// mergeFields is now with the fields that differ between from and to set
// as in to: the fields of a row that an undone or redone action changed,
// and no others. Fields are compared as their JSON, and the fields of a
// nested object (a code's description) one by one.
func mergeFields[T any](now, from, to T) (T, error) {
	var out T
	raws := make([]json.RawMessage, 3)
	for i, v := range []T{now, from, to} {
		raw, err := json.Marshal(v)
		if err != nil {
			return out, err
		}
		raws[i] = raw
	}
	merged, err := mergeJSON(raws[0], raws[1], raws[2])
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(merged, &out)
	return out, err
}

// mergeJSON is mergeFields on JSON values: objects field by field, any
// other value whole.
func mergeJSON(now, from, to json.RawMessage) (json.RawMessage, error) {
	if bytes.Equal(from, to) {
		return now, nil
	}
	var n, f, t map[string]json.RawMessage
	if json.Unmarshal(now, &n) != nil || json.Unmarshal(from, &f) != nil || json.Unmarshal(to, &t) != nil || n == nil || f == nil || t == nil {
		return to, nil // not objects: the value changed, and takes its new state
	}
	for k := range f { // a field left out (omitempty) was emptied
		if _, kept := t[k]; !kept {
			delete(n, k)
		}
	}
	for k, v := range t {
		m, err := mergeJSON(n[k], f[k], v)
		if err != nil {
			return nil, err
		}
		n[k] = m
	}
	return json.Marshal(n)
}

// onlyOwnWorkOf reports whether cs changes only the codings and memos of
// the coder coderID (and memos of no coder). A coder's client writes her
// journal entries on a team project, so one with psql could write an
// entry claiming changes to others' codings, which the windows would
// show: ChangesSince does not apply such an entry from a coder without
// codebook rights, and the window reads the project again
// (ErrChangesForgotten), which shows what the database holds.
func (cs ChangeSet) onlyOwnWorkOf(coderID string) bool {
	if cs.Empty() {
		return true
	}
	own := coderID != "" && cs.rows() == cs.Codings.Len()+cs.Memos.Len()
	eachRow(cs.Codings, func(c coding.Coding) { own = own && c.CoderID == coderID })
	eachRow(cs.Memos, func(m coding.Memo) { own = own && (m.CoderID == "" || m.CoderID == coderID) })
	return own
}
