package app

// Headless tests of issue 26's input items: keys go where the user is,
// dialogs confirm with Enter, cancel with Escape and say why they cannot
// confirm, the colour dialog waits for Confirm, a taken key is named, an
// existing coding is not "coded" again, and a clicked coding is let go.

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

var (
	enter  = fyne.KeyReturn
	escape = fyne.KeyEscape
)

// storedCode is the code with this path as the project holds it.
func storedCode(t *testing.T, wb *Workbench, path string) coding.Code {
	t.Helper()
	cb, err := wb.project.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cb.ByPath(path)
	if !ok {
		t.Fatalf("no code %q in the project", path)
	}
	return c
}

// shownForm is what a test reads of the form dialog on top.
type shownForm struct {
	Problem *widget.Label  // why it did not confirm
	Confirm *widget.Button // its confirm button
}

// Submit taps the confirm button.
func (f shownForm) Submit() { test.Tap(f.Confirm) }

// topForm is the form dialog on top of the window.
func topForm(t *testing.T, w fyne.Window) shownForm {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	var f shownForm
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Importance == widget.DangerImportance {
				f.Problem = x
			}
		case *widget.Button:
			if x.Importance == widget.HighImportance {
				f.Confirm = x
			}
		}
	}
	if f.Problem == nil || f.Confirm == nil {
		t.Fatalf("the dialog on top is not a form dialog: %s", dialogText(w))
	}
	return f
}

// Item 1: with a passage selected, a click in Norms' Definition, then a
// click on Trust in the tree, then the number key 1 codes the passage with
// Trust; neither code's details get the digit.
func TestNumberKeyAfterDetailsCodesThePassage(t *testing.T) {
	wb, w := newTestWorkbench(t)
	span := spanOf(t, wb, "cyber")
	wb.Viewer.SetSelection(span)
	test.Tap(codeRowFor(t, w, wb, "Norms"))
	def := wb.Codes.Details.Definition
	w.Canvas().Focus(def)
	test.Type(def, " Also soft law.")
	normsDef := def.Text
	test.Tap(codeRowFor(t, w, wb, "Trust"))
	if f := w.Canvas().Focused(); f != nil {
		t.Errorf("after a click on Trust in the tree, %T still has the keyboard focus", f)
	}
	test.TypeOnCanvas(w.Canvas(), "1")
	if got := storedCode(t, wb, "Norms").Description.Definition; got != normsDef {
		t.Errorf("Norms' definition stored %q, want what was typed there: %q", got, normsDef)
	}
	trust := storedCode(t, wb, "Trust")
	if strings.Contains(trust.Name+trust.Description.Definition, "1") {
		t.Errorf("the digit went into Trust's details: %q, %q", trust.Name, trust.Description.Definition)
	}
	cs := codingsOf(t, wb)
	if len(cs) != 1 || cs[0].CodeID != trust.ID || cs[0].Span != span {
		t.Errorf("pressing 1 stored codings %+v, want one Trust coding of %v", cs, span)
	}

	// The details showing another code (here by clicking a coding's
	// highlight, which reveals its code) also take the focus from a field.
	test.Tap(codeRowFor(t, w, wb, "Norms"))
	w.Canvas().Focus(wb.Codes.Details.Name)
	wb.Codes.reveal(trust.ID)
	if f := w.Canvas().Focused(); f != nil {
		t.Errorf("the details show Trust, but %T (Norms' name) keeps the focus", f)
	}
	test.TypeOnCanvas(w.Canvas(), "x")
	if n := storedCode(t, wb, "Norms").Name; n != "Norms" {
		t.Errorf("Norms was renamed %q", n)
	}
}

