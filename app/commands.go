package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// command is one thing the user can do from the keyboard: the one table
// that feeds the menus' shortcuts, the window's key handling and Help →
// Keyboard shortcuts.
type command struct {
	id        string          // how the menus find it
	label     string          // menu label
	keys      string          // the keys as Help shows them
	help      string          // what Help says it does
	shortcuts []fyne.Shortcut // the shortcuts that run it; none for plain keys
	run       func()
}

// Command IDs the menus use.
const (
	cmdUndo     = "undo"
	cmdRedo     = "redo"
	cmdInVivo   = "invivo"
	cmdNewCode  = "newcode"
	cmdFind     = "find"
	cmdApply    = "apply"
	cmdRemove   = "remove"
	cmdNumbered = "numbered"
	cmdQuit     = "quit"
)

// commands lists the workbench's keyboard commands, in the order Help shows them.
func (wb *Workbench) commands() []command {
	ctrl := fyne.KeyModifierShortcutDefault
	return []command{
		{id: cmdNumbered, keys: "1 … 9", help: "code the selected passage with the code that has that key (shown in the codebook)"},
		{id: cmdApply, label: "Apply selected code", keys: "Enter", help: "code the selected passage with the code selected in the codebook", run: wb.applySelectedCode},
		{id: cmdRemove, label: "Remove selected coding", keys: "Delete", help: "remove the coding last clicked in the document", run: wb.RemoveSelectedCoding},
		{id: cmdInVivo, label: "In-vivo code", keys: "Ctrl+I", help: "a new code named after the selected words, applied to them",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: ctrl}}, run: wb.InVivo},
		{id: cmdNewCode, label: "New code from selection…", keys: "Ctrl+N", help: "a new code, named as you choose, applied to the selection",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}}, run: wb.NewCodeFromSelection},
		// The desktop driver turns Ctrl+Z and Ctrl+Y into Fyne's own undo and redo shortcuts.
		{id: cmdUndo, label: "Undo", keys: "Ctrl+Z", help: "undo the last change to the project (in a text box: undo typing there)",
			shortcuts: []fyne.Shortcut{&fyne.ShortcutUndo{}}, run: wb.editUndo},
		{id: cmdRedo, label: "Redo", keys: "Ctrl+Shift+Z, Ctrl+Y", help: "redo what was undone (in a text box: redo typing there)",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}, &fyne.ShortcutRedo{}}, run: wb.editRedo},
		{id: cmdFind, label: "Find in document", keys: "Ctrl+F", help: "find words in the open document",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}}, run: func() { wb.win.Canvas().Focus(wb.Search) }},
		{id: "start", keys: "Ctrl+Home", help: "go to the start of the document (with Shift: extend the selection there)",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyHome, Modifier: ctrl}}, run: func() { wb.Viewer.GoTo(0, false) }},
		{id: "end", keys: "Ctrl+End", help: "go to the end of the document (with Shift: extend the selection there)",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: ctrl}}, run: func() { wb.Viewer.GoTo(wb.Viewer.Length(), false) }},
		{id: "navigate", keys: "↑ ↓ PgUp PgDn Home End", help: "in the document: scroll a line, a page, to the start or end (with Shift: extend the selection)"},
		{id: "wheel", keys: "Wheel, drag past edge", help: "the wheel scrolls three lines a notch; a selection dragged past the top or bottom scrolls on"},
		{id: cmdQuit, label: "Quit", keys: "Ctrl+Q", help: "close the window and quit (everything is saved already; the window's layout is kept)",
			shortcuts: []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: ctrl}}, run: wb.quit},
	}
}

// command finds a command by ID.
func (wb *Workbench) command(id string) command {
	for _, c := range wb.commands() {
		if c.id == id {
			return c
		}
	}
	panic("no command " + id) // a programming error: the IDs are constants
}

// menuItem is the menu item that runs command id, showing its shortcut.
func (wb *Workbench) menuItem(id string) *fyne.MenuItem {
	c := wb.command(id)
	m := fyne.NewMenuItem(c.label, c.run)
	if len(c.shortcuts) > 0 {
		m.Shortcut = c.shortcuts[0]
	} else if c.keys != "" {
		m.Label += " (" + c.keys + ")"
	}
	return m
}

// gestures are what the mouse does, for Help.
var gestures = [][2]string{
	{"Drag", "select a passage (double-click: a word; shift-click: extend)"},
	{"Click a code", "show its definition and details (it codes nothing)"},
	{"Double-click a code", "code the selected passage with it"},
	{"Click a highlight", "select that coding; Delete removes it"},
}

// quit closes the window, which keeps its layout and quits the app.
func (wb *Workbench) quit() {
	wb.win.Close()
	wb.app.Quit()
}
