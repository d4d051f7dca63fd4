package textimport

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/ledongthuc/pdf"
)

// The PDF reader trusts its input: on a damaged or hostile file it may
// panic (recovered in readPDF), loop without end, allocate what a number in
// the file asks for, or recurse until the stack overflows, which no
// recover can catch. The guards in this file stand between it and the
// file; importPDF runs the whole reading under a deadline as a last resort.

// pdfDeadline is how long reading a PDF of size bytes may take: generous
// (the reader manages several MB a second on a slow machine), so that only
// a reader caught in a loop reaches it. A variable for the tests.
var pdfDeadline = func(size int) time.Duration {
	return 30*time.Second + time.Duration(size>>20)*time.Second
}

// importPDF reads a PDF (see readPDF), giving up after pdfDeadline. A
// reading that overruns is left to finish on its own; guardedReader stops
// most of them soon after.
func importPDF(name string, data []byte) (string, []string, error) {
	type result struct {
		text     string
		warnings []string
		err      error
	}
	done := make(chan result, 1)
	data = slices.Clone(data) // a reading that overruns must not see the caller reuse data
	go func() {
		text, warnings, err := readPDF(name, data)
		done <- result{text, warnings, err}
	}()
	deadline := pdfDeadline(len(data))
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.text, r.warnings, r.err
	case <-timer.C:
		return "", nil, fmt.Errorf("%s: reading the PDF took more than %v; it is probably damaged", name, deadline)
	}
}

// errPDFReads stops a reader going round in circles through the file.
var errPDFReads = fmt.Errorf("%w: reading it goes round in circles (a damaged cross-reference table?)", ErrTooLarge)

// guardedReader is the file as the PDF reader sees it. Every loop of the
// reader over the file reads, so a bound on the reads ends them: a
// panic, which readPDF recovers.
type guardedReader struct {
	r     *bytes.Reader
	reads int
	max   int
}

// newGuardedReader allows what opening the file needs: reading its
// cross-reference sections, a few reads per 4 KiB buffer.
func newGuardedReader(data []byte) *guardedReader {
	return &guardedReader{r: bytes.NewReader(data), max: 1000 + len(data)/1024}
}

// opened allows what reading the pages needs: a few reads for each object
// resolved, per page and per change of font. This is far more than any
// real file needs.
func (g *guardedReader) opened() {
	g.max = g.reads + 2_000_000 + int(g.r.Size())/16
}

func (g *guardedReader) ReadAt(p []byte, off int64) (int, error) {
	if g.reads++; g.reads > g.max {
		panic(errPDFReads)
	}
	return g.r.ReadAt(p, off)
}

// Numbers in a PDF's cross-reference data that the reader allocates for.
var (
	pdfSizeRe  = regexp.MustCompile(`/(Size|N)\s*(\d+)`)
	pdfArrayRe = regexp.MustCompile(`/(Index|W)\s*\[([^\]]*)\]`)
	pdfXrefRe  = regexp.MustCompile(`(^|[^a-z])xref\s`)
	pdfFields  = regexp.MustCompile(`\S+`)
)

// checkPDFNumbers refuses a file whose cross-reference data asks for more
// objects than the file could hold (the reader would allocate a table that
// large, which can exhaust memory) or for absurd field widths.
func checkPDFNumbers(data []byte) error {
	limit := int64(len(data)) + 10_000
	tooMany := func(what string, n []byte) error {
		return fmt.Errorf("damaged: %s asks for %s objects in a file of %d bytes", what, n, len(data))
	}
	for _, m := range pdfSizeRe.FindAllSubmatch(data, -1) {
		if n, err := strconv.ParseInt(string(m[2]), 10, 64); err != nil || n > limit {
			return tooMany("/"+string(m[1]), m[2])
		}
	}
	for _, m := range pdfArrayRe.FindAllSubmatch(data, -1) {
		var prev int64
		for i, f := range pdfFields.FindAll(m[2], -1) {
			n, err := strconv.ParseInt(string(f), 10, 64)
			switch {
			case err != nil || n < 0:
				return fmt.Errorf("damaged: /%s holds %q", m[1], f)
			case string(m[1]) == "W" && n > 8:
				return fmt.Errorf("damaged: a cross-reference field %d bytes wide", n)
			case string(m[1]) == "Index" && i%2 == 1 && (prev > limit || n > limit-prev):
				return tooMany("/Index", []byte(strconv.FormatInt(prev, 10)+"+"+string(f)))
			}
			prev = n
		}
	}
	for _, loc := range pdfXrefRe.FindAllIndex(data, -1) {
		if err := checkXrefTable(data[loc[1]:], limit); err != nil {
			return err
		}
	}
	return nil
}

// checkXrefTable checks the subsection headers ("start count") of a
// cross-reference table, which rest starts just after the keyword xref.
func checkXrefTable(rest []byte, limit int64) error {
	tok := func() []byte {
		rest = bytes.TrimLeft(rest, " \t\r\n\f\x00")
		i := bytes.IndexAny(rest, " \t\r\n\f\x00")
		if i < 0 {
			i = len(rest)
		}
		t := rest[:i]
		rest = rest[i:]
		return t
	}
	for len(rest) > 0 {
		first := tok()
		start, err1 := strconv.ParseInt(string(first), 10, 64)
		count, err2 := strconv.ParseInt(string(tok()), 10, 64)
		if err1 != nil || err2 != nil || count < 0 {
			return nil // the trailer, or something the reader refuses itself
		}
		if start+count > limit || start > limit {
			return fmt.Errorf("damaged: a cross-reference table asks for %d objects in a file of about %d bytes", start+count, limit)
		}
		for range 3 * count {
			if len(tok()) == 0 {
				return nil
			}
		}
	}
	return nil
}

// nestedObjectStreams reports whether an object is said to be in an object
// stream that is itself in an object stream. The standard forbids it (a
// stream is never stored in an object stream), and the reader, resolving
// such a chain, recurses until the stack overflows when it loops. The
// reader does not expose its cross-reference table, so it is read by
// reflection; TestPDFGuards fails if the reader's layout changes.
func nestedObjectStreams(r *pdf.Reader) bool {
	table := reflect.ValueOf(r).Elem().FieldByName("xref")
	if table.Kind() != reflect.Slice {
		return false
	}
	inStream := func(i uint64) (container uint64, ok bool) {
		e := table.Index(int(i))
		in, s := e.FieldByName("inStream"), e.FieldByName("stream").FieldByName("id")
		if in.Kind() != reflect.Bool || s.Kind() != reflect.Uint32 || !in.Bool() {
			return 0, false
		}
		return s.Uint(), true
	}
	for i := range uint64(table.Len()) {
		if c, ok := inStream(i); ok && c < uint64(table.Len()) {
			if _, nested := inStream(c); nested {
				return true
			}
		}
	}
	return false
}

// openHex tracks, over the bytes of a content stream, whether a hex string
// ("<…") is still open: the reader's lexer loops without end on one left
// open at the end of a stream.
type openHex struct{ open, justOpened bool }

func (h *openHex) Write(p []byte) (int, error) {
	for _, c := range p {
		switch {
		case h.justOpened && c == '<': // "<<" starts a dictionary
			h.open, h.justOpened = false, false
		case h.open && (isHexDigit(c) || bytes.IndexByte([]byte(" \t\r\n\f\x00"), c) >= 0):
			h.justOpened = false
		case c == '<':
			h.open, h.justOpened = true, true
		default:
			h.open, h.justOpened = false, false
		}
	}
	return len(p), nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
