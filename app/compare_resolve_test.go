package app

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// consensusSpans is the consensus coder's spans of a code in a document.
func consensusSpans(t *testing.T, wb *Workbench, doc, code string) []coding.Span {
	t.Helper()
	c, err := wb.project.CoderNamed(coding.ConsensusName)
	if err != nil {
		return nil
	}
	cs, err := wb.project.Codings(storage.Filter{Coders: []string{c.ID}, Documents: []string{doc}})
	if err != nil {
		t.Fatal(err)
	}
	var out []coding.Span
	for _, x := range cs {
		if x.CodeID == code {
			out = append(out, x.Span)
		}
	}
	slices.SortFunc(out, func(a, b coding.Span) int { return a.Start - b.Start })
	return out
}

// TestCompareResolvesDisagreements: in the drill-down each disagreement
// can be resolved into the consensus coder by taking one coder's coding,
// both, only where they agree, or neither; the choice is written (with the
// reason as memo), the progress line counts it, Undo removes it and
// unresolves it, Redo brings it back.
func TestCompareResolvesDisagreements(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	r := &cv.resolve
	if r.row.Visible() {
		t.Error("the consensus controls show before a cell with disagreements is chosen")
	}
	// Norms in the Sony article: alice 1381–1446, bob 1395–1410, so two
	// disagreements, 1381–1395 and 1410–1446, in one stretch 1381–1446.
	norms, _ := wb.st.Codebook().ByPath("Norms")
	sony := ""
	for i, id := range cv.grid.docs {
		if cv.columnName(colFirst+i) == "sony-hack-cyber-dialogue.txt" || strings.HasPrefix(cv.columnName(colFirst+i), "sony") {
			sony = id
			cv.showPair(norms.ID, colFirst+i)
		}
	}
	if sony == "" || len(cv.pairList) != 2 {
		t.Fatalf("Norms in the Sony article: %d disagreements, want 2", len(cv.pairList))
	}
	if !r.row.Visible() || r.Progress.Text != "0 of 2 resolved" || !r.Apply.Disabled() {
		t.Errorf("before choosing: progress %q, Resolve disabled %v", r.Progress.Text, r.Apply.Disabled())
	}
	want := []string{"Take alice's", "Take bob's", "Both (union)", "Only where they agree", "Neither", "Adjust the span by hand"}
	if !slices.Equal(r.Choice.Options, want) {
		t.Fatalf("choices %q, want %q", r.Choice.Options, want)
	}
	test.Tap(cv.Next)
	for _, tc := range []struct {
		choice string
		want   []coding.Span
	}{
		{"Take bob's", []coding.Span{{Start: 1395, End: 1410}}},
		{"Both (union)", []coding.Span{{Start: 1381, End: 1446}}},
		{"Only where they agree", []coding.Span{{Start: 1395, End: 1410}}},
		{"Neither", nil},
		{"Take alice's", []coding.Span{{Start: 1381, End: 1446}}},
	} {
		cv.step(0 - cv.current) // the first disagreement
		r.Choice.SetSelected(tc.choice)
		if r.Apply.Disabled() {
			t.Fatalf("%s: Resolve disabled with a disagreement selected", tc.choice)
		}
		r.Reason.SetText("because " + tc.choice)
		test.Tap(r.Apply)
		if got := consensusSpans(t, wb, sony, norms.ID); !slices.Equal(got, tc.want) {
			t.Errorf("%s: the consensus codes %v, want %v", tc.choice, got, tc.want)
		}
		if r.Progress.Text != "2 of 2 resolved" {
			t.Errorf("%s: progress %q, want both disagreements of the stretch resolved", tc.choice, r.Progress.Text)
		}
	}
	wb.freshen(cv.content)
	if strings.Contains(cv.Overall.Text, "may have changed") {
		t.Errorf("resolving made the comparison look out of date:\n%s", cv.Overall.Text)
	}
	c, _ := wb.project.CoderNamed(coding.ConsensusName)
	cs, _ := wb.project.Codings(storage.Filter{Coders: []string{c.ID}})
	if len(cs) != 1 || cs[0].Memo != "because Take alice's" {
		t.Errorf("the consensus codings %+v, want one with the reason as memo", cs)
	}
	// Undo goes back one resolution at a time.
	wb.Undo()
	if got := consensusSpans(t, wb, sony, norms.ID); got != nil {
		t.Errorf("after undo the consensus codes %v, want nothing (the Neither before)", got)
	}
	wb.Undo()
	if got := consensusSpans(t, wb, sony, norms.ID); !slices.Equal(got, []coding.Span{{Start: 1395, End: 1410}}) {
		t.Errorf("after a second undo the consensus codes %v, want where they agree", got)
	}
	wb.Redo()
	wb.Redo()
	if got := consensusSpans(t, wb, sony, norms.ID); !slices.Equal(got, []coding.Span{{Start: 1381, End: 1446}}) {
		t.Errorf("after redoing both the consensus codes %v, want alice's", got)
	}
	if r.Progress.Text != "2 of 2 resolved" {
		t.Errorf("after redo: progress %q", r.Progress.Text)
	}
	// A change to a compared coder's codings does make it out of date.
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "alice", Document: "sony-hack-cyber-dialogue.txt", CodePath: "Norms", Span: coding.Span{Start: 10, End: 20}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	wb.freshen(cv.content)
	if !strings.Contains(cv.Overall.Text, "may have changed") {
		t.Errorf("after alice codes, the comparison does not say it may be out of date:\n%s", cv.Overall.Text)
	}
}

