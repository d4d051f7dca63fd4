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
// the cases, with their values, exported members and passages (left out,
// like a static set, when an export by document leaves one none).
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
		passages, err := p.CasePassages(c)
		if err != nil {
			return err
		}
		c.Passages = nil // those whose coding is there
		travels := slices.ContainsFunc(c.Documents, func(id string) bool { return exported[id] })
		for _, pc := range passages {
			c.Passages = append(c.Passages, pc.ID)
			travels = travels || exported[pc.DocumentID]
		}
		if byDocument && len(c.Documents)+len(c.Passages) > 0 && !travels {
			continue // none of its documents or passages travel
		}
		rp.Cases = append(rp.Cases, c) // the writer keeps the members and passages it writes
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
//
// codings are the file's codings with their documents, codes and coders
// mapped onto the project's (and the file's IDs): a case's passages are
// found through them.
func (a *action) mergeAttributes(rp refi.Project, docIDs map[string]string, codings []coding.Coding, r *MergeReport) error {
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
	return a.mergeCases(rp.Cases, docIDs, codings, attrIDs, byID, r)
}

// mergeCases adds the file's cases the project lacks (a case matching one
// of the project's by GUID or name is left as the project has it), with
// their documents, their passages (each the project's coding with the
// file coding's document, code, coder and span, whether the merge added
// it or the project had it) and the values the project's attributes can
// hold (the others are left out, with a warning).
func (a *action) mergeCases(cases []coding.Case, docIDs map[string]string, codings []coding.Coding, attrIDs map[string]string, attrs map[string]coding.Attribute, r *MergeReport) error {
	have, err := loadCases(a.tx)
	if err != nil {
		return err
	}
	byFileID := make(map[string]coding.Coding, len(codings))
	for _, c := range codings {
		byFileID[c.ID] = c
	}
	unfit, lost := 0, 0
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
		for _, id := range fc.Passages {
			fileCoding, ok := byFileID[id]
			var projectID string
			if ok {
				err := a.tx.QueryRow(`SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND "end" = ?`,
					fileCoding.DocumentID, fileCoding.CodeID, fileCoding.CoderID, fileCoding.Start, fileCoding.End).Scan(&projectID)
				if err != nil && !isNoRows(err) {
					return err
				}
			}
			if projectID == "" {
				lost++
				continue
			}
			if !c.HasPassage(projectID) {
				c.Passages = append(c.Passages, projectID)
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
		if err := a.checkCase(&c, nil); err != nil {
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
	if lost > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d case passages whose codings the project does not have were left out", lost))
	}
	return nil
}
