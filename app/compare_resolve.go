package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// resolveControls resolve the selected disagreement into the consensus
// coder (coding.ConsensusName): take one coder's coding, both (union),
// only where they agree (intersection) or neither, over the stretch of
// the coders' codings the disagreement lies in, with an optional reason
// kept as the consensus coding's memo. Each resolution is one storage
// action (compareActions.Resolve), undone like any other; Progress counts
// the resolved disagreements of the list stepped through.
type resolveControls struct {
	Choice   *widget.Select
	Reason   *widget.Entry
	Apply    *widget.Button
	Progress *widget.Label   // "12 of 40 resolved"
	row      *fyne.Container // shown while there are disagreements to step through

	// resolved marks the disagreements resolved (true) in this session;
	// the others count as resolved when the consensus coded part of their
	// stretch when the comparison was made (a resolution from an earlier
	// session; "neither" is then not seen).
	resolved map[disagreementKey]bool
	// byLabel is what each resolution (by its action's label) resolved, so
	// that undoing or redoing it unmarks or marks them again.
	byLabel map[string][]disagreementKey
	// quiet is set when every change since the last refresh touched only
	// the consensus coder's codings, which leave the comparison current.
	quiet, loud bool
}

// disagreementKey identifies a disagreement of a comparison.
type disagreementKey struct {
	doc, code string
	span      coding.Span
}

func keyOf(d agreement.Disagreement) disagreementKey {
	return disagreementKey{d.Document, d.Code, d.Span}
}

// choiceRule is a resolution choice as a rule and, for RuleTake, the coder.
type choiceRule struct{ rule, take string }

func (cv *compareView) newResolveControls() fyne.CanvasObject {
	r := &cv.resolve
	r.resolved = map[disagreementKey]bool{}
	r.byLabel = map[string][]disagreementKey{}
	r.Choice = widget.NewSelect(nil, func(string) { cv.updateResolve() })
	r.Choice.PlaceHolder = "Resolve as…"
	r.Reason = widget.NewEntry()
	r.Reason.SetPlaceHolder("Reason (optional, kept as memo)")
	r.Apply = widget.NewButton("Resolve", cv.resolveCurrent)
	r.Progress = widget.NewLabel("")
	r.row = container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Consensus:"), r.Choice),
		container.NewHBox(r.Apply, r.Progress),
		r.Reason)
	r.row.Hide()
	return r.row
}

// choices are the ways to resolve a disagreement between the compared
// coders, in the order the Choice offers them.
func (cv *compareView) choices() ([]string, []choiceRule) {
	if cv.cmp == nil {
		return nil, nil
	}
	var names []string
	var rules []choiceRule
	for _, c := range cv.cmp.Coders {
		names = append(names, "Take "+c.Name+"'s")
		rules = append(rules, choiceRule{coding.RuleTake, c.ID})
	}
	names = append(names, "Both (union)", "Only where they agree", "Neither")
	rules = append(rules, choiceRule{rule: coding.RuleUnion}, choiceRule{rule: coding.RuleIntersection}, choiceRule{rule: coding.RuleNeither})
	return names, rules
}

// updateResolve offers the choices for the comparison shown, enables
// Resolve when a disagreement is selected and a choice made, and counts
// the resolved ones.
func (cv *compareView) updateResolve() {
	r := &cv.resolve
	names, _ := cv.choices()
	if !slices.Equal(r.Choice.Options, names) {
		r.Choice.Options = names
		r.Choice.ClearSelected()
		r.Choice.Refresh()
	}
	if cv.current >= 0 && cv.current < len(cv.pairList) && r.Choice.SelectedIndex() >= 0 && cv.do.Resolve != nil && !cv.consensusCompared() {
		r.Apply.Enable()
	} else {
		r.Apply.Disable()
	}
	if len(cv.pairList) == 0 {
		r.Progress.SetText("")
		r.row.Hide()
		return
	}
	r.row.Show()
	done := 0
	for _, d := range cv.pairList {
		if cv.isResolved(d) {
			done++
		}
	}
	r.Progress.SetText(fmt.Sprintf("%d of %d resolved", done, len(cv.pairList)))
}

// consensusCompared reports whether the consensus coder is one of the
// compared coders (whose codings a resolution must not rewrite).
func (cv *compareView) consensusCompared() bool {
	return cv.cmp != nil && slices.ContainsFunc(cv.cmp.Coders, func(c coding.Coder) bool { return c.Name == coding.ConsensusName })
}

