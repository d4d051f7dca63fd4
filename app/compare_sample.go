package app

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage"
)

// The Compare tab's reliability sample (issue 13): a check box that
// compares the set coding.ReliabilitySampleName, checked when it appears,
// and a dialog that draws the sample, with the planner that says how large
// it should be.

// sampleActions are what the sample controls ask the window to do.
type sampleActions struct {
	// Draw draws and stores a sample (one undoable action).
	Draw func(storage.SampleOptions) (storage.DrawnSample, error)
	// Paragraphs counts the project's documents and paragraphs; it is
	// called on a goroutine of its own.
	Paragraphs func() (documents, paragraphs int, err error)
	// Selection says, for the methods paragraph, how the reliability
	// sample was drawn (storage.Project.SampleSelection); nil says only
	// that the sample was compared.
	Selection func() (string, error)
}

// sampleControls are the Compare tab's sample widgets.
type sampleControls struct {
	UseSample *widget.Check  // compare the reliability sample; hidden when there is none
	Draw      *widget.Button // opens the dialog
	seen      bool           // the sample was there at the last refresh
	box       *fyne.Container
}

// newSampleControls builds the controls; cv.refreshSample shows them.
func (cv *compareView) newSampleControls(do sampleActions) *fyne.Container {
	cv.sample.UseSample = widget.NewCheck("Reliability sample", func(on bool) {
		if on {
			cv.AllDocuments.Disable()
			cv.Documents.Disable()
		} else {
			cv.AllDocuments.Enable()
			if !cv.AllDocuments.Checked {
				cv.Documents.Enable()
			}
		}
		cv.updateRun()
	})
	cv.sample.UseSample.Hide()
	cv.sample.Draw = widget.NewButton("Draw reliability sample…", func() { cv.showSampleDialog(do) })
	cv.sample.box = container.NewVBox(cv.sample.UseSample, cv.sample.Draw)
	return cv.sample.box
}

// reliabilitySample is the names of the reliability sample's documents, or
// nil when there is none.
func (cv *compareView) reliabilitySample() []string {
	set, ok := cv.st.SetNamed(coding.ReliabilitySampleName)
	if !ok {
		return nil
	}
	docs, err := cv.st.SelectDocuments(set, nil)
	if err != nil {
		return nil
	}
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Name
	}
	return names
}

// sampleChosen is the sample's document names when it is to be compared.
func (cv *compareView) sampleChosen() []string {
	if cv.sample.UseSample == nil || !cv.sample.UseSample.Visible() || !cv.sample.UseSample.Checked {
		return nil
	}
	return cv.reliabilitySample()
}

// refreshSample shows the check box when the project has a reliability
// sample, checking it when the sample has just appeared.
func (cv *compareView) refreshSample() {
	if cv.sample.UseSample == nil {
		return
	}
	names := cv.reliabilitySample()
	if len(names) == 0 {
		if cv.sample.UseSample.Checked {
			cv.sample.UseSample.SetChecked(false) // gives back the other choices
		}
		cv.sample.UseSample.Hide()
		cv.sample.seen = false
		return
	}
	cv.sample.UseSample.Text = fmt.Sprintf("Reliability sample (%s)", plural(len(names), "document"))
	cv.sample.UseSample.Show()
	if !cv.sample.seen {
		cv.sample.seen = true
		cv.sample.UseSample.SetChecked(true)
	}
	cv.sample.UseSample.Refresh()
}

// sampleNote is what the overall line says about the documents compared
// when they were the reliability sample.
func (cv *compareView) sampleNote() string {
	if cv.comparedSample {
		return " (the reliability sample)"
	}
	return ""
}

// parseSampleSize reads "20 %", "0.2" (shares) or "5" (a number of
// documents).
func parseSampleSize(s string) (storage.SampleOptions, error) {
	var opt storage.SampleOptions
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := coding.ParseNumber(strings.TrimSpace(p))
		if err != nil {
			return opt, err
		}
		if !(f > 0 && f <= 100) {
			return opt, fmt.Errorf("%q is not a share between 0 and 100 %%", s)
		}
		opt.Fraction = f / 100
		return opt, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 1 {
			return opt, fmt.Errorf("draw at least one document")
		}
		opt.Count = n
		return opt, nil
	}
	f, err := coding.ParseNumber(s)
	if errors.Is(err, coding.ErrAmbiguousNumber) {
		return opt, err
	}
	if err != nil || !(f > 0 && f <= 1) {
		return opt, fmt.Errorf("%q: give a number of documents (5), or a share (20 %% or 0.2)", s)
	}
	opt.Fraction = f
	return opt, nil
}

