package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// resolveControls resolve the selected disagreement into the consensus
// coder (coding.ConsensusName): take one coder's coding, both (union),
// only where they agree (intersection), neither, or a span set by hand
// (selected in the viewer, or typed as Start and End), over the stretch of
// the coders' codings the disagreement lies in, with an optional reason
// kept as the consensus coding's memo. Each resolution is one storage
// action (compareActions.Resolve), undone like any other, which records a
// decision for the stretch; Progress counts the disagreements of the list
// stepped through that the project holds as resolved
// (storage.ConsensusStatus), so it is the same after the window is opened
// again and follows Undo and Redo.
type resolveControls struct {
	Choice   *widget.Select
	Reason   *widget.Entry
	Apply    *widget.Button
	Progress *widget.Label // "12 of 40 resolved"
	// Start and End are the span the consensus codes when adjusting by
	// hand; selecting a passage in the viewer fills them in, and typing
	// them selects it. Passage shows its text. They show only while
	// adjusting.
	Start, End *widget.Entry
	Passage    *widget.Label
	adjustRow  *fyne.Container
	row        *fyne.Container // shown while there are disagreements to step through

	// status is what the project says is resolved, from the comparison
	// shown and the change sets since; nil before a comparison.
	status *storage.ConsensusStatus
	// codings are the comparison's codings by document and code, made
	// when first needed.
	codings map[[2]string][]coding.Coding
	// syncing is set while the viewer's selection and the Start and End
	// fields are being made to agree, so that neither echoes the other.
	syncing bool
	// quiet is set when every change since the last refresh touched only
	// the consensus coder's codings and decisions, which leave the
	// comparison current.
	quiet, loud bool
}

// adjustChoice is the Choice that sets the consensus's span by hand.
const adjustChoice = "Adjust the span by hand"

// choiceRule is a resolution choice as a rule and, for RuleTake, the coder.
type choiceRule struct{ rule, take string }

func (cv *compareView) newResolveControls() fyne.CanvasObject {
	r := &cv.resolve
	r.Choice = widget.NewSelect(nil, func(string) { cv.choiceChanged() })
	r.Choice.PlaceHolder = "Resolve as…"
	r.Reason = widget.NewEntry()
	r.Reason.SetPlaceHolder("Reason (optional, kept as memo)")
	r.Reason.OnSubmitted = func(string) { cv.resolveCurrent() } // Enter resolves, as the button does
	r.Apply = widget.NewButton("Resolve", cv.resolveCurrent)
	r.Progress = widget.NewLabel("")
	r.Start, r.End = widget.NewEntry(), widget.NewEntry()
	r.Start.SetPlaceHolder("start")
	r.End.SetPlaceHolder("end")
	r.Start.OnChanged = func(string) { cv.typedSpan() }
	r.End.OnChanged = func(string) { cv.typedSpan() }
	r.Passage = widget.NewLabel("")
	r.Passage.Truncation = fyne.TextTruncateEllipsis
	field := func(e *widget.Entry) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(90, e.MinSize().Height), e)
	}
	r.adjustRow = container.NewVBox(
		container.NewHBox(widget.NewLabel("Select the passage in the text, or characters"), field(r.Start), widget.NewLabel("to"), field(r.End)),
		r.Passage)
	r.adjustRow.Hide()
	cv.Viewer.OnSelectionChanged = func(coding.Span) { cv.selectedSpan() }
	r.row = container.NewVBox(container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Consensus:"), r.Choice),
		container.NewHBox(r.Apply, r.Progress),
		r.Reason), r.adjustRow)
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
	names = append(names, "Both (union)", "Only where they agree", "Neither", adjustChoice)
	rules = append(rules, choiceRule{rule: coding.RuleUnion}, choiceRule{rule: coding.RuleIntersection}, choiceRule{rule: coding.RuleNeither},
		choiceRule{rule: coding.RuleAdjusted})
	return names, rules
}

// adjusting reports whether the span is being set by hand.
func (cv *compareView) adjusting() bool { return cv.resolve.Choice.Selected == adjustChoice }

// choiceChanged shows the Start and End fields while adjusting by hand,
// starting from the whole stretch of the selected disagreement.
func (cv *compareView) choiceChanged() {
	r := &cv.resolve
	if cv.adjusting() {
		r.adjustRow.Show()
		if d, ok := cv.selected(); ok {
			cv.Viewer.SetSelection(cv.stretch(d))
		}
		cv.selectedSpan()
	} else {
		r.adjustRow.Hide()
	}
	cv.updateResolve()
}

