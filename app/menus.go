package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	mstorage "desktop/marginalia/storage"
)

// MainMenu is the window's menu bar: File, Edit, Code, View and Help.
func (wb *Workbench) MainMenu() *fyne.MainMenu {
	var recent []*fyne.MenuItem
	for _, path := range wb.app.Preferences().StringList(prefRecent) {
		recent = append(recent, fyne.NewMenuItem(path, func() { wb.OpenProject(path) }))
	}
	openRecent := fyne.NewMenuItem("Open recent", nil)
	openRecent.ChildMenu = fyne.NewMenu("", recent...)
	// Imports and exports are two sub-menus, so that the whole File menu,
	// Quit included, fits a window 600 pixels high.
	importMenu := fyne.NewMenuItem("Import", nil)
	importMenu.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Import a document…", wb.importDialog),
		fyne.NewMenuItem("Import documents from a folder…", wb.importFolderDialog),
		fyne.NewMenuItem("Import codings or exchange file…", wb.importDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import codebook (.qdc)…", wb.importCodebookDialog),
		wb.mergeMenuItem(),
	)
	exportMenu := fyne.NewMenuItem("Export", nil)
	exportMenu.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Export…", wb.exportDialog),
		fyne.NewMenuItem("Export comparison (.xlsx)…", wb.exportComparisonDialog),
		// issue 12: analyse_reports.go; the codebook report is of the Analyse tab's coders and documents
		fyne.NewMenuItem("Export codebook report (.html, .docx)…", func() { wb.Analyse.codebookReport() }),
		fyne.NewMenuItem("Export project summary (.html, .json)…", wb.saveSummaryReport),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Export codebook (.qdc)…", wb.exportCodebookDialog),
		fyne.NewMenuItem("Export project for exchange (.qdpx)…", wb.exportProjectDialog),
	)
	quit := wb.menuItem(cmdQuit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("New project…", wb.newProjectDialog),
		fyne.NewMenuItem("Open project…", wb.openProjectDialog),
		openRecent,
		fyne.NewMenuItem("Show project file", wb.showProjectFile),
		fyne.NewMenuItem("Connect to team project…", wb.connectDialog), // team.go
		fyne.NewMenuItemSeparator(),
		importMenu,
		exportMenu,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Restore from backup…", func() { wb.restoreFromBackupDialog() }),
		wb.backupsInDataFolderItem(),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	edit := fyne.NewMenu("Edit",
		wb.menuItem(cmdUndo),
		wb.menuItem(cmdRedo),
		fyne.NewMenuItemSeparator(),
		wb.menuItem(cmdFind),
	)
	code := fyne.NewMenu("Code",
		wb.menuItem(cmdApply),
		wb.menuItem(cmdInVivo),
		wb.menuItem(cmdNewCode),
		wb.menuItem(cmdRemove),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Memo on selected coding…", wb.codingMemoDialog),
		fyne.NewMenuItem("Memo on this document…", wb.documentMemoDialog),
		fyne.NewMenuItem("Add selected coding to case…", wb.addToCaseDialog), // attributeactions.go
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Add selected code to group…", wb.addToGroupDialog), // codegroups.go
		fyne.NewMenuItem("Edit code groups…", wb.editCodeGroupsDialog),
	)
	view := fyne.NewMenu("View",
		fyne.NewMenuItem("Document", func() { wb.Tabs.SelectIndex(0) }),
		fyne.NewMenuItem("Coded segments of the selected code", func() {
			wb.Tabs.SelectIndex(1)
			if wb.Codes.selectedID != "" {
				wb.Segments.Show(wb.Codes.selectedID)
			}
		}),
		fyne.NewMenuItem("Compare coders", wb.ShowCompare),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show my codings", func() { wb.ShowPick.SetSelected(ShowMine) }),
		fyne.NewMenuItem("Show everyone's codings", func() { wb.ShowPick.SetSelected(ShowEveryone) }),
		fyne.NewMenuItem("Blind mode on/off", func() { wb.Blind.SetChecked(!wb.Blind.Checked) }),
		fyne.NewMenuItemSeparator(),
		wb.themeMenu(),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", wb.shortcutsDialog),
		fyne.NewMenuItem("Check project", wb.checkProjectDialog),
		fyne.NewMenuItem("About Marginalia", wb.aboutDialog),
	)
	if t := wb.project.Team(); t != nil && t.Lead {
		return fyne.NewMainMenu(file, edit, code, view, wb.teamMenu(), help)
	}
	return fyne.NewMainMenu(file, edit, code, view, help)
}

