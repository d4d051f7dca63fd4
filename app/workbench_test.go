package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

const sonyArticle = "sony-hack-cyber-dialogue.txt"

// newSampleProject creates the sample project in a temporary folder under
// name and returns its path.
func newSampleProject(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := CreateSampleProject(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// newTestWorkbench opens a fresh sample project in a headless window,
// coding as alice, with the Sony article open.
func newTestWorkbench(t *testing.T) (*Workbench, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	path := newSampleProject(t, "sample.qdb")
	p, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(1300, 850))
	t.Cleanup(func() { w.Close() })
	// The Analyse tab runs in step: in the test driver fyne.Do runs on the
	// calling goroutine, so a background run would race the test.
	wb.Analyse.spawn = func(f func()) { f() }
	wb.Analyse.deliver = func(f func()) { f() }
	wb.SetCoder("alice")
	d, err := p.DocumentNamed(sonyArticle)
	if err != nil {
		t.Fatal(err)
	}
	wb.OpenDocument(d.ID)
	return wb, w
}

// spanOf is the rune span of the first occurrence of phrase in the open document.
func spanOf(t *testing.T, wb *Workbench, phrase string) coding.Span {
	t.Helper()
	i := strings.Index(wb.st.doc.Text, phrase)
	if i < 0 {
		t.Fatalf("%q not in %s", phrase, wb.st.doc.Name)
	}
	start := coding.ByteToRune(wb.st.doc.Text, i)
	return coding.Span{Start: start, End: start + len([]rune(phrase))}
}

// canvasPosition is where o sits on the window's canvas, as the event
// helpers of fyne/test count (the test driver's AbsolutePositionForObject
// subtracts a simulated screen inset).
func canvasPosition(w fyne.Window, o fyne.CanvasObject) fyne.Position {
	inset, _ := w.Canvas().InteractiveArea()
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(inset)
}

// dragSelect drags the mouse in the viewer from the caret position before
// rune start to the one before rune end, as a user selecting text does.
func dragSelect(w fyne.Window, wb *Workbench, span coding.Span) {
	v := wb.Viewer
	v.ScrollTo(span.Start)
	origin := canvasPosition(w, v).Subtract(v.ScrollOffset())
	from := origin.Add(v.PositionOf(span.Start))
	to := origin.Add(v.PositionOf(span.End))
	// fyne/test delivers one Dragged at the end point, carrying the distance moved.
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
}

// codeRowFor finds the codebook tree row showing the code with this path.
func codeRowFor(t testing.TB, w fyne.Window, wb *Workbench, path string) *codeRow {
	t.Helper()
	code, ok := wb.st.codebook.ByPath(path)
	if !ok {
		t.Fatalf("no code %q", path)
	}
	for _, o := range test.LaidOutObjects(w.Content()) {
		if r, ok := o.(*codeRow); ok && r.id == code.ID && r.Visible() {
			return r
		}
	}
	t.Fatalf("no row for %q in the code tree", path)
	return nil
}

func codingsOf(t *testing.T, wb *Workbench) []coding.Coding {
	t.Helper()
	cs, err := wb.project.CodingsOf(wb.st.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

var (
	undo = &fyne.ShortcutUndo{} // what the desktop driver sends for Ctrl+Z
	redo = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

// Reading a code codes nothing: a click with a passage selected only
// selects the code and shows its details; a double-click codes.
func TestClickReadsDoubleClickCodesAndUndoRedo(t *testing.T) {
	wb, w := newTestWorkbench(t)
	want := spanOf(t, wb, "cyber vandalism")

	dragSelect(w, wb, want)
	if got := wb.Viewer.Selection(); got != want {
		t.Fatalf("drag over \"cyber vandalism\" selected %v %q, want %v", got, wb.Viewer.SelectedText(), want)
	}
	if !strings.Contains(wb.Status.Text, "selection 1395–1410 (15 characters)") {
		t.Errorf("status line %q does not report the selection", wb.Status.Text)
	}

	test.Tap(codeRowFor(t, w, wb, "Norms"))
	if cs := codingsOf(t, wb); len(cs) != 0 {
		t.Fatalf("a single click on Norms coded the selection: %+v", cs)
	}
	if wb.Codes.Details.Name.Text != "Norms" || wb.Viewer.Selection() != want {
		t.Fatalf("after a click on Norms the details show %q and the selection is %v", wb.Codes.Details.Name.Text, wb.Viewer.Selection())
	}
	test.DoubleTap(codeRowFor(t, w, wb, "Norms"))
	cs := codingsOf(t, wb)
	norms, _ := wb.st.codebook.ByPath("Norms")
	if len(cs) != 1 || cs[0].Span != want || cs[0].CodeID != norms.ID || cs[0].CoderID != wb.Coder().ID {
		t.Fatalf("after clicking Norms: codings %+v, want one Norms coding by alice on %v", cs, want)
	}
	if hs := wb.Viewer.Highlights(); len(hs) != 1 || hs[0].Span != want {
		t.Errorf("viewer highlights %+v", hs)
	}
	if got := codeRowFor(t, w, wb, "Norms").count.Text; got != "1" {
		t.Errorf("Norms shows %s codings, want 1", got)
	}

	wb.Viewer.TypedShortcut(undo)
	if cs := codingsOf(t, wb); len(cs) != 0 {
		t.Fatalf("after Ctrl+Z: %d codings, want 0", len(cs))
	}
	if len(wb.Viewer.Highlights()) != 0 {
		t.Error("the highlight is still shown after undo")
	}
	wb.Viewer.TypedShortcut(redo)
	if cs := codingsOf(t, wb); len(cs) != 1 || cs[0].Span != want || cs[0].CodeID != norms.ID {
		t.Fatalf("after Ctrl+Shift+Z: %+v", cs)
	}
}

func TestNumberKeyAppliesNumberedCode(t *testing.T) {
	wb, w := newTestWorkbench(t)
	span := spanOf(t, wb, "bilateral cyber cooperation")
	dragSelect(w, wb, span)
	if got := wb.Viewer.Selection(); got != span {
		t.Fatalf("drag selected %v %q, want %v", got, wb.Viewer.SelectedText(), span)
	}
	test.Type(wb.Viewer, "2")
	cs := codingsOf(t, wb)
	second, _ := wb.st.CodeWithKey(2)
	if second.Name != "Norms" {
		t.Fatalf("key 2 of the sample codebook is %q", second.Name)
	}
	if len(cs) != 1 || cs[0].CodeID != second.ID || cs[0].Span != span {
		t.Fatalf("pressing 2: codings %+v, want one %s coding on %v", cs, second.Name, span)
	}
	if got := codeRowFor(t, w, wb, "Norms").key.Text; got != "2" {
		t.Errorf("Norms row shows key %q, want 2", got)
	}
	// Without a selection a number key codes nothing.
	wb.Viewer.SetSelection(coding.Span{})
	test.Type(wb.Viewer, "1")
	if n := len(codingsOf(t, wb)); n != 1 {
		t.Errorf("a number key without a selection added codings: %d", n)
	}
}

func TestInVivoCreatesCodeNamedAfterSelection(t *testing.T) {
	wb, w := newTestWorkbench(t)
	span := spanOf(t, wb, "cyber vandalism")
	dragSelect(w, wb, span)
	wb.Viewer.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault})
	code, ok := wb.st.codebook.ByPath("cyber vandalism")
	if !ok {
		t.Fatalf("no code named \"cyber vandalism\" after in-vivo coding; codes: %v", wb.st.codebook.Codes())
	}
	cs := codingsOf(t, wb)
	if len(cs) != 1 || cs[0].CodeID != code.ID || cs[0].Span != span {
		t.Fatalf("in-vivo codings %+v", cs)
	}
	// One undo removes both the coding and the new code: it was one action.
	wb.Undo()
	if _, ok := wb.st.codebook.ByPath("cyber vandalism"); ok || len(codingsOf(t, wb)) != 0 {
		t.Error("undo did not remove the in-vivo code and its coding")
	}
}

func TestDeleteRemovesTheClickedCoding(t *testing.T) {
	wb, w := newTestWorkbench(t)
	span := spanOf(t, wb, "cyber vandalism")
	dragSelect(w, wb, span)
	test.DoubleTap(codeRowFor(t, w, wb, "Trust"))
	// Click on the highlight, then press Delete.
	origin := canvasPosition(w, wb.Viewer).Subtract(wb.Viewer.ScrollOffset())
	mid := origin.Add(wb.Viewer.PositionOf(span.Start + 3))
	test.TapCanvas(w.Canvas(), mid)
	if wb.selected.ID == "" {
		t.Fatal("tapping the highlight selected no coding")
	}
	wb.Viewer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(codingsOf(t, wb)); n != 0 {
		t.Errorf("%d codings after Delete", n)
	}
}

func TestBlindModeShowsOnlyMyCodings(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "bob", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "Sony hack")}); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.project.Code(storage.CodeRequest{Coder: "alice", Document: sonyArticle, CodePath: "Norms", Span: spanOf(t, wb, "cyber vandalism")}); err != nil {
		t.Fatal(err)
	}
	wb.sync()
	if n := len(wb.Viewer.Highlights()); n != 2 {
		t.Fatalf("everyone: %d highlights, want 2", n)
	}
	test.Tap(wb.Blind)
	hs := wb.Viewer.Highlights()
	if len(hs) != 1 || !strings.Contains(hs[0].Tooltip, "alice") {
		t.Errorf("blind mode shows %+v, want alice's coding only", hs)
	}
}

