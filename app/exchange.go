package app

// Sharing codebooks and merging coders' work through REFI-QDA files: the
// codebook import preview, merging .qdpx files, and the two exports.

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	mstorage "desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

// changeKinds are the kinds of codebook changes in the order the preview
// groups them, with the label it shows for each.
var changeKinds = []struct{ kind, label string }{
	{"add", "Add"},
	{"rename", "Rename"},
	{"recolour", "Recolour"},
	{"move", "Move"},
	{"describe", "New description"},
	{"codable", "Codable"},
	{"unchanged", "Leave alone"},
}

// changeLabel is what the preview shows for a kind of change.
func changeLabel(kind string) string {
	for _, k := range changeKinds {
		if k.kind == kind {
			return k.label
		}
	}
	return kind
}

func changeRank(kind string) int {
	return slices.IndexFunc(changeKinds, func(k struct{ kind, label string }) bool { return k.kind == kind })
}

// previewRows are a plan's changes grouped by kind (in changeKinds order),
// then by code path.
func previewRows(plan mstorage.CodebookPlan) []mstorage.CodeChange {
	rows := slices.Clone(plan.Changes)
	slices.SortStableFunc(rows, func(a, b mstorage.CodeChange) int {
		return cmp.Or(cmp.Compare(changeRank(a.Kind), changeRank(b.Kind)), strings.Compare(a.Path, b.Path))
	})
	return rows
}

// previewActions are what the codebook preview asks the window to do.
type previewActions struct {
	Import func(book refi.Codebook, source string) (mstorage.CodebookPlan, error) // import as one undoable action
	Sync   func()                                                                 // apply the change set the import made
	Done   func(message string)                                                   // say in the status line what happened
}

// codebookPreview is the dialog that shows what importing a codebook file
// would do, before anything changes: one row per change (kind, code path,
// detail), the reader's warnings, and Import / Cancel. It counts the
// project's codes in st; errors are shown in win. Its widgets are fields
// so that tests can drive it.
type codebookPreview struct {
	st     *State
	win    fyne.Window
	do     previewActions
	book   refi.Codebook
	source string
	plan   mstorage.CodebookPlan
	rows   []mstorage.CodeChange

	Summary  *widget.Label
	List     *widget.List
	Warnings *widget.Label
	Import   *widget.Button
	Cancel   *widget.Button
	dialog   *dialog.CustomDialog
}

// importCodebookDialog asks for a .qdc file and previews its import.
func (wb *Workbench) importCodebookDialog() {
	wb.openFileDialog([]string{".qdc"}, func(path string) {
		if _, err := wb.previewCodebook(path); err != nil {
			showError(wb.win, err)
		}
	})
}

// previewCodebook reads the codebook file at path and shows what importing
// it would change, with Import and Cancel. Nothing changes until Import.
func (wb *Workbench) previewCodebook(path string) (*codebookPreview, error) {
	book, err := refi.ReadCodebookFile(path)
	if err != nil {
		return nil, err
	}
	source := filepath.Base(path)
	plan, err := wb.project.PreviewCodebook(book, source)
	if err != nil {
		return nil, err
	}
	pv := newCodebookPreview(wb.st, wb.win, previewActions{Import: wb.project.ImportCodebook, Sync: wb.sync, Done: wb.done}, book, source, plan)
	showKeyed(wb.win, pv.dialog, pv.enter, pv.dialog.Hide)
	return pv, nil
}

// newCodebookPreview is the preview of importing book (read from the file
// named source), whose import would make the changes of plan.
func newCodebookPreview(st *State, win fyne.Window, do previewActions, book refi.Codebook, source string, plan mstorage.CodebookPlan) *codebookPreview {
	pv := &codebookPreview{st: st, win: win, do: do, book: book, source: source, plan: plan, rows: previewRows(plan)}
	pv.Summary = widget.NewLabel(pv.summaryText())
	pv.Summary.Wrapping = fyne.TextWrapWord
	pv.List = widget.NewList(func() int { return len(pv.rows) }, newChangeRow,
		func(i widget.ListItemID, o fyne.CanvasObject) { showChangeRow(o, pv.rows[i]) })
	pv.Warnings = widget.NewLabel("")
	pv.Warnings.Wrapping = fyne.TextWrapWord
	if len(pv.plan.Warnings) > 0 {
		pv.Warnings.SetText("Warnings:\n• " + strings.Join(pv.plan.Warnings, "\n• "))
		pv.Warnings.Importance = widget.WarningImportance
	} else {
		pv.Warnings.Hide()
	}
	pv.Import = widget.NewButton("Import", pv.importNow)
	pv.Import.Importance = widget.HighImportance
	if !pv.changesSomething() {
		pv.Import.Disable()
	}
	pv.Cancel = widget.NewButton("Cancel", func() { pv.dialog.Hide() })
	content := container.NewBorder(pv.Summary, pv.Warnings, nil, nil, pv.List)
	pv.dialog = dialog.NewCustomWithoutButtons("Import codebook "+pv.source, content, pv.win)
	pv.dialog.SetButtons([]fyne.CanvasObject{pv.Cancel, pv.Import})
	pv.dialog.Resize(fyne.NewSize(760, 520))
	return pv
}

