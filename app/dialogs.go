package app

// Every dialog the app shows goes through this file, so that each one
// confirms with Enter and cancels with Escape.
//
// Fyne 2.7's dialogs do not handle keys themselves. While a dialog (a modal
// pop-up overlay) is open, a key goes to the widget focused inside it, or,
// when nothing there has focus, to the window canvas's OnTypedKey. So a
// dialog shown with showKeyed registers what Enter and Escape do for its
// overlay, and a key router chained in front of the canvas's OnTypedKey
// sends those two keys to the dialog on top. An entry inside a dialog
// (newDialogEntry) has focus and so sees the keys first: it passes Escape
// on to the router, and Enter too when it has no OnSubmitted of its own.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	mstorage "desktop/marginalia/storage"
)

// dialogKeys is what Enter and Escape do in one open dialog; nil does
// nothing (the key is still the dialog's, not the window's).
type dialogKeys struct{ enter, escape func() }

// keyedOverlays maps each open dialog's overlay to its keys. Dialogs are
// shown and closed on the main goroutine only.
var keyedOverlays = map[fyne.CanvasObject]dialogKeys{}

// shownDialog is what showKeyed needs of a Fyne dialog.
type shownDialog interface {
	Show()
	SetOnClosed(func())
}

// showKeyed shows d over w with Enter running enter and Escape running
// escape while it is the top overlay.
func showKeyed(w fyne.Window, d shownDialog, enter, escape func()) {
	c := w.Canvas()
	before := c.Overlays().Top()
	d.Show()
	top := c.Overlays().Top()
	if top == nil || top == before {
		return // shown outside the canvas (a native dialog)
	}
	keyedOverlays[top] = dialogKeys{enter, escape}
	d.SetOnClosed(func() { delete(keyedOverlays, top) })
	installKeyRouter(c)
}

// dialogKey sends a key to the dialog on top of c, if it was shown with
// showKeyed. It reports whether the key was Enter or Escape for a dialog.
func dialogKey(c fyne.Canvas, e *fyne.KeyEvent) bool {
	keys, ok := keyedOverlays[c.Overlays().Top()]
	if !ok {
		return false
	}
	var run func()
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		run = keys.enter
	case fyne.KeyEscape:
		run = keys.escape
	default:
		return false
	}
	if run != nil {
		run()
	}
	return true
}

// keyRouter is the canvas's OnTypedKey while dialogs are in use: Enter and
// Escape go to the dialog on top, every other key to what the canvas had
// before (the workbench's own keys).
func keyRouter(c fyne.Canvas, next func(*fyne.KeyEvent)) func(*fyne.KeyEvent) {
	return func(e *fyne.KeyEvent) {
		if !dialogKey(c, e) && next != nil {
			next(e)
		}
	}
}

var keyRouterCode = reflect.ValueOf(keyRouter(nil, nil)).Pointer()

// installKeyRouter puts a keyRouter in front of c's OnTypedKey unless one
// is there already (the workbench may have set its own handler since).
func installKeyRouter(c fyne.Canvas) {
	current := c.OnTypedKey()
	if current != nil && reflect.ValueOf(current).Pointer() == keyRouterCode {
		return
	}
	c.SetOnTypedKey(keyRouter(c, current))
}

// dialogEntry is an Entry for use in dialogs: Escape (which Entry ignores)
// reaches the dialog, and so does Enter when the entry has no OnSubmitted.
// A multi-line entry keeps Enter for new lines; Shift+Enter runs its
// OnSubmitted.
type dialogEntry struct {
	widget.Entry
	wrap   wrapTyping
	canvas fyne.Canvas
}

