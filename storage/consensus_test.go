package storage_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// consensusSample is the sample project with alice and bob coding Norms
// in the Sony article and alice alone Trust in the setback article.
func consensusSample(t *testing.T) sample {
	t.Helper()
	s := newSample(t)
	for _, r := range []storage.CodeRequest{
		{Coder: "alice", Document: s.sony.Name, CodePath: "Norms", Span: coding.Span{Start: 100, End: 200}},
		{Coder: "alice", Document: s.sony.Name, CodePath: "Norms", Span: coding.Span{Start: 150, End: 260}},
		{Coder: "bob", Document: s.sony.Name, CodePath: "Norms", Span: coding.Span{Start: 180, End: 300}},
		{Coder: "alice", Document: s.setb.Name, CodePath: "Trust", Span: coding.Span{Start: 10, End: 20}},
	} {
		if _, err := s.p.Code(r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// consensusOf is the consensus coder's codings as "document code [start,end)".
func consensusOf(t *testing.T, p *storage.Project, name string) []string {
	t.Helper()
	c, err := p.CoderNamed(name)
	if err != nil {
		return nil
	}
	cs, err := p.Codings(storage.Filter{Coders: []string{c.ID}})
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := p.Codebook()
	var out []string
	for _, x := range cs {
		d, _ := p.Document(x.DocumentID)
		out = append(out, d.Name+" "+cb.Path(x.CodeID)+" "+x.Span.String())
	}
	slices.Sort(out)
	return out
}

func TestConsensusRules(t *testing.T) {
	for _, tc := range []struct {
		opt  storage.ConsensusOptions
		want []string
	}{
		{storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleUnion},
			[]string{"setback-cyber-cooperation.txt Trust [10,20)", "sony-hack-cyber-dialogue.txt Norms [100,300)"}},
		{storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleIntersection},
			[]string{"sony-hack-cyber-dialogue.txt Norms [180,260)"}},
		{storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleTake, Take: "bob"},
			[]string{"sony-hack-cyber-dialogue.txt Norms [180,300)"}},
		{storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleUnion, Documents: []string{"setback-cyber-cooperation.txt"}, As: "Agreed"},
			[]string{"setback-cyber-cooperation.txt Trust [10,20)"}},
	} {
		s := consensusSample(t)
		res, err := s.p.Consensus(tc.opt)
		if err != nil {
			t.Fatalf("%+v: %v", tc.opt, err)
		}
		name := tc.opt.As
		if name == "" {
			name = coding.ConsensusName
		}
		if got := consensusOf(t, s.p, name); !slices.Equal(got, tc.want) || res.Codings != len(tc.want) {
			t.Errorf("%s %s: %v (%d written), want %v", tc.opt.Rule, tc.opt.Take, got, res.Codings, tc.want)
		}
		// The coders' own codings are kept.
		if n, _ := s.p.CodingCount(); n != 4+len(tc.want) {
			t.Errorf("%s: %d codings in the project, want the 4 originals and %d", tc.opt.Rule, n, len(tc.want))
		}
	}
}

