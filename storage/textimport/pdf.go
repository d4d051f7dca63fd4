package textimport

import (
	"bytes"
	"desktop/marginalia/coding"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Bounds on the work a PDF may ask for.
const (
	pdfMaxOps       = 20_000_000 // content stream operators, all pages
	pdfMaxTreeDepth = 64
	pdfMaxFormDepth = 8
)

// Errors that stop a PDF that asks for too much work.
var (
	errPDFTooComplex = fmt.Errorf("%w: more than %d drawing operations", ErrTooLarge, pdfMaxOps)
	errPDFTooBig     = fmt.Errorf("%w: its pages expand to more than %d MiB (a compression bomb?)", ErrTooLarge, MaxExpandedSize>>20)
)

// readPDF reads the text layer of a PDF, page by page.
func readPDF(name string, data []byte) (text string, warnings []string, err error) {
	defer func() {
		if x := recover(); x != nil {
			if e, ok := x.(error); ok && errors.Is(e, ErrTooLarge) {
				text, warnings, err = "", nil, fmt.Errorf("%s: %w", name, e)
				return
			}
			text, warnings, err = "", nil, fmt.Errorf("%s: not a readable PDF (the PDF reader failed: %v)", name, x)
		}
	}()
	if err := checkPDFNumbers(data); err != nil {
		return "", nil, fmt.Errorf("%s: not a valid .pdf (%w)", name, err)
	}
	file := newGuardedReader(pdfHeaderFix(data))
	r, err := pdf.NewReader(file, int64(len(data)))
	file.opened()
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return "", nil, fmt.Errorf("%s: the PDF is protected by a password; remove the protection first", name)
	case errors.Is(err, ErrTooLarge):
		return "", nil, fmt.Errorf("%s: %w", name, err)
	case err != nil:
		return "", nil, fmt.Errorf("%s: not a valid .pdf (%w)", name, err)
	case nestedObjectStreams(r):
		return "", nil, fmt.Errorf("%s: not a valid .pdf (damaged: object streams inside object streams)", name)
	}
	var pages []pdfPage
	root := r.Trailer().Key("Root").Key("Pages")
	// A page tree has fewer inner nodes than pages; a damaged or looping
	// one is cut short.
	nodes := -2 * max(10_000, min(int(root.Key("Count").Int64()), MaxPDFPages))
	collectPages(root, pdf.Value{}, 0, &nodes, &pages)
	switch {
	case len(pages) > MaxPDFPages:
		return "", nil, fmt.Errorf("%s: %w: more than %d pages", name, ErrTooLarge, MaxPDFPages)
	case len(pages) == 0:
		return "", nil, fmt.Errorf("%s: not a valid .pdf (no pages found)", name)
	}
	var (
		c       = pdfCanvas{budget: MaxExpandedSize}
		texts   []string
		noText  []int
		broken  []int
		replace int
		failed  error // why the first broken page could not be read
	)
	for i, p := range pages {
		c.runs = c.runs[:0]
		if err := c.drawPage(p); err != nil {
			if errors.Is(err, ErrTooLarge) {
				return "", nil, fmt.Errorf("%s: %w", name, err)
			}
			if failed == nil {
				failed = err
			}
			broken = append(broken, i+1)
		}
		left, right := p.mediaBox()
		t := layoutPage(c.runs, left, right)
		if strings.TrimSpace(t) == "" {
			if len(broken) == 0 || broken[len(broken)-1] != i+1 { // a broken page is reported as such
				noText = append(noText, i+1)
			}
			continue
		}
		replace += strings.Count(t, "\uFFFD")
		texts = append(texts, ligatures.Replace(t))
	}
	switch {
	case len(texts) == 0 && failed != nil:
		return "", nil, fmt.Errorf("%s: not a readable PDF (page %d: %w)", name, broken[0], failed)
	case len(texts) == 0:
		return "", nil, fmt.Errorf("%s: %w", name, ErrNoTextLayer)
	}
	if len(broken) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: %s could not be read completely (%v); the text may be incomplete", name, pageList(broken), failed))
	}
	if len(noText) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: %s no text layer (scanned?); run OCR to get their text", name, pageList(noText)+hasHave(len(noText))))
	}
	if replace > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: %d characters could not be decoded (the PDF's fonts do not say which letters they are) and appear as \uFFFD", name, replace))
	}
	return strings.Join(texts, "\n\n"), warnings, nil
}