// resolveCurrent resolves the selected disagreement as chosen, marks every
// disagreement in the same stretch resolved, and steps to the next one not
// yet resolved.
func (cv *compareView) resolveCurrent() {
	r := &cv.resolve
	names, rules := cv.choices()
	i := r.Choice.SelectedIndex()
	if cv.current < 0 || cv.current >= len(cv.pairList) || i < 0 || i >= len(rules) {
		return
	}
	d := cv.pairList[cv.current]
	spans := map[string][]coding.Span{}
	var coders []string
	for _, c := range cv.cmp.Coders {
		coders = append(coders, c.ID)
	}
	for _, c := range cv.cmp.Codings {
		if c.DocumentID == d.Document && c.CodeID == d.Code {
			spans[c.CoderID] = append(spans[c.CoderID], c.Span)
		}
	}
	within := coding.Stretch(spans, d.Span)
	keep, err := coding.ResolveSpans(rules[i].rule, coders, spans, rules[i].take, within)
	if err != nil {
		showError(cv.win, err)
		return
	}
	label := fmt.Sprintf("Resolve %s in %s, characters %d–%d: %s", cv.cmp.CodePath(d.Code), cv.cmp.DocumentName(d.Document), within.Start, within.End, names[i])
	res := storage.Resolution{DocumentID: d.Document, CodeID: d.Code, Within: within, Keep: keep, Memo: r.Reason.Text, Label: label}
	if err := cv.do.Resolve(res); err != nil {
		showError(cv.win, fmt.Errorf("resolve the disagreement: %w", err))
		return
	}
	var keys []disagreementKey
	for _, x := range cv.disagreements {
		if x.Document == d.Document && x.Code == d.Code && within.Start <= x.Start && x.End <= within.End {
			keys = append(keys, keyOf(x))
			r.resolved[keyOf(x)] = true
		}
	}
	r.byLabel[label] = keys
	r.Reason.SetText("")
	cv.do.Done(label)
	cv.nextUnresolved()
	cv.updateResolve()
}

// isResolved reports whether a disagreement was resolved in this session
// or, before it, into the consensus the comparison found.
func (cv *compareView) isResolved(d agreement.Disagreement) bool {
	if done, ok := cv.resolve.resolved[keyOf(d)]; ok {
		return done
	}
	if cv.cmp == nil {
		return false
	}
	spans := map[string][]coding.Span{}
	for _, c := range cv.cmp.Codings {
		if c.DocumentID == d.Document && c.CodeID == d.Code {
			spans[c.CoderID] = append(spans[c.CoderID], c.Span)
		}
	}
	return cv.cmp.ConsensusCodes(d.Document, d.Code, coding.Stretch(spans, d.Span))
}

// nextUnresolved selects the next disagreement not yet resolved, if any.
func (cv *compareView) nextUnresolved() {
	n := len(cv.pairList)
	for k := 1; k <= n; k++ {
		j := (cv.current + k) % n
		if !cv.isResolved(cv.pairList[j]) {
			cv.step(j - cv.current)
			return
		}
	}
}

// changed follows the undo and redo of resolutions: their disagreements
// are unresolved again, or resolved again.
func (cv *compareView) changed(cs storage.ChangeSet) {
	if consensusOnly(cs, cv.st.Coders()) {
		cv.resolve.quiet = true
	} else if !cs.Empty() {
		cv.resolve.loud = true
	}
	keys, ok := cv.resolve.byLabel[cs.Label]
	if !ok || cs.Kind == storage.Did {
		return
	}
	for _, k := range keys {
		if cs.Kind == storage.Redid {
			cv.resolve.resolved[k] = true
		} else {
			delete(cv.resolve.resolved, k) // as when compared
		}
	}
	cv.updateResolve()
}

// consensusOnly reports whether a change set changes only the consensus
// coder and its codings.
func consensusOnly(cs storage.ChangeSet, coders []coding.Coder) bool {
	if cs.Empty() || cs.Codes.Len()+cs.Memos.Len()+cs.Documents.Len()+cs.Attributes.Len()+cs.Values.Len()+cs.Sets.Len() > 0 {
		return false
	}
	id := ""
	for _, c := range append(slices.Clone(coders), cs.Coders.Added...) {
		if c.Name == coding.ConsensusName {
			id = c.ID
		}
	}
	if id == "" || len(cs.Coders.Updated) > 0 || len(cs.Coders.Removed) > 0 {
		return false
	}
	for _, c := range cs.Coders.Added {
		if c.ID != id {
			return false
		}
	}
	for _, rows := range [][]coding.Coding{cs.Codings.Added, cs.Codings.Removed} {
		for _, c := range rows {
			if c.CoderID != id {
				return false
			}
		}
	}
	for _, u := range cs.Codings.Updated {
		if u.Before.CoderID != id || u.After.CoderID != id {
			return false
		}
	}
	return true
}