func TestConsensusRefusesReplacesAndUndoes(t *testing.T) {
	s := consensusSample(t)
	union := storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleUnion}
	if _, err := s.p.Consensus(union); err != nil {
		t.Fatal(err)
	}
	inter := storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleIntersection}
	if _, err := s.p.Consensus(inter); !errors.Is(err, storage.ErrConsensusExists) {
		t.Fatalf("a second consensus without Replace: %v, want ErrConsensusExists", err)
	}
	inter.Replace = true
	res, err := s.p.Consensus(inter)
	if err != nil || res.Removed != 2 || res.Codings != 1 {
		t.Fatalf("replace: %+v, %v; want 2 removed, 1 written", res, err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := consensusOf(t, s.p, coding.ConsensusName); len(got) != 2 {
		t.Errorf("after undoing the replacement: %v, want the union's two codings", got)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := consensusOf(t, s.p, coding.ConsensusName); len(got) != 0 {
		t.Errorf("after undoing the consensus: %v, want none", got)
	}
	for _, bad := range []storage.ConsensusOptions{
		{Coders: []string{"alice"}, Rule: coding.RuleUnion},
		{Coders: []string{"alice", "bob"}, Rule: "majority"},
		{Coders: []string{"alice", "bob"}, Rule: coding.RuleTake},
		{Coders: []string{"alice", "nobody"}, Rule: coding.RuleUnion},
		{Coders: []string{"alice", "bob"}, Rule: coding.RuleUnion, As: "bob"},
	} {
		if _, err := s.p.Consensus(bad); err == nil {
			t.Errorf("Consensus(%+v) gave no error", bad)
		}
	}
}

// TestAgreementAgainstConsensus: alice against the intersection consensus
// equals kappa worked by hand on the character counts.
func TestAgreementAgainstConsensus(t *testing.T) {
	s := consensusSample(t)
	if _, err := s.p.Consensus(storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleIntersection}); err != nil {
		t.Fatal(err)
	}
	cmp, err := s.p.Compare(storage.ComparisonOptions{Coders: []string{"alice", coding.ConsensusName}, Documents: []string{s.sony.Name}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range cmp.Report.Codes {
		if cmp.CodePath(r.Code) != "Norms" {
			continue
		}
		found = true
		// alice [100,260): 160; consensus [180,260): 80, all inside alice's.
		n := float64(s.sony.Length)
		a, d := 80.0, n-160 // b = 80 (alice only), c = 0
		po := (a + d) / n
		pA, pC := 160/n, 80/n
		pe := pA*pC + (1-pA)*(1-pC)
		want := (po - pe) / (1 - pe)
		if r.All != 80 || r.None != int(d) || !r.Kappa.Defined || math.Abs(r.Kappa.Value-want) > 1e-12 {
			t.Errorf("Norms: all %d, none %d, kappa %v; want 80, %v, %v", r.All, r.None, r.Kappa, d, want)
		}
	}
	if !found {
		t.Fatal("no pooled Norms row")
	}
}

// TestResolve: resolving one stretch writes the consensus coder's codings
// there as one undoable action, keeps the rest, keeps the reason as memo,
// and does nothing when the consensus already codes it so.
func TestResolve(t *testing.T) {
	s := consensusSample(t)
	cb, _ := s.p.Codebook()
	norms, _ := cb.ByPath("Norms")
	within := coding.Span{Start: 100, End: 300} // alice [100,260), bob [180,300)
	res := storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: within, Keep: []coding.Span{{Start: 100, End: 260}}, Memo: "bob runs into the next sentence"}
	coder, err := s.p.Resolve(res)
	if err != nil {
		t.Fatal(err)
	}
	if coder.Name != coding.ConsensusName {
		t.Errorf("resolved as %q", coder.Name)
	}
	want := []string{"sony-hack-cyber-dialogue.txt Norms [100,260)"}
	if got := consensusOf(t, s.p, coding.ConsensusName); !slices.Equal(got, want) {
		t.Fatalf("after taking alice's: %v, want %v", got, want)
	}
	cs, _ := s.p.Codings(storage.Filter{Coders: []string{coder.ID}})
	if cs[0].Memo != res.Memo {
		t.Errorf("memo %q, want the reason", cs[0].Memo)
	}
	// A second resolution elsewhere, then one that changes nothing.
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: coding.Span{Start: 400, End: 500}, Keep: []coding.Span{{Start: 400, End: 450}}}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.p.UndoLabel()
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: coding.Span{Start: 400, End: 500}, Keep: []coding.Span{{Start: 400, End: 450}}, Label: "Resolve again"}); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.p.UndoLabel(); after != before {
		t.Errorf("an unchanged resolution was journalled as %q", after)
	}
	// Re-resolving the first stretch as the union replaces only it.
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: within, Keep: []coding.Span{within}}); err != nil {
		t.Fatal(err)
	}
	want = []string{"sony-hack-cyber-dialogue.txt Norms [100,300)", "sony-hack-cyber-dialogue.txt Norms [400,450)"}
	if got := consensusOf(t, s.p, coding.ConsensusName); !slices.Equal(got, want) {
		t.Errorf("after the union: %v, want %v", got, want)
	}
	// Neither: the stretch is emptied.
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: within}); err != nil {
		t.Fatal(err)
	}
	want = want[1:]
	if got := consensusOf(t, s.p, coding.ConsensusName); !slices.Equal(got, want) {
		t.Errorf("after neither: %v, want %v", got, want)
	}
	// Undo goes back one resolution at a time.
	for _, want := range [][]string{
		{"sony-hack-cyber-dialogue.txt Norms [100,300)", "sony-hack-cyber-dialogue.txt Norms [400,450)"},
		{"sony-hack-cyber-dialogue.txt Norms [100,260)", "sony-hack-cyber-dialogue.txt Norms [400,450)"},
		{"sony-hack-cyber-dialogue.txt Norms [100,260)"},
	} {
		if _, err := s.p.Undo(); err != nil {
			t.Fatal(err)
		}
		if got := consensusOf(t, s.p, coding.ConsensusName); !slices.Equal(got, want) {
			t.Errorf("after undo: %v, want %v", got, want)
		}
	}
	// A stretch past the end of the text changes nothing.
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: coding.Span{Start: 0, End: 1 << 30}}); err == nil {
		t.Error("a stretch past the end was accepted")
	}
}

