package storage

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"desktop/marginalia/coding"
)

// Code groups (code sets): named groups of codes, REFI-QDA's <Sets> of
// <MemberCode>s. A group is one row (its code IDs as JSON), journalled
// whole like a document set, so each change is one undoable action; the
// rows travel in change sets as ChangeSet.CodeSets. Deleting or merging a
// code drops it from every group in the same action.

func upsertCodeSet(q queryer, s coding.CodeSet) error {
	codes, err := json.Marshal(nonNil(s.Codes))
	if err != nil {
		return err
	}
	_, err = q.Exec(`INSERT INTO code_sets(id, name, description, codes) VALUES (?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description, codes = excluded.codes`,
		s.ID, s.Name, s.Description, string(codes))
	return err
}

func scanCodeSet(r scanner) (coding.CodeSet, error) {
	var (
		s     coding.CodeSet
		codes string
	)
	if err := r.Scan(&s.ID, &s.Name, &s.Description, &codes); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(codes), &s.Codes); err != nil {
		return s, fmt.Errorf("code group %q: codes: %w", s.Name, err)
	}
	if len(s.Codes) == 0 {
		s.Codes = nil
	}
	return s, nil
}

const codeSetColumns = "SELECT id, name, description, codes FROM code_sets"

func loadCodeSets(q queryer) ([]coding.CodeSet, error) {
	sets, err := collect(q, scanCodeSet, codeSetColumns)
	coding.SortCodeSets(sets)
	return sets, err
}

func codeSetWhere(q queryer, cond string, args ...any) (coding.CodeSet, error) {
	s, err := scanCodeSet(q.QueryRow(codeSetColumns+" WHERE "+cond, args...))
	if isNoRows(err) {
		return s, fmt.Errorf("code group %v: %w", args, errNotFound)
	}
	return s, err
}

// CodeSets lists the project's code groups, by name.
func (p *Project) CodeSets() ([]coding.CodeSet, error) { return loadCodeSets(p.db) }

// CodeSetNamed finds a code group by name (ignoring case).
func (p *Project) CodeSetNamed(name string) (coding.CodeSet, error) {
	sets, err := loadCodeSets(p.db)
	if err != nil {
		return coding.CodeSet{}, err
	}
	name = strings.TrimSpace(name)
	if i := slices.IndexFunc(sets, func(s coding.CodeSet) bool { return strings.EqualFold(s.Name, name) }); i >= 0 {
		return sets[i], nil
	}
	return coding.CodeSet{}, fmt.Errorf("no code group named %q in the project: %w", name, errNotFound)
}

// AddCodeSet adds a code group: its name must be free and its codes
// exist (a code listed twice is kept once). An empty ID gets a new one.
func (p *Project) AddCodeSet(s coding.CodeSet) (coding.CodeSet, error) {
	s = s.Clone()
	err := p.do("Add code group "+strings.TrimSpace(s.Name), func(a *action) error {
		return a.addCodeSet(&s)
	})
	return s, err
}

func (a *action) addCodeSet(s *coding.CodeSet) error {
	if err := a.checkCodeSet(s); err != nil {
		return err
	}
	if s.ID == "" {
		s.ID = coding.NewID()
	}
	return a.put(entityCodeSet, s.ID, nil, *s)
}

// UpdateCodeSet changes a code group's name, description or codes (by its
// ID), as AddCodeSet checks them.
func (p *Project) UpdateCodeSet(s coding.CodeSet) error {
	s = s.Clone()
	return p.do("Edit code group "+strings.TrimSpace(s.Name), func(a *action) error {
		before, err := codeSetWhere(a.tx, "id = ?", s.ID)
		if err != nil {
			return err
		}
		if err := a.checkCodeSet(&s); err != nil {
			return err
		}
		return a.put(entityCodeSet, s.ID, before, s)
	})
}

// DeleteCodeSet removes a code group (its codes stay).
func (p *Project) DeleteCodeSet(id string) error {
	return p.do("Delete code group", func(a *action) error {
		before, err := codeSetWhere(a.tx, "id = ?", id)
		if err != nil {
			return err
		}
		a.named("Delete code group " + before.Name)
		return a.remove(entityCodeSet, id, before)
	})
}

