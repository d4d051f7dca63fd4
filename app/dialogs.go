package app

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// openFileDialog asks for a file with one of the extensions (any file when
// exts is empty); open gets its path.
func (wb *Workbench) openFileDialog(exts []string, open func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			showError(wb.win, err)
			return
		}
		r.Close()
		open(r.URI().Path())
	}, wb.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// askSavePath asks where to save a file of type ext (".xlsx"), suggesting
// name; save gets the chosen path, ext added when the user left it off.
// The empty file the save dialog leaves behind is removed.
func (wb *Workbench) askSavePath(name, ext string, save func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			showError(wb.win, err)
			return
		}
		path := w.URI().Path()
		w.Close()
		removeIfEmpty(path)
		if !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext
		}
		save(path)
	}, wb.win)
	d.SetFileName(name + ext)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// askText asks for one line of text (a name) in a small form: Enter or the
// confirm button answers, Escape or Cancel does not. answer gets the
// trimmed text; cancelled, if not nil, runs otherwise.
func (wb *Workbench) askText(title, confirm, label, placeholder, initial string, answer func(string), cancelled func()) {
	entry := widget.NewEntry()
	entry.SetPlaceHolder(placeholder)
	entry.SetText(initial)
	d := dialog.NewForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem(label, entry)}, func(ok bool) {
		text := strings.TrimSpace(entry.Text)
		switch {
		case ok && text != "":
			answer(text)
		case cancelled != nil:
			cancelled()
		}
	}, wb.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
	wb.win.Canvas().Focus(entry)
}

// removeIfEmpty removes the empty file a save dialog leaves behind, so that
// a new project can be created in its place.
func removeIfEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		os.Remove(path)
	}
}