func TestFindAndCodeAllHits(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	test.Type(wb.Search, "vandalism")
	wb.Search.OnSubmitted(wb.Search.Text)
	if len(wb.hits) != 3 {
		t.Fatalf("%d hits for \"vandalism\", want 3", len(wb.hits))
	}
	conflict, _ := wb.st.codebook.ByPath("Conflict")
	wb.CodeAllHits(conflict.ID)
	cs := codingsOf(t, wb)
	if len(cs) != 3 {
		t.Fatalf("%d codings after coding all hits", len(cs))
	}
	for _, c := range cs {
		if got := strings.ToLower(coding.Slice(wb.st.doc.Text, c.Span)); got != "vandalism" {
			t.Errorf("a hit coded %q", got)
		}
	}
}

func TestInVivoName(t *testing.T) {
	for in, want := range map[string]string{
		"“cyber vandalism”":            "cyber vandalism",
		"  North Korea’s\n behavior. ": "North Korea’s behavior",
		"a > b":                        "a › b",
	} {
		if got := inVivoName(in); got != want {
			t.Errorf("inVivoName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodedSegmentsRetrieveAcrossDocumentsAndJump(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, c := range []storage.CodeRequest{
		{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "build trust")},
		{Coder: "bob", Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: 3696, End: 3751}},
	} {
		if _, err := wb.project.Code(c); err != nil {
			t.Fatal(err)
		}
	}
	wb.sync()
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.Segments.Show(trust.ID)
	if n := len(wb.Segments.segments); n != 2 {
		t.Fatalf("%d segments coded Trust, want 2", n)
	}
	texts := map[string]bool{}
	for _, s := range wb.Segments.segments {
		texts[s.text] = true
	}
	if !texts["build trust"] || !texts["International trust is at the core of internet security"] {
		t.Errorf("retrieved passages %v", texts)
	}
	wb.Segments.DocPick.SetSelected(sonyArticle)
	if n := len(wb.Segments.segments); n != 1 {
		t.Errorf("%d segments in the Sony article, want 1", n)
	}
	wb.Segments.DocPick.SetSelected(allDocuments)
	for i, s := range wb.Segments.segments {
		if s.document == "setback-cyber-cooperation.txt" {
			wb.Segments.List.Select(i)
		}
	}
	marked := spanOf(t, wb, "International trust is at the core of internet security")
	if wb.st.doc.Name != "setback-cyber-cooperation.txt" || !slices.Contains(wb.marks(), marked) {
		t.Errorf("clicking the segment opened %s with %v marked, want %v", wb.st.doc.Name, wb.marks(), marked)
	}
	// Nothing is selected, so the next key or click codes nothing by accident.
	if sel := wb.Viewer.Selection(); !sel.Empty() {
		t.Errorf("the passage shown from Coded segments is selected (%v): a number key would code it", sel)
	}
	test.Type(wb.Viewer, "1")
	if n := len(codingsOf(t, wb)); n != 1 {
		t.Errorf("pressing 1 after jumping to a passage made %d codings in this document, want the 1 there was", n)
	}
}