func (a *action) checkCodeSet(s *coding.CodeSet) error {
	s.Name = strings.TrimSpace(s.Name)
	if err := coding.ValidateName("code group", s.Name); err != nil {
		return err
	}
	sets, err := loadCodeSets(a.tx)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(sets, func(x coding.CodeSet) bool { return x.ID != s.ID && strings.EqualFold(x.Name, s.Name) }) {
		return fmt.Errorf("a code group named %q already exists", s.Name)
	}
	cb, err := a.codebook()
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	codes := s.Codes[:0:0]
	for _, id := range s.Codes {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, ok := cb.Code(id); !ok {
			return fmt.Errorf("code group %q: code %s is not in the codebook: %w", s.Name, id, errNotFound)
		}
		codes = append(codes, id)
	}
	s.Codes = codes
	if len(s.Codes) == 0 {
		s.Codes = nil
	}
	return nil
}

// dropFromCodeSets removes codes from every code group that holds them,
// journalled (a code being deleted or merged away).
func (a *action) dropFromCodeSets(codeIDs ...string) error {
	sets, err := loadCodeSets(a.tx)
	if err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, id := range codeIDs {
		gone[id] = true
	}
	for _, before := range sets {
		if !slices.ContainsFunc(before.Codes, func(id string) bool { return gone[id] }) {
			continue
		}
		after := before.Clone()
		after.Codes = slices.DeleteFunc(after.Codes, func(id string) bool { return gone[id] })
		if len(after.Codes) == 0 {
			after.Codes = nil
		}
		if err := a.put(entityCodeSet, after.ID, before, after); err != nil {
			return err
		}
	}
	return nil
}

// mergeInCodeSets puts code into in every group that holds code from, in
// from's place (a merge of from into into), journalled.
func (a *action) mergeInCodeSets(from, into string) error {
	sets, err := loadCodeSets(a.tx)
	if err != nil {
		return err
	}
	for _, before := range sets {
		i := slices.Index(before.Codes, from)
		if i < 0 {
			continue
		}
		after := before.Clone()
		if slices.Contains(after.Codes, into) {
			after.Codes = slices.Delete(after.Codes, i, i+1)
		} else {
			after.Codes[i] = into
		}
		if len(after.Codes) == 0 {
			after.Codes = nil
		}
		if err := a.put(entityCodeSet, after.ID, before, after); err != nil {
			return err
		}
	}
	return nil
}

// mergeCodeSets brings a file's code groups into the project: a group
// matches one of the project's by GUID, then by name (ignoring case), and
// gains the file's members it lacks (members are never taken away);
// otherwise it is added. codeIDs maps the file's code IDs to the
// project's; a member the map lacks is left out. It returns how many
// groups were added and how many gained codes.
func (a *action) mergeCodeSets(groups []coding.CodeSet, codeIDs map[string]string) (added, extended int, err error) {
	have, err := loadCodeSets(a.tx)
	if err != nil {
		return 0, 0, err
	}
	for _, fg := range groups {
		var members []string
		for _, id := range fg.Codes {
			if mapped := codeIDs[id]; mapped != "" && !slices.Contains(members, mapped) {
				members = append(members, mapped)
			}
		}
		i := slices.IndexFunc(have, func(x coding.CodeSet) bool { return x.ID == fg.ID })
		if i < 0 {
			i = slices.IndexFunc(have, func(x coding.CodeSet) bool { return strings.EqualFold(x.Name, strings.TrimSpace(fg.Name)) })
		}
		if i >= 0 {
			before := have[i]
			after := before.Clone()
			for _, id := range members {
				if !after.Has(id) {
					after.Codes = append(after.Codes, id)
				}
			}
			if len(after.Codes) == len(before.Codes) {
				continue
			}
			if err := a.put(entityCodeSet, after.ID, before, after); err != nil {
				return added, extended, err
			}
			have[i] = after
			extended++
			continue
		}
		g := coding.CodeSet{ID: fg.ID, Name: fg.Name, Description: fg.Description, Codes: members}
		if slices.ContainsFunc(have, func(x coding.CodeSet) bool { return x.ID == g.ID }) {
			g.ID = ""
		}
		if err := a.addCodeSet(&g); err != nil {
			return added, extended, fmt.Errorf("code group %q: %w", fg.Name, err)
		}
		have = append(have, g)
		added++
	}
	return added, extended, nil
}