func newDialogEntry(c fyne.Canvas, multiLine bool) *dialogEntry {
	e := &dialogEntry{canvas: c, wrap: wrapTyping{want: -1}}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes Escape, and Enter without OnSubmitted, on to the dialog.
func (e *dialogEntry) TypedKey(k *fyne.KeyEvent) {
	if !passToDialog(e.canvas, k, e.MultiLine || e.OnSubmitted != nil) && !e.wrap.typedKey(&e.Entry, k) {
		e.Entry.TypedKey(k)
	}
}

// TypedRune types r (see typeRune: Fyne's Entry misplaces the caret at a
// wrapped line's end).
func (e *dialogEntry) TypedRune(r rune) { e.wrap.typeRune(&e.Entry, r) }

// passToDialog gives the dialog on top of c a key typed in one of its
// entries: Escape, and Enter unless the entry keeps Enter for itself (a
// new line, its OnSubmitted). It reports whether the dialog took the key.
func passToDialog(c fyne.Canvas, k *fyne.KeyEvent, keepsEnter bool) bool {
	enter := k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter
	return (k.Name == fyne.KeyEscape || enter && !keepsEnter) && dialogKey(c, k)
}

// dialogSelectEntry is a SelectEntry (a name typed, or picked from its
// drop-down) for use in dialogs, passing keys on as dialogEntry does.
type dialogSelectEntry struct {
	widget.SelectEntry
	canvas fyne.Canvas
}

func newDialogSelectEntry(c fyne.Canvas, options []string) *dialogSelectEntry {
	e := &dialogSelectEntry{canvas: c}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewSelectEntry
	e.SetOptions(options)
	return e
}

// TypedKey passes Escape, and Enter without OnSubmitted, on to the dialog.
func (e *dialogSelectEntry) TypedKey(k *fyne.KeyEvent) {
	if !passToDialog(e.canvas, k, e.OnSubmitted != nil) {
		e.SelectEntry.TypedKey(k)
	}
}

// releaseFocusOnChoice makes every choice widget in objs (a Select, a
// Check, a CheckGroup, a RadioGroup, inside containers, scrolls and forms)
// give up the keyboard focus once the user has chosen: these widgets keep
// Enter and Escape to themselves while focused, so after a click on one
// the keys would no longer reach the dialog.
func releaseFocusOnChoice(c fyne.Canvas, objs ...fyne.CanvasObject) {
	release := func() { c.Unfocus() }
	for _, o := range objs {
		switch w := o.(type) {
		case *fyne.Container:
			releaseFocusOnChoice(c, w.Objects...)
		case *container.Scroll:
			releaseFocusOnChoice(c, w.Content)
		case *widget.Form:
			for _, item := range w.Items {
				releaseFocusOnChoice(c, item.Widget)
			}
		case *widget.Select:
			chained := w.OnChanged
			w.OnChanged = func(s string) {
				if chained != nil {
					chained(s)
				}
				release()
			}
		case *widget.Check:
			chained := w.OnChanged
			w.OnChanged = func(b bool) {
				if chained != nil {
					chained(b)
				}
				release()
			}
		case *widget.CheckGroup:
			chained := w.OnChanged
			w.OnChanged = func(s []string) {
				if chained != nil {
					chained(s)
				}
				release()
			}
		case *widget.RadioGroup:
			chained := w.OnChanged
			w.OnChanged = func(s string) {
				if chained != nil {
					chained(s)
				}
				release()
			}
		}
	}
}

// showError reports err in a dialog over w; Enter and Escape close it.
func showError(w fyne.Window, err error) {
	if err != nil {
		d := dialog.NewError(err, w)
		showKeyed(w, d, d.Hide, d.Hide)
	}
}

// showInformation shows a message over w; Enter and Escape close it.
func showInformation(title, message string, w fyne.Window) {
	d := dialog.NewInformation(title, message, w)
	showKeyed(w, d, d.Hide, d.Hide)
}

// showConfirm asks a yes/no question: Enter answers yes, Escape no.
func showConfirm(title, message string, answer func(bool), w fyne.Window) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, message, answer, w)
	showKeyed(w, d, d.Confirm, d.Hide)
	return d
}

// showCustomConfirm shows content with confirm and dismiss buttons: Enter
// confirms, Escape dismisses.
func showCustomConfirm(title, confirm, dismiss string, content fyne.CanvasObject, answer func(bool), w fyne.Window, size fyne.Size) *dialog.ConfirmDialog {
	d := dialog.NewCustomConfirm(title, confirm, dismiss, content, answer, w)
	if !size.IsZero() {
		d.Resize(size)
	}
	releaseFocusOnChoice(w.Canvas(), content)
	showKeyed(w, d, d.Confirm, d.Hide)
	return d
}

// showCustom shows content with one button that closes it, as Enter and
// Escape do.
func showCustom(title, dismiss string, content fyne.CanvasObject, w fyne.Window, size fyne.Size) *dialog.CustomDialog {
	d := dialog.NewCustom(title, dismiss, content, w)
	if !size.IsZero() {
		d.Resize(size)
	}
	showKeyed(w, d, d.Hide, d.Hide)
	return d
}

