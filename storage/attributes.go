package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"desktop/marginalia/coding"
)

// Attributes, their values and document sets. Each change is an action
// (one transaction, journalled, undoable) like a code's; the rows travel
// in change sets as ChangeSet.Attributes, Values and Sets. A value's row
// ID is coding.AttributeValue.Key (document:attribute).

func upsertAttribute(q queryer, a coding.Attribute) error {
	choices, err := json.Marshal(nonNil(a.Choices))
	if err != nil {
		return err
	}
	_, err = q.Exec(`INSERT INTO attributes(id, name, type, choices, position) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type, choices = excluded.choices, position = excluded.position`,
		a.ID, a.Name, string(a.Type), string(choices), a.Position)
	return err
}

func scanAttribute(r scanner) (coding.Attribute, error) {
	var (
		a       coding.Attribute
		typ     string
		choices string
	)
	if err := r.Scan(&a.ID, &a.Name, &typ, &choices, &a.Position); err != nil {
		return a, err
	}
	a.Type = coding.AttributeType(typ)
	if err := json.Unmarshal([]byte(choices), &a.Choices); err != nil {
		return a, fmt.Errorf("attribute %q: choices: %w", a.Name, err)
	}
	if len(a.Choices) == 0 {
		a.Choices = nil
	}
	return a, nil
}

func loadAttributes(q queryer) ([]coding.Attribute, error) {
	return collect(q, scanAttribute, "SELECT id, name, type, choices, position FROM attributes ORDER BY position, name")
}

func upsertValue(q queryer, v coding.AttributeValue) error {
	_, err := q.Exec(`INSERT INTO attribute_values(id, document_id, attribute_id, value) VALUES (?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET value = excluded.value`, v.Key(), v.DocumentID, v.AttributeID, v.Value)
	return err
}

func scanValue(r scanner) (coding.AttributeValue, error) {
	var v coding.AttributeValue
	err := r.Scan(&v.DocumentID, &v.AttributeID, &v.Value)
	return v, err
}

func loadValues(q queryer) ([]coding.AttributeValue, error) {
	return collect(q, scanValue, "SELECT document_id, attribute_id, value FROM attribute_values ORDER BY document_id, attribute_id")
}

func upsertSet(q queryer, s coding.DocumentSet) error {
	docs, err := json.Marshal(nonNil(s.Documents))
	if err != nil {
		return err
	}
	_, err = q.Exec(`INSERT INTO sets(id, name, documents, condition) VALUES (?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, documents = excluded.documents, condition = excluded.condition`,
		s.ID, s.Name, string(docs), s.Where)
	return err
}

func scanSet(r scanner) (coding.DocumentSet, error) {
	var (
		s    coding.DocumentSet
		docs string
	)
	if err := r.Scan(&s.ID, &s.Name, &docs, &s.Where); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(docs), &s.Documents); err != nil {
		return s, fmt.Errorf("set %q: documents: %w", s.Name, err)
	}
	if len(s.Documents) == 0 {
		s.Documents = nil
	}
	return s, nil
}

