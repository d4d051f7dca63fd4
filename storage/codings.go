package storage

import (
	"cmp"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"desktop/marginalia/coding"
)

// AddCoding stores one coding as one action. It fills in a missing ID and
// creation time, checks that the document, code and coder exist and that
// the span lies inside the document's text. Coding the same range of the
// same document with the same code by the same coder again changes nothing
// and returns the existing coding.
func (p *Project) AddCoding(c coding.Coding) (coding.Coding, error) {
	c, _, err := p.AddCodingIfNew(c)
	return c, err
}

// AddCodingIfNew is AddCoding that also says whether it added the coding:
// added is false when the coder had already coded that range of the
// document with that code, and then nothing changed (no action to undo),
// so that the caller can say "already coded" rather than "Coded".
func (p *Project) AddCodingIfNew(c coding.Coding) (_ coding.Coding, added bool, err error) {
	err = p.doUnlocked("Code passage", func(a *action) error {
		c, added, err = a.addCoding(c)
		return err
	})
	return c, added, err
}

// addCoding validates and inserts c; added is false when the same coding was already there.
func (a *action) addCoding(c coding.Coding) (_ coding.Coding, added bool, err error) {
	// One query checks all three (one round trip to a team project's server).
	var (
		length      sql.NullInt64
		code, coder int
	)
	if err := a.tx.QueryRow(`SELECT (SELECT length FROM documents WHERE id = ?), (SELECT COUNT(*) FROM codes WHERE id = ?), (SELECT COUNT(*) FROM coders WHERE id = ?)`,
		c.DocumentID, c.CodeID, c.CoderID).Scan(&length, &code, &coder); err != nil {
		return c, false, fmt.Errorf("code passage: %w", err)
	}
	if !length.Valid {
		return c, false, fmt.Errorf("code passage: no document with id %s", c.DocumentID)
	}
	if err := c.Span.Validate(int(length.Int64)); err != nil {
		return c, false, fmt.Errorf("code passage: %w", err)
	}
	if code == 0 {
		return c, false, fmt.Errorf("code passage: no code with id %s", c.CodeID)
	}
	if coder == 0 {
		return c, false, fmt.Errorf("code passage: no coder with id %s", c.CoderID)
	}
	inserted, err := a.insertCodings([]coding.Coding{c})
	if err != nil || len(inserted) == 1 {
		return first(inserted), err == nil, err
	}
	existing, err := collect(a.tx, scanCoding, `SELECT `+codingColumns+` FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND "end" = ?`,
		c.DocumentID, c.CodeID, c.CoderID, c.Start, c.End)
	return first(existing), false, err
}

func first(cs []coding.Coding) coding.Coding {
	if len(cs) == 0 {
		return coding.Coding{}
	}
	return cs[0]
}

