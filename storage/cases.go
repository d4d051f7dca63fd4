package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"desktop/marginalia/coding"
)

// Cases: named units of analysis that gather documents and carry their own
// attribute values. A case is one row (its documents and values as JSON),
// journalled whole like a set, so each change is one undoable action; the
// rows travel in change sets as ChangeSet.Cases. Deleting an attribute
// drops it from every case's values too.

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
	_, err = q.Exec(`INSERT INTO cases(id, name, documents, attribute_values) VALUES (?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, documents = excluded.documents, attribute_values = excluded.attribute_values`,
		c.ID, c.Name, string(docs), string(vals))
	return err
}

func scanCase(r scanner) (coding.Case, error) {
	var (
		c          coding.Case
		docs, vals string
	)
	if err := r.Scan(&c.ID, &c.Name, &docs, &vals); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(docs), &c.Documents); err != nil {
		return c, fmt.Errorf("case %q: documents: %w", c.Name, err)
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

const caseColumns = "SELECT id, name, documents, attribute_values FROM cases"

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

// AddCase adds a case: its name must be free, its documents exist and its
// values fit their attributes (they are stored in canonical form). An
// empty ID gets a new one.
func (p *Project) AddCase(c coding.Case) (coding.Case, error) {
	c = c.Clone()
	err := p.do("Add case "+strings.TrimSpace(c.Name), func(a *action) error {
		if err := a.checkCase(&c); err != nil {
			return err
		}
		if c.ID == "" {
			c.ID = coding.NewID()
		}
		return a.put(entityCase, c.ID, nil, c)
	})
	return c, err
}

// UpdateCase changes a case's name, documents or values (by its ID), as
// AddCase checks them.
func (p *Project) UpdateCase(c coding.Case) error {
	c = c.Clone()
	return p.do("Edit case "+strings.TrimSpace(c.Name), func(a *action) error {
		before, err := caseWhere(a.tx, "id = ?", c.ID)
		if err != nil {
			return err
		}
		if err := a.checkCase(&c); err != nil {
			return err
		}
		return a.put(entityCase, c.ID, before, c)
	})
}

// DeleteCase removes a case (its documents stay).
func (p *Project) DeleteCase(id string) error {
	return p.do("Delete case", func(a *action) error {
		before, err := caseWhere(a.tx, "id = ?", id)
		if err != nil {
			return err
		}
		return a.remove(entityCase, id, before)
	})
}

func (a *action) checkCase(c *coding.Case) error {
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