// The coded segments are refreshed when their tab comes to the front, not
// on every coding made while it is hidden.
func TestCodedSegmentsCatchUpWhenShown(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.Tabs.SelectIndex(1)
	wb.Segments.Show(trust.ID)
	if n := len(wb.Segments.segments); n != 0 {
		t.Fatalf("%d segments coded Trust before any coding, want 0", n)
	}
	wb.Tabs.SelectIndex(0)
	wb.Viewer.SetSelection(spanOf(t, wb, "build trust"))
	wb.ApplyCode(trust.ID)
	if n := len(wb.Segments.segments); n != 0 {
		t.Errorf("the hidden segments view reloaded at once (%d segments)", n)
	}
	wb.Tabs.SelectIndex(1)
	if n := len(wb.Segments.segments); n != 1 || wb.Segments.segments[0].text != "build trust" {
		t.Errorf("after coding, the Coded segments tab shows %d segments, want the new passage", n)
	}
}

// Keys typed while a dialog is open are the dialog's: number keys, Delete
// and Ctrl+Z do not code, remove or undo behind it. Once it is closed they
// work again without the viewer having focus.
func TestKeysWaitWhileDialogOpen(t *testing.T) {
	wb, w := newTestWorkbench(t)
	trust, _ := wb.st.codebook.ByPath("Trust")
	wb.Viewer.SetSelection(spanOf(t, wb, "build trust"))
	wb.ApplyCode(trust.ID)
	wb.Viewer.SetSelection(spanOf(t, wb, "cyber vandalism"))
	wb.Codes.reveal(trust.ID)
	test.Tap(wb.Codes.DeleteCode) // asks for confirmation
	dialogOpen := w.Canvas().Overlays().Top()
	if dialogOpen == nil {
		t.Fatal("Delete code shows no confirmation")
	}
	w.Canvas().Unfocus()
	test.TypeOnCanvas(w.Canvas(), "2")
	if n := len(codingsOf(t, wb)); n != 1 {
		t.Errorf("pressing 2 under the Delete code confirmation coded the selection: %d codings, want 1", n)
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(codingsOf(t, wb)); n != 1 {
		t.Errorf("pressing Delete under the confirmation removed a coding: %d codings, want 1", n)
	}
	w.Canvas().Overlays().Remove(dialogOpen)
	test.TypeOnCanvas(w.Canvas(), "2")
	if n := len(codingsOf(t, wb)); n != 2 {
		t.Errorf("pressing 2 without focus after the dialog closed: %d codings, want 2", n)
	}
}

// The codebook's and the documents' counts follow the Show choice, as
// the viewer does.
func TestCountsFollowShowChoice(t *testing.T) {
	wb, w := newTestWorkbench(t)
	for _, c := range []storage.CodeRequest{
		{Coder: "alice", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "build trust")},
		{Coder: "bob", Document: sonyArticle, CodePath: "Trust", Span: spanOf(t, wb, "cyber vandalism")},
	} {
		if _, err := wb.project.Code(c); err != nil {
			t.Fatal(err)
		}
	}
	wb.sync()
	sony := func() string { return wb.Documents.detail(wb.st.doc) }
	if got := codeRowFor(t, w, wb, "Trust").count.Text; got != "2" || !strings.Contains(sony(), "bob 1") {
		t.Fatalf("showing everyone: Trust counts %s, document %q; want 2 and bob's 1", got, sony())
	}
	for _, tc := range []struct {
		set       func()
		trust     string
		bobListed bool
	}{
		{func() { wb.ShowPick.SetSelected(ShowMine) }, "1", false},
		{func() { wb.ShowPick.SetSelected(ShowEveryone) }, "2", true},
		{func() { wb.Blind.SetChecked(true) }, "1", false},
	} {
		tc.set()
		if got := codeRowFor(t, w, wb, "Trust").count.Text; got != tc.trust || strings.Contains(sony(), "bob") != tc.bobListed {
			t.Errorf("show %s, blind %v: Trust counts %s, document %q; want %s, bob listed %v", wb.ShowPick.Selected, wb.Blind.Checked, got, sony(), tc.trust, tc.bobListed)
		}
	}
}

