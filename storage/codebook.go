package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"desktop/marginalia/coding"
)

// Codebook returns the project's codes as a tree.
func (p *Project) Codebook() (*coding.Codebook, error) {
	codes, err := loadCodes(p.db)
	if err != nil {
		return nil, err
	}
	return coding.NewCodebook(codes), nil
}

// Coders lists the project's coders by name.
func (p *Project) Coders() ([]coding.Coder, error) { return loadCoders(p.db) }

// CoderNamed finds a coder by name (ignoring case).
func (p *Project) CoderNamed(name string) (coding.Coder, error) {
	c, err := coderNamed(p.db, name)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("no coder named %q in the project: %w", name, errNotFound)
	}
	return c, err
}

// EnsureCoder returns the coder with the given name, adding it when new.
func (p *Project) EnsureCoder(name string) (coding.Coder, error) {
	if c, err := coderNamed(p.db, strings.TrimSpace(name)); err == nil {
		return c, nil // no action, so that a read-only project has its coders too
	}
	var c coding.Coder
	err := p.do("Add coder "+name, func(a *action) error {
		var err error
		c, err = a.ensureCoder(name)
		return err
	})
	return c, err
}

func (a *action) ensureCoder(name string) (coding.Coder, error) {
	name = strings.TrimSpace(name)
	if err := coding.ValidateName("coder", name); err != nil {
		return coding.Coder{}, err
	}
	if c, err := coderNamed(a.tx, name); err == nil {
		return c, nil
	}
	c := coding.Coder{ID: coding.NewID(), Name: name}
	return c, a.put(entityCoder, c.ID, nil, c)
}

func (a *action) codebook() (*coding.Codebook, error) {
	codes, err := loadCodes(a.tx)
	if err != nil {
		return nil, err
	}
	return coding.NewCodebook(codes), nil
}

// AddCode adds a code to the codebook. An empty ID gets a new one, an empty
// colour the next palette colour; the name must be free among its siblings.
func (p *Project) AddCode(c coding.Code) (coding.Code, error) {
	err := p.do("Add code "+c.Name, func(a *action) error {
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		c, err = a.addCode(cb, c)
		return err
	})
	return c, err
}

func (a *action) addCode(cb *coding.Codebook, c coding.Code) (coding.Code, error) {
	c.Name = strings.TrimSpace(c.Name)
	if err := coding.ValidateCodeName(c.Name); err != nil {
		return c, err
	}
	if c.ParentID != "" {
		if _, ok := cb.Code(c.ParentID); !ok {
			return c, fmt.Errorf("add code %q: no parent code with id %s", c.Name, c.ParentID)
		}
	}
	if other, ok := cb.Child(c.ParentID, c.Name); ok {
		return c, fmt.Errorf("add code: %q already exists", cb.Path(other.ID))
	}
	if c.ID == "" {
		c.ID = coding.NewID()
	}
	if c.Color == "" {
		c.Color = coding.FreshColor(cb)
	}
	var err error
	if c.Color, err = coding.NormalizeColor(c.Color); err != nil {
		return c, fmt.Errorf("add code %q: %w", c.Name, err)
	}
	c.Position = len(cb.Children(c.ParentID))
	if c.Key < 0 || c.Key > coding.MaxKey || c.Key > 0 && keyHolder(cb, c.Key) != "" {
		c.Key = 0
	}
	if c.Key == 0 && c.Codable {
		c.Key = freeKey(cb)
	}
	return c, a.put(entityCode, c.ID, nil, c)
}

// keyHolder is the ID of the code that has number key k, or "".
func keyHolder(cb *coding.Codebook, k int) string {
	for _, c := range cb.Codes() {
		if c.Key == k {
			return c.ID
		}
	}
	return ""
}

// freeKey is the lowest number key no code has, or 0 when all are taken.
func freeKey(cb *coding.Codebook) int {
	for k := 1; k <= coding.MaxKey; k++ {
		if keyHolder(cb, k) == "" {
			return k
		}
	}
	return 0
}

