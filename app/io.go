package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	mstorage "desktop/marginalia/storage"
	"desktop/marginalia/storage/textimport"
)

// progressDelay is how long work runs before a progress dialog appears.
const progressDelay = 500 * time.Millisecond

// ImportFiles imports files in the background, each file one transaction,
// showing progress with a Cancel button when it takes longer than half a
// second. Files that fail are listed at the end; the good ones stay
// imported. done, if not nil, runs on the main goroutine afterwards.
func (wb *Workbench) ImportFiles(paths []string, done func(summary []string, failures []string)) {
	var cancelled atomic.Bool
	bar := widget.NewProgressBar()
	bar.Max = float64(len(paths))
	label := widget.NewLabel("")
	progress := dialog.NewCustomWithoutButtons("Importing", container.NewVBox(label, bar,
		widget.NewButton("Cancel", func() { cancelled.Store(true) })), wb.win)
	started := time.Now()
	shown := false
	go func() {
		var summary, failures []string
		for i, path := range paths {
			if cancelled.Load() {
				failures = append(failures, fmt.Sprintf("cancelled before %s and %d more files", filepath.Base(path), len(paths)-i-1))
				break
			}
			fyne.Do(func() {
				label.SetText(filepath.Base(path))
				bar.SetValue(float64(i))
				if !shown && time.Since(started) > progressDelay {
					shown = true
					progress.Show()
				}
			})
			line, err := wb.project.ImportFile(path)
			if err != nil {
				failures = append(failures, err.Error())
			} else {
				summary = append(summary, line)
			}
		}
		fyne.Do(func() {
			progress.Hide()
			wb.reload()
			if wb.doc.ID == "" && len(wb.docs) > 0 {
				wb.OpenDocument(wb.docs[0].ID)
			}
			wb.done(fmt.Sprintf("Imported %d of %d files", len(summary), len(paths)))
			if done != nil {
				done(summary, failures)
			} else if len(failures) > 0 {
				dialog.ShowError(fmt.Errorf("%d of %d files were not imported:\n%s", len(failures), len(paths), strings.Join(failures, "\n")), wb.win)
			}
		})
	}()
}

// importDialog asks for a file to import: documents, a codings CSV or an
// exchange file.
func (wb *Workbench) importDialog() {
	wb.openFileDialog(nil, func(path string) { wb.ImportFiles([]string{path}, nil) })
}

// importFolderDialog asks for a folder, then which of its document files
// to import (all ticked at first): Fyne's file dialog picks one file, so
// this is how several are chosen at once.
func (wb *Workbench) importFolderDialog() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			showError(wb.win, err)
			return
		}
		names, err := documentFiles(dir.Path())
		if err != nil {
			showError(wb.win, err)
			return
		}
		wb.chooseFiles(dir.Path(), names)
	}, wb.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// documentFiles lists the names of the files in dir that can be imported
// as documents.
func documentFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && textimport.Supported(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s has no document files (%s)", dir, textimport.ExtensionList())
	}
	return names, nil
}

// chooseFiles asks which of the named files in dir to import, then imports them.
func (wb *Workbench) chooseFiles(dir string, names []string) *widget.CheckGroup {
	files := widget.NewCheckGroup(names, nil)
	files.SetSelected(names)
	all := widget.NewButton("All", func() { files.SetSelected(names) })
	none := widget.NewButton("None", func() { files.SetSelected(nil) })
	content := container.NewBorder(container.NewHBox(widget.NewLabel(dir), all, none), nil, nil, nil, container.NewVScroll(files))
	d := dialog.NewCustomConfirm("Import documents", "Import", "Cancel", content, func(ok bool) {
		if !ok || len(files.Selected) == 0 {
			return
		}
		paths := make([]string, len(files.Selected))
		for i, name := range files.Selected {
			paths[i] = filepath.Join(dir, name)
		}
		wb.ImportFiles(paths, nil)
	}, wb.win)
	d.Resize(fyne.NewSize(600, 480))
	d.Show()
	return files
}

// dropped imports files dropped onto the window.
func (wb *Workbench) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		wb.ImportFiles(paths, nil)
	}
}

// exportDialog asks where to export the codings as CSV.
func (wb *Workbench) exportDialog() {
	wb.askSavePath(projectTitle(wb.project.Path())+" codings", ".csv", func(path string) {
		wb.Export(path, mstorage.Filter{})
	})
}

// Export writes the codings that pass f to path in the background, with
// progress when it takes a while.
func (wb *Workbench) Export(path string, f mstorage.Filter) { wb.exportInBackground(path, f, nil) }