// Item 13: each dialog confirms with Enter, cancels with Escape, and says
// why it cannot confirm rather than closing silently.
func TestDialogsTakeEnterAndEscapeAndSayWhy(t *testing.T) {
	wb, w := newTestWorkbench(t)
	open := func() bool { return w.Canvas().Overlays().Top() != nil }

	// New code with an empty name: Enter says why and stays; Escape closes.
	wb.newCode("")
	pressKey(w, enter)
	f := topForm(t, w)
	if !open() || !f.Problem.Visible() || !strings.Contains(f.Problem.Text, "name is empty") {
		t.Errorf("Enter in New code with no name: open %v, says %q; want it open, saying the name is empty", open(), f.Problem.Text)
	}
	pressKey(w, escape)
	if open() {
		t.Error("Escape did not close New code")
	}
	codes := len(wb.st.codebook.Codes())

	// Merge with no target chosen.
	trust := storedCode(t, wb, "Trust")
	wb.mergeCode(trust.ID)
	topForm(t, w).Submit()
	if f := topForm(t, w); !f.Problem.Visible() || !strings.Contains(f.Problem.Text, "Choose a code") {
		t.Errorf("Merge with no target: says %q, want it to ask for a code", f.Problem.Text)
	}
	pressKey(w, escape)
	if open() || len(wb.st.codebook.Codes()) != codes {
		t.Errorf("Escape in Merge: open %v, %d codes (were %d)", open(), len(wb.st.codebook.Codes()), codes)
	}

	// New attribute: Escape from the name field cancels, Enter adds; a
	// refused name keeps the dialog open with the reason.
	attrs := len(wb.st.Attributes())
	wb.Attributes.newAttribute()
	pressKey(w, escape)
	if open() || len(wb.st.Attributes()) != attrs {
		t.Fatalf("Escape in New attribute: open %v, %d attributes (were %d)", open(), len(wb.st.Attributes()), attrs)
	}
	wb.Attributes.newAttribute()
	test.Type(w.Canvas().Focused(), "author") // the sample has one
	pressKey(w, enter)
	if f := topForm(t, w); !f.Problem.Visible() || !strings.Contains(f.Problem.Text, "author") {
		t.Errorf("New attribute named like an existing one: says %q (visible %v), want the reason", f.Problem.Text, f.Problem.Visible())
	}
	w.Canvas().Focused().(*dialogEntry).SetText("words")
	pressKey(w, enter)
	if open() || len(wb.st.Attributes()) != attrs+1 {
		t.Errorf("Enter in New attribute: open %v, %d attributes, want %d", open(), len(wb.st.Attributes()), attrs+1)
	}

	// Save as set: Enter saves.
	wb.Documents.askSetName()
	test.Type(w.Canvas().Focused(), "All of them")
	pressKey(w, enter)
	if _, ok := wb.st.SetNamed("All of them"); open() || !ok {
		t.Errorf("Enter in Save as set: open %v, set stored %v", open(), ok)
	}

	// Draw a reliability sample: a size it cannot read is named, in the
	// dialog; Escape from a field closes it.
	cv := wb.Compare
	cv.showSampleDialog(cv.do.Sample)
	cv.sampleDialog.Size.SetText("1,5")
	w.Canvas().Focus(cv.sampleDialog.Size)
	pressKey(w, enter)
	if f := topForm(t, w); !f.Problem.Visible() || !strings.Contains(f.Problem.Text, "1,5") {
		t.Errorf("Enter in Draw sample with size 1,5: says %q, want the reason naming 1,5", f.Problem.Text)
	}
	pressKey(w, escape)
	if open() {
		t.Error("Escape in Draw a reliability sample did not close it")
	}
	if _, ok := wb.st.SetNamed(coding.ReliabilitySampleName); ok {
		t.Error("a sample was drawn from size 1,5")
	}
}