// assignFirstKeys gives the first nine codable codes, in tree order, the
// keys 1–9: what the window showed before codes kept their keys (schema 2).
func assignFirstKeys(tx *sql.Tx) error {
	codes, err := loadCodes(tx)
	if err != nil {
		return err
	}
	k := 1
	for _, c := range coding.NewCodebook(codes).Codes() {
		if c.Codable && k <= coding.MaxKey {
			if _, err := tx.Exec("UPDATE codes SET key = ? WHERE id = ?", k, c.ID); err != nil {
				return err
			}
			k++
		}
	}
	return nil
}

// EnsureCodePath returns the code at path ("Parent > Child"), creating it
// and any missing parents.
func (p *Project) EnsureCodePath(path string) (coding.Code, error) {
	var c coding.Code
	err := p.do("Add code "+path, func(a *action) error {
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		c, _, err = a.ensureCodePath(cb, path)
		return err
	})
	return c, err
}

// ensureCodePath finds or creates the code at path; it returns the
// codebook, rebuilt when codes were added.
func (a *action) ensureCodePath(cb *coding.Codebook, path string) (coding.Code, *coding.Codebook, error) {
	parts, err := coding.SplitPath(path)
	if err != nil {
		return coding.Code{}, cb, err
	}
	var c coding.Code
	parent := ""
	for _, name := range parts {
		if existing, ok := cb.Child(parent, name); ok {
			c = existing
		} else {
			if c, err = a.addCode(cb, coding.Code{Name: name, ParentID: parent, Codable: true}); err != nil {
				return c, cb, err
			}
			if cb, err = a.codebook(); err != nil {
				return c, cb, err
			}
		}
		parent = c.ID
	}
	return c, cb, nil
}

// UpdateCode stores a user's edit of a code: seen is the code as the
// caller read it (the window's copy), edited the same code after the
// user's changes (name, parent, colour, codable flag, description, memo or
// number key). Only the fields that differ between seen and edited are
// written; every other field keeps the value it has in the project now,
// which a colleague may have changed since seen was read. So when two
// people edit the same code at once, the later edit wins field by field,
// and the change set holds the code as it now is, so that both windows
// show the merged result. Moving a code under itself or next to a sibling
// of the same name is refused. A key another code has moves to this one.
func (p *Project) UpdateCode(seen, edited coding.Code) error {
	if seen.ID != edited.ID {
		return fmt.Errorf("edit code %q: the edited code (id %s) is not the one read (id %s)", edited.Name, edited.ID, seen.ID)
	}
	return p.do("Edit code "+strings.TrimSpace(edited.Name), func(a *action) error {
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		before, ok := cb.Code(edited.ID)
		if !ok {
			return fmt.Errorf("edit code %q: no code with id %s (someone may have deleted or merged it): %w", edited.Name, edited.ID, errNotFound)
		}
		c := mergeCodeEdit(before, seen, edited)
		c.Name = strings.TrimSpace(c.Name)
		if err := coding.ValidateCodeName(c.Name); err != nil {
			return err
		}
		if c.Color, err = coding.NormalizeColor(c.Color); err != nil {
			return fmt.Errorf("edit code %q: %w", c.Name, err)
		}
		if c.ParentID != "" {
			if _, ok := cb.Code(c.ParentID); !ok {
				return fmt.Errorf("edit code %q: no parent code with id %s", c.Name, c.ParentID)
			}
		}
		renamed := before
		renamed.Name = c.Name
		if err := coding.NewCodebook(replaceCode(cb.Codes(), renamed)).CheckMove(c.ID, c.ParentID); err != nil {
			return err
		}
		if c.ParentID != before.ParentID {
			c.Position = len(cb.Children(c.ParentID))
		}
		if c == before {
			return nil
		}
		if c.Key < 0 || c.Key > coding.MaxKey {
			return fmt.Errorf("edit code %q: key %d: choose 1–%d, or none", c.Name, c.Key, coding.MaxKey)
		}
		if holder := keyHolder(cb, c.Key); c.Key != 0 && holder != "" && holder != c.ID {
			other, _ := cb.Code(holder)
			keyless := other
			keyless.Key = 0
			if err := a.put(entityCode, holder, other, keyless); err != nil {
				return err
			}
		}
		return a.put(entityCode, c.ID, before, c)
	})
}