func loadSets(q queryer) ([]coding.DocumentSet, error) {
	return collect(q, scanSet, "SELECT id, name, documents, condition FROM sets ORDER BY name COLLATE NOCASE")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Attributes lists the project's attributes, by position.
func (p *Project) Attributes() ([]coding.Attribute, error) { return loadAttributes(p.db) }

// Sets lists the project's document sets and saved filters, by name.
func (p *Project) Sets() ([]coding.DocumentSet, error) { return loadSets(p.db) }

// AttributeTable reads the attributes and every document's values.
func (p *Project) AttributeTable() (*coding.AttributeTable, error) { return attributeTable(p.db) }

func attributeTable(q queryer) (*coding.AttributeTable, error) {
	attrs, err := loadAttributes(q)
	if err != nil {
		return nil, err
	}
	values, err := loadValues(q)
	if err != nil {
		return nil, err
	}
	return coding.NewAttributeTable(attrs, values), nil
}

// AddAttribute adds an attribute; an empty ID gets a new one, and it goes
// after the existing ones. The name must be free.
func (p *Project) AddAttribute(attr coding.Attribute) (coding.Attribute, error) {
	err := p.do("Add attribute "+attr.Name, func(a *action) error {
		var err error
		attr, err = a.addAttribute(attr)
		return err
	})
	return attr, err
}

func (a *action) addAttribute(attr coding.Attribute) (coding.Attribute, error) {
	attr.Name = strings.TrimSpace(attr.Name)
	if err := attr.Validate(); err != nil {
		return attr, err
	}
	var taken int
	if err := a.tx.QueryRow("SELECT COUNT(*) FROM attributes WHERE name = ?", attr.Name).Scan(&taken); err != nil {
		return attr, err
	}
	if taken > 0 {
		return attr, fmt.Errorf("an attribute named %q already exists", attr.Name)
	}
	if attr.ID == "" {
		attr.ID = coding.NewID()
	}
	if err := a.tx.QueryRow("SELECT COALESCE(MAX(position) + 1, 0) FROM attributes").Scan(&attr.Position); err != nil {
		return attr, err
	}
	return attr, a.put(entityAttribute, attr.ID, nil, attr)
}

// UpdateAttribute renames an attribute or changes a category's values.
// Its type stays: every value it has must still be one of its values.
func (p *Project) UpdateAttribute(attr coding.Attribute) error {
	return p.do("Edit attribute "+attr.Name, func(a *action) error {
		before, err := attributeWhere(a.tx, "id = ?", attr.ID)
		if err != nil {
			return err
		}
		attr.Name = strings.TrimSpace(attr.Name)
		attr.Type, attr.Position = before.Type, before.Position
		if err := attr.Validate(); err != nil {
			return err
		}
		var clash int
		if err := a.tx.QueryRow("SELECT COUNT(*) FROM attributes WHERE name = ? AND id <> ?", attr.Name, attr.ID).Scan(&clash); err != nil {
			return err
		}
		if clash > 0 {
			return fmt.Errorf("an attribute named %q already exists", attr.Name)
		}
		values, err := collect(a.tx, scanValue, "SELECT document_id, attribute_id, value FROM attribute_values WHERE attribute_id = ?", attr.ID)
		if err != nil {
			return err
		}
		for _, v := range values {
			if _, err := attr.Parse(v.Value); err != nil {
				return fmt.Errorf("attribute %q: a document has the value %q, which the new values leave out", attr.Name, v.Value)
			}
		}
		cases, err := casesWithAttribute(a.tx, attr.ID)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if _, err := attr.Parse(c.Value(attr.ID)); err != nil {
				return fmt.Errorf("attribute %q: case %q has the value %q, which the new values leave out", attr.Name, c.Name, c.Value(attr.ID))
			}
		}
		return a.put(entityAttribute, attr.ID, before, attr)
	})
}

// DeleteAttribute removes an attribute and every document's and case's
// value for it.
func (p *Project) DeleteAttribute(id string) error {
	return p.do("Delete attribute", func(a *action) error {
		before, err := attributeWhere(a.tx, "id = ?", id)
		if err != nil {
			return err
		}
		a.named("Delete attribute " + before.Name)
		values, err := collect(a.tx, scanValue, "SELECT document_id, attribute_id, value FROM attribute_values WHERE attribute_id = ?", id)
		if err != nil {
			return err
		}
		for _, v := range values {
			if err := a.remove(entityValue, v.Key(), v); err != nil {
				return err
			}
		}
		if err := a.dropCaseValues(id); err != nil {
			return err
		}
		return a.remove(entityAttribute, id, before)
	})
}

func attributeWhere(q queryer, cond string, args ...any) (coding.Attribute, error) {
	attr, err := scanAttribute(q.QueryRow("SELECT id, name, type, choices, position FROM attributes WHERE "+cond, args...))
	if err != nil {
		return attr, fmt.Errorf("attribute %v: %w", args, errNotFound)
	}
	return attr, nil
}

// SetValues gives documents attribute values as one action, labelled
// label: each value is checked against its attribute's type and stored in
// canonical form; an empty Value removes the document's value.
func (p *Project) SetValues(label string, values []coding.AttributeValue) error {
	return p.do(label, func(a *action) error {
		attrs := map[string]coding.Attribute{}
		for _, v := range values {
			attr, ok := attrs[v.AttributeID]
			if !ok {
				var err error
				if attr, err = attributeWhere(a.tx, "id = ?", v.AttributeID); err != nil {
					return err
				}
				attrs[attr.ID] = attr
			}
			canonical, err := attr.Parse(v.Value)
			if err != nil {
				return fmt.Errorf("%s: %w", attr.Name, err)
			}
			v.Value = canonical
			if err := a.setValue(v); err != nil {
				return err
			}
		}
		return nil
	})
}

// setValue writes one canonical value (or removes it, when empty),
// journalled; a value that does not change is not recorded.
func (a *action) setValue(v coding.AttributeValue) error {
	before, err := scanValue(a.tx.QueryRow("SELECT document_id, attribute_id, value FROM attribute_values WHERE id = ?", v.Key()))
	had := err == nil
	if err != nil && !isNoRows(err) {
		return err
	}
	switch {
	case had && v.Value == "":
		return a.remove(entityValue, v.Key(), before)
	case had && before.Value == v.Value, !had && v.Value == "":
		return nil
	case had:
		return a.put(entityValue, v.Key(), before, v)
	}
	if _, err := documentWhere(a.tx, "id = ?", v.DocumentID); err != nil {
		return fmt.Errorf("document %s: %w", v.DocumentID, err)
	}
	return a.put(entityValue, v.Key(), nil, v)
}