// TestResolveRecordsDecisions: each resolution records a decision for its
// stretch, "Neither" included, in the same undoable action; a decision
// makes the comparison's disagreements in its stretch resolved
// (ConsensusStatus), which follows Undo and Redo through the change sets
// and is seen the same by another process; deciding a stretch again
// replaces its decision and those of the stretches within it.
func TestResolveRecordsDecisions(t *testing.T) {
	s := consensusSample(t)
	cb, _ := s.p.Codebook()
	norms, _ := cb.ByPath("Norms")
	cmp, err := s.p.Compare(storage.ComparisonOptions{Coders: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	status := cmp.ConsensusStatus()
	s.p.OnChange(status.Apply)
	spans := map[string][]coding.Span{}
	for _, c := range cmp.Codings {
		if c.DocumentID == s.sony.ID && c.CodeID == norms.ID {
			spans[c.CoderID] = append(spans[c.CoderID], c.Span)
		}
	}
	resolved := func() (n int) {
		for _, d := range cmp.Disagreements() {
			if status.Resolved(d, coding.Stretch(spans, d.Span)) {
				n++
			}
		}
		return n
	}
	if n := resolved(); n != 0 {
		t.Fatalf("%d disagreements resolved before any resolution", n)
	}
	seq, _ := s.p.LastChange()
	within := coding.Span{Start: 100, End: 300} // alice [100,260), bob [180,300): disagreements [100,180) and [260,300)
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: within, Rule: coding.RuleNeither, Label: "Neither"}); err != nil {
		t.Fatal(err)
	}
	if label, _ := s.p.UndoLabel(); label != "Neither" {
		t.Errorf("a Neither where the consensus codes nothing was not journalled: the last action is %q", label)
	}
	ds, err := s.p.Decisions(s.sony.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Within != within || ds[0].Rule != coding.RuleNeither || ds[0].CodeID != norms.ID {
		t.Fatalf("decisions %+v, want Neither over %v", ds, within)
	}
	if got := consensusOf(t, s.p, coding.ConsensusName); got != nil {
		t.Errorf("Neither coded %v", got)
	}
	if n := resolved(); n != 2 {
		t.Errorf("%d disagreements resolved after Neither over their stretch, want 2 (not alice's Trust alone)", n)
	}
	// Another process sees the decision in the change set.
	other, err := storage.Open(s.p.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	sets, err := other.ChangesSince(seq)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 || len(sets[0].Decisions.Added) != 1 || sets[0].Decisions.Added[0].ID != ds[0].ID {
		t.Errorf("another process reads %+v, want the decision added", sets)
	}
	// The same decision again is no action.
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: within, Rule: coding.RuleNeither, Label: "Neither again"}); err != nil {
		t.Fatal(err)
	}
	if label, _ := s.p.UndoLabel(); label != "Neither" {
		t.Errorf("the same decision again was journalled as %q", label)
	}
	// Undo and redo.
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.p.Decisions(); len(ds) != 0 {
		t.Errorf("after undo: decisions %+v", ds)
	}
	if n := resolved(); n != 0 {
		t.Errorf("after undo %d disagreements resolved", n)
	}
	if _, err := s.p.Redo(); err != nil {
		t.Fatal(err)
	}
	if n := resolved(); n != 2 {
		t.Errorf("after redo %d disagreements resolved, want 2", n)
	}
	// A part of the stretch decided, then the same stretch by another rule,
	// then a wider one: one decision remains, the last.
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: coding.Span{Start: 120, End: 140}, Rule: coding.RuleAdjusted, Keep: []coding.Span{{Start: 120, End: 140}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: within, Rule: coding.RuleUnion, Keep: []coding.Span{within}}); err != nil {
		t.Fatal(err)
	}
	ds, _ = s.p.Decisions()
	if len(ds) != 1 || ds[0].Rule != coding.RuleUnion || ds[0].Within != within {
		t.Errorf("after deciding the stretch again: %+v, want one union decision", ds)
	}
	wider := coding.Span{Start: 90, End: 310}
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: wider, Keep: []coding.Span{{Start: 95, End: 305}}}); err != nil {
		t.Fatal(err)
	}
	ds, _ = s.p.Decisions()
	if len(ds) != 1 || ds[0].Rule != coding.RuleAdjusted || ds[0].Within != wider {
		t.Errorf("after a wider stretch by hand: %+v, want one adjusted decision over %v", ds, wider)
	}
	if got, want := consensusOf(t, s.p, coding.ConsensusName), []string{"sony-hack-cyber-dialogue.txt Norms [95,305)"}; !slices.Equal(got, want) {
		t.Errorf("adjusted by hand: %v, want %v", got, want)
	}
}