// Item 4: a swatch only chooses; Escape and Cancel keep the colour,
// Confirm recolours (one action, undoable).
func TestColourDialogWaitsForConfirm(t *testing.T) {
	wb, w := newTestWorkbench(t)
	test.Tap(codeRowFor(t, w, wb, "Trust"))
	d := wb.Codes.Details
	was := storedCode(t, wb, "Trust").Color
	test.Tap(d.Recolour)
	cd := d.colour
	test.Tap(cd.Swatches[3])
	if got := storedCode(t, wb, "Trust").Color; got != was {
		t.Errorf("a click on a swatch recoloured Trust %s before Confirm", got)
	}
	pressKey(w, escape)
	if got := storedCode(t, wb, "Trust").Color; got != was || w.Canvas().Overlays().Top() != nil {
		t.Errorf("after Escape Trust is %s (want %s); dialog open %v", got, was, w.Canvas().Overlays().Top() != nil)
	}
	test.Tap(d.Recolour)
	cd = d.colour
	test.Tap(cd.Swatches[3])
	test.Tap(cd.Dismiss)
	if got := storedCode(t, wb, "Trust").Color; got != was {
		t.Errorf("after Cancel Trust is %s, want %s", got, was)
	}
	test.Tap(d.Recolour)
	cd = d.colour
	test.Tap(cd.Swatches[3])
	test.Tap(cd.Confirm)
	if got := storedCode(t, wb, "Trust").Color; got != cd.Colours[3] {
		t.Errorf("after Confirm Trust is %s, want %s", got, cd.Colours[3])
	}
	wb.Undo()
	if got := storedCode(t, wb, "Trust").Color; got != was {
		t.Errorf("Undo left Trust %s, want %s", got, was)
	}
}

// Item 5: giving a code another code's key says which code lost it, and
// one Undo gives it back.
func TestTakingAKeySaysFromWhom(t *testing.T) {
	wb, w := newTestWorkbench(t)
	trustKey := storedCode(t, wb, "Trust").Key
	if trustKey == 0 {
		t.Fatal("the sample's Trust has no key")
	}
	conflictKey := storedCode(t, wb, "Conflict").Key
	test.Tap(codeRowFor(t, w, wb, "Conflict"))
	wb.Codes.Details.Key.SetSelected(keyChoice(trustKey))
	if got := storedCode(t, wb, "Conflict").Key; got != trustKey {
		t.Fatalf("Conflict's key is %d, want %d", got, trustKey)
	}
	if k := storedCode(t, wb, "Trust").Key; k != 0 {
		t.Errorf("Trust kept the key %d", k)
	}
	if msg := wb.LastAction.Text; !strings.Contains(msg, "Trust") || !strings.Contains(msg, "Conflict") {
		t.Errorf("the status line says %q; want it to name Trust, which lost the key, and Conflict", msg)
	}
	wb.Undo()
	if a, b := storedCode(t, wb, "Trust").Key, storedCode(t, wb, "Conflict").Key; a != trustKey || b != conflictKey {
		t.Errorf("after one Undo Trust has key %d, Conflict %d; want %d and %d", a, b, trustKey, conflictKey)
	}
}

// Item 17: a key on a passage its code already codes says so and adds
// nothing; a key pressed before anyone said who is coding codes the
// passage once they have.
func TestCodingKeyAlreadyCodedAndBeforeCoder(t *testing.T) {
	wb, w := newTestWorkbench(t)
	span := spanOf(t, wb, "cyber")
	wb.Viewer.SetSelection(span)
	wb.ApplyNumbered(1)
	wb.Viewer.SetSelection(span)
	wb.ApplyNumbered(1)
	if n := len(codingsOf(t, wb)); n != 1 {
		t.Errorf("%d codings after pressing 1 twice on the same passage", n)
	}
	if msg := wb.LastAction.Text; !strings.Contains(msg, "Already coded") {
		t.Errorf("pressing 1 again says %q, want it to say the passage is already coded", msg)
	}

	wb.redraw(wb.st.setCoder(coding.Coder{}))
	other := spanOf(t, wb, "dialogue")
	wb.Viewer.SetSelection(other)
	wb.ApplyNumbered(1)
	f := topForm(t, w)
	test.Type(w.Canvas().Focused(), "zoe")
	f.Submit()
	var zoe []coding.Coding
	for _, c := range codingsOf(t, wb) {
		if wb.st.CoderName(c.CoderID) == "zoe" {
			zoe = append(zoe, c)
		}
	}
	if len(zoe) != 1 || zoe[0].Span != other {
		t.Errorf("after answering Who is coding? with zoe, her codings are %+v, want one of %v", zoe, other)
	}
}

