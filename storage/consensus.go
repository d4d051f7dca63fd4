package storage

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// ConsensusOptions say how Consensus codes a consensus from the coders'
// codings.
type ConsensusOptions struct {
	Coders []string // the compared coders' names
	// Rule is coding.RuleUnion, RuleIntersection or RuleTake (with Take,
	// a coder's name, who need not be among Coders).
	Rule, Take string
	As         string   // the consensus coder's name; coding.ConsensusName when empty
	Documents  []string // document names; none means every document
	// Replace removes the consensus coder's codings in the documents, and
	// the decisions of the disagreements resolved there one by one
	// (Resolve), first; without it a consensus coder who has either there
	// is refused.
	Replace bool
}

// ConsensusResult says what Consensus wrote.
type ConsensusResult struct {
	Coder     coding.Coder
	Codings   int // codings written
	Removed   int // the consensus coder's codings replaced
	Documents int // documents considered
}

// ErrConsensusExists is returned by Consensus when the consensus coder
// already has codings in the documents and Replace is not set.
var ErrConsensusExists = errors.New("the consensus coder already has codings")

// Consensus codes, per code and document, the characters the rule gives
// (coding.ConsensusSpans) as maximal runs coded by the consensus coder
// (created when new), as one undoable action; the coders' own codings are
// kept.
func (p *Project) Consensus(opt ConsensusOptions) (ConsensusResult, error) {
	var res ConsensusResult
	if opt.As = strings.TrimSpace(opt.As); opt.As == "" {
		opt.As = coding.ConsensusName
	}
	names := slices.Clone(opt.Coders)
	if opt.Rule == coding.RuleTake {
		if opt.Take == "" {
			return res, errors.New("take: name the coder whose codings the consensus takes")
		}
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, opt.Take) }) {
			names = append(names, opt.Take)
		}
	} else if len(names) < 2 {
		return res, fmt.Errorf("a %s consensus needs at least two coders (got %d)", opt.Rule, len(names))
	}
	var coderIDs []string
	byName := map[string]string{}
	for _, n := range names {
		c, err := p.CoderNamed(n)
		if err != nil {
			return res, err
		}
		if strings.EqualFold(c.Name, opt.As) {
			return res, fmt.Errorf("the consensus coder %q is one of the coders compared: give the consensus another name", opt.As)
		}
		coderIDs = append(coderIDs, c.ID)
		byName[strings.ToLower(n)] = c.ID
	}
	if _, err := coding.ConsensusSpans(opt.Rule, nil, nil, ""); err != nil {
		return res, err
	}
	var docIDs []string
	for _, n := range opt.Documents {
		d, err := documentNamed(p.db, n)
		if err != nil {
			return res, err
		}
		docIDs = append(docIDs, d.ID)
	}
	codings, err := p.Codings(Filter{Coders: coderIDs, Documents: docIDs})
	if err != nil {
		return res, err
	}
	type key struct{ doc, code string }
	groups := map[key]map[string][]coding.Span{}
	docs := map[string]bool{}
	for _, c := range codings {
		k := key{c.DocumentID, c.CodeID}
		if groups[k] == nil {
			groups[k] = map[string][]coding.Span{}
		}
		groups[k][c.CoderID] = append(groups[k][c.CoderID], c.Span)
		docs[c.DocumentID] = true
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(strings.Compare(a.doc, b.doc), strings.Compare(a.code, b.code)) })
	compared := coderIDs
	if opt.Rule == coding.RuleTake {
		compared = coderIDs[:len(opt.Coders)]
	}
	take := byName[strings.ToLower(opt.Take)]
	var out []coding.Coding
	for _, k := range keys {
		spans, err := coding.ConsensusSpans(opt.Rule, compared, groups[k], take)
		if err != nil {
			return res, err
		}
		for _, s := range spans {
			out = append(out, coding.Coding{DocumentID: k.doc, CodeID: k.code, Span: s})
		}
	}
	if len(docIDs) > 0 {
		res.Documents = len(docIDs)
	} else {
		res.Documents = len(docs)
	}
	label := fmt.Sprintf("Consensus %s (%s of %s)", opt.As, opt.Rule, strings.Join(opt.Coders, ", "))
	err = p.do(label, func(a *action) error {
		coder, err := a.ensureCoder(opt.As)
		if err != nil {
			return err
		}
		res.Coder = coder
		where, args := "coder_id = ?", []any{coder.ID}
		if len(docIDs) > 0 {
			where += " AND document_id IN (" + strings.TrimSuffix(strings.Repeat("?,", len(docIDs)), ",") + ")"
			for _, id := range docIDs {
				args = append(args, id)
			}
		}
		var had int
		if err := a.tx.QueryRow("SELECT COUNT(*) FROM codings WHERE "+where, args...).Scan(&had); err != nil {
			return err
		}
		// Disagreements resolved one by one (Resolve) are part of the
		// consensus too, "neither" included: a rule replaces them.
		decided, err := collect(a.tx, scanDecision, "SELECT "+decisionColumns+" FROM consensus_decisions WHERE "+where, args...)
		if err != nil {
			return err
		}
		if (had > 0 || len(decided) > 0) && !opt.Replace {
			has := coding.Plural(had, "coding")
			if len(decided) > 0 {
				has += " and " + coding.Plural(len(decided), "resolved disagreement")
			}
			return fmt.Errorf("%w: %s has %s", ErrConsensusExists, coder.Name, has)
		}
		for _, d := range decided {
			if err := a.remove(entityDecision, d.ID, d); err != nil {
				return err
			}
		}
		if res.Removed, err = a.removeCodingsWhere(where, args...); err != nil {
			return err
		}
		for i := range out {
			out[i].CoderID = coder.ID
		}
		added, err := a.insertCodings(out)
		res.Codings = len(added)
		return err
	})
	return res, err
}

