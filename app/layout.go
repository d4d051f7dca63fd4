package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Minimum widths of the window's three panels. They are fixed, whatever
// the panels show, so that the split positions change only when the user
// drags a divider: a long code definition or a long document name never
// pushes a divider or rewraps the article. Together with the top bar they
// fit a window 800 pixels wide.
const (
	documentsMinWidth = 120
	centreMinWidth    = 300 // four tabs: Document, Coded segments, Compare, Attributes
	codebookMinWidth  = 250 // code names and the details' Key choice uncut at 800 pixels
	searchMinWidth    = 120
	searchMaxWidth    = 260
)

// fixedWidth wraps o in a container whose minimum width is w, whatever o's
// own minimum width; its minimum height is o's. o fills the container.
// The content must be made to fit w (wrapping text, truncating labels,
// flowing buttons): what is wider is drawn past the edge.
func fixedWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: fixedWidthLayout{w}, Objects: []fyne.CanvasObject{o}}
}

type fixedWidthLayout struct{ width float32 }

func (l fixedWidthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (l fixedWidthLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	return fyne.NewSize(l.width, h)
}

// flowLayout places groups of objects (buttons) in rows: a group's objects
// share a row while their minimum widths fit, and wrap to the next row
// when they do not; each group starts a row. The objects of a row share
// its width. Its minimum width is the widest object's, its minimum height
// that of the rows at the width it was last laid out at, so that the
// buttons of a narrow panel wrap rather than widen it or get clipped.
type flowLayout struct {
	groups []int   // how many objects each group has, in order
	width  float32 // the width last laid out at; 0 before the first layout
}

// newFlow is a container that flows the groups' objects in rows.
func newFlow(groups ...[]fyne.CanvasObject) *fyne.Container {
	l := &flowLayout{}
	var all []fyne.CanvasObject
	for _, g := range groups {
		l.groups = append(l.groups, len(g))
		all = append(all, g...)
	}
	return &fyne.Container{Layout: l, Objects: all}
}

// rows splits the visible objects in rows for width w; with w 0, each
// group is one row.
func (l *flowLayout) rows(objects []fyne.CanvasObject, w float32) [][]fyne.CanvasObject {
	pad := theme.Padding()
	var rows [][]fyne.CanvasObject
	i := 0
	for _, n := range l.groups {
		var row []fyne.CanvasObject
		var used float32
		for _, o := range objects[i:min(i+n, len(objects))] {
			if !o.Visible() {
				continue
			}
			ow := o.MinSize().Width
			if len(row) > 0 && w > 0 && used+pad+ow > w {
				rows = append(rows, row)
				row, used = nil, 0
			}
			if len(row) > 0 {
				used += pad
			}
			row = append(row, o)
			used += ow
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
		i += n
	}
	return rows
}

func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	pad := theme.Padding()
	var y float32
	for _, row := range l.rows(objects, size.Width) {
		var sum, h float32
		for _, o := range row {
			m := o.MinSize()
			sum += m.Width
			h = max(h, m.Height)
		}
		extra := (size.Width - sum - pad*float32(len(row)-1)) / float32(len(row))
		var x float32
		for _, o := range row {
			w := o.MinSize().Width + extra
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, h))
			x += w + pad
		}
		y += h + pad
	}
}

func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var size fyne.Size
	for i, row := range l.rows(objects, l.width) {
		var h float32
		for _, o := range row {
			m := o.MinSize()
			size.Width = max(size.Width, m.Width)
			h = max(h, m.Height)
		}
		if i > 0 {
			size.Height += pad
		}
		size.Height += h
	}
	return size
}

// topBarLayout lays out the top bar: the project title on the left, the
// coder and view controls, then the search field on the right. The search
// field is at least searchMinWidth wide and grows to searchMaxWidth; the
// title gets what is left and truncates, so the controls never overlap.
type topBarLayout struct {
	title    *widget.Label
	controls fyne.CanvasObject
	search   fyne.CanvasObject
}

// titleWidth is the width the title needs to show in full.
func (l topBarLayout) titleWidth() float32 {
	th := l.title.Theme()
	text := fyne.MeasureText(l.title.Text, th.Size(theme.SizeNameText), l.title.TextStyle)
	return text.Width + 2*th.Size(theme.SizeNameInnerPadding)
}

func (l topBarLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	cw := l.controls.MinSize().Width
	avail := size.Width - cw - 2*pad
	search := min(max(avail-l.titleWidth(), searchMinWidth), searchMaxWidth)
	title := max(avail-search, 0)
	h := size.Height
	place := func(o fyne.CanvasObject, x, w float32) {
		oh := o.MinSize().Height
		o.Move(fyne.NewPos(x, (h-oh)/2))
		o.Resize(fyne.NewSize(w, oh))
	}
	place(l.title, 0, title)
	place(l.controls, size.Width-search-pad-cw, cw)
	place(l.search, size.Width-search, search)
}

func (l topBarLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	c := l.controls.MinSize()
	s := l.search.MinSize()
	t := l.title.MinSize()
	return fyne.NewSize(t.Width+c.Width+searchMinWidth+2*pad, max(c.Height, s.Height, t.Height))
}