// shortcutsText is Help → Keyboard shortcuts: the mouse gestures, then
// every keyboard command, from the one table.
func (wb *Workbench) shortcutsText() string {
	var lines []string
	for _, g := range gestures {
		lines = append(lines, fmt.Sprintf("%-22s %s", g[0], g[1]))
	}
	for _, c := range wb.commands() {
		lines = append(lines, fmt.Sprintf("%-22s %s", c.keys, c.help))
	}
	return strings.Join(lines, "\n")
}

func (wb *Workbench) shortcutsDialog() {
	grid := widget.NewTextGridFromString(wb.shortcutsText())
	showCustom("Keyboard shortcuts", "Close", grid, wb.win, fyne.Size{})
}

// OpenProject replaces the window's project with the one at path.
func (wb *Workbench) OpenProject(path string) {
	p, err := mstorage.Open(path)
	if err != nil {
		wb.offerBackup("This project cannot be opened", path, err.Error())
		return
	}
	wb.replaceProject(p, path)
}

// replaceProject shows project p (opened from path, "" for a team
// project) in this window instead of the current one.
func (wb *Workbench) replaceProject(p *mstorage.Project, path string) {
	wb.saveLayout()
	wb.Close()
	next := NewWorkbench(wb.app, wb.win, p)
	next.Watch(watchEvery)
	next.KeepBackedUp()
	next.KeepLayout()
	wb.win.SetContent(next.Content())
	warnSharedFolder(wb.app, wb.win, p)
	if p.Team() == nil {
		rememberProject(wb.app, path)
	}
	wb.win.SetMainMenu(next.MainMenu())
}

func (wb *Workbench) newProjectDialog() {
	wb.askSavePath("New project", ".qdb", func(path string) {
		p, err := mstorage.Create(path)
		if err != nil {
			showError(wb.win, err)
			return
		}
		p.Close()
		wb.OpenProject(path)
	})
}

func (wb *Workbench) openProjectDialog() {
	wb.openFileDialog([]string{".qdb"}, wb.OpenProject)
}

func (wb *Workbench) codingMemoDialog() {
	c := wb.selected
	if c.ID == "" {
		wb.done("Click a highlight to select a coding first")
		return
	}
	memo := newDialogEntry(wb.win.Canvas(), true)
	memo.SetText(c.Memo)
	memo.SetMinRowsVisible(5)
	title := fmt.Sprintf("Memo on %q (%s)", excerpt(coding.Slice(wb.st.doc.Text, c.Span), 30), wb.st.codebook.Path(c.CodeID))
	d := showForm(title, "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Memo", memo)}, func(ok bool) {
		if !ok {
			return
		}
		if err := wb.project.SetCodingMemo(c.ID, memo.Text); err != nil {
			showError(wb.win, err)
			return
		}
		wb.sync()
		if saved, ok := wb.openCoding(c.ID); ok {
			wb.selected = saved
		}
		wb.done("Saved memo")
	}, wb.win, 0)
	memo.OnSubmitted = func(string) { d.Submit() } // Shift+Enter; Enter is a new line
	wb.win.Canvas().Focus(memo)
}

func (wb *Workbench) documentMemoDialog() {
	d := wb.st.doc
	if d.ID == "" {
		wb.done("Open a document first")
		return
	}
	memo := newDialogEntry(wb.win.Canvas(), true)
	memo.SetText(d.Memo)
	memo.SetMinRowsVisible(6)
	f := showForm("Memo on "+d.Name, "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Memo", memo)}, func(ok bool) {
		if !ok {
			return
		}
		if err := wb.project.SetDocumentMemo(d.ID, memo.Text); err != nil {
			showError(wb.win, err)
			return
		}
		wb.sync()
		wb.done("Saved document memo")
	}, wb.win, 0)
	memo.OnSubmitted = func(string) { f.Submit() } // Shift+Enter; Enter is a new line
	wb.win.Canvas().Focus(memo)
}