// mergeCodeEdit is the code current with the fields the user changed
// (those in which edited differs from seen) taken from edited.
func mergeCodeEdit(current, seen, edited coding.Code) coding.Code {
	c := current
	pick := func(dst *string, seen, edited string) {
		if edited != seen {
			*dst = edited
		}
	}
	if strings.TrimSpace(edited.Name) != strings.TrimSpace(seen.Name) {
		c.Name = edited.Name
	}
	pick(&c.ParentID, seen.ParentID, edited.ParentID)
	if !strings.EqualFold(edited.Color, seen.Color) {
		c.Color = edited.Color
	}
	if edited.Codable != seen.Codable {
		c.Codable = edited.Codable
	}
	pick(&c.Description.Definition, seen.Description.Definition, edited.Description.Definition)
	pick(&c.Description.WhenToUse, seen.Description.WhenToUse, edited.Description.WhenToUse)
	pick(&c.Description.WhenNotToUse, seen.Description.WhenNotToUse, edited.Description.WhenNotToUse)
	pick(&c.Description.Example, seen.Description.Example, edited.Description.Example)
	pick(&c.Memo, seen.Memo, edited.Memo)
	if edited.Key != seen.Key {
		c.Key = edited.Key
	}
	return c
}

func replaceCode(codes []coding.Code, c coding.Code) []coding.Code {
	for i := range codes {
		if codes[i].ID == c.ID {
			codes[i] = c
		}
	}
	return codes
}

// DeleteCode removes a code, its sub-codes and all their codings. It
// returns how many codings went with them. On a team project only the
// lead may delete a code that other coders' codings use (the window asks
// the lead to confirm first); a coder allowed to change the codebook is
// refused, with an error wrapping ErrNotPermitted that says how many.
func (p *Project) DeleteCode(id string) (int, error) {
	removed := 0
	var name string
	cb, err := p.Codebook()
	if err == nil {
		c, _ := cb.Code(id)
		name = c.Name
	}
	err = p.do("Delete code "+name, func(a *action) error {
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		c, ok := cb.Code(id)
		if !ok {
			return fmt.Errorf("delete code: no code with id %s: %w", id, errNotFound)
		}
		ids := append([]string{c.ID}, cb.Descendants(c.ID)...)
		if t := a.p.team; t != nil && !t.Lead {
			others, err := a.othersCodeWith(ids)
			if err != nil {
				return err
			}
			if others {
				under := ""
				if len(ids) > 1 {
					under = " and its sub-codes"
				}
				return fmt.Errorf("%w: delete code %q on %s: other coders have codings with it%s; only the lead may delete it (or they recode those passages first)",
					ErrNotPermitted, cb.Path(c.ID), t.Project, under)
			}
		}
		slices.Reverse(ids) // children before parents
		for _, codeID := range ids {
			n, err := a.removeCodingsWhere("code_id = ?", codeID)
			if err != nil {
				return err
			}
			removed += n
			code, _ := cb.Code(codeID)
			if err := a.removeMemosOf(coding.MemoOnCode, codeID); err != nil {
				return err
			}
			if err := a.remove(entityCode, codeID, code); err != nil {
				return err
			}
		}
		return a.dropFromCodeSets(ids...)
	})
	return removed, err
}

// othersCodeWith reports whether coders other than the connected one have
// codings with the codes ids, on a team project. The server answers (the
// function others_code_with, teamsecurity.go), so that the answer includes
// the codings the blind phase hides from this login; it gives no count.
func (a *action) othersCodeWith(ids []string) (bool, error) {
	var has bool
	if err := a.tx.QueryRow("SELECT others_code_with(?)", strings.Join(ids, ",")).Scan(&has); err != nil {
		return false, fmt.Errorf("delete code: asking whether other coders use it: %w", err)
	}
	return has, nil
}