// ligatures are the typographic ligatures fonts draw as one glyph, which
// would hide the words they are in from a search.
var ligatures = strings.NewReplacer("\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl", "\ufb05", "ſt", "\ufb06", "st")

// pdfHeaderFix lets the reader, which only knows "%PDF-1.0" to "%PDF-1.7"
// followed by a line end, open PDF 2.0 files and headers followed by other
// bytes. The header is a comment, so rewriting it changes nothing else.
func pdfHeaderFix(data []byte) []byte {
	if len(data) < 9 || !bytes.HasPrefix(data, []byte("%PDF-")) ||
		(bytes.HasPrefix(data, []byte("%PDF-1.")) && data[7] >= '0' && data[7] <= '7' && (data[8] == '\r' || data[8] == '\n')) {
		return data
	}
	fixed := slices.Clone(data)
	copy(fixed, "%PDF-1.7\n")
	return fixed
}

// pageList says "page 3" or "pages 3, 4, 9", listing at most ten.
func pageList(pages []int) string {
	if len(pages) == 1 {
		return fmt.Sprintf("page %d", pages[0])
	}
	var s []string
	for _, p := range pages[:min(len(pages), 10)] {
		s = append(s, fmt.Sprint(p))
	}
	more := ""
	if len(pages) > 10 {
		more = fmt.Sprintf(" and %d more", len(pages)-10)
	}
	return "pages " + strings.Join(s, ", ") + more
}

// hasHave is the verb after a list of n pages.
func hasHave(n int) string {
	if n == 1 {
		return " has"
	}
	return " have"
}

// pdfPage is a page and the resources it inherits.
type pdfPage struct {
	v, resources, mediaBoxV pdf.Value
}

// mediaBox is the page's left and right edge, or 0, 0 if unknown.
func (p pdfPage) mediaBox() (left, right float64) {
	if p.mediaBoxV.Len() != 4 {
		return 0, 0
	}
	a, b := p.mediaBoxV.Index(0).Float64(), p.mediaBoxV.Index(2).Float64()
	return min(a, b), max(a, b)
}

// collectPages walks the page tree from node in order. The tree is walked
// here rather than by the reader so that cycles and absurd depths in a
// damaged file are bounded, and inherited resources are passed down.
// nodes counts up to 0, where the walk stops.
func collectPages(node, inherited pdf.Value, depth int, nodes *int, pages *[]pdfPage) {
	*nodes++
	if depth > pdfMaxTreeDepth || *nodes > 0 || len(*pages) > MaxPDFPages || node.Kind() != pdf.Dict {
		return
	}
	res := node.Key("Resources")
	if res.Kind() != pdf.Dict {
		res = inherited
	}
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Pages" || (node.Key("Type").Name() != "Page" && kids.Kind() == pdf.Array) {
		for i := 0; i < kids.Len(); i++ {
			collectPages(kids.Index(i), res, depth+1, nodes, pages)
		}
		return
	}
	box := node
	for i := 0; i < pdfMaxTreeDepth && box.Kind() == pdf.Dict && box.Key("MediaBox").Kind() != pdf.Array; i++ {
		box = box.Key("Parent")
	}
	*pages = append(*pages, pdfPage{v: node, resources: res, mediaBoxV: box.Key("MediaBox")})
}

