package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage/refi"
)

// CodeChange is one line of a codebook import preview.
type CodeChange struct {
	Kind   string // "add", "rename", "recolour", "move", "describe", "codable", "unchanged"
	Path   string // the code's path after the import
	Detail string // e.g. "was Trust", "#2E86DE → #FF0000"
}

// CodebookPlan is what importing a codebook does (or did) to the project.
type CodebookPlan struct {
	Source   string
	Changes  []CodeChange
	Warnings []string
	// GroupsAdded and GroupsExtended count the code groups added and the
	// project's groups that gained codes (codesets.go).
	GroupsAdded, GroupsExtended int
}

// Count is the number of changes of one kind.
func (pl CodebookPlan) Count(kind string) int {
	n := 0
	for _, c := range pl.Changes {
		if c.Kind == kind {
			n++
		}
	}
	return n
}

// Summary is a one-line account of the plan.
func (pl CodebookPlan) Summary() string {
	var parts []string
	for _, kind := range []string{"add", "rename", "recolour", "move", "describe", "codable", "unchanged"} {
		if n := pl.Count(kind); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, map[string]string{"add": "added", "rename": "renamed", "recolour": "recoloured",
				"move": "moved", "describe": "redescribed", "codable": "made codable or category", "unchanged": "left alone"}[kind]))
		}
	}
	s := pl.Source + ": codes " + strings.Join(parts, ", ")
	if pl.GroupsAdded+pl.GroupsExtended > 0 {
		s += fmt.Sprintf("; code groups %d added, %d extended", pl.GroupsAdded, pl.GroupsExtended)
	}
	return s
}

// errPreview rolls back a codebook import run as a preview.
var errPreview = errors.New("preview")

// PreviewCodebook says what ImportCodebook would do, changing nothing.
func (p *Project) PreviewCodebook(cb refi.Codebook, source string) (CodebookPlan, error) {
	plan, err := p.importCodebook(cb, source, true)
	if errors.Is(err, errPreview) {
		err = nil
	}
	return plan, err
}

// ImportCodebook brings a codebook file's codes into the project as one
// action. A file code matches a project code by GUID, otherwise by path
// (ignoring case); a matched code takes the file's name, colour, parent,
// codable flag and (non-empty) description; an unmatched code is added,
// keeping the file's GUID. Project codes absent from the file are left alone.
func (p *Project) ImportCodebook(cb refi.Codebook, source string) (CodebookPlan, error) {
	return p.importCodebook(cb, source, false)
}

func (p *Project) importCodebook(cb refi.Codebook, source string, preview bool) (CodebookPlan, error) {
	plan := CodebookPlan{Source: source, Warnings: cb.Warnings}
	err := p.do("Import codebook "+source, func(a *action) error {
		changes, ids, err := a.mergeCodes(cb.Codes, true)
		if err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		plan.Changes = changes
		if plan.GroupsAdded, plan.GroupsExtended, err = a.mergeCodeSets(cb.Sets, ids); err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		if preview {
			return errPreview
		}
		return nil
	})
	return plan, err
}

