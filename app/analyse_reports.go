package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage"
)

// defaultExamples is how many example passages per code the codebook
// report offers, as the command line's --examples.
const defaultExamples = 3

// codebookReport asks for the codebook report of the tab's codings (the
// shown coders', in the chosen documents).
func (av *analyseView) codebookReport() {
	f, problem := av.filter(true)
	if problem != "" {
		showError(av.win, fmt.Errorf("codebook report: %s", problem))
		return
	}
	av.do.CodebookReport(f)
}

// askCodebookReport asks how many example passages per code to show and
// where to write the codebook report (.html or .docx), then writes it in
// the background: the same report as `marginalia report --kind codebook
// -o FILE`, of the codings f selects.
func (wb *Workbench) askCodebookReport(f storage.Filter) {
	wb.askText("Codebook report", "Next…", "Example passages per code", "", strconv.Itoa(defaultExamples), func(text string) {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			showError(wb.win, fmt.Errorf("example passages per code: %q is not a whole number, 0 or more", text))
			return
		}
		wb.saveCodebookReport(f, n)
	}, nil)
}

// saveCodebookReport asks where to write the codebook report with n
// example passages per code, and writes it in the background.
func (wb *Workbench) saveCodebookReport(f storage.Filter, n int) {
	title := projectTitle(wb.project.Path())
	wb.askSavePathAs(title+" codebook", []string{".html", ".docx"}, func(path string) {
		wb.writeInBackground("Writing the codebook report", path, "Wrote the codebook report", func() error {
			a, err := wb.project.Analyse(f, analysis.Proximity{})
			if err != nil {
				return err
			}
			return wb.project.ExportCodebookReport(path, "Codebook: "+title, a, n)
		}, nil)
	})
}

// saveSummaryReport asks where to write the project summary report (.html
// or .json) and writes it in the background: the same report as
// `marginalia report --kind summary -o FILE`.
func (wb *Workbench) saveSummaryReport() {
	if wb.blindRefuses("The project summary (agreement between coders)") {
		return
	}
	title := projectTitle(wb.project.Path())
	wb.askSavePathAs(title+" summary", []string{".html", ".json"}, func(path string) {
		wb.writeInBackground("Writing the project summary", path, "Wrote the project summary", func() error {
			s, err := wb.project.Summary("Project summary: " + title)
			if err != nil {
				return err
			}
			return storage.ExportSummary(path, s)
		}, nil)
	})
}

// reportsButton is the Analyse tab's Reports… button: it offers the
// codebook report and the project summary in a menu under it.
func (av *analyseView) reportsButton() *widget.Button {
	av.CodebookReport = fyne.NewMenuItem("Codebook report (.html, .docx)…", av.codebookReport)
	av.SummaryReport = fyne.NewMenuItem("Project summary (.html, .json)…", func() { av.do.SummaryReport() })
	av.Reports = widget.NewButtonWithIcon("Reports…", theme.DocumentIcon(), nil)
	av.Reports.OnTapped = func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(av.Reports)
		if c == nil {
			return
		}
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(av.Reports).AddXY(0, av.Reports.Size().Height)
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", av.CodebookReport, av.SummaryReport), c, at)
	}
	return av.Reports
}
