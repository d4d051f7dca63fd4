package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"desktop/marginalia/coding"
)

// Cases: named units of analysis that gather documents and passages and
// carry their own attribute values. A case is one row (its documents,
// passages and values as JSON), journalled whole like a set, so each
// change is one undoable action; the rows travel in change sets as
// ChangeSet.Cases. Deleting an attribute drops it from every case's
// values too.
//
// A passage is a coding's ID. Removing a coding (RemoveCoding, deleting or
// merging its code, undoing its addition, another coder's action on a team
// project) does not touch the cases that gather it: the case keeps the ID
// and every reader ignores the passages whose coding is not there
// (CasePassages, list --json, REFI-QDA export, the window). That is the
// one rule that holds everywhere: on a team project a coder may remove
// their codings but not edit cases, and a blind coder cannot see the
// other coders' codings a case gathers; and an undone removal brings the
// coding back under its ID, so the case gathers it again with nothing
// else to undo.

func upsertCase(q queryer, c coding.Case) error {
	docs, err := json.Marshal(nonNil(c.Documents))
	if err != nil {
		return err
	}
	values := c.Values
	if values == nil {
		values = map[string]string{}
	}
	vals, err := json.Marshal(values)
	if err != nil {
		return err
	}
	passages, err := json.Marshal(nonNil(c.Passages))
	if err != nil {
		return err
	}
	_, err = q.Exec(`INSERT INTO cases(id, name, documents, passages, attribute_values) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, documents = excluded.documents, passages = excluded.passages, attribute_values = excluded.attribute_values`,
		c.ID, c.Name, string(docs), string(passages), string(vals))
	return err
}

func scanCase(r scanner) (coding.Case, error) {
	var (
		c                    coding.Case
		docs, passages, vals string
	)
	if err := r.Scan(&c.ID, &c.Name, &docs, &passages, &vals); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(docs), &c.Documents); err != nil {
		return c, fmt.Errorf("case %q: documents: %w", c.Name, err)
	}
	if err := json.Unmarshal([]byte(passages), &c.Passages); err != nil {
		return c, fmt.Errorf("case %q: passages: %w", c.Name, err)
	}
	if len(c.Passages) == 0 {
		c.Passages = nil
	}
	if err := json.Unmarshal([]byte(vals), &c.Values); err != nil {
		return c, fmt.Errorf("case %q: values: %w", c.Name, err)
	}
	if len(c.Documents) == 0 {
		c.Documents = nil
	}
	if len(c.Values) == 0 {
		c.Values = nil
	}
	return c, nil
}

const caseColumns = "SELECT id, name, documents, passages, attribute_values FROM cases"

func loadCases(q queryer) ([]coding.Case, error) {
	return collect(q, scanCase, caseColumns+" ORDER BY name COLLATE NOCASE")
}

func caseWhere(q queryer, cond string, args ...any) (coding.Case, error) {
	c, err := scanCase(q.QueryRow(caseColumns+" WHERE "+cond, args...))
	if isNoRows(err) {
		return c, fmt.Errorf("case %v: %w", args, errNotFound)
	}
	return c, err
}

// Cases lists the project's cases, by name.
func (p *Project) Cases() ([]coding.Case, error) { return loadCases(p.db) }

// CaseNamed finds a case by name (ignoring case).
func (p *Project) CaseNamed(name string) (coding.Case, error) {
	c, err := caseWhere(p.db, "name = ?", strings.TrimSpace(name))
	if errors.Is(err, errNotFound) {
		return c, fmt.Errorf("no case named %q in the project: %w", name, errNotFound)
	}
	return c, err
}

// AddCase adds a case: its name must be free, its documents and the
// codings of its passages exist and its values fit their attributes (they
// are stored in canonical form). An empty ID gets a new one.
func (p *Project) AddCase(c coding.Case) (coding.Case, error) {
	c = c.Clone()
	err := p.do("Add case "+strings.TrimSpace(c.Name), func(a *action) error {
		if err := a.checkCase(&c, nil); err != nil {
			return err
		}
		if c.ID == "" {
			c.ID = coding.NewID()
		}
		return a.put(entityCase, c.ID, nil, c)
	})
	return c, err
}

// UpdateCase changes a case's name, documents, passages or values (by its
// ID), as AddCase checks them; the passages it already had are kept as
// they are, their codings there or not.
func (p *Project) UpdateCase(c coding.Case) error {
	c = c.Clone()
	return p.do("Edit case "+strings.TrimSpace(c.Name), func(a *action) error {
		before, err := caseWhere(a.tx, "id = ?", c.ID)
		if err != nil {
			return err
		}
		if err := a.checkCase(&c, &before); err != nil {
			return err
		}
		return a.put(entityCase, c.ID, before, c)
	})
}

// AddCasePassages adds codings' passages to a case, as one undoable
// action; those it gathers already stay where they are.
func (p *Project) AddCasePassages(caseID string, codingIDs ...string) error {
	return p.changePassages(caseID, "Add passage to case ", func(c *coding.Case) {
		for _, id := range codingIDs {
			if !c.HasPassage(id) {
				c.Passages = append(c.Passages, id)
			}
		}
	})
}

// RemoveCasePassages takes codings' passages out of a case, as one
// undoable action (the codings stay).
func (p *Project) RemoveCasePassages(caseID string, codingIDs ...string) error {
	return p.changePassages(caseID, "Remove passage from case ", func(c *coding.Case) {
		c.Passages = slices.DeleteFunc(c.Passages, func(id string) bool { return slices.Contains(codingIDs, id) })
	})
}

