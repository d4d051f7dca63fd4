package textview

import "sort"

// runeWidths is a lazily filled table of rune advance widths for one font
// size and style: each distinct rune is measured once (a whole article
// typically has fewer than a hundred distinct runes).
type runeWidths struct {
	measure func(r rune) float32 // width of r drawn alone
	bmp     []float32            // runes below 0x10000; negative = not measured yet
	other   map[rune]float32     // the rest
}

func newRuneWidths(measure func(rune) float32) *runeWidths {
	return &runeWidths{measure: measure}
}

// of is the advance width of r.
func (w *runeWidths) of(r rune) float32 {
	if r >= 0 && r < 0x10000 {
		if w.bmp == nil {
			w.bmp = make([]float32, 0x10000)
			for i := range w.bmp {
				w.bmp[i] = -1
			}
		}
		if v := w.bmp[r]; v >= 0 {
			return v
		}
		v := w.compute(r)
		w.bmp[r] = v
		return v
	}
	if v, ok := w.other[r]; ok {
		return v
	}
	if w.other == nil {
		w.other = map[rune]float32{}
	}
	v := w.compute(r)
	w.other[r] = v
	return v
}

func (w *runeWidths) compute(r rune) float32 {
	switch {
	case r == '\t':
		return 4 * w.of(' ')
	case isHardBreak(r), r < 0x20, r >= 0x7F && r < 0xA0, isZeroWidth(r):
		return 0
	}
	return max(w.measure(r), 0)
}

// isZeroWidth reports whether r is an invisible format character.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\uFEFF', '\u00AD', '\u034F':
		return true
	}
	return false
}

// metrics are the vertical measures of the wrapped text.
type metrics struct {
	lineHeight  float32 // height of a line of text
	blankHeight float32 // height of an empty line (a blank line between paragraphs)
	paraGap     float32 // extra space after a paragraph's last line
}

// line is one wrapped line: runes [start, end) of the text, its top at y.
// end excludes the hard break that ends a paragraph.
type line struct {
	start, end int
	y          float32
	hard       bool // ends at a hard break or at the end of the text
}

// height is the vertical space the line takes, including the paragraph gap.
func (l line) height(m metrics) float32 {
	h := m.lineHeight
	if l.start == l.end && l.hard {
		h = m.blankHeight
	}
	if l.hard {
		h += m.paraGap
	}
	return h
}

// wrap breaks text into lines no wider than maxWidth, breaking at hard
// breaks always, at the soft break opportunities in breaks when a line is
// full, and inside a word only when the word alone is wider than the line.
// Spaces at the end of a line hang past the edge. The lines are appended to
// out[:0]; the total height is returned with them. There is always at least
// one line (an empty text has one empty line).
func wrap(text []rune, breaks bitset, w *runeWidths, maxWidth float32, m metrics, out []line) ([]line, float32) {
	out = out[:0]
	var y float32
	w.of(' ') // allocates w.bmp, read directly below for speed
	bmp := w.bmp
	lineStart := 0
	var x float32
	lastBreak, xAtBreak := -1, float32(0)
	for i, r := range text {
		if r == '\n' || r == '\u2028' || r == '\u2029' {
			out = append(out, line{start: lineStart, end: i, y: y, hard: true})
			y += out[len(out)-1].height(m)
			lineStart, x, lastBreak = i+1, 0, -1
			continue
		}
		if i > lineStart && breaks.has(i) {
			lastBreak, xAtBreak = i, x
		}
		var rw float32
		if uint32(r) < uint32(len(bmp)) && bmp[r] >= 0 {
			rw = bmp[r]
		} else {
			rw = w.of(r)
		}
		for x+rw > maxWidth && i > lineStart && !isSpace(r) {
			end := i // no break opportunity in the line: break the word
			if lastBreak > lineStart {
				end = lastBreak
			}
			out = append(out, line{start: lineStart, end: end, y: y})
			y += m.lineHeight
			if end == i {
				x = 0
			} else {
				x -= xAtBreak
			}
			lineStart, lastBreak = end, -1
		}
		x += rw
	}
	out = append(out, line{start: lineStart, end: len(text), y: y, hard: true})
	y += out[len(out)-1].height(m)
	return out, y
}

// lineAtY is the index of the line at height y: the last line whose top is
// at or above y (the first line for y above the text).
func lineAtY(lines []line, y float32) int {
	return lastLine(lines, func(l line) bool { return l.y <= y })
}

// lineOf is the index of the line holding rune offset off. An offset at a
// soft wrap belongs to the line it starts; an offset at a hard break to the
// line it ends.
func lineOf(lines []line, off int) int {
	return lastLine(lines, func(l line) bool { return l.start <= off })
}

// lastLine is the index of the last line for which before holds, by binary
// search (before must hold for a prefix of lines); 0 if there is none.
func lastLine(lines []line, before func(line) bool) int {
	return max(sort.Search(len(lines), func(i int) bool { return !before(lines[i]) })-1, 0)
}

// xOf is the distance from the start of line l to the caret before rune
// off (clamped to the line).
func xOf(text []rune, l line, off int, w *runeWidths) float32 {
	var x float32
	for i := l.start; i < min(off, l.end); i++ {
		x += w.of(text[i])
	}
	return x
}

// caretAt is the caret position (a rune offset, the nearest boundary between
// runes) at distance x from the start of line l.
func caretAt(text []rune, l line, x float32, w *runeWidths) int {
	var acc float32
	for i := l.start; i < l.end; i++ {
		rw := w.of(text[i])
		if x < acc+rw/2 {
			return i
		}
		acc += rw
	}
	return l.end
}

// runeAt is the offset of the rune drawn at distance x from the start of
// line l, or -1 when x is before or after the line's text.
func runeAt(text []rune, l line, x float32, w *runeWidths) int {
	if x < 0 {
		return -1
	}
	var acc float32
	for i := l.start; i < l.end; i++ {
		acc += w.of(text[i])
		if x < acc {
			return i
		}
	}
	return -1
}