// mergeCodes matches file codes (parents first) to the project's codes and
// adds the missing ones. With update, matched codes take the file's
// attributes. It returns the changes and a map from file code IDs to
// project code IDs.
func (a *action) mergeCodes(codes []coding.Code, update bool) ([]CodeChange, map[string]string, error) {
	cb, err := a.codebook()
	if err != nil {
		return nil, nil, err
	}
	fileBook := coding.NewCodebook(codes)
	ids := map[string]string{}
	var changes []CodeChange
	for _, fc := range fileBook.Codes() {
		parent := ids[fc.ParentID]
		existing, found := cb.Code(fc.ID)
		if !found {
			existing, found = cb.Child(parent, fc.Name)
		}
		if !found {
			add := fc
			add.ParentID = parent
			if _, taken := cb.Code(add.ID); taken || add.ID == "" {
				add.ID = ""
			}
			c, err := a.addCode(cb, add)
			if err != nil {
				return nil, nil, fmt.Errorf("code %q: %w", fileBook.Path(fc.ID), err)
			}
			if cb, err = a.codebook(); err != nil {
				return nil, nil, err
			}
			ids[fc.ID] = c.ID
			changes = append(changes, CodeChange{Kind: "add", Path: cb.Path(c.ID)})
			continue
		}
		ids[fc.ID] = existing.ID
		if !update {
			continue
		}
		after := existing
		var kinds []CodeChange
		if after.Name != fc.Name {
			kinds = append(kinds, CodeChange{Kind: "rename", Detail: "was " + existing.Name})
			after.Name = fc.Name
		}
		if fc.Color != "" && after.Color != fc.Color {
			kinds = append(kinds, CodeChange{Kind: "recolour", Detail: after.Color + " → " + fc.Color})
			after.Color = fc.Color
		}
		if after.ParentID != parent {
			kinds = append(kinds, CodeChange{Kind: "move", Detail: "was under " + orTop(cb.Path(after.ParentID))})
			after.ParentID = parent
			after.Position = len(cb.Children(parent))
		}
		if !fc.Description.IsZero() && after.Description != fc.Description {
			kinds = append(kinds, CodeChange{Kind: "describe"})
			after.Description = fc.Description
		}
		if after.Codable != fc.Codable {
			kinds = append(kinds, CodeChange{Kind: "codable", Detail: map[bool]string{true: "now codable", false: "now a category"}[fc.Codable]})
			after.Codable = fc.Codable
		}
		if len(kinds) == 0 {
			changes = append(changes, CodeChange{Kind: "unchanged", Path: cb.Path(existing.ID)})
			continue
		}
		if err := coding.NewCodebook(replaceCode(cb.Codes(), after)).CheckMove(after.ID, after.ParentID); err != nil {
			return nil, nil, fmt.Errorf("code %q: %w", fileBook.Path(fc.ID), err)
		}
		if err := a.put(entityCode, after.ID, existing, after); err != nil {
			return nil, nil, err
		}
		if cb, err = a.codebook(); err != nil {
			return nil, nil, err
		}
		for _, k := range kinds {
			k.Path = cb.Path(after.ID)
			changes = append(changes, k)
		}
	}
	return changes, ids, nil
}

func orTop(path string) string {
	if path == "" {
		return "(top level)"
	}
	return path
}

// MergeReport says what MergeProject did.
type MergeReport struct {
	Source                           string
	DocumentsMatched, DocumentsAdded int
	CodesMatched, CodesAdded         int
	CodersMatched, CodersAdded       int
	CodingsAdded                     map[string]int // coder name -> codings added
	CodingsAlreadyThere              int
	AttributesAdded, ValuesSet       int // attributes added, documents' values set
	SetsAdded                        int
	CasesAdded                       int
	CodeSetsAdded, CodeSetsExtended  int // code groups (codesets.go)
	Warnings                         []string
}

// Summary is a short account of the merge (the warnings not included).
func (r MergeReport) Summary() string {
	var per []string
	for name, n := range r.CodingsAdded {
		per = append(per, fmt.Sprintf("%s %d", name, n))
	}
	sort.Strings(per)
	total := 0
	for _, n := range r.CodingsAdded {
		total += n
	}
	s := fmt.Sprintf("%s: documents %d matched, %d added; codes %d matched, %d added; coders %d matched, %d added; codings %d added",
		r.Source, r.DocumentsMatched, r.DocumentsAdded, r.CodesMatched, r.CodesAdded, r.CodersMatched, r.CodersAdded, total)
	if len(per) > 0 {
		s += " (" + strings.Join(per, ", ") + ")"
	}
	s += fmt.Sprintf(", %d already in the project", r.CodingsAlreadyThere)
	if r.AttributesAdded+r.ValuesSet+r.SetsAdded+r.CasesAdded > 0 {
		s += fmt.Sprintf("; attributes %d added, %d values set; sets %d added", r.AttributesAdded, r.ValuesSet, r.SetsAdded)
	}
	if r.CasesAdded > 0 {
		s += fmt.Sprintf("; cases %d added", r.CasesAdded)
	}
	if r.CodeSetsAdded+r.CodeSetsExtended > 0 {
		s += fmt.Sprintf("; code groups %d added, %d extended", r.CodeSetsAdded, r.CodeSetsExtended)
	}
	return s
}

