package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/assets"
)

// aboutText is the top of Help → About: what Marginalia is, the build (as
// `marginalia --version` prints it) and the open project.
func (wb *Workbench) aboutText() string {
	return "Marginalia — qualitative coding with inter-coder agreement.\n\n" +
		assets.ThisBuild().String() + "\nProject: " + wb.project.Path()
}

// licenceLines are the lines of the third-party licences, shown in About.
func licenceLines() []string {
	return strings.Split(strings.TrimRight(assets.ThirdPartyLicenses(), "\n"), "\n")
}

// aboutDialog is Help → About: the build, then the third-party licences
// that ship inside the program in a list that draws only the lines in view.
func (wb *Workbench) aboutDialog() {
	lines := licenceLines()
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) })
	content := container.NewBorder(
		container.NewVBox(widget.NewLabel(wb.aboutText()), widget.NewLabelWithStyle("Third-party licences", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		nil, nil, nil, list)
	showCustom("About Marginalia", "Close", content, wb.win, fyne.NewSize(760, 620))
}
