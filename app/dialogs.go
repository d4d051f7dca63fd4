package app

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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
