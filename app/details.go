package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
)

// codeDetails edits the selected code in place: name, colour, whether it is
// codable, the four parts of its description and its memo. Apply stores
// the changes as one undoable action.
type codeDetails struct {
	panel                                   *codebookPanel
	id                                      string
	Name                                    *widget.Entry
	Color                                   string
	swatch                                  *canvas.Rectangle
	Codable                                 *widget.Check
	Definition, WhenToUse, WhenNotToUse, Ex *widget.Entry
	Memo                                    *widget.Entry
	Apply                                   *widget.Button
	form                                    *fyne.Container
	hint                                    *widget.Label
	content                                 *fyne.Container
}

func newCodeDetails(cp *codebookPanel) *codeDetails {
	d := &codeDetails{panel: cp}
	d.Name = widget.NewEntry()
	d.swatch = canvas.NewRectangle(color.Transparent)
	d.swatch.SetMinSize(fyne.NewSize(28, 20))
	d.swatch.CornerRadius = 4
	recolour := widget.NewButton("Colour…", func() {
		picker := dialog.NewColorPicker("Code colour", "", func(c color.Color) {
			r, g, b, _ := c.RGBA()
			d.setColor(fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8))
		}, cp.wb.win)
		picker.Advanced = true
		showKeyed(cp.wb.win, picker, nil, picker.Hide)
	})
	d.Codable = widget.NewCheck("Codable (off: a category that only groups codes)", nil)
	multi := func(placeholder string) *widget.Entry {
		e := widget.NewMultiLineEntry()
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
	d.Apply = widget.NewButton("Apply changes", d.apply)
	d.Apply.Importance = widget.HighImportance
	d.form = container.NewVBox(
		boldLabel("Code"),
		d.Name,
		container.NewHBox(d.swatch, recolour),
		d.Codable,
		widget.NewLabel("Definition"), d.Definition,
		widget.NewLabel("When to use"), d.WhenToUse,
		widget.NewLabel("When not to use"), d.WhenNotToUse,
		widget.NewLabel("Example"), d.Ex,
		widget.NewLabel("Memo"), d.Memo,
		d.Apply,
	)
	d.hint = widget.NewLabel("Select a code to see and edit its definition, colour and memo.\n\nWith a passage selected in the document, clicking a code applies it.")
	d.hint.Wrapping = fyne.TextWrapWord
	d.hint.Importance = widget.LowImportance
	d.content = container.NewStack(d.hint, d.form)
	d.show("")
	return d
}

func (d *codeDetails) setColor(hex string) {
	d.Color = hex
	d.swatch.FillColor = parseHex(hex)
	d.swatch.Refresh()
}

// show fills the form with code id, or disables it when no code is selected.
func (d *codeDetails) show(id string) {
	d.id = id
	c, ok := d.panel.wb.codebook.Code(id) // a nil codebook (not read yet) is empty
	if !ok {
		d.form.Hide()
		d.hint.Show()
		return
	}
	d.hint.Hide()
	d.form.Show()
	d.Name.SetText(c.Name)
	d.setColor(c.Color)
	d.Codable.SetChecked(c.Codable)
	d.Definition.SetText(c.Description.Definition)
	d.WhenToUse.SetText(c.Description.WhenToUse)
	d.WhenNotToUse.SetText(c.Description.WhenNotToUse)
	d.Ex.SetText(c.Description.Example)
	d.Memo.SetText(c.Memo)
}

func (d *codeDetails) apply() {
	wb := d.panel.wb
	c, ok := wb.codebook.Code(d.id)
	if !ok {
		return
	}
	c.Name = d.Name.Text
	c.Color = d.Color
	c.Codable = d.Codable.Checked
	c.Description = coding.Description{Definition: d.Definition.Text, WhenToUse: d.WhenToUse.Text, WhenNotToUse: d.WhenNotToUse.Text, Example: d.Ex.Text}
	c.Memo = d.Memo.Text
	if err := wb.project.UpdateCode(c); err != nil {
		showError(wb.win, err)
		return
	}
	wb.reload()
	wb.done("Saved code " + wb.codebook.Path(c.ID))
}
