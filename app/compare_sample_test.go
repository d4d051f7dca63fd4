package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// TestCompareDrawsAndComparesTheReliabilitySample: the dialog gives the
// planner's answer, draws the sample as the set "Reliability sample", the
// Compare tab then offers it checked and compares only its documents,
// saying so in the overall line and the methods paragraph; Undo takes it
// away and every coded document is compared again.
func TestCompareDrawsAndComparesTheReliabilitySample(t *testing.T) {
	wb, _ := newCompareWorkbench(t)
	cv := wb.Compare
	if cv.sample.UseSample.Visible() {
		t.Fatal("the reliability sample is offered before there is one")
	}
	cv.Coders.SetSelected([]string{"alice", "bob"}) // the planner plans for the coders ticked
	test.Tap(cv.sample.Draw)
	sd := cv.sampleDialog
	if sd == nil {
		t.Fatal("Draw reliability sample… opened no dialog")
	}
	if !strings.Contains(sd.Plan.Text, "at least 103 units") || !strings.Contains(sd.Plan.Text, "Bloch & Kraemer") {
		t.Errorf("the planner says %q; want 103 units (α 0.8, p 0.05, P_c 0.5) and its source", sd.Plan.Text)
	}
	sd.Pc.SetText("0.25")
	if !strings.Contains(sd.Plan.Text, "at least 139 units") {
		t.Errorf("with P_c 0.25 the planner says %q; want Krippendorff's 139", sd.Plan.Text)
	}
	sd.Size.SetText("1")
	sd.Seed.SetText("5")
	cv.drawSample(cv.do.Sample, sd)
	set, ok := wb.st.SetNamed(coding.ReliabilitySampleName)
	if !ok || len(set.Documents) != 1 {
		t.Fatalf("after drawing: set %+v, %v; want one document", set, ok)
	}
	if !cv.sample.UseSample.Visible() || !cv.sample.UseSample.Checked || !strings.Contains(cv.sample.UseSample.Text, "1 document") {
		t.Fatalf("the sample check box: visible %v, checked %v, %q", cv.sample.UseSample.Visible(), cv.sample.UseSample.Checked, cv.sample.UseSample.Text)
	}
	if !cv.AllDocuments.Disabled() {
		t.Error("All coded documents stays enabled while the sample is compared")
	}
	doc, _ := wb.st.DocumentByID(set.Documents[0])
	runCompare(t, cv, "alice", "bob")
	if len(cv.cmp.Documents) != 1 || cv.cmp.Documents[0].Name != doc.Name {
		t.Errorf("compared %d documents; want only the sample's %s", len(cv.cmp.Documents), doc.Name)
	}
	if !strings.Contains(cv.Overall.Text, "in 1 document (the reliability sample)") {
		t.Errorf("the overall line does not say the sample was compared:\n%s", cv.Overall.Text)
	}
	test.Tap(cv.CopyMethods)
	if got := fyne.CurrentApp().Clipboard().Content(); !strings.Contains(got, storage.SelectionSample+", drawn at random (seed 5), on ") {
		t.Errorf("the methods paragraph does not say how the documents were chosen:\n%s", got)
	}

	// The same seed draws the same document again.
	again := newSampleDialog(wb.st, wb.win.Canvas(), 2)
	again.Size.SetText("1")
	again.Seed.SetText("5")
	cv.drawSample(cv.do.Sample, again)
	if s, _ := wb.st.SetNamed(coding.ReliabilitySampleName); !slices.Equal(s.Documents, set.Documents) {
		t.Errorf("seed 5 drew %v, then %v", set.Documents, s.Documents)
	}

	// Undo both draws: no sample, every coded document again.
	wb.Undo()
	wb.Undo()
	wb.freshen(cv.content)
	if cv.sample.UseSample.Visible() || cv.AllDocuments.Disabled() {
		t.Errorf("after undo the sample is still offered (visible %v) or the other choices disabled", cv.sample.UseSample.Visible())
	}
	runCompare(t, cv, "alice", "bob")
	if len(cv.cmp.Documents) != 2 || strings.Contains(cv.Overall.Text, "reliability sample") {
		t.Errorf("after undo: compared %d documents, overall %q", len(cv.cmp.Documents), cv.Overall.Text)
	}
}

func TestParseSampleSize(t *testing.T) {
	for _, tc := range []struct {
		in       string
		count    int
		fraction float64
		bad      bool
	}{
		{in: "20 %", fraction: 0.2}, {in: "25%", fraction: 0.25}, {in: "0.1", fraction: 0.1}, {in: "7", count: 7},
		{in: "0", bad: true}, {in: "150 %", bad: true}, {in: "1.5", bad: true}, {in: "some", bad: true},
	} {
		opt, err := parseSampleSize(tc.in)
		if (err != nil) != tc.bad || opt.Count != tc.count || opt.Fraction != tc.fraction {
			t.Errorf("parseSampleSize(%q) = %+v, %v", tc.in, opt, err)
		}
	}
}