// MergeProject merges a REFI-QDA project (another coder's work) into this
// one as one action. Documents match by GUID (when the text is the same),
// then by the SHA-256 of their text, whatever their name, each project
// document matching at most one of the file's (so two sources with the
// same text stay two documents); codes by GUID, then by path; coders by
// GUID, then by name; attributes and sets as mergeAttributes says.
// What does not match is added. A coding the project already has (same
// document, code, coder and range) is not added again, so merging the same
// file twice adds nothing. On any error nothing changes.
func (p *Project) MergeProject(rp refi.Project, source string) (MergeReport, error) {
	r := MergeReport{Source: source, CodingsAdded: map[string]int{}, Warnings: slices.Clone(rp.Warnings)}
	err := p.do("Merge "+source, func(a *action) error {
		docIDs := map[string]string{}
		lengths := map[string]int{}
		claimed := map[string]bool{}
		memosKept := 0
		for _, d := range rp.Documents {
			added, err := a.mergeDocument(d, claimed)
			if err != nil {
				return fmt.Errorf("%s: %w", source, err)
			}
			if added.Existing {
				r.DocumentsMatched++
				if m := strings.TrimSpace(d.Memo); m != "" && !strings.Contains(added.Document.Memo, m) {
					memosKept++
				}
			} else {
				r.DocumentsAdded++
			}
			docIDs[d.ID] = added.Document.ID
			lengths[added.Document.ID] = added.Document.Length
		}
		coderIDs := map[string]string{}
		coderNames := map[string]string{}
		for _, c := range rp.Coders {
			id, added, err := a.matchCoder(c)
			if err != nil {
				return fmt.Errorf("%s: coder %q: %w", source, c.Name, err)
			}
			if added {
				r.CodersAdded++
			} else {
				r.CodersMatched++
			}
			coderIDs[c.ID] = id
			coderNames[id] = c.Name
		}
		changes, codeIDs, err := a.mergeCodes(rp.Codes, false)
		if err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		r.CodesAdded = len(changes)
		r.CodesMatched = len(rp.Codes) - len(changes)
		batch := make([]coding.Coding, 0, len(rp.Codings))
		for _, c := range rp.Codings {
			mapped := c
			mapped.DocumentID, mapped.CodeID, mapped.CoderID = docIDs[c.DocumentID], codeIDs[c.CodeID], coderIDs[c.CoderID]
			if mapped.DocumentID == "" || mapped.CodeID == "" || mapped.CoderID == "" {
				return fmt.Errorf("%s: coding %s refers to a document, code or coder the file does not define", source, c.ID)
			}
			if err := mapped.Span.Validate(lengths[mapped.DocumentID]); err != nil {
				return fmt.Errorf("%s: coding %s: %w", source, c.ID, err)
			}
			batch = append(batch, mapped)
		}
		added, err := a.insertCodings(batch)
		if err != nil {
			return err
		}
		for _, c := range added {
			r.CodingsAdded[coderNames[c.CoderID]]++
		}
		r.CodingsAlreadyThere = len(batch) - len(added)
		if memosKept > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d documents matched in the project have a different memo in the file; the project's memos are kept", memosKept))
		}
		left, err := a.mergeMemos(rp.Memos, docIDs, codeIDs, coderIDs, batch)
		if left > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d memos on codings the project does not have were left out", left))
		}
		if err != nil {
			return err
		}
		if err := a.mergeAttributes(rp, docIDs, batch, &r); err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		if r.CodeSetsAdded, r.CodeSetsExtended, err = a.mergeCodeSets(rp.CodeSets, codeIDs); err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		return nil
	})
	if err != nil {
		return MergeReport{}, err
	}
	return r, nil
}

// matchCoder finds a file's coder in the project by ID, then by name, or adds it.
func (a *action) matchCoder(c coding.Coder) (id string, added bool, err error) {
	var existing string
	if err := a.tx.QueryRow("SELECT id FROM coders WHERE id = ?", c.ID).Scan(&existing); err == nil {
		return existing, false, nil
	}
	if named, err := coderNamed(a.tx, c.Name); err == nil {
		return named.ID, false, nil
	}
	if err := coding.ValidateName("coder", c.Name); err != nil {
		return "", false, err
	}
	if c.ID == "" {
		c.ID = coding.NewID()
	}
	return c.ID, true, a.put(entityCoder, c.ID, nil, c)
}