// TestUndoUnresolves: undoing the only resolution of a stretch counts its
// disagreements unresolved again, and redoing it resolved.
func TestUndoUnresolves(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	r := &cv.resolve
	norms, _ := wb.st.Codebook().ByPath("Norms")
	cv.showPair(norms.ID, colPooled)
	n := len(cv.pairList)
	test.Tap(cv.Next)
	r.Choice.SetSelected("Both (union)")
	test.Tap(r.Apply)
	if !strings.HasPrefix(r.Progress.Text, "2 of ") {
		t.Fatalf("after one resolution: %q", r.Progress.Text)
	}
	wb.Undo()
	if r.Progress.Text != "0 of "+strconv.Itoa(n)+" resolved" {
		t.Errorf("after undo: %q", r.Progress.Text)
	}
	wb.Redo()
	if !strings.HasPrefix(r.Progress.Text, "2 of ") {
		t.Errorf("after redo: %q", r.Progress.Text)
	}
}

// TestConsensusNotPreselected: a project that already has a consensus
// coder opens with the other coders checked, not the consensus.
func TestConsensusNotPreselected(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, c := range []string{coding.ConsensusName, "alice", "bob"} {
		if _, err := wb.project.Code(storage.CodeRequest{Coder: c, Document: "sony-hack-cyber-dialogue.txt", CodePath: "Norms", Span: coding.Span{Start: 10, End: 20}}); err != nil {
			t.Fatal(err)
		}
	}
	wb.sync()
	wb.ShowCompare()
	if got := wb.Compare.Coders.Selected; !slices.Equal(got, []string{"alice", "bob"}) {
		t.Errorf("checked coders %q, want alice and bob", got)
	}
}