// showForm shows a form: Enter or the confirm button submits it, Escape
// or the dismiss button cancels; answer(true) runs once the fields pass
// their checks (see formDialog), answer(false) on cancel. Entries in
// items should be dialogEntry so that Escape typed in them reaches the
// dialog.
func showForm(title, confirm, dismiss string, items []*widget.FormItem, answer func(bool), w fyne.Window, width float32) *formDialog {
	f := newFormDialog(title, confirm, dismiss, items, nil, nil, func() { answer(false) }, w, width)
	f.after = func() { answer(true) }
	return f
}

// showFormChecked is showForm whose confirm action can refuse: when
// confirmed returns an error, the dialog stays open showing it (what
// was typed is kept, so that the user can correct it).
func showFormChecked(title, confirm string, items []*widget.FormItem, confirmed func() error, w fyne.Window, width float32) *formDialog {
	return newFormDialog(title, confirm, "Cancel", items, nil, confirmed, nil, w, width)
}

// showContentChecked is showFormChecked for a dialog laid out by the
// caller: content shows above the reason a confirm was refused.
func showContentChecked(title, confirm string, content fyne.CanvasObject, confirmed func() error, w fyne.Window, size fyne.Size) *formDialog {
	f := newFormDialog(title, confirm, "Cancel", nil, content, confirmed, nil, w, size.Width)
	if size.Height > 0 {
		f.resize(size)
	}
	return f
}

// formDialog is a dialog of labelled fields (a widget.Form) with a
// dismiss and a confirm button. Enter confirms and Escape cancels.
// Confirming first checks the fields (an entry's Validator), then the
// caller's check. When one refuses, its
// reason shows in red under the fields and the dialog stays open: a
// dialog never closes, or fails to close, without a word. Its widgets are
// fields so that tests can drive it.
type formDialog struct {
	items     []*widget.FormItem
	Problem   *widget.Label // why the last confirm was refused
	Confirm   *widget.Button
	Dismiss   *widget.Button
	check     func() error // checks beyond the fields', or nil
	confirmed func() error // run before closing; its error keeps the dialog open
	after     func()       // run once closed
	cancelled func()
	width     float32
	size      fyne.Size // as last resized
	dialog    *dialog.CustomDialog
}

// newFormDialog shows items in a form, or content when it is not nil.
func newFormDialog(title, confirm, dismiss string, items []*widget.FormItem, content fyne.CanvasObject, confirmed func() error, cancelled func(), w fyne.Window, width float32) *formDialog {
	if width == 0 {
		width = formWidth // a field's placeholder and typical text show whole
	}
	f := &formDialog{items: items, confirmed: confirmed, cancelled: cancelled, width: width}
	if content == nil {
		content = widget.NewForm(items...)
	}
	f.Problem = widget.NewLabel("")
	f.Problem.Importance = widget.DangerImportance
	f.Problem.Wrapping = fyne.TextWrapWord
	f.Problem.Hide()
	f.Confirm = widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), f.Submit)
	f.Confirm.Importance = widget.HighImportance
	f.Dismiss = widget.NewButtonWithIcon(dismiss, theme.CancelIcon(), f.Hide)
	f.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(content, f.Problem), w)
	f.dialog.SetButtons([]fyne.CanvasObject{f.Dismiss, f.Confirm})
	f.fit()
	releaseFocusOnChoice(w.Canvas(), content)
	showKeyed(w, f.dialog, f.Submit, f.Hide)
	return f
}

// SetCheck adds a check run after the fields' own, before confirming.
func (f *formDialog) SetCheck(check func() error) { f.check = check }

// formWidth is a form dialog's width unless its caller asks for another:
// wide enough for a placeholder such as "for a category: values,
// comma-separated", and narrower than an 800-pixel window.
const formWidth = 480

// fit sizes the dialog to its content, at least width wide (and no
// smaller than it is).
func (f *formDialog) fit() {
	min := f.dialog.MinSize()
	f.resize(fyne.NewSize(max(min.Width, f.width, f.size.Width), max(min.Height, f.size.Height)))
}

func (f *formDialog) resize(size fyne.Size) {
	f.size = size
	f.dialog.Resize(size)
}

