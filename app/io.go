package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	mstorage "desktop/marginalia/storage"
	"desktop/marginalia/storage/textimport"
)

// ImportFiles imports files in the background, each file one transaction,
// showing progress with a Cancel button (or Escape) when it takes longer
// than half a second. The good files stay imported whatever happens to the
// others. done, if not nil, runs on the main goroutine afterwards with what
// happened to each file attempted (files after a cancel are not in it);
// without done, a summary dialog lists each file ("2 added, 1 already in
// the project, 1 failed") unless one file was simply added.
func (wb *Workbench) ImportFiles(paths []string, done func(results []mstorage.FileImport)) {
	wb.importFiles(paths, done, nil)
}

// importFiles is ImportFiles; reported, if not nil, gets the summary
// dialog once it is on screen (or nil when there is none).
func (wb *Workbench) importFiles(paths []string, done func(results []mstorage.FileImport), reported func(*importReport)) {
	var cancelled atomic.Bool
	bar := widget.NewProgressBar()
	bar.Max = float64(len(paths))
	label := widget.NewLabel("")
	cancel := func() { cancelled.Store(true) }
	progress := dialog.NewCustomWithoutButtons("Importing", container.NewVBox(label, bar,
		widget.NewButton("Cancel", cancel)), wb.win)
	stopProgress := showProgressLater(func() { showKeyed(wb.win, progress, nil, cancel) })
	before := wb.documentIDs()
	go func() {
		var results []mstorage.FileImport
		for i, path := range paths {
			if cancelled.Load() {
				break
			}
			fyne.Do(func() {
				label.SetText(filepath.Base(path))
				bar.SetValue(float64(i))
			})
			results = append(results, wb.project.ImportFile(path))
		}
		fyne.Do(func() {
			stopProgress()
			progress.Hide()
			wb.sync()
			if first := wb.firstNewDocument(before); first != "" {
				wb.OpenDocument(first)
			}
			summary := importSummary(results, len(paths))
			wb.done(summary)
			if done != nil {
				done(results)
				return
			}
			var r *importReport
			if len(results) != 1 || results[0].Outcome != mstorage.ImportAdded {
				r = wb.showImportReport(summary, results)
			}
			if reported != nil {
				reported(r)
			}
		})
	}()
}

// documentIDs is the set of the project's document IDs.
func (wb *Workbench) documentIDs() map[string]bool {
	ids := make(map[string]bool, len(wb.st.docs))
	for _, d := range wb.st.docs {
		ids[d.ID] = true
	}
	return ids
}

// firstNewDocument is the first document (by name) not among before, or
// "" when there is none; with no document open, the project's first.
func (wb *Workbench) firstNewDocument(before map[string]bool) string {
	for _, d := range wb.st.docs {
		if !before[d.ID] {
			return d.ID
		}
	}
	if wb.st.doc.ID == "" && len(wb.st.docs) > 0 {
		return wb.st.docs[0].ID
	}
	return ""
}

// importSummary counts what happened to the files: "2 added, 1 already in
// the project, 1 failed", and how many were not tried after a cancel.
func importSummary(results []mstorage.FileImport, files int) string {
	counts := map[mstorage.ImportOutcome]int{}
	for _, r := range results {
		counts[r.Outcome]++
	}
	var parts []string
	for _, o := range []mstorage.ImportOutcome{mstorage.ImportAdded, mstorage.ImportAlreadyThere, mstorage.ImportFailed} {
		if counts[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[o], o))
		}
	}
	if rest := files - len(results); rest > 0 {
		parts = append(parts, fmt.Sprintf("%d not imported (cancelled)", rest))
	}
	if len(parts) == 0 {
		return "No files imported"
	}
	return "Import: " + strings.Join(parts, ", ")
}

// importLine is what the report says about one file.
func importLine(r mstorage.FileImport) string {
	name := filepath.Base(r.Path)
	switch r.Outcome {
	case mstorage.ImportAdded:
		rest := strings.TrimPrefix(r.String(), name+":")
		if after, ok := strings.CutPrefix(rest, " imported as "); ok {
			return "✓ " + name + ": added as " + after // not "added imported as"
		}
		return "✓ " + name + ": added" + rest
	case mstorage.ImportAlreadyThere:
		if r.Existing != "" {
			return fmt.Sprintf("= %s: already in the project as %q (same text), not added again", name, r.Existing)
		}
		return "= " + name + ": already in the project" + strings.TrimPrefix(r.String(), name+":")
	default:
		return "✗ " + name + ": failed: " + r.Err.Error()
	}
}