// enter imports when there is something to import, and otherwise closes
// the preview.
func (pv *codebookPreview) enter() {
	if pv.Import.Disabled() {
		pv.dialog.Hide()
		return
	}
	pv.importNow()
}

// changesSomething reports whether the import would change the project.
func (pv *codebookPreview) changesSomething() bool {
	return slices.ContainsFunc(pv.plan.Changes, func(c mstorage.CodeChange) bool { return c.Kind != "unchanged" })
}

// summaryText counts the changes, and the project's codes the file does
// not mention (which the import leaves as they are).
func (pv *codebookPreview) summaryText() string {
	text := pv.plan.Summary()
	if len(pv.plan.Changes) == 0 {
		text = pv.source + ": the file has no codes"
	}
	matched := map[string]bool{}
	for _, c := range pv.plan.Changes {
		if c.Kind != "add" {
			matched[c.Path] = true
		}
	}
	if cb := pv.st.Codebook(); cb != nil {
		if rest := cb.Len() - len(matched); rest > 0 {
			text += fmt.Sprintf(".\n%s of this project not in the file stay as they are", plural(rest, "code"))
		}
	}
	if !pv.changesSomething() {
		text += ".\nThe project already has this codebook: there is nothing to import."
	}
	return text
}

// importNow imports the codebook as one undoable action.
func (pv *codebookPreview) importNow() {
	pv.dialog.Hide()
	plan, err := pv.do.Import(pv.book, pv.source)
	if err != nil {
		showError(pv.win, err)
		return
	}
	pv.do.Sync()
	pv.do.Done(plan.Summary() + " (Ctrl+Z undoes)")
}

// newChangeRow is a preview row: kind, code path, detail.
func newChangeRow() fyne.CanvasObject {
	kind := widget.NewLabelWithStyle("New description", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	column := container.NewGridWrap(kind.MinSize(), kind)
	detail := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	return container.NewBorder(nil, nil, column, nil, container.NewHBox(widget.NewLabel(""), detail))
}

// showChangeRow fills a row made by newChangeRow.
func showChangeRow(o fyne.CanvasObject, c mstorage.CodeChange) {
	kind, path, detail := changeRowLabels(o)
	kind.SetText(changeLabel(c.Kind))
	kind.Importance = map[string]widget.Importance{"add": widget.SuccessImportance, "unchanged": widget.LowImportance}[c.Kind]
	kind.Refresh()
	path.SetText(c.Path)
	detail.SetText(c.Detail)
}

// changeRowLabels are the kind, path and detail labels of a preview row.
func changeRowLabels(o fyne.CanvasObject) (kind, path, detail *widget.Label) {
	row := o.(*fyne.Container)
	texts := row.Objects[0].(*fyne.Container).Objects
	kind = row.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	return kind, texts[0].(*widget.Label), texts[1].(*widget.Label)
}

// mergeMenuItem is File → Merge coders' work, with a file and a folder entry.
func (wb *Workbench) mergeMenuItem() *fyne.MenuItem {
	m := fyne.NewMenuItem("Merge coders' work (.qdpx)", nil)
	m.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Merge a .qdpx file…", func() {
			wb.openFileDialog([]string{".qdpx"}, func(path string) { wb.MergeFiles([]string{path}) })
		}),
		fyne.NewMenuItem("Merge all .qdpx files in a folder…", wb.mergeFolderDialog),
	)
	return m
}

// mergeFolderDialog merges every .qdpx file of a folder.
func (wb *Workbench) mergeFolderDialog() {
	wb.openFolderDialog(func(dir string) {
		paths, err := exchangeFiles(dir)
		if err != nil {
			showError(wb.win, err)
			return
		}
		wb.MergeFiles(paths)
	})
}

// exchangeFiles are the .qdpx files of a folder, by name.
func exchangeFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".qdpx") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s has no .qdpx files", dir)
	}
	return paths, nil
}

// MergeFiles merges other coders' .qdpx files into the project in the
// background, each file one transaction (so a bad file changes nothing and
// the others still merge), with progress and Cancel when it takes longer
// than half a second, then shows what each file brought.
func (wb *Workbench) MergeFiles(paths []string) { wb.mergeFiles(paths, nil) }

