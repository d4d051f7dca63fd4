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
	sc := wb.shortcuts() // undo, redo, redo (Ctrl+Y), in-vivo, new code, find
	item := func(label string, fn func(), shortcut fyne.Shortcut) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, fn)
		m.Shortcut = shortcut
		return m
	}
	var recent []*fyne.MenuItem
	for _, path := range wb.app.Preferences().StringList(prefRecent) {
		recent = append(recent, fyne.NewMenuItem(path, func() { wb.OpenProject(path) }))
	}
	openRecent := fyne.NewMenuItem("Open recent", nil)
	openRecent.ChildMenu = fyne.NewMenu("", recent...)
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("New project…", wb.newProjectDialog),
		fyne.NewMenuItem("Open project…", wb.openProjectDialog),
		openRecent,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import a document…", wb.importDialog),
		fyne.NewMenuItem("Import documents from a folder…", wb.importFolderDialog),
		fyne.NewMenuItem("Import codings or exchange file…", wb.importDialog),
		fyne.NewMenuItem("Export…", wb.exportDialog),
		fyne.NewMenuItem("Export comparison (.xlsx)…", wb.exportComparisonDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import codebook (.qdc)…", wb.importCodebookDialog),
		wb.mergeMenuItem(),
		fyne.NewMenuItem("Export codebook (.qdc)…", wb.exportCodebookDialog),
		fyne.NewMenuItem("Export project for exchange (.qdpx)…", wb.exportProjectDialog),
	)
	edit := fyne.NewMenu("Edit",
		item("Undo", wb.Undo, sc[0].sc),
		item("Redo", wb.Redo, sc[1].sc),
		fyne.NewMenuItemSeparator(),
		item("Find in document", func() { wb.win.Canvas().Focus(wb.Search) }, sc[5].sc),
	)
	code := fyne.NewMenu("Code",
		fyne.NewMenuItem("Apply selected code (Enter)", func() {
			if wb.Codes.selectedID != "" {
				wb.ApplyCode(wb.Codes.selectedID)
			}
		}),
		item("In-vivo code", wb.InVivo, sc[3].sc),
		item("New code from selection…", wb.NewCodeFromSelection, sc[4].sc),
		fyne.NewMenuItem("Remove selected coding (Delete)", wb.RemoveSelectedCoding),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Memo on selected coding…", wb.codingMemoDialog),
		fyne.NewMenuItem("Memo on this document…", wb.documentMemoDialog),
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
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", wb.shortcutsDialog),
		fyne.NewMenuItem("About Marginalia", func() {
			showInformation("About Marginalia", "Marginalia — qualitative coding with inter-coder agreement.\nProject file: "+wb.project.Path(), wb.win)
		}),
	)
	return fyne.NewMainMenu(file, edit, code, view, help)
}

func (wb *Workbench) shortcutsDialog() {
	text := strings.Join([]string{
		"Drag\tselect a passage (double-click: a word; shift-click: extend)",
		"Click a code\tcode the selected passage with it",
		"1 … 9\tapply the numbered code",
		"Enter\tapply the code selected in the codebook",
		"Ctrl+I\tin-vivo: a new code named after the selection",
		"Ctrl+N\tnew code from the selection",
		"Click a highlight\tselect that coding; Delete removes it",
		"Ctrl+Z\tundo",
		"Ctrl+Shift+Z, Ctrl+Y\tredo",
		"Ctrl+F\tfind in the document",
	}, "\n")
	grid := widget.NewTextGridFromString(strings.ReplaceAll(text, "\t", "   "))
	showCustom("Keyboard shortcuts", "Close", grid, wb.win, fyne.Size{})
}

// OpenProject replaces the window's project with the one at path.
func (wb *Workbench) OpenProject(path string) {
	p, err := mstorage.Open(path)
	if err != nil {
		showError(wb.win, err)
		return
	}
	wb.project.Close()
	next := NewWorkbench(wb.app, wb.win, p)
	wb.win.SetContent(next.Content())
	rememberProject(wb.app, path)
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
	title := fmt.Sprintf("Memo on %q (%s)", excerpt(coding.Slice(wb.doc.Text, c.Span), 30), wb.codebook.Path(c.CodeID))
	d := showForm(title, "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Memo", memo)}, func(ok bool) {
		if !ok {
			return
		}
		if err := wb.project.SetCodingMemo(c.ID, memo.Text); err != nil {
			showError(wb.win, err)
			return
		}
		wb.reload()
		wb.done("Saved memo")
	}, wb.win, 0)
	memo.OnSubmitted = func(string) { d.Submit() } // Shift+Enter; Enter is a new line
	wb.win.Canvas().Focus(memo)
}

func (wb *Workbench) documentMemoDialog() {
	if wb.doc.ID == "" {
		return
	}
	memo := newDialogEntry(wb.win.Canvas(), true)
	memo.SetText(wb.doc.Memo)
	memo.SetMinRowsVisible(6)
	d := showForm("Memo on "+wb.doc.Name, "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Memo", memo)}, func(ok bool) {
		if !ok {
			return
		}
		if err := wb.project.SetDocumentMemo(wb.doc.ID, memo.Text); err != nil {
			showError(wb.win, err)
			return
		}
		wb.doc.Memo = memo.Text
		wb.done("Saved document memo")
	}, wb.win, 0)
	memo.OnSubmitted = func(string) { d.Submit() } // Shift+Enter; Enter is a new line
	wb.win.Canvas().Focus(memo)
}
