package app

import (
	"fmt"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// savePause is how long after the last key press an edit is stored.
const savePause = 800 * time.Millisecond

// noKey is the key choice for a code without a number key.
const noKey = "none"

// codeDetails edits the selected code in place: name, colour, number key,
// whether it is codable, the four parts of its description and its memo.
// Every edit is stored as the user makes it, each an undoable action: a
// text on Enter (one-line fields), on leaving the field, or after a pause
// in typing; a colour, key or check at once. There is no Apply button.
type codeDetails struct {
	st     *State
	save   func(coding.Code) error
	canvas fyne.Canvas // the window's, whose focus a field may hold
	// after runs f on the window's goroutine after d; tests replace it.
	after func(d time.Duration, f func())

	id      string // the code shown
	showing bool   // the form is being filled from the state: nothing to store
	pending *time.Timer

	Name                                    *editField
	Color                                   string
	swatch                                  *canvas.Rectangle
	Recolour                                *widget.Button // opens the colour dialog
	colour                                  *colourDialog  // the open colour dialog, for tests
	Key                                     *widget.Select
	Codable                                 *widget.Check
	Definition, WhenToUse, WhenNotToUse, Ex *editField
	Memo                                    *editField
	Problem                                 *widget.Label // why the last edit was not stored
	form                                    *fyne.Container
	hint                                    *widget.Label
	content                                 *fyne.Container
}

func newCodeDetails(st *State, win fyne.Window, save func(coding.Code) error) *codeDetails {
	d := &codeDetails{st: st, save: save, canvas: win.Canvas()}
	d.after = func(wait time.Duration, f func()) {
		if d.pending != nil {
			d.pending.Stop()
		}
		d.pending = time.AfterFunc(wait, func() { fyne.Do(f) })
	}
	d.Name = newEditField(false, d.commit, d.edited)
	d.swatch = canvas.NewRectangle(color.Transparent)
	d.swatch.SetMinSize(fyne.NewSize(28, 20))
	d.swatch.CornerRadius = 4
	d.Recolour = widget.NewButton("Colour…", func() { d.chooseColour(win) })
	recolour := d.Recolour
	keys := []string{noKey}
	for k := 1; k <= coding.MaxKey; k++ {
		keys = append(keys, strconv.Itoa(k))
	}
	d.Key = widget.NewSelect(keys, func(string) { d.commit() })
	d.Key.PlaceHolder = noKey // the placeholder sets its width
	d.Codable = widget.NewCheck("Codable", func(bool) { d.commit() })
	multi := func(placeholder string) *editField {
		e := newEditField(true, d.commit, d.edited)
		e.Wrapping = fyne.TextWrapWord
		e.SetPlaceHolder(placeholder)
		e.SetMinRowsVisible(2)
		return e
	}
	d.Definition = multi("What the code means")
	d.WhenToUse = multi("When to use it")
	d.WhenNotToUse = multi("When not to use it")
	d.Ex = multi("An example passage")
	d.Memo = multi("Memo: your notes on this code")
	d.Problem = widget.NewLabel("")
	d.Problem.Importance = widget.DangerImportance
	d.Problem.Wrapping = fyne.TextWrapWord
	d.Problem.Hide()
	label := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.Importance = widget.LowImportance
		return l
	}
	d.form = container.NewVBox(
		boldLabel("Code"),
		d.Name,
		d.Problem,
		newFlow([]fyne.CanvasObject{container.NewHBox(container.NewCenter(d.swatch), recolour), container.NewBorder(nil, nil, label("Key"), nil, d.Key)}),
		d.Codable,
		wrapped(label("Off: a category that only groups codes.")),
		label("Definition"), d.Definition,
		label("When to use"), d.WhenToUse,
		label("When not to use"), d.WhenNotToUse,
		label("Example"), d.Ex,
		label("Memo"), d.Memo,
		wrapped(label("Changes are saved as you type; Ctrl+Z outside a text box undoes them.")),
	)
	d.hint = widget.NewLabel("Click a code to see and edit its definition, colour, key and memo.\n\nTo code a passage: select it, then press the code's number key, double-click the code, or press Enter or “Code selection” with the code selected.")
	d.hint.Wrapping = fyne.TextWrapWord
	d.hint.Importance = widget.LowImportance
	d.content = container.NewStack(d.hint, d.form)
	d.show("")
	return d
}