// mergeReport is the dialog that ends a merge: one line per file merged
// (documents, codes, coders and codings matched or added), the reader's
// warnings, and one line per file that failed. A file refused because its
// texts are missing gets a button that brings in its codes and users
// alone (CodebookOnly).
type mergeReport struct {
	Merged, Failed []string
	// Warnings are every warning of the files merged (each names its file).
	Warnings []string
	// CodebookOnly has one button per file whose texts are missing.
	CodebookOnly []*widget.Button
	// codebookOnly imports a file's codes and users alone.
	codebookOnly func(path string)
	missing      []string // paths of the files whose texts are missing
	dialog       dialog.Dialog
}

// mergeFiles is MergeFiles; shown, if not nil, gets the report once it is
// on screen.
func (wb *Workbench) mergeFiles(paths []string, shown func(*mergeReport)) {
	wb.ImportFiles(paths, func(results []mstorage.FileImport) {
		r := &mergeReport{codebookOnly: wb.importCodebookOnly}
		for _, res := range results {
			if res.Outcome == mstorage.ImportFailed {
				r.Failed = append(r.Failed, res.Err.Error())
				if errors.Is(res.Err, refi.ErrTextMissing) {
					r.missing = append(r.missing, res.Path)
				}
			} else {
				r.Merged = append(r.Merged, res.Summary)
				r.Warnings = append(r.Warnings, res.Warnings...)
			}
		}
		if rest := len(paths) - len(results); rest > 0 {
			r.Failed = append(r.Failed, fmt.Sprintf("cancelled before %s and %d more files", filepath.Base(paths[len(results)]), rest-1))
		}
		merged := r.Merged
		r.dialog = showCustom(fmt.Sprintf("Merged %d of %s", len(merged), plural(len(paths), "file")), "Close", r.content(), wb.win, fyne.NewSize(820, 480))
		wb.done(fmt.Sprintf("Merged %d of %s (Ctrl+Z undoes the last)", len(merged), plural(len(paths), "file")))
		if shown != nil {
			shown(r)
		}
	})
}

func (r *mergeReport) content() fyne.CanvasObject {
	box := container.NewVBox()
	add := func(text string, imp widget.Importance) {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		box.Add(l)
	}
	for _, s := range r.Merged {
		add("✓ "+strings.ReplaceAll(s, "; ", ";\n    "), widget.MediumImportance)
	}
	if len(r.Failed) > 0 {
		add("Not merged (a file that fails changes nothing):", widget.DangerImportance)
	}
	for _, f := range r.Failed {
		add("✗ "+f, widget.DangerImportance)
	}
	for _, path := range r.missing {
		path := path
		var b *widget.Button
		b = widget.NewButton("Import only the codes and users of "+filepath.Base(path), func() {
			b.Disable()
			r.codebookOnly(path)
		})
		r.CodebookOnly = append(r.CodebookOnly, b)
		box.Add(b)
	}
	if len(r.Warnings) > 0 {
		add(fmt.Sprintf("Warnings (%d): what was repaired, mapped or left out", len(r.Warnings)), widget.WarningImportance)
	}
	for _, w := range r.Warnings {
		add("• "+w, widget.WarningImportance)
	}
	return container.NewVScroll(box)
}

// importCodebookOnly brings in the codes and users of a .qdpx file whose
// texts are missing, in the background, and says what it did.
func (wb *Workbench) importCodebookOnly(path string) {
	go func() {
		res := wb.project.ImportFileWith(path, mstorage.ImportOptions{CodebookOnly: true})
		fyne.Do(func() {
			if res.Err != nil {
				showError(wb.win, res.Err)
				return
			}
			wb.sync()
			wb.done(res.Summary + " (Ctrl+Z undoes)")
		})
	}()
}

// exportCodebookDialog asks where to write the codebook as a .qdc file.
func (wb *Workbench) exportCodebookDialog() {
	wb.askSavePath(projectTitle(wb.project.Path())+" codebook", ".qdc", func(path string) {
		wb.exportInBackground(path, mstorage.Filter{}, nil)
	})
}

// Position choices of the .qdpx export, phrased for the tool that will
// read the file.
const (
	positionsCodePoints = "For QualCoder, Taguette and Marginalia (characters as code points)"
	positionsUTF16      = "For NVivo (characters as UTF-16 code units: an emoji counts two)"
)

// exportSelection is the form that chooses which coders' codings, on which
// documents, a .qdpx export holds (everything is chosen at first), and for
// which tool its positions are counted (code points at first).
type exportSelection struct {
	coders, docs map[string]string // name -> ID
	Coders       *widget.CheckGroup
	Documents    *widget.CheckGroup
	Positions    *widget.RadioGroup
}