func TestImportChosenFilesFromAFolder(t *testing.T) {
	wb, w := newTestWorkbench(t)
	dir := t.TempDir()
	for name, text := range map[string]string{
		"interview-1.txt": "“We trust the process,” she said.",
		"interview-2.md":  "# Notes\n\n信任 matters.",
		"skip-me.txt":     "not this one",
		"photo.jpg":       "\xff\xd8 not a document",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names, err := documentFiles(dir)
	if err != nil || strings.Join(names, ",") != "interview-1.txt,interview-2.md,skip-me.txt" {
		t.Fatalf("document files %v %v", names, err)
	}
	files := wb.chooseFiles(dir, names)
	files.SetSelected([]string{"interview-1.txt", "interview-2.md"})
	var importButton *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Import" {
			importButton = b
		}
	}
	if importButton == nil {
		t.Fatal("no Import button in the dialog")
	}
	test.Tap(importButton)
	// The import runs in the background; the project file is safe to poll.
	var got []string
	for deadline := time.Now().Add(20 * time.Second); len(got) < 4 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		docs, err := wb.project.Documents()
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, d := range docs {
			got = append(got, d.Name)
		}
	}
	if strings.Join(got, ",") != "interview-1.txt,interview-2.md,setback-cyber-cooperation.txt,sony-hack-cyber-dialogue.txt" {
		t.Errorf("documents after importing the chosen files: %v", got)
	}
}