// Item 20: a coding just made is not left selected; one clicked is let go
// when the user selects other text, and the status line stops offering
// to delete it.
func TestCodingSelectionIsLetGo(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	span := spanOf(t, wb, "cyber")
	wb.Viewer.SetSelection(span)
	wb.ApplyNumbered(1)
	if wb.selected.ID != "" {
		t.Error("the coding just made is selected")
	}
	hs := wb.Viewer.Highlights()
	if len(hs) == 0 {
		t.Fatal("no highlight for the new coding")
	}
	wb.highlightTapped(hs[0])
	if wb.selected.ID == "" || !strings.HasPrefix(wb.LastAction.Text, "Selected coding") {
		t.Fatalf("clicking the highlight: selected %q, status %q", wb.selected.ID, wb.LastAction.Text)
	}
	if slices.Contains(wb.marks(), span) {
		t.Error("the clicked coding is marked in a find hit's yellow, which hides its colour")
	}
	wb.Viewer.SetSelection(spanOf(t, wb, "dialogue"))
	if wb.selected.ID != "" || strings.Contains(wb.LastAction.Text, "Delete removes it") {
		t.Errorf("after selecting other text: selected coding %q, status %q", wb.selected.ID, wb.LastAction.Text)
	}
}

// Item 15: the window's size (width and height) and its dividers, the
// codebook's and the Compare tab's among them, come back as they were in
// the next window.
func TestWindowLayoutIsKept(t *testing.T) {
	wb, w := newTestWorkbench(t)
	w.Resize(fyne.NewSize(1111, 777))
	moved := map[string]float64{prefSplitLeft: 0.25, prefSplitRight: 0.6, prefSplitCodebook: 0.3, prefSplitCompare: 0.7}
	for key, split := range wb.keptSplits() {
		split.SetOffset(moved[key])
	}
	wb.saveLayout()
	if got := savedWindowSize(wb.app); got != fyne.NewSize(1111, 777) {
		t.Errorf("the saved window size is %v, want 1111×777", got)
	}
	p, err := storage.Open(wb.project.Path())
	if err != nil {
		t.Fatal(err)
	}
	w2 := test.NewWindow(nil)
	defer w2.Close()
	next := NewWorkbench(wb.app, w2, p)
	for key, split := range next.keptSplits() {
		if split.Offset != moved[key] {
			t.Errorf("%s: the next window's divider is at %v, want %v", key, split.Offset, moved[key])
		}
	}
}