func (p *Project) changePassages(caseID, label string, change func(*coding.Case)) error {
	named, err := caseWhere(p.db, "id = ?", caseID)
	if err != nil {
		return err
	}
	return p.do(label+named.Name, func(a *action) error {
		before, err := caseWhere(a.tx, "id = ?", caseID)
		if err != nil {
			return err
		}
		after := before.Clone()
		change(&after)
		if err := a.checkCase(&after, &before); err != nil {
			return err
		}
		if slices.Equal(after.Passages, before.Passages) {
			return nil // nothing to add or remove: no entry
		}
		return a.put(entityCase, caseID, before, after)
	})
}

// CasePassages is the codings a case gathers as passages, in the case's
// order, leaving out those that are no longer there (or that this coder
// may not see).
func (p *Project) CasePassages(c coding.Case) ([]coding.Coding, error) {
	return passagesOf(p.db, c.Passages)
}

// CaseDocuments is the IDs of the documents a case gathers, whole or by
// a passage whose coding is there: its documents, then those of its
// passages, each once.
func (p *Project) CaseDocuments(c coding.Case) ([]string, error) {
	passages, err := p.CasePassages(c)
	if err != nil {
		return nil, err
	}
	return coding.CaseDocuments(c, passages), nil
}

// passagesOf is the codings of ids that q holds, in the order of ids,
// each once.
func passagesOf(q queryer, ids []string) ([]coding.Coding, error) {
	found := make(map[string]coding.Coding, len(ids))
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		args := make([]any, len(part))
		for j, id := range part {
			args[j] = id
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		codings, err := collect(q, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE id IN ("+marks+")", args...)
		if err != nil {
			return nil, err
		}
		for _, c := range codings {
			found[c.ID] = c
		}
	}
	out := make([]coding.Coding, 0, len(found))
	for _, id := range ids {
		if c, ok := found[id]; ok {
			out = append(out, c)
			delete(found, id)
		}
	}
	return out, nil
}

// casePassages is the codings every case gathers (each once).
func casePassages(q queryer, cases []coding.Case) ([]coding.Coding, error) {
	var ids []string
	for _, c := range cases {
		ids = append(ids, c.Passages...)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return passagesOf(q, ids)
}

// gatherPassages puts into cs.Passages the codings that the cases cs adds
// or changes gather, as q holds them now, so that a window learns the
// passages of a case from its change set.
func (cs *ChangeSet) gatherPassages(q queryer) error {
	if cs.Cases.Len() == 0 {
		return nil
	}
	cases := slices.Clone(cs.Cases.Added)
	for _, u := range cs.Cases.Updated {
		cases = append(cases, u.After)
	}
	var err error
	cs.Passages, err = casePassages(q, cases)
	return err
}

// DeleteCase removes a case (its documents stay).
func (p *Project) DeleteCase(id string) error {
	return p.do("Delete case", func(a *action) error {
		before, err := caseWhere(a.tx, "id = ?", id)
		if err != nil {
			return err
		}
		a.named("Delete case " + before.Name)
		return a.remove(entityCase, id, before)
	})
}

// checkCase checks a case and puts it in canonical form; before is the
// case as stored, nil for a new one. A passage it did not have before must
// be a coding of the project; one it had stays, coding there or not.
func (a *action) checkCase(c *coding.Case, before *coding.Case) error {
	c.Name = strings.TrimSpace(c.Name)
	if err := coding.ValidateName("case", c.Name); err != nil {
		return err
	}
	var clash int
	if err := a.tx.QueryRow("SELECT COUNT(*) FROM cases WHERE name = ? AND id <> ?", c.Name, c.ID).Scan(&clash); err != nil {
		return err
	}
	if clash > 0 {
		return fmt.Errorf("a case named %q already exists", c.Name)
	}
	seen := map[string]bool{}
	docs := c.Documents[:0:0]
	for _, id := range c.Documents {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := documentWhere(a.tx, "id = ?", id); err != nil {
			return fmt.Errorf("case %q: document %s: %w", c.Name, id, err)
		}
		docs = append(docs, id)
	}
	c.Documents = docs
	if len(c.Documents) == 0 {
		c.Documents = nil
	}
	passages := c.Passages[:0:0]
	for _, id := range c.Passages {
		if seen[id] {
			continue
		}
		seen[id] = true
		if before == nil || !before.HasPassage(id) {
			var n int
			if err := a.tx.QueryRow("SELECT COUNT(*) FROM codings WHERE id = ?", id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("case %q: passage %s: no such coding in the project: %w", c.Name, id, errNotFound)
			}
		}
		passages = append(passages, id)
	}
	c.Passages = passages
	if len(c.Passages) == 0 {
		c.Passages = nil
	}
	if len(c.Values) == 0 {
		c.Values = nil
		return nil
	}
	attrs, err := loadAttributes(a.tx)
	if err != nil {
		return err
	}
	byID := make(map[string]coding.Attribute, len(attrs))
	for _, at := range attrs {
		byID[at.ID] = at
	}
	return c.CheckValues(byID)
}

// casesWithAttribute lists the cases that have a value for the attribute.
func casesWithAttribute(q queryer, attrID string) ([]coding.Case, error) {
	cases, err := loadCases(q)
	if err != nil {
		return nil, err
	}
	var out []coding.Case
	for _, c := range cases {
		if c.Value(attrID) != "" {
			out = append(out, c)
		}
	}
	return out, nil
}

// dropCaseValues removes every case's value for an attribute, journalled.
func (a *action) dropCaseValues(attrID string) error {
	cases, err := casesWithAttribute(a.tx, attrID)
	if err != nil {
		return err
	}
	for _, before := range cases {
		after := before.Clone()
		delete(after.Values, attrID)
		if len(after.Values) == 0 {
			after.Values = nil
		}
		if err := a.put(entityCase, after.ID, before, after); err != nil {
			return err
		}
	}
	return nil
}