// AddSet adds a document set: static (Documents) or a saved filter
// (Where, which must parse). An empty ID gets a new one; the name must be
// free.
func (p *Project) AddSet(s coding.DocumentSet) (coding.DocumentSet, error) {
	label := "Add set " + s.Name
	if s.IsFilter() {
		label = "Save filter " + s.Name
	}
	err := p.do(label, func(a *action) error {
		if err := a.checkSet(&s); err != nil {
			return err
		}
		if s.ID == "" {
			s.ID = coding.NewID()
		}
		return a.put(entitySet, s.ID, nil, s)
	})
	return s, err
}

// UpdateSet changes a set's name, documents or condition.
func (p *Project) UpdateSet(s coding.DocumentSet) error {
	return p.do("Edit set "+s.Name, func(a *action) error {
		before, err := setWhere(a.tx, "id = ?", s.ID)
		if err != nil {
			return err
		}
		if err := a.checkSet(&s); err != nil {
			return err
		}
		return a.put(entitySet, s.ID, before, s)
	})
}

// DeleteSet removes a set (its documents stay).
func (p *Project) DeleteSet(id string) error {
	return p.do("Delete set", func(a *action) error {
		before, err := setWhere(a.tx, "id = ?", id)
		if err != nil {
			return err
		}
		a.named("Delete set " + before.Name)
		return a.remove(entitySet, id, before)
	})
}

func (a *action) checkSet(s *coding.DocumentSet) error {
	s.Name = strings.TrimSpace(s.Name)
	if err := coding.ValidateName("set", s.Name); err != nil {
		return err
	}
	var clash int
	if err := a.tx.QueryRow("SELECT COUNT(*) FROM sets WHERE name = ? AND id <> ?", s.Name, s.ID).Scan(&clash); err != nil {
		return err
	}
	if clash > 0 {
		return fmt.Errorf("a set named %q already exists", s.Name)
	}
	if s.IsFilter() {
		if len(s.Documents) > 0 {
			return fmt.Errorf("set %q: a saved filter has a condition, not a list of documents", s.Name)
		}
		w, err := coding.ParseWhere(s.Where)
		if err != nil {
			return fmt.Errorf("set %q: %w", s.Name, err)
		}
		table, err := attributeTable(a.tx)
		if err != nil {
			return err
		}
		if _, err := table.Compile(w); err != nil {
			return fmt.Errorf("set %q: %w", s.Name, err)
		}
		s.Where = w.String()
		return nil
	}
	seen := map[string]bool{}
	docs := s.Documents[:0:0]
	for _, id := range s.Documents {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := documentWhere(a.tx, "id = ?", id); err != nil {
			return fmt.Errorf("set %q: document %s: %w", s.Name, id, err)
		}
		docs = append(docs, id)
	}
	s.Documents = docs
	return nil
}

func setWhere(q queryer, cond string, args ...any) (coding.DocumentSet, error) {
	s, err := scanSet(q.QueryRow("SELECT id, name, documents, condition FROM sets WHERE "+cond, args...))
	if isNoRows(err) {
		return s, fmt.Errorf("set %v: %w", args, errNotFound)
	}
	return s, err
}

// SetNamed finds a set or saved filter by name (ignoring case).
func (p *Project) SetNamed(name string) (coding.DocumentSet, error) {
	s, err := setWhere(p.db, "name = ?", strings.TrimSpace(name))
	if errors.Is(err, errNotFound) {
		return s, fmt.Errorf("no set named %q in the project: %w", name, errNotFound)
	}
	return s, err
}

// ErrNoDocumentsMatch is returned by SelectDocuments when a set and
// conditions leave no document.
var ErrNoDocumentsMatch = errors.New("no documents match")

// SelectDocuments returns the documents (by name, without text) that
// belong to the set named set (when not empty) and meet every condition of
// where, in the project's order. When neither is given it returns every
// document. A selection that leaves no document is an error wrapping
// ErrNoDocumentsMatch, so that a caller never mistakes it for "all".
func (p *Project) SelectDocuments(set string, where coding.Where) ([]coding.Document, error) {
	docs, err := p.Documents()
	if err != nil || set == "" && len(where) == 0 {
		return docs, err
	}
	table, err := p.AttributeTable()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	what := where.String()
	if set != "" {
		s, err := p.SetNamed(set)
		if err != nil {
			return nil, err
		}
		if ids, err = table.Members(s, ids); err != nil {
			return nil, err
		}
		what = strings.TrimSuffix("set "+s.Name+" and "+what, " and ")
	}
	if ids, err = table.Select(ids, where); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w %s", ErrNoDocumentsMatch, what)
	}
	keep := make(map[string]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	out := docs[:0]
	for _, d := range docs {
		if keep[d.ID] {
			out = append(out, d)
		}
	}
	return out, nil
}