// pdfRun is text drawn in one piece, in page coordinates (points, y up).
type pdfRun struct {
	x, y, end float64 // start and end of its baseline
	size      float64 // font size on the page
	text      string
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul is m then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// matrixOf reads six numbers, or gives the identity.
func matrixOf(args []pdf.Value) matrix {
	if len(args) != 6 {
		return identity
	}
	var m matrix
	for i, a := range args {
		m[i] = a.Float64()
	}
	return m
}

// pdfFont is what we need of a font: how to decode it and glyph widths.
type pdfFont struct {
	enc     pdf.TextEncoding
	codeLen int // bytes per glyph code: 2 for composite (Type0) fonts
	first   int
	widths  []float64       // simple fonts, from first; in 1/1000 em
	cid     map[int]float64 // composite fonts
	dw      float64         // default width
}

// font reads a font dictionary. Its ToUnicode map, a stream the reader
// interprets, is vetted first; a bad one is ignored.
func (c *pdfCanvas) font(v pdf.Value) *pdfFont {
	f := &pdfFont{codeLen: 1, dw: 500, enc: nopEncoding{}}
	if c.vetted(v.Key("ToUnicode")) {
		font := pdf.Font{V: v}
		f.enc = font.Encoder()
	}
	if v.Key("Subtype").Name() == "Type0" {
		f.codeLen, f.dw = 2, 1000
		d := v.Key("DescendantFonts").Index(0)
		if w := d.Key("DW"); w.Kind() == pdf.Integer || w.Kind() == pdf.Real {
			f.dw = w.Float64()
		}
		f.cid = cidWidths(d.Key("W"))
		return f
	}
	scale := 1.0 // Type 3 glyph widths are in the font's own units
	if m := v.Key("FontMatrix"); v.Key("Subtype").Name() == "Type3" && m.Len() == 6 && m.Index(0).Float64() != 0 {
		scale = m.Index(0).Float64() * 1000
	}
	f.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 256; i++ {
		f.widths = append(f.widths, ws.Index(i).Float64()*scale)
	}
	return f
}

// cidWidths reads a W array: "c [w1 w2 …]" and "cfirst clast w" entries,
// at most 65,536 widths in all (codes are two bytes).
func cidWidths(w pdf.Value) map[int]float64 {
	m := make(map[int]float64)
	work := 1 << 16
	for i := 0; i+1 < w.Len() && work > 0; {
		c := int(w.Index(i).Int64())
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && work > 0; j, work = j+1, work-1 {
				m[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			break
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for code := c; code <= last && work > 0; code, work = code+1, work-1 {
			m[code] = width
		}
		i += 3
	}
	return m
}

// width of a glyph code in 1/1000 em.
func (f *pdfFont) width(code int) float64 {
	if f.cid != nil {
		if w, ok := f.cid[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) && f.widths[i] > 0 {
		return f.widths[i]
	}
	return f.dw
}

// defaultFont stands in when text is shown before any font is set.
var defaultFont = &pdfFont{enc: nopEncoding{}, codeLen: 1, dw: 500}

type nopEncoding struct{}

func (nopEncoding) Decode(raw string) string { return raw }

// pdfState is the part of the graphics state that places text.
type pdfState struct {
	ctm                       matrix
	tc, tw, th, tl, tfs, rise float64
	font                      *pdfFont
}

// pdfCanvas collects the text runs a page draws.
type pdfCanvas struct {
	runs   []pdfRun
	ops    int   // operators interpreted so far
	budget int64 // bytes of content streams that may still be expanded
	depth  int   // of form XObjects
}

// drawPage interprets the content of a page, keeping what was drawn before
// any failure.
func (c *pdfCanvas) drawPage(p pdfPage) (err error) {
	defer func() {
		if x := recover(); x != nil {
			if e, ok := x.(error); ok && errors.Is(e, ErrTooLarge) {
				err = e
				return
			}
			err = fmt.Errorf("%v", x)
		}
	}()
	content := p.v.Key("Contents")
	if content.Kind() != pdf.Stream && content.Kind() != pdf.Array {
		return nil
	}
	c.draw(content, p.resources, pdfState{ctm: identity, th: 1})
	return nil
}

// vet expands a content stream (or array of them, read as one) once
// before the reader interprets it, to stop a compression bomb before the
// interpreter, which cannot be interrupted, chews through it, and to refuse
// a stream that ends in an open hex string, on which it would loop.
func (c *pdfCanvas) vet(content pdf.Value) {
	parts := []pdf.Value{content}
	if content.Kind() == pdf.Array {
		parts = parts[:0]
		for i := 0; i < content.Len(); i++ {
			parts = append(parts, content.Index(i))
		}
	}
	var hex openHex
	for _, p := range parts {
		if p.Kind() != pdf.Stream {
			continue
		}
		rc := p.Reader()
		n, _ := io.Copy(&hex, io.LimitReader(rc, c.budget+1))
		rc.Close()
		if c.budget -= n; c.budget < 0 {
			panic(errPDFTooBig)
		}
	}
	if hex.open {
		panic(errors.New("damaged content: it ends inside a hex string"))
	}
}

// vetted reports whether vet accepts a stream (a null one is fine).
func (c *pdfCanvas) vetted(v pdf.Value) (ok bool) {
	defer func() {
		if x := recover(); x != nil {
			if e, isErr := x.(error); isErr && errors.Is(e, ErrTooLarge) {
				panic(e)
			}
			ok = false
		}
	}()
	c.vet(v)
	return true
}

// draw interprets a content stream (or array of them) with its resources.
func (c *pdfCanvas) draw(content, res pdf.Value, gs pdfState) {
	c.vet(content)
	fonts := make(map[string]*pdfFont)
	var (
		saved    []pdfState
		tm, tlm  = identity, identity
		nextLine = func() { tlm = translate(0, -gs.tl).mul(tlm); tm = tlm }
	)
	show := func(s string) {
		f := gs.font
		if f == nil {
			f = defaultFont
		}
		trm := tm.mul(gs.ctm)
		x, y := trm.apply(0, gs.rise)
		adv := 0.0
		for i := 0; i+f.codeLen <= len(s); i += f.codeLen {
			code := int(s[i])
			if f.codeLen == 2 {
				code = code<<8 | int(s[i+1])
			}
			a := f.width(code)/1000*gs.tfs + gs.tc
			if f.codeLen == 1 && code == ' ' {
				a += gs.tw
			}
			adv += a * gs.th
		}
		tm = translate(adv, 0).mul(tm)
		end, _ := tm.mul(gs.ctm).apply(0, gs.rise)
		size := math.Abs(gs.tfs) * math.Hypot(trm[2], trm[3])
		c.runs = append(c.runs, pdfRun{x: x, y: y, end: end, size: size, text: f.enc.Decode(s)})
	}
	pdf.Interpret(content, func(stk *pdf.Stack, op string) {
		if c.ops++; c.ops > pdfMaxOps {
			panic(errPDFTooComplex)
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		last := func() pdf.Value {
			if len(args) == 0 {
				return pdf.Value{}
			}
			return args[len(args)-1]
		}
		switch op {
		case "q":
			if len(saved) < 1000 {
				saved = append(saved, gs)
			}
		case "Q":
			if n := len(saved); n > 0 {
				gs, saved = saved[n-1], saved[:n-1]
			}
		case "cm":
			gs.ctm = matrixOf(args).mul(gs.ctm)
		case "BT":
			tm, tlm = identity, identity
		case "TD":
			gs.tl = -num(1)
			fallthrough
		case "Td":
			tlm = translate(num(0), num(1)).mul(tlm)
			tm = tlm
		case "T*":
			nextLine()
		case "Tm":
			tm = matrixOf(args)
			tlm = tm
		case "TL":
			gs.tl = num(0)
		case "Tc":
			gs.tc = num(0)
		case "Tw":
			gs.tw = num(0)
		case "Tz":
			gs.th = num(0) / 100
		case "Ts":
			gs.rise = num(0)
		case "Tf":
			if len(args) != 2 {
				break
			}
			name := args[0].Name()
			if fonts[name] == nil {
				fonts[name] = c.font(res.Key("Font").Key(name))
			}
			gs.font, gs.tfs = fonts[name], num(1)
		case "\"":
			gs.tw, gs.tc = num(0), num(1)
			fallthrough
		case "'":
			nextLine()
			fallthrough
		case "Tj":
			show(last().RawString())
		case "TJ":
			a := last()
			for i := 0; i < a.Len(); i++ {
				if x := a.Index(i); x.Kind() == pdf.String {
					show(x.RawString())
				} else {
					tm = translate(-x.Float64()/1000*gs.tfs*gs.th, 0).mul(tm)
				}
			}
		case "Do":
			c.drawForm(res.Key("XObject").Key(last().Name()), res, gs)
		}
	})
}

// drawForm draws a form XObject (a reusable piece of content that may hold
// text); images and other XObjects are ignored.
func (c *pdfCanvas) drawForm(xo, res pdf.Value, gs pdfState) {
	if xo.Kind() != pdf.Stream || xo.Key("Subtype").Name() != "Form" || c.depth >= pdfMaxFormDepth {
		return
	}
	if r := xo.Key("Resources"); r.Kind() == pdf.Dict {
		res = r
	}
	if m := xo.Key("Matrix"); m.Len() == 6 {
		args := make([]pdf.Value, 6)
		for i := range args {
			args[i] = m.Index(i)
		}
		gs.ctm = matrixOf(args).mul(gs.ctm)
	}
	c.depth++
	defer func() { c.depth-- }()
	c.draw(xo, res, gs)
}

// pdfLine is a line of text rebuilt from runs.
type pdfLine struct {
	y, size, start, end float64
	text                string
}

// layoutPage turns the runs of a page into text: lines, joined into
// paragraphs (see the package comment). left and right are the page's
// edges, or 0, 0.
func layoutPage(runs []pdfRun, left, right float64) string {
	lines := pdfLines(runs)
	if len(lines) == 0 {
		return ""
	}
	base := usualGap(lines)
	minStart, maxEnd := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		minStart, maxEnd = min(minStart, l.start), max(maxEnd, l.end)
	}
	if right > left && minStart >= left && minStart < right {
		maxEnd = max(maxEnd, right-(minStart-left)) // margins alike on both sides
	}
	var b strings.Builder
	b.WriteString(lines[0].text)
	for i := 1; i < len(lines); i++ {
		prev, l := lines[i-1], lines[i]
		gap := prev.y - l.y
		full := prev.end >= maxEnd-max(4*prev.size, 0.12*(maxEnd-minStart))
		switch {
		case gap <= 0 || (base > 0 && gap > 1.3*base) || (base == 0 && gap > 2*l.size):
			b.WriteString("\n\n")
		case full:
			b.WriteString(joiner(prev.text, l.text))
		default:
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// pdfLines groups runs, in the order they are drawn, into lines: a run
// more than half a font size above or below the line starts a new one.
// Within a line, runs are put in order from left to right, and a space is
// put where there is a gap and no space was drawn.
func pdfLines(runs []pdfRun) []pdfLine {
	var (
		lines []pdfLine
		cur   []pdfRun
	)
	for i, r := range runs {
		if len(cur) > 0 && math.Abs(r.y-cur[0].y) > 0.5*max(r.size, cur[0].size, 1) {
			lines = appendLine(lines, cur)
			cur = nil
		}
		cur = append(cur, runs[i])
	}
	return appendLine(lines, cur)
}

// appendLine makes a line of runs and appends it unless it shows nothing.
func appendLine(lines []pdfLine, runs []pdfRun) []pdfLine {
	if len(runs) == 0 {
		return lines
	}
	slices.SortStableFunc(runs, func(a, b pdfRun) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	l := pdfLine{y: runs[0].y, start: runs[0].x, end: runs[0].end}
	var b strings.Builder
	var prev *pdfRun
	for i := range runs {
		r := &runs[i]
		l.size = max(l.size, r.size)
		if prev != nil {
			if r.text == prev.text && math.Abs(r.x-prev.x) < 0.2*max(r.size, 1) {
				continue // drawn twice to look bold
			}
			if r.x-l.end > 0.15*max(r.size, 1) && !endsSpace(b.String()) && !startsSpace(r.text) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(r.text)
		l.end = max(l.end, r.end)
		prev = r
	}
	l.text = b.String()
	if strings.TrimSpace(l.text) == "" {
		return lines
	}
	return append(lines, l)
}

// usualGap is the most common distance between consecutive lines going
// down the page (to half a point; the smaller on a tie), or 0. Distances of
// more than three font sizes are not line spacing and do not count.
func usualGap(lines []pdfLine) float64 {
	count := make(map[float64]int)
	best, bestN := 0.0, 0
	for i := 1; i < len(lines); i++ {
		g := math.Round((lines[i-1].y-lines[i].y)*2) / 2
		if g <= 0 || g > 3*max(lines[i].size, lines[i-1].size) {
			continue
		}
		count[g]++
		if n := count[g]; n > bestN || (n == bestN && g < best) {
			best, bestN = g, n
		}
	}
	return best
}

// joiner is what goes between a line that runs to the margin and the next
// line of the same paragraph: nothing after a space or a hyphen or between
// Chinese or Japanese characters, else a space.
func joiner(prev, next string) string {
	p, _ := utf8.DecodeLastRuneInString(prev)
	n, _ := utf8.DecodeRuneInString(next)
	switch {
	case unicode.IsSpace(p) || unicode.IsSpace(n), p == '-' || p == '\u2010' || p == '\u00ad':
		return ""
	case coding.IsCJK(p) && coding.IsCJK(n) && !unicode.Is(unicode.Hangul, n):
		return "" // Chinese and Japanese have no spaces; Korean does
	}
	return " "
}

func endsSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

func startsSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