// wrapped makes l wrap its text at its width, so that it never widens the
// panel it is in.
func wrapped(l *widget.Label) *widget.Label {
	l.Wrapping = fyne.TextWrapWord
	return l
}

// colourDialog asks for a code's colour. A click on a swatch, or a
// #RRGGBB typed, only chooses it (the preview shows it); Confirm or Enter
// recolours the code, as one undoable action; Cancel or Escape keeps the
// colour it had. (Fyne's colour picker recolours at the first click on a
// swatch, before Confirm.) Its widgets are fields so that tests can drive
// it.
type colourDialog struct {
	Hex      *dialogEntry
	Swatches []*widget.Button // one per palette colour, in palette order
	Colours  []string         // the swatches' colours
	preview  *canvas.Rectangle
	*formDialog
}

// chooseColour shows the colour dialog for the shown code.
func (d *codeDetails) chooseColour(win fyne.Window) {
	cd := &colourDialog{Hex: newDialogEntry(win.Canvas(), false), preview: canvas.NewRectangle(parseHex(d.Color))}
	cd.preview.SetMinSize(fyne.NewSize(64, 28))
	cd.preview.CornerRadius = 4
	cd.Hex.SetText(d.Color)
	cd.Hex.OnChanged = func(s string) {
		if hex, err := coding.NormalizeColor(s); err == nil {
			cd.preview.FillColor = parseHex(hex)
			cd.preview.Refresh()
		}
	}
	var cells []fyne.CanvasObject
	for i := 0; i == 0 || coding.PaletteColor(i) != coding.PaletteColor(0); i++ {
		hex := coding.PaletteColor(i)
		b := widget.NewButton("", func() { cd.Hex.SetText(hex) })
		fill := canvas.NewRectangle(parseHex(hex))
		fill.CornerRadius = 3
		cd.Swatches, cd.Colours = append(cd.Swatches, b), append(cd.Colours, hex)
		cells = append(cells, container.NewStack(b, container.NewPadded(fill)))
	}
	grid := container.NewGridWrap(fyne.NewSize(40, 34), cells...)
	content := container.NewVBox(grid, container.NewBorder(nil, nil, widget.NewLabel("Colour"), cd.preview, cd.Hex))
	cd.formDialog = showContentChecked("Code colour", "Confirm", content, func() error {
		hex, err := coding.NormalizeColor(cd.Hex.Text)
		if err != nil {
			return fmt.Errorf("%w: click a swatch or type one such as #2E86DE", err)
		}
		d.setColor(hex)
		d.commit()
		return nil
	}, win, fyne.NewSize(320, 0))
	d.colour = cd
	win.Canvas().Focus(cd.Hex)
}

func (d *codeDetails) setColor(hex string) {
	d.Color = hex
	d.swatch.FillColor = parseHex(hex)
	d.swatch.Refresh()
}

// show fills the form with code id (or hides it when there is none). When
// the same code is shown again after a change, fields that already say
// what is stored, or that the user is typing in, are left alone.
func (d *codeDetails) show(id string) {
	if id != d.id {
		d.release()
	}
	c, ok := d.st.codebook.Code(id)
	if !ok {
		d.id = ""
		d.form.Hide()
		d.hint.Show()
		return
	}
	same := id == d.id
	d.id = id
	d.showing = true
	defer func() { d.showing = false }()
	d.hint.Hide()
	d.form.Show()
	if !same {
		d.Problem.Hide()
	}
	for _, f := range []struct {
		field *editField
		text  string
	}{{d.Name, c.Name}, {d.Definition, c.Description.Definition}, {d.WhenToUse, c.Description.WhenToUse},
		{d.WhenNotToUse, c.Description.WhenNotToUse}, {d.Ex, c.Description.Example}, {d.Memo, c.Memo}} {
		if f.field.Text != f.text && !(same && f.field.focused) {
			f.field.SetText(f.text)
		}
	}
	d.setColor(c.Color)
	d.Codable.SetChecked(c.Codable)
	d.Key.SetSelected(keyChoice(c.Key))
}