// Submit confirms the dialog when its fields pass their checks, and
// otherwise says why not and stays open.
func (f *formDialog) Submit() {
	err := f.validate()
	if err == nil && f.confirmed != nil {
		err = f.confirmed()
	}
	if err != nil {
		f.Problem.SetText(sentence(err.Error()))
		f.Problem.Show()
		f.fit()
		return
	}
	f.dialog.Hide()
	if f.after != nil {
		f.after()
	}
}

// Hide cancels the dialog.
func (f *formDialog) Hide() {
	f.dialog.Hide()
	if f.cancelled != nil {
		f.cancelled()
	}
}

// validate is the first reason a field gives not to confirm, or nil.
func (f *formDialog) validate() error {
	for _, item := range f.items {
		if w, ok := item.Widget.(fyne.Validatable); ok {
			if err := w.Validate(); err != nil {
				return fmt.Errorf("%s: %w", item.Text, err)
			}
		}
	}
	if f.check != nil {
		return f.check()
	}
	return nil
}

// sentence is s with its first letter in upper case.
func sentence(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// showFileDialog shows one of Fyne's file or folder dialogs: Escape
// dismisses it (Enter is left to the dialog, which opens on double-click).
func showFileDialog(w fyne.Window, d *dialog.FileDialog) {
	d.Resize(fyne.NewSize(900, 600))
	showKeyed(w, d, nil, d.Dismiss)
}

// openFileDialog asks for a file with one of the extensions (any file when
// exts is empty): its path typed, or picked with Browse…; open gets it on
// Open or Enter only (see openPath).
func (wb *Workbench) openFileDialog(exts []string, open func(path string)) {
	wb.newOpenPath(exts, false, open)
}

// openFolderDialog asks for a folder, typed or picked with Browse….
func (wb *Workbench) openFolderDialog(open func(dir string)) {
	wb.newOpenPath(nil, true, open)
}

// askText asks for one line of text (a name) in a small form: Enter or the
// confirm button answers, Escape or Cancel does not. answer gets the
// trimmed text; cancelled, if not nil, runs otherwise.
func (wb *Workbench) askText(title, confirm, label, placeholder, initial string, answer func(string), cancelled func()) {
	entry := newDialogEntry(wb.win.Canvas(), false)
	entry.SetPlaceHolder(placeholder)
	entry.SetText(initial)
	f := showForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem(label, entry)}, func(ok bool) {
		switch {
		case ok:
			answer(strings.TrimSpace(entry.Text))
		case cancelled != nil:
			cancelled()
		}
	}, wb.win, 420)
	f.SetCheck(func() error {
		if strings.TrimSpace(entry.Text) == "" {
			return fmt.Errorf("the %s is empty: type one, or press Escape to cancel", strings.ToLower(label))
		}
		return nil
	})
	wb.win.Canvas().Focus(entry)
}

// prefLastSaveFolder is the folder the last file was saved in.
const prefLastSaveFolder = "lastSaveFolder"

// resolveSavePath turns what the user typed in the Save as entry into the
// path to write: "~" and "~/…" start at home, an absolute path is kept, a
// relative one goes in dir (the folder the entry showed), and ext (".csv")
// is added when the name does not end with it already. A name that ends
// with another kind of file Marginalia knows (out.xlsx where only .csv is
// saved) is refused, never saved as out.xlsx.csv; others are the other
// types the dialog offers, named in that refusal.
func resolveSavePath(typed, dir, home, ext string, others ...string) (string, error) {
	if strings.TrimSpace(typed) == "~" {
		return "", errors.New("type a file name after ~/")
	}
	p, err := expandPath(typed, dir, home)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(strings.TrimSpace(typed), string(filepath.Separator)) || filepath.Base(p) == string(filepath.Separator) {
		return "", fmt.Errorf("%s is a folder: type a file name after it", p)
	}
	if got := strings.ToLower(filepath.Ext(p)); got != strings.ToLower(ext) {
		if slices.ContainsFunc(others, func(o string) bool { return strings.EqualFold(o, got) }) {
			return p, nil
		}
		if knownFileKind(got) {
			if len(others) == 0 {
				return "", fmt.Errorf("%s: this saves %s files, not %s: end the name with %s", filepath.Base(p), ext, got, ext)
			}
			return "", fmt.Errorf("%s: this saves %s files, not %s: end the name with one of them", filepath.Base(p), orList(append([]string{ext}, others...)), got)
		}
		p += ext
	}
	return p, nil
}