// Resolution is one disagreement resolved into the consensus: within the
// stretch Within of a code in a document, the consensus coder codes Keep
// (clipped to Within) and nothing else; outside it the consensus coder's
// codings are kept.
type Resolution struct {
	As         string // the consensus coder's name; coding.ConsensusName when empty
	DocumentID string
	CodeID     string
	Within     coding.Span
	Keep       []coding.Span
	// Rule is how Keep was chosen, kept in the decision Resolve records
	// (coding.RuleUnion, RuleIntersection, RuleTake, RuleNeither or
	// RuleAdjusted); coding.RuleAdjusted when empty.
	Rule string
	// Memo, when not empty, is the reason for the choice, kept as the memo
	// of the consensus codings it writes; without it a coding that is
	// merged with earlier ones keeps their memos.
	Memo string
	// Label names the action in the undo history ("Resolve disagreement"
	// when empty).
	Label string
}

// Resolve writes a resolution as one undoable action: the consensus coder
// (created when new) has its codings of the code in the document that
// overlap or touch the stretch replaced by maximal runs (coding.Replace),
// and a decision (coding.Decision) records that the stretch is resolved,
// replacing the decisions of stretches within it. It changes nothing, and
// journals nothing, when the consensus already codes exactly that and the
// same decision is recorded.
func (p *Project) Resolve(r Resolution) (coding.Coder, error) {
	if r.As = strings.TrimSpace(r.As); r.As == "" {
		r.As = coding.ConsensusName
	}
	if r.Label == "" {
		r.Label = "Resolve disagreement"
	}
	if r.Rule == "" {
		r.Rule = coding.RuleAdjusted
	}
	var coder coding.Coder
	err := p.do(r.Label, func(a *action) error {
		var length int
		if err := a.tx.QueryRow("SELECT length FROM documents WHERE id = ?", r.DocumentID).Scan(&length); err != nil {
			return fmt.Errorf("resolve: no document with id %s", r.DocumentID)
		}
		if err := r.Within.Validate(length); err != nil {
			return fmt.Errorf("resolve: %w", err)
		}
		for _, s := range r.Keep {
			if err := s.Validate(length); err != nil {
				return fmt.Errorf("resolve: keep: %w", err)
			}
		}
		var err error
		if coder, err = a.ensureCoder(r.As); err != nil {
			return err
		}
		old, err := collect(a.tx, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE coder_id = ? AND document_id = ? AND code_id = ? AND start <= ? AND \"end\" >= ?",
			coder.ID, r.DocumentID, r.CodeID, r.Within.End, r.Within.Start)
		if err != nil {
			return err
		}
		decided, err := collect(a.tx, scanDecision, "SELECT "+decisionColumns+" FROM consensus_decisions WHERE coder_id = ? AND document_id = ? AND code_id = ? AND start >= ? AND \"end\" <= ?",
			coder.ID, r.DocumentID, r.CodeID, r.Within.Start, r.Within.End)
		if err != nil {
			return err
		}
		if err := a.decide(coder.ID, r, decided); err != nil {
			return err
		}
		spans := make([]coding.Span, len(old))
		for i, c := range old {
			spans[i] = c.Span
		}
		runs := coding.Replace(spans, r.Within, r.Keep)
		if r.Memo == "" && sameRuns(old, runs) {
			return nil // the codings are so already
		}
		for _, c := range old {
			if err := a.remove(entityCoding, c.ID, c); err != nil {
				return err
			}
		}
		var out []coding.Coding
		for _, s := range runs {
			memo := r.Memo
			if memo == "" || !s.Overlaps(r.Within) {
				memo = joinMemos(old, s)
			}
			out = append(out, coding.Coding{DocumentID: r.DocumentID, CodeID: r.CodeID, CoderID: coder.ID, Span: s, Memo: memo})
		}
		_, err = a.insertCodings(out)
		return err
	})
	return coder, err
}