// Item 27: Ctrl+Q closes the window (keeping its layout) and quits; the
// File menu ends with Quit, showing Ctrl+Q.
func TestCtrlQQuits(t *testing.T) {
	a := test.NewTempApp(t)
	p, err := storage.Open(newSampleProject(t, "quit.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil) // Ctrl+Q closes it: no Close at the end
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	file := wb.MainMenu().Items[0]
	if last := file.Items[len(file.Items)-1]; !last.IsQuit || last.Shortcut == nil || last.Shortcut.ShortcutName() != (&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName() {
		t.Errorf("the File menu ends with %q (quit %v, shortcut %v), want Quit with Ctrl+Q", last.Label, last.IsQuit, last.Shortcut)
	}
	if n := len(file.Items); n > 14 {
		t.Errorf("the File menu has %d items: at 600 pixels high Quit is out of sight", n)
	}
	w.Resize(fyne.NewSize(900, 640))
	wb.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault})
	select {
	case <-wb.stop:
	default:
		t.Error("Ctrl+Q did not close the window")
	}
	if got := savedWindowSize(wb.app); got != fyne.NewSize(900, 640) {
		t.Errorf("after Ctrl+Q the saved size is %v, want 900×640", got)
	}
}

// Item 14: the Open dialogs take a typed path (a name in the folder shown,
// an absolute path), say what is wrong with one they cannot open, and
// open only on Open or Enter.
func TestOpenDialogTakesATypedPath(t *testing.T) {
	wb, w := newTestWorkbench(t)
	dir := t.TempDir()
	doc := filepath.Join(dir, "interview.txt")
	if err := os.WriteFile(doc, []byte("An interview."), 0o644); err != nil {
		t.Fatal(err)
	}
	var opened []string
	s := wb.newOpenPath([]string{".txt"}, false, func(p string) { opened = append(opened, p) })
	for _, c := range []struct{ typed, says string }{
		{dir, "is a folder"},
		{filepath.Join(dir, "missing.txt"), "there is no"},
		{wb.project.Path(), "is not a .txt file"},
	} {
		s.Path.SetText(c.typed)
		pressKey(w, enter)
		if len(opened) != 0 || !s.Error.Visible() || !strings.Contains(s.Error.Text, c.says) {
			t.Errorf("Open %q: opened %q, says %q; want nothing opened and %q", c.typed, opened, s.Error.Text, c.says)
		}
	}
	s.dir = dir
	s.Path.SetText("interview.txt") // relative: in the folder shown
	pressKey(w, enter)
	if len(opened) != 1 || opened[0] != doc || w.Canvas().Overlays().Top() != nil {
		t.Errorf("Open interview.txt in %s: opened %q (dialog open %v), want [%s]", dir, opened, w.Canvas().Overlays().Top() != nil, doc)
	}

	// A folder dialog takes a folder.
	var folders []string
	f := wb.newOpenPath(nil, true, func(p string) { folders = append(folders, p) })
	f.Path.SetText(doc)
	test.Tap(f.Save)
	if len(folders) != 0 || !strings.Contains(f.Error.Text, "is a file") {
		t.Errorf("a folder dialog given a file: chose %q, says %q", folders, f.Error.Text)
	}
	f.Path.SetText(dir)
	test.Tap(f.Save)
	if len(folders) != 1 || folders[0] != dir {
		t.Errorf("a folder dialog given %s chose %q", dir, folders)
	}
}

// Item 3, the window's side: a number typed with a decimal comma in the
// sample dialog is read as the decimal it is ("0,2" a share of 0.2,
// "20,5 %" 20.5 %, P_c "0,5" as 0.5), or refused with the reason ("1,5"
// documents, the ambiguous "1,500"), never read with its digits merged.
func TestSampleFieldsNeverMergeDigits(t *testing.T) {
	for typed, want := range map[string]float64{"0,2": 0.2, "20,5 %": 0.205, "0.2": 0.2} {
		opt, err := parseSampleSize(typed)
		if err != nil || opt.Count != 0 || math.Abs(opt.Fraction-want) > 1e-12 {
			t.Errorf("sample size %q read as %+v, %v; want a share of %v", typed, opt, err, want)
		}
	}
	for _, typed := range []string{"1,5", "1,500"} {
		opt, err := parseSampleSize(typed)
		if err == nil {
			t.Errorf("sample size %q was read as %+v, want it refused", typed, opt)
		} else if !strings.Contains(err.Error(), typed) {
			t.Errorf("sample size %q refused as %q, which does not name it", typed, err)
		}
	}
	wb, _ := newTestWorkbench(t)
	sd := newSampleDialog(wb.st, wb.win.Canvas(), 2)
	sd.Pc.SetText("0.5")
	withPoint := sd.Plan.Text
	sd.Pc.SetText("0,5")
	if sd.Plan.Text != withPoint || strings.HasPrefix(withPoint, "P_c:") {
		t.Errorf("P_c 0,5: the planner says %q; with 0.5 it says %q", sd.Plan.Text, withPoint)
	}
	sd.Pc.SetText("1,500")
	if !strings.HasPrefix(sd.Plan.Text, "P_c:") {
		t.Errorf("P_c 1,500: the planner says %q, want it to ask again", sd.Plan.Text)
	}
}

// Item 13: Enter in the consensus Reason field resolves, as Resolve does.
func TestConsensusReasonTakesEnter(t *testing.T) {
	wb, cv := compared(t, "alice", "bob")
	norms, _ := wb.st.Codebook().ByPath("Norms")
	sony := ""
	for i, id := range cv.grid.docs {
		if strings.HasPrefix(cv.columnName(colFirst+i), "sony") {
			sony = id
			cv.showPair(norms.ID, colFirst+i)
		}
	}
	r := &cv.resolve
	test.Tap(cv.Next)
	cv.step(0 - cv.current) // the first disagreement
	r.Choice.SetSelected("Take bob's")
	r.Reason.SetText("bob's is tighter")
	r.Reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := consensusSpans(t, wb, sony, norms.ID); !slices.Equal(got, []coding.Span{{Start: 1395, End: 1410}}) {
		t.Errorf("Enter in the Reason field: the consensus codes %v, want bob's 1395–1410", got)
	}
}
