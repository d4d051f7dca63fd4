package storage

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"desktop/marginalia/coding"
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
	// Replace removes the consensus coder's codings in the documents
	// first; without it a consensus coder who has codings there is refused.
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
		if had > 0 && !opt.Replace {
			return fmt.Errorf("%w: %s has %s", ErrConsensusExists, coder.Name, coding.Plural(had, "coding"))
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
// overlap or touch the stretch replaced by maximal runs (coding.Replace).
// It changes nothing, and journals nothing, when the consensus already
// codes exactly that.
func (p *Project) Resolve(r Resolution) (coding.Coder, error) {
	if r.As = strings.TrimSpace(r.As); r.As == "" {
		r.As = coding.ConsensusName
	}
	if r.Label == "" {
		r.Label = "Resolve disagreement"
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
		var err error
		if coder, err = a.ensureCoder(r.As); err != nil {
			return err
		}
		old, err := collect(a.tx, scanCoding, "SELECT "+codingColumns+" FROM codings WHERE coder_id = ? AND document_id = ? AND code_id = ? AND start <= ? AND \"end\" >= ?",
			coder.ID, r.DocumentID, r.CodeID, r.Within.End, r.Within.Start)
		if err != nil {
			return err
		}
		spans := make([]coding.Span, len(old))
		for i, c := range old {
			spans[i] = c.Span
		}
		runs := coding.Replace(spans, r.Within, r.Keep)
		if r.Memo == "" && sameRuns(old, runs) {
			return nil // already so
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
