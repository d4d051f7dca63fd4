package app

import (
	"cmp"
	"slices"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// State is everything the window shows apart from widgets' own state: the
// codebook, the coders, the documents (without text), the coding counts,
// the open document with its codings, who is coding and whose codings are
// shown. The Workbench owns the one State; panels get a pointer to read it
// and never change it. It changes in two ways only: Apply (a change set
// from storage, the window's own or another process's) and the setters
// below, each of which reports what it touched so that only the panels
// showing that part redraw.
type State struct {
	codebook   *coding.Codebook
	coders     []coding.Coder
	docs       []coding.Document // by name, without text
	codeCounts counts            // codings per code, by coder
	docCounts  counts            // codings per document, by coder

	doc     coding.Document // the open document, with text
	codings []coding.Coding // the open document's codings, every coder's

	coder  coding.Coder    // who is coding
	show   string          // ShowMine, ShowEveryone or ShowChosen
	chosen map[string]bool // coder IDs shown under ShowChosen
	blind  bool            // only the coder's own codings, whatever show says

	attrs *coding.AttributeTable // the attributes and every document's values
	sets  []coding.DocumentSet   // static sets and saved filters, by name
	cases []coding.Case          // cases, by name
	// the codings the cases gather as passages, by ID (those that are there)
	passages map[string]coding.Coding
	// code groups (REFI-QDA sets of codes), by name
	codeSets []coding.CodeSet

	seq int64 // the change-log position the state reflects
}

// Touched says which parts of the state a change touched.
type Touched uint16

// The parts of the state panels show.
const (
	TouchedCodebook   Touched = 1 << iota // codes: names, colours, keys, tree
	TouchedCoders                         // the list of coders
	TouchedDocuments                      // the list of documents
	TouchedCounts                         // coding counts per code or document
	TouchedCodings                        // the open document's codings
	TouchedDocument                       // which document is open
	TouchedShown                          // who codes, whose codings are shown
	TouchedAttributes                     // attributes and documents' values
	TouchedSets                           // document sets and saved filters
	TouchedCases                          // cases: their documents and values
	TouchedCodeSets                       // code groups
	TouchedAll        Touched = 1<<iota - 1
)

// counts are numbers of codings: key (code or document ID) → coder ID → n.
type counts map[string]map[string]int

func (c counts) add(key, coderID string, delta int) {
	byCoder := c[key]
	if byCoder == nil {
		byCoder = map[string]int{}
		c[key] = byCoder
	}
	byCoder[coderID] += delta
	if byCoder[coderID] <= 0 {
		delete(byCoder, coderID)
	}
}

func countsOf(list []storage.Count) counts {
	c := counts{}
	for _, n := range list {
		c.add(n.Key, n.CoderID, n.N)
	}
	return c
}

// newState is the state of a project as read at one moment.
func newState(o storage.Overview) *State {
	return &State{
		codebook:   o.Codebook,
		coders:     o.Coders,
		docs:       o.Documents,
		codeCounts: countsOf(o.CodeCounts),
		docCounts:  countsOf(o.DocumentCounts),
		show:       ShowEveryone,
		chosen:     map[string]bool{},
		attrs:      coding.NewAttributeTable(o.Attributes, o.Values),
		sets:       o.Sets,
		cases:      o.Cases,
		passages:   codingsByID(o.Passages),
		codeSets:   o.CodeSets,
		seq:        o.Seq,
	}
}

// replaceOverview takes a newly read overview, keeping the open document,
// the coder and the show choices.
func (s *State) replaceOverview(o storage.Overview, openCodings []coding.Coding) Touched {
	fresh := newState(o)
	s.codebook, s.coders, s.docs, s.codeCounts, s.docCounts, s.seq = fresh.codebook, fresh.coders, fresh.docs, fresh.codeCounts, fresh.docCounts, fresh.seq
	s.attrs, s.sets, s.cases, s.passages, s.codeSets = fresh.attrs, fresh.sets, fresh.cases, fresh.passages, fresh.codeSets
	s.codings = openCodings
	return TouchedAll &^ TouchedDocument
}

// Codebook is the project's codebook.
func (s *State) Codebook() *coding.Codebook { return s.codebook }

// Coders are the project's coders, by name.
func (s *State) Coders() []coding.Coder { return s.coders }

// Documents are the project's documents by name, without text.
func (s *State) Documents() []coding.Document { return s.docs }

// Document is the open document, with its text; its ID is empty when none is open.
func (s *State) Document() coding.Document { return s.doc }

// Codings are the open document's codings, every coder's.
func (s *State) Codings() []coding.Coding { return s.codings }

// Coder is who is coding; the ID is empty until someone said who they are.
func (s *State) Coder() coding.Coder { return s.coder }

// Show is whose codings are shown: ShowMine, ShowEveryone or ShowChosen.
func (s *State) Show() string { return s.show }

// Blind reports whether only the coder's own codings are shown.
func (s *State) Blind() bool { return s.blind }

// BlindNote says, while Blind is on, what the window hides and why; it is
// "" otherwise. Every view that leaves out other coders' codings, or
// figures built from them, because of Blind shows this sentence.
func (s *State) BlindNote() string {
	if !s.blind {
		return ""
	}
	return "Blind is on: other coders' codings, and every figure built from them, are hidden. Turn Blind off at the top of the window to see them."
}

// Chosen reports whether a coder is among those chosen under ShowChosen.
func (s *State) Chosen(coderID string) bool { return s.chosen[coderID] }

// Visible reports whether codings by this coder are shown.
func (s *State) Visible(coderID string) bool {
	if s.blind {
		return coderID == s.coder.ID
	}
	switch s.show {
	case ShowMine:
		return coderID == s.coder.ID
	case ShowChosen:
		return s.chosen[coderID]
	}
	return true
}

// CoderName is the name of the coder with this ID, or "?".
func (s *State) CoderName(id string) string {
	for _, c := range s.coders {
		if c.ID == id {
			return c.Name
		}
	}
	return "?"
}

// CodeCount is how many codings of the shown coders have this code.
func (s *State) CodeCount(codeID string) int { return s.shownSum(s.codeCounts[codeID]) }

// DocumentCounts is, for the shown coders, how many codings each has in
// this document, by coder ID.
func (s *State) DocumentCounts(docID string) map[string]int {
	out := map[string]int{}
	for coderID, n := range s.docCounts[docID] {
		if s.Visible(coderID) {
			out[coderID] = n
		}
	}
	return out
}

// CodedBy reports whether a coder (shown or not) has coded anything in a
// document.
func (s *State) CodedBy(docID, coderID string) bool { return s.docCounts[docID][coderID] > 0 }

func (s *State) shownSum(byCoder map[string]int) int {
	n := 0
	for coderID, k := range byCoder {
		if s.Visible(coderID) {
			n += k
		}
	}
	return n
}

// CodeWithKey is the code that number key k applies, if any.
func (s *State) CodeWithKey(k int) (coding.Code, bool) {
	if k < 1 {
		return coding.Code{}, false
	}
	for _, c := range s.codebook.Codes() {
		if c.Key == k {
			return c, true
		}
	}
	return coding.Code{}, false
}

// DocumentByID finds a document of the list by ID.
func (s *State) DocumentByID(id string) (coding.Document, bool) {
	i := slices.IndexFunc(s.docs, func(d coding.Document) bool { return d.ID == id })
	if i < 0 {
		return coding.Document{}, false
	}
	return s.docs[i], true
}

// setCoder makes c the one who codes.
func (s *State) setCoder(c coding.Coder) Touched {
	if c == s.coder {
		return 0
	}
	s.coder = c
	return TouchedShown
}

// setShow chooses whose codings are shown.
func (s *State) setShow(show string, chosen map[string]bool, blind bool) Touched {
	s.show, s.blind = show, blind
	if chosen != nil {
		s.chosen = chosen
	}
	return TouchedShown
}

// open makes d (with its text and codings) the open document.
func (s *State) open(d coding.Document, codings []coding.Coding) Touched {
	s.doc, s.codings = d, codings
	return TouchedDocument | TouchedCodings
}

// Apply brings the state up to date with a change set and reports what it
// touched. Change sets must come in the order the change log gives them;
// one already applied is ignored.
func (s *State) Apply(cs storage.ChangeSet) Touched {
	if cs.Seq != 0 && cs.Seq <= s.seq {
		return 0
	}
	if cs.Seq > s.seq {
		s.seq = cs.Seq
	}
	var t Touched
	if cs.Codes.Len() > 0 {
		codes := applyRows(s.codebook.Codes(), cs.Codes, func(c coding.Code) string { return c.ID })
		s.codebook = coding.NewCodebook(codes)
		t |= TouchedCodebook
	}
	if cs.Coders.Len() > 0 {
		s.coders = applyRows(s.coders, cs.Coders, func(c coding.Coder) string { return c.ID })
		slices.SortFunc(s.coders, func(a, b coding.Coder) int { return compareFold(a.Name, b.Name) })
		t |= TouchedCoders
	}
	if cs.Documents.Len() > 0 {
		s.docs = applyRows(s.docs, cs.Documents, func(d coding.Document) string { return d.ID })
		slices.SortFunc(s.docs, func(a, b coding.Document) int { return compareFold(a.Name, b.Name) })
		if d, ok := s.DocumentByID(s.doc.ID); ok {
			s.doc.Name, s.doc.Memo = d.Name, d.Memo
		}
		t |= TouchedDocuments
	}
	if cs.Codings.Len() > 0 {
		t |= TouchedCounts | s.applyCodings(cs.Codings) | s.applyPassages(cs.Codings)
	}
	return t | s.applyAttributes(cs)
}

// codingsByID is a map of codings by ID.
func codingsByID(list []coding.Coding) map[string]coding.Coding {
	m := make(map[string]coding.Coding, len(list))
	for _, c := range list {
		m[c.ID] = c
	}
	return m
}

// applyPassages keeps the cases' passages in step with the codings: a
// removed coding is no longer a passage (its case keeps its ID), one
// added again (an undone removal) or changed that a case gathers is.
func (s *State) applyPassages(rows storage.Rows[coding.Coding]) Touched {
	var t Touched
	for _, c := range rows.Removed {
		if _, ok := s.passages[c.ID]; ok {
			delete(s.passages, c.ID)
			t = TouchedCases
		}
	}
	var gathered map[string]bool
	for _, c := range s.cases {
		for _, id := range c.Passages {
			if gathered == nil {
				gathered = map[string]bool{}
			}
			gathered[id] = true
		}
	}
	if gathered == nil {
		return t
	}
	put := func(c coding.Coding) {
		if gathered[c.ID] {
			s.passages[c.ID] = c
			t = TouchedCases
		}
	}
	for _, u := range rows.Updated {
		put(u.After)
	}
	for _, c := range rows.Added {
		put(c)
	}
	return t
}

// CasePassages is the codings case c gathers as passages that are there,
// in the case's order.
func (s *State) CasePassages(c coding.Case) []coding.Coding {
	var out []coding.Coding
	for _, id := range c.Passages {
		if p, ok := s.passages[id]; ok {
			out = append(out, p)
		}
	}
	return out
}

// CaseDocuments is the IDs of the documents case c gathers, whole or by a
// passage.
func (s *State) CaseDocuments(c coding.Case) []string {
	return coding.CaseDocuments(c, s.CasePassages(c))
}

// applyAttributes applies the change set's attributes, values and sets.
func (s *State) applyAttributes(cs storage.ChangeSet) Touched {
	var t Touched
	if cs.Attributes.Len() > 0 {
		s.attrs.Attributes = applyRows(s.attrs.Attributes, cs.Attributes, func(a coding.Attribute) string { return a.ID })
		coding.SortAttributes(s.attrs.Attributes)
		t |= TouchedAttributes
	}
	if cs.Values.Len() > 0 {
		for _, v := range cs.Values.Removed {
			v.Value = ""
			s.attrs.Set(v)
		}
		for _, u := range cs.Values.Updated {
			s.attrs.Set(u.After)
		}
		for _, v := range cs.Values.Added {
			s.attrs.Set(v)
		}
		t |= TouchedAttributes
	}
	if cs.Sets.Len() > 0 {
		s.sets = applyRows(s.sets, cs.Sets, func(d coding.DocumentSet) string { return d.ID })
		slices.SortFunc(s.sets, func(a, b coding.DocumentSet) int { return compareFold(a.Name, b.Name) })
		t |= TouchedSets
	}
	if cs.Cases.Len() > 0 {
		s.cases = applyRows(s.cases, cs.Cases, func(c coding.Case) string { return c.ID })
		coding.SortCases(s.cases)
		for _, c := range cs.Passages { // the codings of the cases' passages, read with the change
			s.passages[c.ID] = c
		}
		t |= TouchedCases
	}
	if cs.CodeSets.Len() > 0 {
		s.codeSets = applyRows(s.codeSets, cs.CodeSets, func(g coding.CodeSet) string { return g.ID })
		coding.SortCodeSets(s.codeSets)
		t |= TouchedCodeSets
	}
	return t
}

// CodeSets are the project's code groups, by name.
func (s *State) CodeSets() []coding.CodeSet { return s.codeSets }

// CodeSetNamed finds a code group by name.
func (s *State) CodeSetNamed(name string) (coding.CodeSet, bool) {
	i := slices.IndexFunc(s.codeSets, func(g coding.CodeSet) bool { return g.Name == name })
	if i < 0 {
		return coding.CodeSet{}, false
	}
	return s.codeSets[i], true
}

// CaseNamed finds a case by name.
func (s *State) CaseNamed(name string) (coding.Case, bool) {
	i := slices.IndexFunc(s.cases, func(c coding.Case) bool { return c.Name == name })
	if i < 0 {
		return coding.Case{}, false
	}
	return s.cases[i], true
}

// Cases are the project's cases, by name.
func (s *State) Cases() []coding.Case { return s.cases }

// Attributes are the project's attributes, in column order.
func (s *State) Attributes() []coding.Attribute { return s.attrs.Attributes }

// Value is a document's value for an attribute ("" for none).
func (s *State) Value(docID, attrID string) string { return s.attrs.Value(docID, attrID) }

// Sets are the project's document sets and saved filters, by name.
func (s *State) Sets() []coding.DocumentSet { return s.sets }

// SetNamed finds a set by name.
func (s *State) SetNamed(name string) (coding.DocumentSet, bool) {
	i := slices.IndexFunc(s.sets, func(d coding.DocumentSet) bool { return d.Name == name })
	if i < 0 {
		return coding.DocumentSet{}, false
	}
	return s.sets[i], true
}

// SelectDocuments is the documents (in list order) in set (when not
// empty) that meet where.
func (s *State) SelectDocuments(set coding.DocumentSet, where coding.Where) ([]coding.Document, error) {
	ids := make([]string, len(s.docs))
	for i, d := range s.docs {
		ids[i] = d.ID
	}
	var err error
	if set.Name != "" {
		if ids, err = s.attrs.Members(set, ids); err != nil {
			return nil, err
		}
	}
	if ids, err = s.attrs.Select(ids, where); err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	var out []coding.Document
	for _, d := range s.docs {
		if keep[d.ID] {
			out = append(out, d)
		}
	}
	return out, nil
}

// applyCodings updates the counts and the open document's codings.
func (s *State) applyCodings(rows storage.Rows[coding.Coding]) Touched {
	count := func(c coding.Coding, delta int) {
		s.codeCounts.add(c.CodeID, c.CoderID, delta)
		s.docCounts.add(c.DocumentID, c.CoderID, delta)
	}
	open := false
	for _, c := range rows.Removed {
		count(c, -1)
		open = open || c.DocumentID == s.doc.ID
	}
	for _, u := range rows.Updated {
		count(u.Before, -1)
		count(u.After, +1)
		open = open || u.Before.DocumentID == s.doc.ID || u.After.DocumentID == s.doc.ID
	}
	for _, c := range rows.Added {
		count(c, +1)
		open = open || c.DocumentID == s.doc.ID
	}
	if !open || s.doc.ID == "" {
		return 0
	}
	inDoc := func(c coding.Coding) bool { return c.DocumentID == s.doc.ID }
	s.codings = applyRows(s.codings, filterRows(rows, inDoc), func(c coding.Coding) string { return c.ID })
	slices.SortFunc(s.codings, func(a, b coding.Coding) int { return cmp.Or(a.Start-b.Start, a.End-b.End) })
	return TouchedCodings
}

// applyRows applies one table's changes to a list of its rows, matched by ID.
func applyRows[T any](list []T, rows storage.Rows[T], id func(T) string) []T {
	drop := make(map[string]bool, len(rows.Removed)+len(rows.Updated))
	for _, r := range rows.Removed {
		drop[id(r)] = true
	}
	latest := map[string]T{}
	for _, u := range rows.Updated {
		latest[id(u.After)] = u.After
	}
	out := make([]T, 0, len(list)+len(rows.Added))
	for _, r := range list {
		switch after, ok := latest[id(r)]; {
		case drop[id(r)]:
		case ok:
			out = append(out, after)
			delete(latest, id(r))
		default:
			out = append(out, r)
		}
	}
	for _, r := range rows.Added {
		if !drop[id(r)] {
			out = append(out, r)
		}
	}
	for _, r := range latest { // updated rows the list did not have
		out = append(out, r)
	}
	return out
}

// filterRows keeps the changes whose rows pass keep.
func filterRows[T any](rows storage.Rows[T], keep func(T) bool) storage.Rows[T] {
	var out storage.Rows[T]
	for _, r := range rows.Added {
		if keep(r) {
			out.Added = append(out.Added, r)
		}
	}
	for _, r := range rows.Removed {
		if keep(r) {
			out.Removed = append(out.Removed, r)
		}
	}
	for _, u := range rows.Updated {
		switch {
		case keep(u.Before) && keep(u.After):
			out.Updated = append(out.Updated, u)
		case keep(u.After):
			out.Added = append(out.Added, u.After)
		case keep(u.Before):
			out.Removed = append(out.Removed, u.Before)
		}
	}
	return out
}

// compareFold orders names as the project lists them (case-insensitive).
func compareFold(a, b string) int {
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}