// knownFileKind reports whether ext (lower case, with the dot) names a
// kind of file Marginalia reads or writes, so that a name ending with it
// means that kind.
func knownFileKind(ext string) bool {
	return slices.Contains(mstorage.ExportExtensions(), ext) || slices.Contains(mstorage.ImportableExtensions(), ext) ||
		slices.Contains([]string{".qdb", ".html", ".htm", ".docx", ".json", ".xls"}, ext)
}

// orList is "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// expandPath is the path typed: "~" and "~/…" start at home, an absolute
// path is kept, a relative one goes in dir.
func expandPath(typed, dir, home string) (string, error) {
	p := strings.TrimSpace(typed)
	switch {
	case p == "":
		return "", errors.New("type a file name")
	case p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "~"+string(filepath.Separator)):
		if home == "" {
			return "", fmt.Errorf("%s: no home folder is known", p)
		}
		p = filepath.Join(home, strings.TrimPrefix(p[1:], string(filepath.Separator)))
	case !filepath.IsAbs(p):
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p), nil
}

// resolveOpenPath is the file (or, with folder, the folder) typed, when it
// exists and is of one of the types exts (any type when exts is empty);
// otherwise an error saying what is wrong with it.
func resolveOpenPath(typed, dir, home string, folder bool, exts []string) (string, error) {
	p, err := expandPath(typed, dir, home)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("there is no %s", p)
	case err != nil:
		return "", err
	case folder && !fi.IsDir():
		return "", fmt.Errorf("%s is a file: type or choose a folder", p)
	case !folder && fi.IsDir():
		return "", fmt.Errorf("%s is a folder: type a file name after it, or Browse…", p)
	case !folder && len(exts) > 0 && !slices.ContainsFunc(exts, func(e string) bool { return strings.EqualFold(filepath.Ext(p), e) }):
		return "", fmt.Errorf("%s is not a %s file", filepath.Base(p), strings.Join(exts, ", "))
	}
	return p, nil
}

// checkSavePath reports whether path exists already, and an error naming
// the folder when its folder does not exist or path is a folder.
func checkSavePath(path string) (exists bool, err error) {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return false, fmt.Errorf("the folder %s does not exist", dir)
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return false, fmt.Errorf("%s is a folder", path)
	case err == nil:
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	default:
		return false, err
	}
}

// pathMode is what a path dialog asks for.
type pathMode int

const (
	saveFile   pathMode = iota // a file to write (ext added when missing)
	openFile                   // an existing file of one of the types exts
	openFolder                 // an existing folder
)

// Preference keys of the folders last saved to and opened from.
const prefLastOpenFolder = "lastOpenFolder"

// saveAsDialog is Marginalia's Save as dialog (and, by its mode, its Open
// dialog): one entry holding the full
// path (a name, a path relative to the folder shown, an absolute or a ~/
// path), Browse… to pick the folder, Save and Cancel. Its widgets are
// fields so that tests can drive it.
type saveAsDialog struct {
	wb   *Workbench
	mode pathMode
	ext  string
	exts []string // saving: the types offered, when more than one; opening: the types accepted
	dir  string   // the folder a relative name goes in
	save func(path string)

	Path   *dialogEntry
	Format *widget.RadioGroup // the type, when more than one is offered
	Error  *widget.Label
	Browse *widget.Button
	Save   *widget.Button
	Cancel *widget.Button
	dialog *dialog.CustomDialog
}

// askSavePath asks where to save a file of type ext (".xlsx"), suggesting
// name in the folder last saved to (or the project's); save gets the
// chosen path, ext added when the user left it off. An existing file is
// replaced only after the user agrees.
func (wb *Workbench) askSavePath(name, ext string, save func(path string)) {
	wb.newSaveAs(name, ext, save)
}

// askSavePathAs is askSavePath offering several types (".xlsx", ".csv"),
// the first suggested; the file name typed, or the type chosen, says which.
func (wb *Workbench) askSavePathAs(name string, exts []string, save func(path string)) {
	wb.newSaveAs(name, exts[0], save, exts[1:]...)
}