// TestConsensusByRuleReplacesDecisions: a consensus coder whose only
// trace is a "Neither" is refused a consensus by rule, as one with
// codings; with Replace the rule replaces the decision, and Undo brings it
// back.
func TestConsensusByRuleReplacesDecisions(t *testing.T) {
	s := consensusSample(t)
	cb, _ := s.p.Codebook()
	norms, _ := cb.ByPath("Norms")
	if _, err := s.p.Resolve(storage.Resolution{DocumentID: s.sony.ID, CodeID: norms.ID, Within: coding.Span{Start: 100, End: 300}, Rule: coding.RuleNeither}); err != nil {
		t.Fatal(err)
	}
	union := storage.ConsensusOptions{Coders: []string{"alice", "bob"}, Rule: coding.RuleUnion}
	if _, err := s.p.Consensus(union); !errors.Is(err, storage.ErrConsensusExists) || !strings.Contains(err.Error(), "1 resolved disagreement") {
		t.Fatalf("a consensus by rule over a Neither: %v, want ErrConsensusExists naming the resolved disagreement", err)
	}
	union.Replace = true
	if _, err := s.p.Consensus(union); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.p.Decisions(); len(ds) != 0 {
		t.Errorf("after the rule replaced the consensus: decisions %+v", ds)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.p.Decisions(); len(ds) != 1 || ds[0].Rule != coding.RuleNeither {
		t.Errorf("after undo: decisions %+v, want the Neither back", ds)
	}
}