// planText is the planner's answer for the window.
func planText(plan agreement.SampleSizePlan, coders int, assumed string, documents, paragraphs int) string {
	text := fmt.Sprintf("With %d coders (%s): to show α above %v at p = %v, code at least %d units by each coder when a code's rarer value has probability %v (rarer codes need more).",
		coders, assumed, plan.AlphaMin, plan.Level, plan.Units, plan.Pc)
	if paragraphs > 0 {
		perDoc := float64(paragraphs) / float64(documents)
		n := int(float64(plan.Units)/perDoc + 0.999999)
		if n >= documents {
			text += fmt.Sprintf(" Counting a paragraph as a unit, that is more than the project's %s: double-code every document.", plural(documents, "document"))
		} else {
			text += fmt.Sprintf(" Counting a paragraph as a unit (%.1f per document), that is about %s of %d.", perDoc, plural(n, "document"), documents)
		}
	}
	return text + "\n" + agreement.SampleSizeFormula + ".\nSource: " + agreement.SampleSizeSource + "."
}

// sampleDialog is the dialog that draws a sample; tests drive its fields.
type sampleDialog struct {
	Size, Seed, Pc    *dialogEntry
	By, AlphaMin, Lvl *widget.Select
	Coders            *widget.Select // how many coders will code the sample
	Plan              *widget.Label
	documents, paras  int
	ticked            int // the coders ticked in the Compare tab
}

func (sd *sampleDialog) updatePlan() {
	a, _ := strconv.ParseFloat(sd.AlphaMin.Selected, 64)
	l, _ := strconv.ParseFloat(sd.Lvl.Selected, 64)
	pc, err := coding.ParseNumber(strings.TrimSpace(sd.Pc.Text)) // "0,5" is 0.5, never 5
	if err != nil {
		sd.Plan.SetText("P_c: give the probability of a code's rarer value, e.g. 0.5 or 0.1 (" + err.Error() + ")")
		return
	}
	coders, _ := strconv.Atoi(sd.Coders.Selected)
	plan, err := agreement.RequiredUnits(a, l, pc, coders)
	if err != nil {
		sd.Plan.SetText(err.Error())
		return
	}
	assumed := "the coders ticked in the Compare tab"
	switch {
	case coders != sd.ticked && sd.ticked >= 2:
		assumed = fmt.Sprintf("as chosen; %d are ticked in the Compare tab", sd.ticked)
	case coders != sd.ticked:
		assumed = "as chosen: tick the coders in the Compare tab or choose how many"
	}
	sd.Plan.SetText(planText(plan, coders, assumed, sd.documents, sd.paras))
}

// newSampleDialog builds the dialog's fields from the state, for a dialog
// over canvas c, with the number of coders ticked in the Compare tab.
func newSampleDialog(st *State, c fyne.Canvas, ticked int) *sampleDialog {
	sd := &sampleDialog{Size: newDialogEntry(c, false), Seed: newDialogEntry(c, false), Pc: newDialogEntry(c, false), ticked: ticked}
	sd.Size.SetText("20 %")
	sd.Seed.SetText(strconv.FormatUint(rand.Uint64N(1_000_000)+1, 10))
	by := []string{"(not stratified)"}
	for _, a := range st.Attributes() {
		by = append(by, a.Name)
	}
	sd.By = widget.NewSelect(by, nil)
	sd.By.SetSelected(by[0])
	sd.Plan = widget.NewLabel("")
	sd.Plan.Wrapping = fyne.TextWrapWord
	sd.AlphaMin = widget.NewSelect([]string{"0.667", "0.8", "0.9"}, func(string) { sd.updatePlan() })
	sd.Lvl = widget.NewSelect([]string{"0.1", "0.05", "0.01"}, func(string) { sd.updatePlan() })
	var counts []string
	for n := 2; n <= max(10, ticked); n++ {
		counts = append(counts, strconv.Itoa(n))
	}
	sd.Coders = widget.NewSelect(counts, func(string) { sd.updatePlan() })
	sd.Coders.Selected = strconv.Itoa(max(2, ticked))
	sd.Pc.SetText(strconv.FormatFloat(agreement.DefaultPc, 'f', -1, 64))
	sd.Pc.OnChanged = func(string) { sd.updatePlan() }
	sd.AlphaMin.SetSelected("0.8")
	sd.Lvl.SetSelected("0.05")
	return sd
}