// selected is the disagreement selected, if any.
func (cv *compareView) selected() (agreement.Disagreement, bool) {
	if cv.current < 0 || cv.current >= len(cv.pairList) {
		return agreement.Disagreement{}, false
	}
	return cv.pairList[cv.current], true
}

// selectedSpan fills Start and End in from the viewer's selection while
// adjusting.
func (cv *compareView) selectedSpan() {
	r := &cv.resolve
	if r.syncing || !cv.adjusting() {
		return
	}
	sel := cv.Viewer.Selection()
	r.syncing = true
	r.Start.SetText(strconv.Itoa(sel.Start))
	r.End.SetText(strconv.Itoa(sel.End))
	r.syncing = false
	cv.showPassage()
	cv.updateResolve()
}

// typedSpan selects the span typed in Start and End in the viewer.
func (cv *compareView) typedSpan() {
	r := &cv.resolve
	if r.syncing {
		return
	}
	if s, err := cv.adjustedSpan(); err == nil {
		r.syncing = true
		cv.Viewer.SetSelection(s)
		r.syncing = false
	}
	cv.showPassage()
	cv.updateResolve()
}

// adjustedSpan is the span typed in Start and End, checked against the
// document shown.
func (cv *compareView) adjustedSpan() (coding.Span, error) {
	r := &cv.resolve
	start, err1 := strconv.Atoi(strings.TrimSpace(r.Start.Text))
	end, err2 := strconv.Atoi(strings.TrimSpace(r.End.Text))
	if err1 != nil || err2 != nil {
		return coding.Span{}, fmt.Errorf("start and end must be whole numbers of characters")
	}
	s := coding.Span{Start: start, End: end}
	if err := s.Validate(cv.Viewer.Length()); err != nil {
		return s, err
	}
	return s, nil
}

// showPassage quotes the span set by hand, or says what is wrong with it.
func (cv *compareView) showPassage() {
	r := &cv.resolve
	s, err := cv.adjustedSpan()
	_, picked := cv.selected()
	switch {
	case !picked:
		r.Passage.SetText("Choose a disagreement (Next) to resolve.")
	case err != nil:
		r.Passage.SetText(err.Error())
	default:
		r.Passage.SetText(fmt.Sprintf("%d characters: “%s”", s.Len(), strings.Join(strings.Fields(string(cv.Viewer.Text()[s.Start:s.End])), " ")))
	}
}