// mergeMemos adds the file's memos whose targets are in the project and
// that it does not have yet. A memo on a coding the project already had
// (under another ID) goes to that coding. It returns how many memos were
// left out because their target is not in the project.
func (a *action) mergeMemos(memos []coding.Memo, docIDs, codeIDs, coderIDs map[string]string, codings []coding.Coding) (int, error) {
	left := 0
	var byID map[string]coding.Coding
	for _, m := range memos {
		switch m.Target {
		case coding.MemoOnDocument:
			m.TargetID = docIDs[m.TargetID]
		case coding.MemoOnCode:
			m.TargetID = codeIDs[m.TargetID]
		case coding.MemoOnCoding:
			if byID == nil {
				byID = make(map[string]coding.Coding, len(codings))
				for _, c := range codings {
					byID[c.ID] = c
				}
			}
			c, ok := byID[m.TargetID]
			m.TargetID = ""
			if ok {
				err := a.tx.QueryRow(`SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? AND code_id = ? AND coder_id = ?`,
					c.DocumentID, c.Start, c.End, c.CodeID, c.CoderID).Scan(&m.TargetID)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return left, err
				}
			}
		}
		m.CoderID = coderIDs[m.CoderID]
		var n int
		if err := a.tx.QueryRow("SELECT COUNT(*) FROM memos WHERE id = ?", m.ID).Scan(&n); err != nil {
			return left, err
		}
		if n > 0 {
			continue
		}
		if m.Target != coding.MemoOnProject && m.TargetID == "" {
			left++
			continue
		}
		if m.ID == "" {
			m.ID = coding.NewID()
		}
		if err := a.put(entityMemo, m.ID, nil, m); err != nil {
			return left, err
		}
	}
	return left, nil
}

// ExportCodebook writes the codebook, with its code groups, as a
// REFI-QDA .qdc file.
func (p *Project) ExportCodebook(w io.Writer) error {
	cb, err := p.Codebook()
	if err != nil {
		return err
	}
	groups, err := p.CodeSets()
	if err != nil {
		return err
	}
	return refi.WriteCodebook(w, cb.Codes(), groups...)
}

// ExchangeProject gathers the codings that pass the filter, with their
// documents, the whole codebook, the coders, the attributes with the
// documents' values and the sets, for a REFI-QDA export.
func (p *Project) ExchangeProject(f Filter) (refi.Project, error) {
	var rp refi.Project
	rp.Name = strings.TrimSuffix(fileBase(p.path), ".qdb")
	cb, err := p.Codebook()
	if err != nil {
		return rp, err
	}
	rp.Codes = cb.Codes()
	if rp.CodeSets, err = p.CodeSets(); err != nil {
		return rp, err
	}
	if rp.Codings, err = p.Codings(f); err != nil {
		return rp, err
	}
	coders, err := p.Coders()
	if err != nil {
		return rp, err
	}
	for _, c := range coders {
		if len(f.Coders) == 0 || slices.Contains(f.Coders, c.ID) {
			rp.Coders = append(rp.Coders, c)
		}
	}
	docs, err := p.Documents()
	if err != nil {
		return rp, err
	}
	for _, d := range docs {
		if len(f.Documents) == 0 || slices.Contains(f.Documents, d.ID) {
			full, err := p.withText(d)
			if err != nil {
				return rp, err
			}
			rp.Documents = append(rp.Documents, full)
		}
	}
	if err := p.exchangeAttributes(&rp, len(f.Documents) > 0); err != nil {
		return rp, err
	}
	// Memos on the project, the codes, and the documents and codings exported.
	exported := map[coding.MemoTarget]map[string]bool{coding.MemoOnProject: {"": true},
		coding.MemoOnCode: {}, coding.MemoOnDocument: {}, coding.MemoOnCoding: {}}
	for _, c := range rp.Codes {
		exported[coding.MemoOnCode][c.ID] = true
	}
	for _, d := range rp.Documents {
		exported[coding.MemoOnDocument][d.ID] = true
	}
	for _, c := range rp.Codings {
		exported[coding.MemoOnCoding][c.ID] = true
	}
	memos, err := collect(p.db, scanMemo, "SELECT "+memoColumns+" FROM memos ORDER BY updated, id")
	if err != nil {
		return rp, err
	}
	for _, m := range memos {
		if exported[m.Target][m.TargetID] {
			rp.Memos = append(rp.Memos, m)
		}
	}
	return rp, nil
}

func fileBase(path string) string { return path[strings.LastIndexAny(path, `/\`)+1:] }