// options is what the dialog asks DrawSample for.
func (sd *sampleDialog) options() (storage.SampleOptions, error) {
	opt, err := parseSampleSize(sd.Size.Text)
	if err != nil {
		return opt, err
	}
	if opt.Seed, err = strconv.ParseUint(strings.TrimSpace(sd.Seed.Text), 10, 64); err != nil {
		return opt, fmt.Errorf("seed %q: give a whole number", sd.Seed.Text)
	}
	if sd.By.SelectedIndex() > 0 {
		opt.By = sd.By.Selected
	}
	opt.Replace = true // the dialog says so; Undo brings the old one back
	return opt, nil
}

// showSampleDialog asks how to draw the sample, with the planner's answer,
// and draws it.
func (cv *compareView) showSampleDialog(do sampleActions) {
	sd := newSampleDialog(cv.st, cv.win.Canvas(), len(cv.options().Coders))
	cv.sampleDialog = sd
	if do.Paragraphs != nil {
		go func() {
			d, p, err := do.Paragraphs()
			fyne.Do(func() {
				if err == nil {
					sd.documents, sd.paras = d, p
					sd.updatePlan()
				}
			})
		}()
	}
	confirm := "Draw"
	note := fmt.Sprintf("The sample is kept as the set %q, which the Compare tab then compares.", coding.ReliabilitySampleName)
	if _, ok := cv.st.SetNamed(coding.ReliabilitySampleName); ok {
		confirm = "Draw again"
		note = "This replaces the current reliability sample (Undo brings it back)."
	}
	form := widget.NewForm(
		widget.NewFormItem("Documents", sd.Size),
		widget.NewFormItem("Stratify by", sd.By),
		widget.NewFormItem("Seed", sd.Seed))
	planner := widget.NewForm(
		widget.NewFormItem("Coders", sd.Coders),
		widget.NewFormItem("Smallest acceptable α", sd.AlphaMin),
		widget.NewFormItem("Significance level", sd.Lvl),
		widget.NewFormItem("P_c of the rarer value", sd.Pc))
	hint := widget.NewLabel(note + " The same seed draws the same documents.")
	hint.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(form, hint, widget.NewSeparator(), boldLabel("How much to double-code"), planner, sd.Plan)
	showContentChecked("Draw a reliability sample", confirm, content, func() error { return cv.draw(do, sd) }, cv.win, fyne.NewSize(620, 560))
	cv.win.Canvas().Focus(sd.Size)
}

// drawSample draws with the dialog's choices and reports what was drawn.
func (cv *compareView) drawSample(do sampleActions, sd *sampleDialog) {
	if err := cv.draw(do, sd); err != nil {
		showError(cv.win, err)
	}
}

// draw is drawSample, returning why it drew nothing (the dialog shows it
// and stays open).
func (cv *compareView) draw(do sampleActions, sd *sampleDialog) error {
	opt, err := sd.options()
	if err == nil {
		var drawn storage.DrawnSample
		if drawn, err = do.Draw(opt); err == nil {
			cv.sample.seen = false // check it again
			cv.refreshSample()
			cv.updateRun()
			cv.do.Done(fmt.Sprintf("Drew the reliability sample: %d of %s (seed %d); Compare compares it", len(drawn.Documents), plural(drawn.Of, "document"), drawn.Seed))
			return nil
		}
	}
	return fmt.Errorf("draw a reliability sample: %w", err)
}

// resolve writes a disagreement's resolution into the consensus coder's
// codings: one storage action, whose change set the window then applies.
func (wb *Workbench) resolve(r storage.Resolution) error {
	_, err := wb.project.Resolve(r)
	wb.sync()
	return err
}

// drawSample draws a reliability sample and stores it as a set: one
// storage action, whose change set the window then applies.
func (wb *Workbench) drawSample(opt storage.SampleOptions) (storage.DrawnSample, error) {
	drawn, err := wb.project.DrawSample(opt)
	wb.sync()
	return drawn, err
}
