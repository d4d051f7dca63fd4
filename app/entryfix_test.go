package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Typing into a word-wrapped field stores exactly what was typed at every
// width (issue 26, item 2: Fyne's Entry stored "agenciesand treaties. "
// when the space fell where the line wrapped), and a Backspace right after
// such a space takes the space.
func TestWrappedFieldsStoreWhatWasTyped(t *testing.T) {
	test.NewTempApp(t)
	const typed = "Trust in institutions such as courts, agencies and treaties. Fragile trust, too."
	fields := map[string]func() (fyne.Focusable, *widget.Entry){
		"code details": func() (fyne.Focusable, *widget.Entry) {
			e := newEditField(true, func() {}, func() {})
			e.Wrapping = fyne.TextWrapWord
			return e, &e.Entry
		},
		"dialog": func() (fyne.Focusable, *widget.Entry) {
			e := newDialogEntry(nil, true)
			return e, &e.Entry
		},
	}
	for name, make := range fields {
		for w := float32(60); w < 400; w += 7 {
			f, e := make()
			win := test.NewWindow(f.(fyne.CanvasObject))
			win.Resize(fyne.NewSize(w, 300))
			win.Canvas().Focus(f)
			typeAsDriver(f, typed)
			if e.Text != typed {
				t.Errorf("%s, %v wide: typed %q, the field holds %q", name, w, typed, e.Text)
			}
			// Backspace after each space typed takes that space.
			e.SetText("")
			for _, r := range typed {
				typeAsDriver(f, string(r))
				if r == ' ' {
					f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
					typeAsDriver(f, " ")
				}
			}
			if e.Text != typed {
				t.Errorf("%s, %v wide: typed with a Backspace and a space again after each space, the field holds %q", name, w, e.Text)
			}
			win.Close()
		}
	}
}

// typeAsDriver types text into f as the desktop driver does: each key
// first as a key event, then its rune.
func typeAsDriver(f fyne.Focusable, text string) {
	for _, r := range text {
		name := fyne.KeyName(strings.ToUpper(string(r)))
		if r == ' ' {
			name = fyne.KeySpace
		}
		f.TypedKey(&fyne.KeyEvent{Name: name})
		f.TypedRune(r)
	}
}
