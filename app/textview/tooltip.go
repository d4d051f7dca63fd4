package textview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// maxTipLines is how many lines a tooltip shows; more are summarised.
const maxTipLines = 8

// tooltip is a small label drawn over the viewer near the pointer. It is
// part of the viewer's own objects rather than a canvas overlay, so that it
// does not take the pointer events away from the text.
type tooltip struct {
	box   *fyne.Container
	bg    *canvas.Rectangle
	lines []*canvas.Text
	size  fyne.Size
}

func newTooltip() *tooltip {
	t := &tooltip{bg: &canvas.Rectangle{CornerRadius: 4, StrokeWidth: 1}}
	t.box = container.NewWithoutLayout(t.bg)
	t.box.Hide()
	return t
}

// applyTheme takes the tooltip's colours and text size from th.
func (t *tooltip) applyTheme(th fyne.Theme) {
	variant := themeVariant()
	t.bg.FillColor = th.Color(theme.ColorNameOverlayBackground, variant)
	t.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, variant)
	for _, l := range t.lines {
		l.Color = th.Color(theme.ColorNameForeground, variant)
		l.TextSize = th.Size(theme.SizeNameCaptionText)
	}
}

// show shows text (one tooltip line per text line) with its top left corner
// near at, kept inside area.
func (t *tooltip) show(th fyne.Theme, text string, at fyne.Position, area fyne.Size) {
	rows := strings.Split(text, "\n")
	if len(rows) > maxTipLines {
		rows = append(rows[:maxTipLines-1], "…")
	}
	for len(t.lines) < len(rows) {
		t.lines = append(t.lines, &canvas.Text{})
		t.applyTheme(th)
	}
	const pad = 6
	var w, h float32
	t.box.Objects = append(t.box.Objects[:0], t.bg)
	for i, row := range rows {
		l := t.lines[i]
		l.Text = row
		sz := l.MinSize()
		l.Move(fyne.NewPos(pad, pad+h))
		l.Resize(sz)
		w = max(w, sz.Width)
		h += sz.Height
		t.box.Objects = append(t.box.Objects, l)
	}
	t.size = fyne.NewSize(w+2*pad, h+2*pad)
	t.bg.Resize(t.size)
	pos := fyne.NewPos(at.X+12, at.Y+18)
	if pos.X+t.size.Width > area.Width {
		pos.X = max(area.Width-t.size.Width, 0)
	}
	if pos.Y+t.size.Height > area.Height {
		pos.Y = max(at.Y-t.size.Height-8, 0)
	}
	t.box.Move(pos)
	t.box.Resize(t.size)
	t.box.Show()
}

// hide hides the tooltip.
func (t *tooltip) hide() {
	if t.box.Visible() {
		t.box.Hide()
	}
}