// Options are the export options chosen.
func (s *exportSelection) Options() mstorage.ExportOptions {
	if s.Positions.Selected == positionsUTF16 {
		return mstorage.ExportOptions{Positions: refi.UTF16Units}
	}
	return mstorage.ExportOptions{Positions: refi.CodePoints}
}

func newExportSelection(coders []coding.Coder, docs []coding.Document) *exportSelection {
	s := &exportSelection{coders: map[string]string{}, docs: map[string]string{}}
	var coderNames, docNames []string
	for _, c := range coders {
		s.coders[c.Name] = c.ID
		coderNames = append(coderNames, c.Name)
	}
	for _, d := range docs {
		s.docs[d.Name] = d.ID
		docNames = append(docNames, d.Name)
	}
	s.Coders = widget.NewCheckGroup(coderNames, nil)
	s.Coders.SetSelected(coderNames)
	s.Documents = widget.NewCheckGroup(docNames, nil)
	s.Documents.SetSelected(docNames)
	s.Positions = widget.NewRadioGroup([]string{positionsCodePoints, positionsUTF16}, nil)
	s.Positions.Required = true
	s.Positions.SetSelected(positionsCodePoints)
	return s
}

// Filter is the storage filter of the choice: nil lists where everything
// is chosen. It is an error to choose no coder or no document.
func (s *exportSelection) Filter() (mstorage.Filter, error) {
	pick := func(group *widget.CheckGroup, ids map[string]string, what string) ([]string, error) {
		if len(group.Selected) == 0 && len(group.Options) > 0 {
			return nil, fmt.Errorf("choose at least one %s to export", what)
		}
		if len(group.Selected) == len(group.Options) {
			return nil, nil
		}
		out := make([]string, 0, len(group.Selected))
		for _, name := range group.Selected {
			out = append(out, ids[name])
		}
		return out, nil
	}
	var f mstorage.Filter
	var err error
	if f.Coders, err = pick(s.Coders, s.coders, "coder"); err != nil {
		return f, err
	}
	f.Documents, err = pick(s.Documents, s.docs, "document")
	return f, err
}

func (s *exportSelection) content() fyne.CanvasObject {
	column := func(title string, group *widget.CheckGroup) fyne.CanvasObject {
		all := widget.NewButton("All", func() { group.SetSelected(group.Options) })
		none := widget.NewButton("None", func() { group.SetSelected(nil) })
		return container.NewBorder(container.NewHBox(boldLabel(title), all, none), nil, nil, nil, container.NewVScroll(group))
	}
	return container.NewBorder(nil, container.NewVBox(boldLabel("Positions"), s.Positions), nil, nil,
		container.NewGridWithColumns(2, column("Coders", s.Coders), column("Documents", s.Documents)))
}

// exportProjectDialog asks which coders and documents to export, then
// where to write the .qdpx file.
func (wb *Workbench) exportProjectDialog() {
	coders := wb.st.coders
	if wb.st.Blind() { // only the coder's own codings, and the dialog says why
		coders = slices.DeleteFunc(slices.Clone(coders), func(c coding.Coder) bool { return c.ID != wb.st.coder.ID })
	}
	sel := newExportSelection(coders, wb.st.docs)
	content := sel.content()
	if note := wb.st.BlindNote(); note != "" {
		why := widget.NewLabel("Only your own codings are exported. " + note)
		why.Wrapping = fyne.TextWrapWord
		content = container.NewBorder(why, nil, nil, nil, content)
	}
	showCustomConfirm("Export project for exchange (.qdpx)", "Choose file…", "Cancel", content, func(ok bool) {
		if !ok {
			return
		}
		f, err := sel.Filter()
		if err != nil {
			showError(wb.win, err)
			return
		}
		if wb.st.Blind() {
			f.Coders = wb.exportFilter().Coders
		}
		opt := sel.Options()
		wb.askSavePath(projectTitle(wb.project.Path()), ".qdpx", func(path string) { wb.exportInBackgroundWith(path, f, opt, nil) })
	}, wb.win, fyne.NewSize(720, 540))
}

// exportInBackground writes an export (by path's extension) in a
// goroutine, with a progress dialog when it takes longer than half a
// second. A failed export leaves no file behind. then, if not nil, runs on
// the main goroutine afterwards.
func (wb *Workbench) exportInBackground(path string, f mstorage.Filter, then func(error)) {
	wb.exportInBackgroundWith(path, f, mstorage.ExportOptions{}, then)
}

// exportInBackgroundWith is exportInBackground with export options.
func (wb *Workbench) exportInBackgroundWith(path string, f mstorage.Filter, opt mstorage.ExportOptions, then func(error)) {
	wb.writeInBackground("Exporting", path, "Exported", func() error { return wb.project.ExportFileWith(path, f, opt) }, then)
}