// fields are the text fields of the form.
func (d *codeDetails) fields() []*editField {
	return []*editField{d.Name, d.Definition, d.WhenToUse, d.WhenNotToUse, d.Ex, d.Memo}
}

// release takes the keyboard focus from the field the user was typing in,
// storing its edit for the code it belongs to, before the form shows
// another code: otherwise the next key (a number key meant to code a
// passage) would be typed into the other code's field and saved there.
func (d *codeDetails) release() {
	if d.canvas == nil {
		return
	}
	focused := d.canvas.Focused()
	for _, f := range d.fields() {
		if focused == fyne.Focusable(f) {
			d.canvas.Unfocus()
			return
		}
	}
}

func keyChoice(k int) string {
	if k == 0 {
		return noKey
	}
	return strconv.Itoa(k)
}

// edited is a text field changed: the edit is stored after a pause.
func (d *codeDetails) edited() {
	if !d.showing && d.after != nil {
		d.after(savePause, d.commit)
	}
}

// commit stores what the form says about the shown code, when it differs
// from what is stored. A refused edit (an empty name, a name a sibling
// has) is named under the name field and stays in the form.
func (d *codeDetails) commit() {
	if d.showing || d.id == "" {
		return
	}
	if d.pending != nil {
		d.pending.Stop()
	}
	c, ok := d.st.codebook.Code(d.id)
	if !ok {
		return
	}
	edited := c
	edited.Name = d.Name.Text
	edited.Color = d.Color
	edited.Codable = d.Codable.Checked
	edited.Key, _ = strconv.Atoi(d.Key.Selected) // "none" is 0
	edited.Description = coding.Description{Definition: d.Definition.Text, WhenToUse: d.WhenToUse.Text, WhenNotToUse: d.WhenNotToUse.Text, Example: d.Ex.Text}
	edited.Memo = d.Memo.Text
	if edited == c {
		d.Problem.Hide()
		return
	}
	if err := d.save(edited); err != nil {
		d.Problem.SetText("Not saved: " + err.Error())
		d.Problem.Show()
		return
	}
	d.Problem.Hide()
}

// editField is a text field that tells when it is edited and when the
// user is done with it (Enter in a one-line field, or leaving it).
type editField struct {
	widget.Entry
	wrap     wrapTyping
	focused  bool
	onCommit func()
}

func newEditField(multiLine bool, commit, edited func()) *editField {
	e := &editField{onCommit: commit, wrap: wrapTyping{want: -1}}
	e.MultiLine = multiLine
	e.ExtendBaseWidget(e)
	e.OnChanged = func(string) { edited() }
	if !multiLine {
		e.OnSubmitted = func(string) { commit() }
	}
	return e
}

// TypedRune types r (see typeRune: Fyne's Entry misplaces the caret at a
// wrapped line's end).
func (e *editField) TypedRune(r rune) { e.wrap.typeRune(&e.Entry, r) }

// TypedKey passes keys to the Entry, except a Backspace that wrapTyping
// handles.
func (e *editField) TypedKey(k *fyne.KeyEvent) {
	if !e.wrap.typedKey(&e.Entry, k) {
		e.Entry.TypedKey(k)
	}
}

// AcceptsTab is false: Tab moves to the next field, even from a
// multi-line one (Fyne's multi-line Entry would type a tab character).
func (e *editField) AcceptsTab() bool { return false }

// FocusGained notes that the user is typing here.
func (e *editField) FocusGained() {
	e.focused = true
	e.Entry.FocusGained()
}

// FocusLost stores the edit.
func (e *editField) FocusLost() {
	e.focused = false
	e.Entry.FocusLost()
	e.onCommit()
}