func (wb *Workbench) newSaveAs(name, ext string, save func(path string), more ...string) *saveAsDialog {
	s := &saveAsDialog{wb: wb, ext: ext, dir: wb.folder(prefLastSaveFolder), save: save}
	if len(more) > 0 {
		s.exts = append([]string{ext}, more...)
	}
	s.Path = newDialogEntry(wb.win.Canvas(), false)
	s.Path.SetText(filepath.Join(s.dir, name+ext))
	title := "Save as (" + ext + ")"
	var types fyne.CanvasObject
	if s.exts != nil {
		s.Format = widget.NewRadioGroup(s.exts, s.setType)
		s.Format.Horizontal = true
		s.Format.Required = true
		s.Format.Selected = ext
		types = container.NewHBox(widget.NewLabel("Type:"), s.Format)
		title = "Save as (" + orList(s.exts) + ")"
	}
	s.build(title, "Save", types)
	return s
}

// build lays out and shows the dialog around s.Path, with more (if not
// nil) under it.
func (s *saveAsDialog) build(title, confirm string, more fyne.CanvasObject) {
	wb := s.wb
	s.Path.OnSubmitted = func(string) { s.submit() }
	s.Path.OnChanged = func(string) { s.Error.Hide() }
	s.Error = widget.NewLabel("")
	s.Error.Importance = widget.DangerImportance
	s.Error.Wrapping = fyne.TextWrapWord
	s.Error.Hide()
	s.Browse = widget.NewButton("Browse…", s.browse)
	s.Save = widget.NewButton(confirm, s.submit)
	s.Save.Importance = widget.HighImportance
	s.Cancel = widget.NewButton("Cancel", func() { s.dialog.Hide() })
	content := container.NewVBox(container.NewBorder(nil, nil, nil, s.Browse, s.Path), s.Error)
	if more != nil {
		content.Add(more)
	}
	s.dialog = dialog.NewCustomWithoutButtons(title, content, wb.win)
	s.dialog.SetButtons([]fyne.CanvasObject{s.Cancel, s.Save})
	s.dialog.Resize(fyne.NewSize(680, s.dialog.MinSize().Height))
	showKeyed(wb.win, s.dialog, s.submit, s.dialog.Hide)
	wb.win.Canvas().Focus(s.Path)
}

// newOpenPath is the Open dialog: a path typed (a name in the folder
// shown, a relative, absolute or ~/ path) or picked with Browse…; only
// Open or Enter opens it. (In Fyne's own dialog a double-click on a
// folder and then one click opened the file under the pointer.)
func (wb *Workbench) newOpenPath(exts []string, folder bool, open func(path string)) *saveAsDialog {
	s := &saveAsDialog{wb: wb, mode: openFile, exts: exts, dir: wb.folder(prefLastOpenFolder), save: open}
	title, hint := "Open a file", "Type the file's path, or Browse…"
	switch {
	case folder:
		s.mode, title, hint = openFolder, "Open a folder", "Type the folder's path, or Browse…"
	case len(exts) == 1:
		title = "Open a " + exts[0] + " file"
	case len(exts) > 1:
		hint += " (" + strings.Join(exts, ", ") + ")"
	}
	s.Path = newDialogEntry(wb.win.Canvas(), false)
	s.Path.SetText(s.dir + string(filepath.Separator))
	s.Path.CursorColumn = len([]rune(s.Path.Text))
	note := widget.NewLabel(hint)
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	s.build(title, "Open", note)
	return s
}

// folder is the folder suggested for saving (pref prefLastSaveFolder) or
// opening (prefLastOpenFolder): the last one used while it exists, else
// the project's folder.
func (wb *Workbench) folder(pref string) string {
	if dir := wb.app.Preferences().String(pref); dir != "" {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
	}
	if abs, err := filepath.Abs(wb.project.Path()); err == nil {
		return filepath.Dir(abs)
	}
	return filepath.Dir(wb.project.Path())
}

// setType changes the type saved, and the extension of the name typed.
func (s *saveAsDialog) setType(ext string) {
	typed := s.Path.Text
	if strings.EqualFold(filepath.Ext(strings.TrimSpace(typed)), s.ext) {
		s.Path.SetText(strings.TrimSpace(typed)[:len(strings.TrimSpace(typed))-len(s.ext)] + ext)
	}
	s.ext = ext
}

// fail shows err under the entry and keeps the dialog open.
func (s *saveAsDialog) fail(err error) {
	s.Error.SetText(err.Error())
	s.Error.Show()
	s.dialog.Resize(fyne.NewSize(680, s.dialog.MinSize().Height))
}

