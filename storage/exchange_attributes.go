package storage

import (
	"fmt"
	"slices"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage/refi"
)

// The attributes, values and sets of a REFI-QDA exchange: gathered for an
// export, merged from a file.

// exchangeAttributes adds to rp (whose documents are gathered) every
// attribute, the exported documents' values, and the sets: a static set
// with its exported members (left out when an export by document leaves
// it none), a saved filter with its condition and its members now; and
// the cases, with their values and exported members (left out, like a
// static set, when an export by document leaves one none).
func (p *Project) exchangeAttributes(rp *refi.Project, byDocument bool) error {
	table, err := p.AttributeTable()
	if err != nil {
		return err
	}
	rp.Attributes = table.Attributes
	ids := make([]string, len(rp.Documents))
	for i, d := range rp.Documents {
		ids[i] = d.ID
		for _, a := range table.Attributes {
			if v := table.Value(d.ID, a.ID); v != "" {
				rp.Values = append(rp.Values, coding.AttributeValue{DocumentID: d.ID, AttributeID: a.ID, Value: v})
			}
		}
	}
	sets, err := p.Sets()
	if err != nil {
		return err
	}
	for _, s := range sets {
		members, err := table.Members(s, ids)
		if err != nil {
			members = nil // a saved filter whose condition no longer compiles still travels
		}
		if !s.IsFilter() && len(members) == 0 && byDocument && len(s.Documents) > 0 {
			continue
		}
		s.Documents = members
		rp.Sets = append(rp.Sets, s)
	}
	cases, err := p.Cases()
	if err != nil {
		return err
	}
	exported := make(map[string]bool, len(ids))
	for _, id := range ids {
		exported[id] = true
	}
	for _, c := range cases {
		if byDocument && len(c.Documents) > 0 && !slices.ContainsFunc(c.Documents, func(id string) bool { return exported[id] }) {
			continue // none of its documents travel
		}
		rp.Cases = append(rp.Cases, c) // the writer keeps the members it writes
	}
	return nil
}

// mergeAttributes brings a file's attributes, values and sets into the
// project: an attribute matches by GUID, then by name (ignoring case), or
// is added; a document's value is set where the project has none (a
// different value in the project is kept, a value the project's attribute
// cannot hold is left out, both with a warning); a set matching one of the
// project's by GUID or name is left as the project has it, otherwise it is
// added (a saved filter whose condition the project cannot use is left
// out, with a warning).
func (a *action) mergeAttributes(rp refi.Project, docIDs map[string]string, r *MergeReport) error {
	attrs, err := loadAttributes(a.tx)
	if err != nil {
		return err
	}
	attrIDs := map[string]string{}
	byID := map[string]coding.Attribute{}
	for _, fa := range rp.Attributes {
		i := slices.IndexFunc(attrs, func(x coding.Attribute) bool { return x.ID == fa.ID })
		if i < 0 {
			i = slices.IndexFunc(attrs, func(x coding.Attribute) bool { return strings.EqualFold(x.Name, fa.Name) })
		}
		if i >= 0 {
			attrIDs[fa.ID], byID[attrs[i].ID] = attrs[i].ID, attrs[i]
			continue
		}
		added, err := a.addAttribute(fa)
		if err != nil {
			return fmt.Errorf("attribute %q: %w", fa.Name, err)
		}
		attrs = append(attrs, added)
		attrIDs[fa.ID], byID[added.ID] = added.ID, added
		r.AttributesAdded++
	}
	var kept, unfit int
	for _, v := range rp.Values {
		attr, doc := byID[attrIDs[v.AttributeID]], docIDs[v.DocumentID]
		if attr.ID == "" || doc == "" {
			return fmt.Errorf("a value refers to an attribute or document the file does not define")
		}
		value, err := attr.Parse(v.Value)
		if err != nil {
			unfit++
			continue
		}
		mapped := coding.AttributeValue{DocumentID: doc, AttributeID: attr.ID, Value: value}
		before, err := scanValue(a.tx.QueryRow("SELECT document_id, attribute_id, value FROM attribute_values WHERE id = ?", mapped.Key()))
		switch {
		case err == nil && before.Value != value:
			kept++
			continue
		case err == nil:
			continue
		case !isNoRows(err):
			return err
		}
		if err := a.setValue(mapped); err != nil {
			return err
		}
		r.ValuesSet++
	}
	if kept > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d attribute values differ between the project and the file; the project's are kept", kept))
	}
	if unfit > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d attribute values the project's attributes cannot hold were left out", unfit))
	}
	sets, err := loadSets(a.tx)
	if err != nil {
		return err
	}
	for _, s := range rp.Sets {
		if slices.ContainsFunc(sets, func(x coding.DocumentSet) bool { return x.ID == s.ID || strings.EqualFold(x.Name, s.Name) }) {
			continue
		}
		var docs []string
		for _, id := range s.Documents {
			if doc := docIDs[id]; doc != "" {
				docs = append(docs, doc)
			}
		}
		if s.IsFilter() {
			docs = nil
		}
		s.Documents = docs
		if err := a.checkSet(&s); err != nil {
			if s.IsFilter() {
				r.Warnings = append(r.Warnings, fmt.Sprintf("saved filter %q left out: %v", s.Name, err))
				continue
			}
			return err
		}
		if s.ID == "" {
			s.ID = coding.NewID()
		}
		if err := a.put(entitySet, s.ID, nil, s); err != nil {
			return err
		}
		sets = append(sets, s)
		r.SetsAdded++
	}
	return a.mergeCases(rp.Cases, docIDs, attrIDs, byID, r)
}

// mergeCases adds the file's cases the project lacks (a case matching one
// of the project's by GUID or name is left as the project has it), with
// their documents and the values the project's attributes can hold (the
// others are left out, with a warning).
func (a *action) mergeCases(cases []coding.Case, docIDs, attrIDs map[string]string, attrs map[string]coding.Attribute, r *MergeReport) error {
	have, err := loadCases(a.tx)
	if err != nil {
		return err
	}
	unfit := 0
	for _, fc := range cases {
		if slices.ContainsFunc(have, func(x coding.Case) bool { return x.ID == fc.ID || strings.EqualFold(x.Name, fc.Name) }) {
			continue
		}
		c := coding.Case{ID: fc.ID, Name: fc.Name}
		for _, id := range fc.Documents {
			if doc := docIDs[id]; doc != "" {
				c.Documents = append(c.Documents, doc)
			}
		}
		for id, raw := range fc.Values {
			attr := attrs[attrIDs[id]]
			if attr.ID == "" {
				return fmt.Errorf("case %q: a value refers to an attribute the file does not define", fc.Name)
			}
			v, err := attr.Parse(raw)
			if err != nil {
				unfit++
				continue
			}
			if v != "" {
				if c.Values == nil {
					c.Values = map[string]string{}
				}
				c.Values[attr.ID] = v
			}
		}
		if err := a.checkCase(&c); err != nil {
			return err
		}
		if c.ID == "" {
			c.ID = coding.NewID()
		}
		if err := a.put(entityCase, c.ID, nil, c); err != nil {
			return err
		}
		have = append(have, c)
		r.CasesAdded++
	}
	if unfit > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d case values the project's attributes cannot hold were left out", unfit))
	}
	return nil
}
