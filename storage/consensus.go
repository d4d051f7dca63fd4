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