// CountCodingsUnder is how many codings DeleteCode(id) would remove.
func (p *Project) CountCodingsUnder(id string) (int, error) {
	cb, err := p.Codebook()
	if err != nil {
		return 0, err
	}
	total := 0
	for _, codeID := range append([]string{id}, cb.Descendants(id)...) {
		var n int
		if err := p.db.QueryRow("SELECT COUNT(*) FROM codings WHERE code_id = ?", codeID).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// MergeCode moves every coding of code from onto code into, then deletes
// from; from's sub-codes move under into. A coding that into already has
// (same document, coder and range) is dropped rather than duplicated. It
// returns how many codings moved.
func (p *Project) MergeCode(from, into string) (int, error) {
	moved := 0
	err := p.do("Merge codes", func(a *action) error {
		cb, err := a.codebook()
		if err != nil {
			return err
		}
		src, ok1 := cb.Code(from)
		_, ok2 := cb.Code(into)
		if !ok1 || !ok2 || from == into {
			return errors.New("merge codes: choose two different existing codes")
		}
		if slices.Contains(cb.Descendants(from), into) {
			return fmt.Errorf("merge codes: %q is inside %q", cb.Path(into), cb.Path(from))
		}
		if t := a.p.team; t != nil && !t.Lead {
			others, err := a.othersCodeWith([]string{from})
			if err != nil {
				return err
			}
			if others {
				return fmt.Errorf("%w: merge code %q on %s: other coders have codings with it; only the lead may merge it away",
					ErrNotPermitted, cb.Path(from), t.Project)
			}
		}
		codings, err := collect(a.tx, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE code_id = ?", from)
		if err != nil {
			return err
		}
		// The codings into already has (same document, coder and range) go;
		// the others move. Three statements however many codings there are
		// (a round trip each, on a team project, under its write lock).
		const twin = `EXISTS (SELECT 1 FROM codings twin WHERE twin.code_id = ? AND twin.document_id = codings.document_id
	AND twin.coder_id = codings.coder_id AND twin.start = codings.start AND twin."end" = codings."end")`
		dups, err := collect(a.tx, func(r scanner) (string, error) {
			var id string
			return id, r.Scan(&id)
		}, "SELECT id FROM codings WHERE code_id = ? AND "+twin, from, into)
		if err != nil {
			return err
		}
		dropped := map[string]bool{}
		for _, id := range dups {
			dropped[id] = true
		}
		if _, err := a.tx.Exec("DELETE FROM codings WHERE code_id = ? AND "+twin, from, into); err != nil {
			return err
		}
		res, err := a.tx.Exec("UPDATE codings SET code_id = ? WHERE code_id = ?", into, from)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || int(n) != len(codings)-len(dups) {
			return fmt.Errorf("merge codes: %d of %d codings could be moved (%v): %w", n, len(codings)-len(dups), err, ErrNotPermitted)
		}
		for _, c := range codings {
			if dropped[c.ID] {
				err = a.journalOnly(entityCoding, c.ID, c, nil)
			} else {
				recoded := c
				recoded.CodeID = into
				err = a.journalOnly(entityCoding, c.ID, c, recoded)
				moved++
			}
			if err != nil {
				return err
			}
		}
		for _, childID := range cb.Children(from) {
			child, _ := cb.Code(childID)
			movedChild := child
			movedChild.ParentID = into
			if _, clash := cb.Child(into, child.Name); clash {
				return fmt.Errorf("merge codes: %q already has a sub-code named %q", cb.Path(into), child.Name)
			}
			if err := a.put(entityCode, childID, child, movedChild); err != nil {
				return err
			}
		}
		if err := a.removeMemosOf(coding.MemoOnCode, from); err != nil {
			return err
		}
		if err := a.mergeInCodeSets(from, into); err != nil {
			return err
		}
		return a.remove(entityCode, from, src)
	})
	return moved, err
}

// AddCodes adds several codes as one action, parents before their
// children (a code's ParentID may name a code earlier in the list). Codes
// without an ID get one.
func (p *Project) AddCodes(codes []coding.Code) error {
	return p.do(fmt.Sprintf("Add %d codes", len(codes)), func(a *action) error {
		for _, c := range codes {
			cb, err := a.codebook()
			if err != nil {
				return err
			}
			if _, err := a.addCode(cb, c); err != nil {
				return err
			}
		}
		return nil
	})
}