// TestResolvedFromEarlierSession: a disagreement whose stretch the
// consensus already codes when compared counts as resolved.
func TestResolvedFromEarlierSession(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	if _, err := wb.project.Code(storage.CodeRequest{Coder: coding.ConsensusName, Document: "sony-hack-cyber-dialogue.txt", CodePath: "Norms", Span: coding.Span{Start: 1395, End: 1410}}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	cv := wb.Compare
	runCompare(t, cv, "alice", "bob")
	norms, _ := wb.st.Codebook().ByPath("Norms")
	cv.showPair(norms.ID, colPooled)
	if got := cv.resolve.Progress.Text; got != "2 of 2 resolved" {
		t.Errorf("progress %q, want the earlier resolution counted", got)
	}
}

// sonyNorms shows Norms in the Sony article, where alice coded 1381–1446
// and bob 1395–1410: two disagreements, 1381–1395 and 1410–1446, in one
// stretch 1381–1446. It returns the document's and the code's IDs.
func sonyNorms(t *testing.T, wb *Workbench, cv *compareView) (doc, code string) {
	t.Helper()
	norms, _ := wb.st.Codebook().ByPath("Norms")
	for i, id := range cv.grid.docs {
		if cv.columnName(colFirst+i) == sonyArticle {
			doc = id
			cv.showPair(norms.ID, colFirst+i)
		}
	}
	if doc == "" || len(cv.pairList) != 2 {
		t.Fatalf("Norms in the Sony article: %d disagreements, want 2", len(cv.pairList))
	}
	return doc, norms.ID
}

// TestCompareAdjustsSpanByHand: adjusting by hand starts from the coders'
// whole stretch, selecting a passage in the viewer fills in Start and End
// and typing them selects it; resolving writes exactly those characters as
// the consensus coder's coding (also beyond the coders' stretch), the
// progress counts it, and Undo removes it.
func TestCompareAdjustsSpanByHand(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	r := &cv.resolve
	sony, norms := sonyNorms(t, wb, cv)
	test.Tap(cv.Next)
	if r.adjustRow.Visible() {
		t.Error("the Start and End fields show before adjusting by hand is chosen")
	}
	r.Choice.SetSelected(adjustChoice)
	if !r.adjustRow.Visible() {
		t.Fatal("choosing to adjust by hand does not show the Start and End fields")
	}
	if r.Start.Text != "1381" || r.End.Text != "1446" || cv.Viewer.Selection() != (coding.Span{Start: 1381, End: 1446}) {
		t.Errorf("adjusting starts from %s–%s, viewer selection %v; want the stretch 1381–1446", r.Start.Text, r.End.Text, cv.Viewer.Selection())
	}
	// Selecting a passage in the viewer, as the user drags over it.
	cv.Viewer.SetSelection(coding.Span{Start: 1385, End: 1400})
	if r.Start.Text != "1385" || r.End.Text != "1400" {
		t.Errorf("after selecting 1385–1400 the fields say %s–%s", r.Start.Text, r.End.Text)
	}
	// Typing the span selects it.
	r.Start.SetText("1390")
	r.End.SetText("1421")
	if got := cv.Viewer.Selection(); got != (coding.Span{Start: 1390, End: 1421}) {
		t.Errorf("typing 1390–1421 selects %v", got)
	}
	text := []rune(cv.cmp.Documents[slices.IndexFunc(cv.cmp.Documents, func(d coding.Document) bool { return d.ID == sony })].Text)
	want := string(text[1390:1421])
	if !strings.Contains(r.Passage.Text, strings.Join(strings.Fields(want), " ")) {
		t.Errorf("the passage shown is %q, want it to quote %q", r.Passage.Text, want)
	}
	r.End.SetText("99999999")
	if !r.Apply.Disabled() {
		t.Error("Resolve is enabled with an end past the end of the text")
	}
	r.End.SetText("1421")
	if r.Apply.Disabled() {
		t.Fatal("Resolve is disabled with a valid span")
	}
	test.Tap(r.Apply)
	if got := consensusSpans(t, wb, sony, norms); !slices.Equal(got, []coding.Span{{Start: 1390, End: 1421}}) {
		t.Fatalf("the consensus codes %v, want exactly 1390–1421", got)
	}
	c, _ := wb.project.CoderNamed(coding.ConsensusName)
	cs, _ := wb.project.Codings(storage.Filter{Coders: []string{c.ID}, Documents: []string{sony}})
	doc, _ := wb.project.Document(sony)
	if len(cs) != 1 || string([]rune(doc.Text)[cs[0].Start:cs[0].End]) != want {
		t.Errorf("the consensus coding %+v does not hold the characters %q", cs, want)
	}
	if r.Progress.Text != "2 of 2 resolved" {
		t.Errorf("progress %q, want both disagreements of the stretch resolved", r.Progress.Text)
	}
	if hs := cv.Viewer.Highlights(); !slices.ContainsFunc(hs, func(h textview.Highlight) bool {
		return h.Span == coding.Span{Start: 1390, End: 1421} && strings.HasSuffix(h.Tooltip, coding.ConsensusName)
	}) {
		t.Errorf("the viewer does not show the consensus coding in its lane: %+v", hs)
	}
	// Beyond the coders' stretch: the consensus codes exactly what was set.
	cv.step(0 - cv.current)
	r.Choice.SetSelected(adjustChoice)
	r.Start.SetText("1370")
	r.End.SetText("1450")
	test.Tap(r.Apply)
	if got := consensusSpans(t, wb, sony, norms); !slices.Equal(got, []coding.Span{{Start: 1370, End: 1450}}) {
		t.Errorf("adjusted beyond the stretch, the consensus codes %v, want 1370–1450", got)
	}
	wb.Undo()
	if got := consensusSpans(t, wb, sony, norms); !slices.Equal(got, []coding.Span{{Start: 1390, End: 1421}}) {
		t.Errorf("after undo the consensus codes %v, want 1390–1421 again", got)
	}
	wb.Undo()
	if got := consensusSpans(t, wb, sony, norms); got != nil {
		t.Errorf("after undoing both the consensus codes %v, want nothing", got)
	}
	if r.Progress.Text != "0 of 2 resolved" {
		t.Errorf("after undoing both: progress %q", r.Progress.Text)
	}
	if hs := cv.Viewer.Highlights(); slices.ContainsFunc(hs, func(h textview.Highlight) bool { return strings.HasSuffix(h.Tooltip, coding.ConsensusName) }) {
		t.Errorf("after undo the viewer still shows a consensus coding: %+v", hs)
	}
}

// TestResolvedSurvivesReopening: what is resolved is kept with the
// project, "Neither" included: after the window is closed and the project
// opened again, comparing shows the same progress; undoing the "Neither"
// in the new window unresolves it.
func TestResolvedSurvivesReopening(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	r := &cv.resolve
	sonyNorms(t, wb, cv)
	test.Tap(cv.Next)
	r.Choice.SetSelected("Neither")
	test.Tap(r.Apply)
	if r.Progress.Text != "2 of 2 resolved" {
		t.Fatalf("after Neither: progress %q", r.Progress.Text)
	}
	if label, _ := wb.project.UndoLabel(); !strings.Contains(label, "Neither") {
		t.Errorf("the undo history's last action is %q, want the Neither", label)
	}
	path := wb.project.Path()
	wb.Close()

	p, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	t.Cleanup(func() { w.Close() })
	wb2 := NewWorkbench(fyne.CurrentApp(), w, p)
	t.Cleanup(wb2.Close)
	w.SetContent(wb2.Content())
	w.Resize(fyne.NewSize(1300, 850))
	wb2.ShowCompare()
	cv2 := wb2.Compare
	runCompare(t, cv2, "alice", "bob")
	sonyNorms(t, wb2, cv2)
	if got := cv2.resolve.Progress.Text; got != "2 of 2 resolved" {
		t.Errorf("after reopening: progress %q, want 2 of 2 resolved", got)
	}
	wb2.Undo()
	if got := cv2.resolve.Progress.Text; got != "0 of 2 resolved" {
		t.Errorf("after undoing the Neither in the reopened window: progress %q", got)
	}
	if got := wb2.LastAction.Text; !strings.Contains(got, "Undid") || !strings.Contains(got, "Neither") {
		t.Errorf("after undoing the Neither the status line says %q", got)
	}
	wb2.Redo()
	if got := cv2.resolve.Progress.Text; got != "2 of 2 resolved" {
		t.Errorf("after redo: progress %q", got)
	}
}
