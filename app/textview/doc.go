// Package textview owns the article viewer: a read-only Fyne widget that
// shows a document's text wrapped at the viewer width, lets the user select
// a passage with the mouse or keyboard, and draws each coding as a
// translucent highlight in its code's colour with a coding stripe per code in
// the left margin.
//
// Every position is a rune offset of the stored text, as everywhere in
// Marginalia. The widget stays fast on long documents (a million characters,
// ten thousand codings) by keeping the text as []rune, wrapped lines as
// {start, end, y}, rune widths in a lazily filled table, and by creating
// canvas objects only for the lines in view: one canvas.Text per word, one
// rectangle per highlighted line. The pure parts (line breaking, wrapping,
// hit-testing, span lookup) are plain functions with table tests.
package textview