// entityDecision is the journal's name for a coding.Decision; its table is
// consensus_decisions.
const entityDecision entity = "consensus_decision"

const decisionColumns = `id, coder_id, document_id, code_id, start, "end", rule, decided`

func scanDecision(r scanner) (coding.Decision, error) {
	var (
		d       coding.Decision
		decided string
	)
	err := r.Scan(&d.ID, &d.CoderID, &d.DocumentID, &d.CodeID, &d.Within.Start, &d.Within.End, &d.Rule, &decided)
	d.Decided = parseTime(decided)
	return d, err
}

func upsertDecision(q queryer, d coding.Decision) error {
	_, err := q.Exec(`INSERT INTO consensus_decisions (`+decisionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET coder_id = excluded.coder_id, document_id = excluded.document_id, code_id = excluded.code_id,
start = excluded.start, "end" = excluded."end", rule = excluded.rule, decided = excluded.decided`,
		d.ID, d.CoderID, d.DocumentID, d.CodeID, d.Within.Start, d.Within.End, d.Rule, formatTime(d.Decided))
	return err
}

// decide records the resolution's decision in the action: decisions of
// stretches within r.Within (decided) are replaced by it, and one of the
// same stretch is updated. It records nothing when that decision is
// recorded already.
func (a *action) decide(coderID string, r Resolution, decided []coding.Decision) error {
	d := coding.Decision{ID: coding.NewID(), CoderID: coderID, DocumentID: r.DocumentID, CodeID: r.CodeID, Within: r.Within, Rule: r.Rule, Decided: time.Now().UTC()}
	var before *coding.Decision
	for _, x := range decided {
		if x.Within != r.Within || before != nil {
			if err := a.remove(entityDecision, x.ID, x); err != nil {
				return err
			}
			continue
		}
		if x.Rule == r.Rule && len(decided) == 1 {
			return nil // decided so already
		}
		before = &x
		d.ID = x.ID
	}
	if before != nil {
		return a.put(entityDecision, d.ID, *before, d)
	}
	return a.put(entityDecision, d.ID, nil, d)
}

// Decisions are the consensus decisions (coding.Decision) in the
// documents given by ID (every document when none are given).
func (p *Project) Decisions(docIDs ...string) ([]coding.Decision, error) {
	query := "SELECT " + decisionColumns + " FROM consensus_decisions"
	var args []any
	if len(docIDs) > 0 {
		query += " WHERE document_id IN (" + strings.TrimSuffix(strings.Repeat("?,", len(docIDs)), ",") + ")"
		for _, id := range docIDs {
			args = append(args, id)
		}
	}
	ds, err := collect(p.db, scanDecision, query+" ORDER BY document_id, code_id, start", args...)
	if err != nil {
		return nil, fmt.Errorf("read consensus decisions: %w", err)
	}
	return ds, nil
}

// ConsensusStatus says which disagreements of a comparison are resolved
// into the consensus coder (coding.ConsensusName): those in a stretch it
// has a decision for (Resolve), and those in a stretch where it codes
// something (a consensus by rule, or coded by hand). It is read from the
// project with the comparison (Comparison.ConsensusStatus) and kept current
// by Apply, so that it is the same after the window is closed and opened
// again, and follows Undo and Redo.
type ConsensusStatus struct {
	coder     string          // the consensus coder's ID; "" while there is none
	documents map[string]bool // the documents compared
	codings   indexed[coding.Coding]
	decisions indexed[coding.Decision]
}

// docCode is a code in a document.
type docCode struct{ doc, code string }

// indexed holds rows by ID, indexed by document and code.
type indexed[T any] struct {
	at   map[docCode]map[string]T
	key  map[string]docCode
	keys func(T) (id string, at docCode)
}

func newIndexed[T any](keys func(T) (string, docCode)) indexed[T] {
	return indexed[T]{at: map[docCode]map[string]T{}, key: map[string]docCode{}, keys: keys}
}

func (x indexed[T]) put(v T) {
	id, k := x.keys(v)
	x.remove(id)
	if x.at[k] == nil {
		x.at[k] = map[string]T{}
	}
	x.at[k][id] = v
	x.key[id] = k
}

func (x indexed[T]) remove(id string) {
	if k, ok := x.key[id]; ok {
		delete(x.at[k], id)
		delete(x.key, id)
	}
}

// apply applies a table's changes, keeping the rows in the documents that
// keep accepts.
func (x indexed[T]) apply(r Rows[T], docs map[string]bool, keep func(T) bool) {
	for _, v := range r.Removed {
		id, _ := x.keys(v)
		x.remove(id)
	}
	put := func(v T) {
		if id, k := x.keys(v); docs[k.doc] && keep(v) {
			x.put(v)
		} else {
			x.remove(id)
		}
	}
	for _, u := range r.Updated {
		put(u.After)
	}
	for _, v := range r.Added {
		put(v)
	}
}

// newConsensusStatus is the status of the documents given by ID, with the
// consensus coder (nil when there is none), its codings and decisions.
func newConsensusStatus(coder *coding.Coder, docIDs []string, codings []coding.Coding, decisions []coding.Decision) *ConsensusStatus {
	s := &ConsensusStatus{documents: map[string]bool{},
		codings:   newIndexed(func(c coding.Coding) (string, docCode) { return c.ID, docCode{c.DocumentID, c.CodeID} }),
		decisions: newIndexed(func(d coding.Decision) (string, docCode) { return d.ID, docCode{d.DocumentID, d.CodeID} }),
	}
	if coder != nil {
		s.coder = coder.ID
	}
	for _, id := range docIDs {
		s.documents[id] = true
	}
	for _, c := range codings {
		s.codings.put(c)
	}
	for _, d := range decisions {
		s.decisions.put(d)
	}
	return s
}

// Resolved reports whether a disagreement, lying in the stretch (see
// coding.Stretch) of the compared coders' codings, is resolved.
func (s *ConsensusStatus) Resolved(d agreement.Disagreement, stretch coding.Span) bool {
	_, ok := s.Resolution(d, stretch)
	return ok
}

// Resolution says how a disagreement was resolved: the rule of the
// decision that resolves it (coding.RuleTake, RuleNeither, …), or "" when
// the consensus coder's codings resolve it without one; ok is false when
// it is not resolved.
func (s *ConsensusStatus) Resolution(d agreement.Disagreement, stretch coding.Span) (rule string, ok bool) {
	if s == nil || s.coder == "" {
		return "", false
	}
	k := docCode{d.Document, d.Code}
	for _, x := range s.decisions.at[k] {
		if x.CoderID == s.coder && x.Decides(d.Document, d.Code, d.Span) {
			return x.Rule, true
		}
	}
	for _, c := range s.codings.at[k] {
		if c.CoderID == s.coder && c.Span.Overlaps(stretch) {
			return "", true
		}
	}
	return "", false
}

// Codings are the consensus coder's codings of a code in a document, by
// position.
func (s *ConsensusStatus) Codings(doc, code string) []coding.Coding {
	if s == nil || s.coder == "" {
		return nil
	}
	var out []coding.Coding
	for _, c := range s.codings.at[docCode{doc, code}] {
		if c.CoderID == s.coder {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b coding.Coding) int { return cmp.Or(a.Start-b.Start, a.End-b.End) })
	return out
}

// Apply brings the status up to date with a change set: the consensus
// coder added or removed, its codings and decisions in the documents.
func (s *ConsensusStatus) Apply(cs ChangeSet) {
	if s == nil {
		return
	}
	for _, c := range cs.Coders.Added {
		if c.Name == coding.ConsensusName && s.coder == "" {
			s.coder = c.ID
		}
	}
	for _, u := range cs.Coders.Updated {
		switch {
		case u.After.Name == coding.ConsensusName && s.coder == "":
			s.coder = u.After.ID
		case u.After.ID == s.coder && u.After.Name != coding.ConsensusName:
			s.coder = ""
		}
	}
	for _, c := range cs.Coders.Removed {
		if c.ID == s.coder {
			s.coder = ""
		}
	}
	s.codings.apply(cs.Codings, s.documents, func(c coding.Coding) bool { return c.CoderID == s.coder })
	s.decisions.apply(cs.Decisions, s.documents, func(d coding.Decision) bool { return d.CoderID == s.coder })
}

// sameRuns reports whether the codings cover exactly runs, one coding a run.
func sameRuns(old []coding.Coding, runs []coding.Span) bool {
	if len(old) != len(runs) {
		return false
	}
	spans := make([]coding.Span, len(old))
	for i, c := range old {
		spans[i] = c.Span
	}
	slices.SortFunc(spans, func(a, b coding.Span) int { return a.Start - b.Start })
	return slices.Equal(spans, runs)
}

// joinMemos joins the memos of the codings within s, each once.
func joinMemos(old []coding.Coding, s coding.Span) string {
	var memos []string
	for _, c := range old {
		if c.Memo != "" && s.Start <= c.Start && c.End <= s.End && !slices.Contains(memos, c.Memo) {
			memos = append(memos, c.Memo)
		}
	}
	return strings.Join(memos, "\n")
}