// updateResolve offers the choices for the comparison shown, enables
// Resolve when a disagreement is selected and a choice made (a valid span,
// when adjusting), and counts the resolved ones.
func (cv *compareView) updateResolve() {
	r := &cv.resolve
	names, _ := cv.choices()
	if !slices.Equal(r.Choice.Options, names) {
		r.Choice.Options = names
		r.Choice.ClearSelected()
		r.Choice.Refresh()
	}
	_, picked := cv.selected()
	if cv.adjusting() {
		_, err := cv.adjustedSpan()
		picked = picked && err == nil
	}
	if picked && r.Choice.SelectedIndex() >= 0 && cv.do.Resolve != nil && !cv.consensusCompared() {
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

// pairSpans are the compared coders' spans of a disagreement's code in its
// document, by coder ID.
func (cv *compareView) pairSpans(d agreement.Disagreement) map[string][]coding.Span {
	if cv.resolve.codings == nil { // indexed once per comparison
		cv.resolve.codings = map[[2]string][]coding.Coding{}
		for _, c := range cv.cmp.Codings {
			k := [2]string{c.DocumentID, c.CodeID}
			cv.resolve.codings[k] = append(cv.resolve.codings[k], c)
		}
	}
	spans := map[string][]coding.Span{}
	for _, c := range cv.resolve.codings[[2]string{d.Document, d.Code}] {
		spans[c.CoderID] = append(spans[c.CoderID], c.Span)
	}
	return spans
}

// stretch is the stretch of the coders' codings a disagreement lies in.
func (cv *compareView) stretch(d agreement.Disagreement) coding.Span {
	return coding.Stretch(cv.pairSpans(d), d.Span)
}

// resolveCurrent resolves the selected disagreement as chosen and steps to
// the next one not yet resolved. Adjusted by hand, the consensus codes
// exactly the span set, over the stretch and that span together.
func (cv *compareView) resolveCurrent() {
	r := &cv.resolve
	names, rules := cv.choices()
	i := r.Choice.SelectedIndex()
	d, ok := cv.selected()
	if !ok || i < 0 || i >= len(rules) {
		return
	}
	var coders []string
	for _, c := range cv.cmp.Coders {
		coders = append(coders, c.ID)
	}
	spans := cv.pairSpans(d)
	within := coding.Stretch(spans, d.Span)
	choice := names[i]
	var keep []coding.Span
	if rules[i].rule == coding.RuleAdjusted {
		s, err := cv.adjustedSpan()
		if err != nil {
			showError(cv.win, fmt.Errorf("adjust the span: %w", err))
			return
		}
		keep = []coding.Span{s}
		within = coding.Span{Start: min(within.Start, s.Start), End: max(within.End, s.End)}
		choice = fmt.Sprintf("characters %d–%d by hand", s.Start, s.End)
	} else {
		var err error
		if keep, err = coding.ResolveSpans(rules[i].rule, coders, spans, rules[i].take, within); err != nil {
			showError(cv.win, err)
			return
		}
	}
	label := fmt.Sprintf("Resolve %s in %s, characters %d–%d: %s", cv.cmp.CodePath(d.Code), cv.cmp.DocumentName(d.Document), within.Start, within.End, choice)
	res := storage.Resolution{DocumentID: d.Document, CodeID: d.Code, Within: within, Keep: keep, Rule: rules[i].rule, Memo: r.Reason.Text, Label: label}
	if err := cv.do.Resolve(res); err != nil {
		showError(cv.win, fmt.Errorf("resolve the disagreement: %w", err))
		return
	}
	r.Reason.SetText("")
	r.Choice.ClearSelected() // the next one is resolved as chosen for it
	cv.do.Done(label)
	cv.nextUnresolved()
	cv.updateResolve()
}

// resolvedAs says whether the project holds a disagreement as resolved,
// and how: "not resolved yet", "resolved: neither", "resolved: both (union)".
func (cv *compareView) resolvedAs(d agreement.Disagreement) string {
	if cv.cmp == nil {
		return "not resolved yet"
	}
	rule, ok := cv.resolve.status.Resolution(d, cv.stretch(d))
	if !ok {
		return "not resolved yet"
	}
	how := map[string]string{coding.RuleUnion: "both (union)", coding.RuleIntersection: "only where they agree", coding.RuleNeither: "neither",
		coding.RuleAdjusted: "adjusted by hand", coding.RuleTake: "one coder's taken"}[rule]
	if how == "" {
		how = "by the consensus coder's coding"
	}
	return "resolved: " + how
}

// isResolved reports whether the project holds a disagreement as resolved.
func (cv *compareView) isResolved(d agreement.Disagreement) bool {
	if cv.resolve.status == nil || cv.cmp == nil {
		return false
	}
	return cv.resolve.status.Resolved(d, cv.stretch(d))
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

// changed follows every change to the project: the consensus coder's
// codings and decisions update what is resolved and the consensus lane;
// other changes make the comparison possibly out of date.
func (cv *compareView) changed(cs storage.ChangeSet) {
	if consensusOnly(cs, cv.st.Coders()) {
		cv.resolve.quiet = true
	} else if !cs.Empty() {
		cv.resolve.loud = true
	}
	if cv.resolve.status == nil || cs.Codings.Len()+cs.Decisions.Len()+cs.Coders.Len() == 0 {
		return
	}
	cv.resolve.status.Apply(cs)
	if cv.pairDoc != "" {
		cv.showHighlights()
	}
	cv.updateResolve()
}

// consensusOnly reports whether a change set changes only the consensus
// coder and its codings.
func consensusOnly(cs storage.ChangeSet, coders []coding.Coder) bool {
	if cs.Empty() || cs.Codes.Len()+cs.Memos.Len()+cs.Documents.Len()+cs.Attributes.Len()+cs.Values.Len()+cs.Sets.Len()+cs.Cases.Len() > 0 {
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
	for _, rows := range [][]coding.Decision{cs.Decisions.Added, cs.Decisions.Removed} {
		for _, d := range rows {
			if d.CoderID != id {
				return false
			}
		}
	}
	for _, u := range cs.Decisions.Updated {
		if u.After.CoderID != id {
			return false
		}
	}
	return true
}