// submit saves to the typed path, asking first when the file exists; an
// Open dialog opens the typed path when it is there and of its type.
func (s *saveAsDialog) submit() {
	home, _ := os.UserHomeDir()
	if s.mode != saveFile {
		path, err := resolveOpenPath(s.Path.Text, s.dir, home, s.mode == openFolder, s.exts)
		if err != nil {
			s.fail(err)
			return
		}
		s.done(path)
		return
	}
	for _, e := range s.exts { // a name typed with another offered type has it
		if strings.EqualFold(filepath.Ext(strings.TrimSpace(s.Path.Text)), e) {
			s.ext = e
		}
	}
	path, err := resolveSavePath(s.Path.Text, s.dir, home, s.ext, s.otherTypes()...)
	if err != nil {
		s.fail(err)
		return
	}
	exists, err := checkSavePath(path)
	if err != nil {
		s.fail(err)
		return
	}
	if !exists {
		s.done(path)
		return
	}
	if strings.EqualFold(s.ext, ".qdb") {
		s.fail(fmt.Errorf("%s already exists in %s: choose another name (a project is never replaced)", filepath.Base(path), filepath.Dir(path)))
		return
	}
	showConfirm("Replace "+filepath.Base(path)+"?",
		fmt.Sprintf("%s already exists in %s.\nReplacing it overwrites what it holds.", filepath.Base(path), filepath.Dir(path)),
		func(ok bool) {
			if ok {
				s.done(path)
			}
		}, s.wb.win).SetConfirmText("Replace")
}

// otherTypes are the types offered besides the one chosen.
func (s *saveAsDialog) otherTypes() []string {
	return slices.DeleteFunc(slices.Clone(s.exts), func(e string) bool { return e == s.ext })
}

// done closes the dialog, remembers the folder and saves (or opens).
func (s *saveAsDialog) done(path string) {
	s.dialog.Hide()
	switch s.mode {
	case saveFile:
		s.wb.app.Preferences().SetString(prefLastSaveFolder, filepath.Dir(path))
	case openFile:
		s.wb.app.Preferences().SetString(prefLastOpenFolder, filepath.Dir(path))
	case openFolder:
		s.wb.app.Preferences().SetString(prefLastOpenFolder, path)
	}
	s.save(path)
}

// browse picks a folder with Fyne's folder dialog; it replaces the folder
// part of the path in the entry. In an Open dialog it picks a file, whose
// path it puts in the entry: only Open then opens it.
func (s *saveAsDialog) browse() {
	if s.mode == openFile {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				showError(s.wb.win, err)
				return
			}
			r.Close()
			s.Path.SetText(r.URI().Path())
			s.wb.win.Canvas().Focus(s.Path)
		}, s.wb.win)
		if len(s.exts) > 0 {
			d.SetFilter(storage.NewExtensionFileFilter(s.exts))
		}
		if u, err := storage.ListerForURI(storage.NewFileURI(s.currentFolder())); err == nil {
			d.SetLocation(u)
		}
		showFileDialog(s.wb.win, d)
		return
	}
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			showError(s.wb.win, err)
			return
		}
		if s.mode == openFolder {
			s.Path.SetText(dir.Path())
			s.wb.win.Canvas().Focus(s.Path)
			return
		}
		s.setFolder(dir.Path())
	}, s.wb.win)
	if u, err := storage.ListerForURI(storage.NewFileURI(s.currentFolder())); err == nil {
		d.SetLocation(u)
	}
	showFileDialog(s.wb.win, d)
}

// currentFolder is the folder of the path in the entry, when it exists.
func (s *saveAsDialog) currentFolder() string {
	home, _ := os.UserHomeDir()
	if path, err := resolveSavePath(s.Path.Text, s.dir, home, s.ext); err == nil {
		if fi, err := os.Stat(filepath.Dir(path)); err == nil && fi.IsDir() {
			return filepath.Dir(path)
		}
	}
	return s.dir
}

// setFolder puts dir in front of the file name in the entry.
func (s *saveAsDialog) setFolder(dir string) {
	name := filepath.Base(strings.TrimSpace(s.Path.Text))
	if name == "." || name == string(filepath.Separator) || strings.TrimSpace(s.Path.Text) == "" {
		name = "untitled" + s.ext
	}
	s.dir = dir
	s.Path.SetText(filepath.Join(dir, name))
	s.wb.win.Canvas().Focus(s.Path)
}