// importReport is the dialog that ends an import of several files: the
// counts, then one line per file. Its labels are fields for tests.
type importReport struct {
	Summary *widget.Label
	Lines   []*widget.Label
	dialog  *dialog.CustomDialog
}

func (wb *Workbench) showImportReport(summary string, results []mstorage.FileImport) *importReport {
	r := &importReport{Summary: boldLabel(summary)}
	box := container.NewVBox()
	for _, res := range results {
		l := widget.NewLabel(importLine(res))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = map[mstorage.ImportOutcome]widget.Importance{mstorage.ImportFailed: widget.DangerImportance}[res.Outcome]
		r.Lines = append(r.Lines, l)
		box.Add(l)
	}
	r.dialog = showCustom("Import", "Close", container.NewBorder(r.Summary, nil, nil, nil, container.NewVScroll(box)), wb.win, fyne.NewSize(760, 420))
	return r
}

// importDialog asks for a file to import: documents, a codings CSV or an
// exchange file.
func (wb *Workbench) importDialog() {
	wb.openFileDialog(mstorage.ImportableExtensions(), func(path string) { wb.ImportFiles([]string{path}, nil) })
}

// importFolderDialog asks for a folder, then which of its document files
// to import (all ticked at first): Fyne's file dialog picks one file, so
// this is how several are chosen at once.
func (wb *Workbench) importFolderDialog() {
	wb.openFolderDialog(func(dir string) {
		names, err := documentFiles(dir)
		if err != nil {
			showError(wb.win, err)
			return
		}
		wb.chooseFiles(dir, names)
	})
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
	showCustomConfirm("Import documents", "Import", "Cancel", content, func(ok bool) {
		if !ok || len(files.Selected) == 0 {
			return
		}
		paths := make([]string, len(files.Selected))
		for i, name := range files.Selected {
			paths[i] = filepath.Join(dir, name)
		}
		wb.ImportFiles(paths, nil)
	}, wb.win, fyne.NewSize(600, 480))
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

// exportDialog asks where to export, and exports by the extension of the
// name typed (or the type chosen), as `marginalia export` does: codings
// (.csv), the agreement workbook (.xlsx), the codebook (.qdc) or the
// project (.qdpx). The workbook compares the coders and documents chosen
// in the Compare tab, as Export comparison does. While Blind is on only
// the coder's own codings are exported, and the workbook is refused.
func (wb *Workbench) exportDialog() { wb.exportAs() }

// exportAs is exportDialog; it returns the dialog, for tests.
func (wb *Workbench) exportAs() *saveAsDialog {
	exts := mstorage.ExportExtensions()
	return wb.newSaveAs(projectTitle(wb.project.Path())+" codings", exts[0], func(path string) {
		if strings.EqualFold(filepath.Ext(path), ".xlsx") { // the workbook of the coders the Compare tab ticks
			wb.exportComparisonTo(path)
			return
		}
		wb.Export(path, wb.exportFilter())
	}, exts[1:]...)
}

// exportFilter is what an export started from the window holds: every
// coder's codings, or only the coder's own while Blind is on.
func (wb *Workbench) exportFilter() mstorage.Filter {
	if wb.st.Blind() {
		return mstorage.Filter{Coders: []string{wb.st.coder.ID}}
	}
	return mstorage.Filter{}
}

// blindRefuses reports whether Blind is on, and then tells the user that
// what (which shows other coders' codings or figures built from them) is
// not shown or written.
func (wb *Workbench) blindRefuses(what string) bool {
	note := wb.st.BlindNote()
	if note == "" {
		return false
	}
	wb.done(what + " is hidden: " + note)
	showInformation("Hidden in Blind", what+" shows other coders' codings or figures built from them.\n"+note, wb.win)
	return true
}

// Export writes the codings that pass f to path in the background, with
// progress when it takes a while.
func (wb *Workbench) Export(path string, f mstorage.Filter) { wb.exportInBackground(path, f, nil) }
