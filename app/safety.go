package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/storage"
)

// What the window says about where its project lives: a banner for a
// read-only project, and a warning, once per project on this computer,
// for a project in a network or synced folder (see storage/location.go).
// Writes to a read-only project fail with storage's "FILE is read-only: …",
// which the actions show with showError.

// prefSharedWarned + the project's path is set once the shared-folder
// warning was shown for it.
const prefSharedWarned = "sharedFolderWarned:"

// projectBanner is what the window shows above its top bar: a line saying
// that the project is read-only and why, or nothing.
func projectBanner(p *storage.Project) []fyne.CanvasObject {
	if !p.ReadOnly() {
		return nil
	}
	l := widget.NewLabel("Read-only: " + p.ReadOnlyReason() + ". You can read, compare and export; coding and codebook changes cannot be saved.")
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	return []fyne.CanvasObject{l}
}

// warnSharedFolder explains, the first time a project in a network or
// synced folder is opened on this computer, the safe mode it is opened in.
func warnSharedFolder(a fyne.App, w fyne.Window, p *storage.Project) {
	msg := p.Location().Warning(p.Path())
	if msg == "" {
		return
	}
	key := p.Path()
	if abs, err := filepath.Abs(key); err == nil {
		key = abs
	}
	if a.Preferences().Bool(prefSharedWarned + key) {
		return
	}
	a.Preferences().SetBool(prefSharedWarned+key, true)
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	showCustom("Project in a shared folder", "OK", l, w, fyne.NewSize(520, 240))
}