// insertCodings inserts codings whose document, code, coder and span the
// caller has checked, giving each a missing ID and creation time. Codings
// the project already has (same document, code, coder and range, or same
// ID) are skipped. It returns the codings it added.
func (a *action) insertCodings(cs []coding.Coding) ([]coding.Coding, error) {
	const insert = `INSERT INTO codings(id, document_id, code_id, coder_id, start, "end", memo, created)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	// A batch prepares the statement once; a single coding (the common
	// action) saves the round trips of preparing and closing it.
	exec := func(args ...any) (sql.Result, error) { return a.tx.Exec(insert, args...) }
	if len(cs) > 1 {
		stmt, err := a.tx.Prepare(insert)
		if err != nil {
			return nil, err
		}
		defer stmt.Close()
		exec = stmt.Exec
	}
	now := time.Now().UTC()
	nowText := formatTime(now)
	added := make([]coding.Coding, 0, len(cs))
	// Inserting in the order of the identity index keeps SQLite's pages hot.
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b coding.Coding) int {
		return cmp.Or(strings.Compare(a.DocumentID, b.DocumentID), a.Start-b.Start, a.End-b.End,
			strings.Compare(a.CodeID, b.CodeID), strings.Compare(a.CoderID, b.CoderID))
	})
	for _, c := range cs {
		if c.ID == "" {
			c.ID = coding.NewID()
		}
		if c.Created.IsZero() {
			c.Created = now
		}
		created := nowText
		if c.Created != now {
			created = formatTime(c.Created)
		}
		res, err := exec(c.ID, c.DocumentID, c.CodeID, c.CoderID, c.Start, c.End, c.Memo, created)
		if err != nil {
			return nil, fmt.Errorf("store coding %s: %w", c.Span, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		if err := a.recordInsert(entityCoding, c.ID, c); err != nil {
			return nil, err
		}
		added = append(added, c)
	}
	if len(a.set.Codings.Added) == 0 {
		a.set.Codings.Added = added
	} else {
		a.set.Codings.Added = append(a.set.Codings.Added, added...)
	}
	return added, nil
}

// RemoveCoding deletes one coding as one action.
func (p *Project) RemoveCoding(id string) error {
	return p.do("Remove coding", func(a *action) error {
		n, err := a.removeCodingsWhere("id = ?", id)
		if err == nil && n == 0 {
			err = fmt.Errorf("remove coding: no coding with id %s: %w", id, errNotFound)
		}
		return err
	})
}

func (a *action) removeCodingsWhere(cond string, args ...any) (int, error) {
	codings, err := collect(a.tx, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE "+cond, args...)
	if err != nil {
		return 0, err
	}
	for _, c := range codings {
		if err := a.remove(entityCoding, c.ID, c); err != nil {
			return 0, err
		}
	}
	return len(codings), nil
}

// SetCodingMemo replaces the memo of one coding as one action.
func (p *Project) SetCodingMemo(id, memo string) error {
	return p.do("Edit coding memo", func(a *action) error {
		codings, err := collect(a.tx, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE id = ?", id)
		if err != nil {
			return err
		}
		if len(codings) == 0 {
			return fmt.Errorf("edit memo: no coding with id %s: %w", id, errNotFound)
		}
		after := codings[0]
		after.Memo = memo
		if after == codings[0] {
			return nil
		}
		return a.put(entityCoding, id, codings[0], after)
	})
}

// Coding returns one coding by ID.
func (p *Project) Coding(id string) (coding.Coding, error) {
	cs, err := collect(p.db, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE id = ?", id)
	if err != nil {
		return coding.Coding{}, err
	}
	if len(cs) == 0 {
		return coding.Coding{}, fmt.Errorf("no coding with id %s: %w", id, errNotFound)
	}
	return cs[0], nil
}

// CodingsOf lists every coding of one document, by position.
func (p *Project) CodingsOf(documentID string) ([]coding.Coding, error) {
	return collect(p.db, scanCoding, "SELECT "+codingColumns+` FROM codings WHERE document_id = ? ORDER BY start, "end"`, documentID)
}

// CodingsWithCode lists every coding with one code, by document and position.
func (p *Project) CodingsWithCode(codeID string) ([]coding.Coding, error) {
	return collect(p.db, scanCoding, "SELECT "+codingColumns+` FROM codings WHERE code_id = ? ORDER BY document_id, start`, codeID)
}

// Filter selects codings by coder, document and code IDs; an empty list
// means all.
type Filter struct {
	Coders, Documents, Codes []string
}

// Codings lists the codings that pass the filter, by document and position.
func (p *Project) Codings(f Filter) ([]coding.Coding, error) {
	var (
		conds []string
		args  []any
	)
	for _, in := range []struct {
		column string
		ids    []string
	}{{"coder_id", f.Coders}, {"document_id", f.Documents}, {"code_id", f.Codes}} {
		if len(in.ids) == 0 {
			continue
		}
		conds = append(conds, in.column+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(in.ids)), ",")+")")
		for _, id := range in.ids {
			args = append(args, id)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return collect(p.db, scanCoding, "SELECT "+codingColumns+" FROM codings"+where+` ORDER BY document_id, start, "end"`, args...)
}

// CodingCount is the number of codings in the project.
func (p *Project) CodingCount() (int, error) {
	var n int
	err := p.db.QueryRow("SELECT COUNT(*) FROM codings").Scan(&n)
	return n, err
}

// Count is a number of codings for one key (a code or a document) and one coder.
type Count struct {
	Key, CoderID string
	N            int
}

func counts(q queryer, column string) ([]Count, error) {
	return collect(q, func(r scanner) (Count, error) {
		var c Count
		err := r.Scan(&c.Key, &c.CoderID, &c.N)
		return c, err
	}, "SELECT "+column+", coder_id, COUNT(*) FROM codings GROUP BY "+column+", coder_id")
}

// Memos lists the memos about one target, by any coder.
func (p *Project) Memos(target coding.MemoTarget, targetID string) ([]coding.Memo, error) {
	return loadMemos(p.db, target, targetID)
}

func loadMemos(q queryer, target coding.MemoTarget, targetID string) ([]coding.Memo, error) {
	return collect(q, scanMemo, "SELECT "+memoColumns+" FROM memos WHERE target = ? AND target_id = ? ORDER BY updated", string(target), targetID)
}

func (a *action) removeMemosOf(target coding.MemoTarget, targetID string) error {
	memos, err := loadMemos(a.tx, target, targetID)
	if err != nil {
		return err
	}
	for _, m := range memos {
		if err := a.remove(entityMemo, m.ID, m); err != nil {
			return err
		}
	}
	return nil
}

// CodeRequest names a coding the way people do: a coder's name, a
// document's name and a code's path.
type CodeRequest struct {
	Coder, Document, CodePath string
	Span                      coding.Span
	Memo                      string
}

// Code adds one coding named by CodeRequest as one action, creating the
// coder and the code (with its parents) when new. The document must exist
// and the span lie inside its text; otherwise nothing changes.
func (p *Project) Code(r CodeRequest) (coding.Coding, error) {
	c, _, err := p.CodeIfNew(r)
	return c, err
}

// CodeIfNew is Code that also says whether it added the coding: added is
// false when the coder had already coded that range of the document with
// that code, and then nothing changed.
func (p *Project) CodeIfNew(r CodeRequest) (c coding.Coding, added bool, err error) {
	doc, err := documentNamed(p.db, r.Document)
	if err != nil {
		return coding.Coding{}, false, err
	}
	if err := r.Span.Validate(doc.Length); err != nil {
		return coding.Coding{}, false, fmt.Errorf("%s: %w", r.Document, err)
	}
	err = p.do("Code passage", func(a *action) error {
		coder, err := a.ensureCoder(r.Coder)
		if err != nil {
			return err
		}
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		code, _, err := a.ensureCodePath(cb, r.CodePath)
		if err != nil {
			return err
		}
		c, added, err = a.addCoding(coding.Coding{DocumentID: doc.ID, CodeID: code.ID, CoderID: coder.ID, Span: r.Span, Memo: r.Memo})
		return err
	})
	return c, added, err
}

// AddCodings stores several codings as one action (for example one code
// applied to every hit of a search). Codings the project already has are
// skipped; it returns how many were added. Any invalid coding refuses them all.
func (p *Project) AddCodings(label string, cs []coding.Coding) (int, error) {
	added := 0
	err := p.do(label, func(a *action) error {
		for _, c := range cs {
			_, ok, err := a.addCoding(c)
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	return added, err
}
