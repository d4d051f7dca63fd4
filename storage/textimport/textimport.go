package textimport

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

// Limits on what an imported file may ask of us.
const (
	// MaxFileSize is the largest file accepted, in bytes.
	MaxFileSize = 200 << 20
	// MaxZipEntries is the most entries a .docx or .odt may have.
	MaxZipEntries = 10_000
	// MaxExpandedSize is the most bytes the document part of a .docx or
	// .odt (word/document.xml, content.xml) may expand to.
	MaxExpandedSize = 256 << 20
	// MaxPDFPages is the most pages read from a PDF.
	MaxPDFPages = 20_000
)

// Sentinel errors, wrapped in the errors the importers return.
var (
	// ErrUnsupported: the file's extension is not one Supported accepts.
	ErrUnsupported = errors.New("unsupported file type")
	// ErrEmpty: the file holds no text (nothing, or only white space).
	ErrEmpty = errors.New("is empty")
	// ErrBinary: a .txt or .md file that is not text.
	ErrBinary = errors.New("looks like a binary file, not text")
	// ErrTooLarge: the file, or what it expands to, is beyond the limits.
	ErrTooLarge = errors.New("too large")
	// ErrNoTextLayer: a PDF whose pages have no text (a scan).
	ErrNoTextLayer = errors.New("the PDF has no text layer (scanned?); run OCR first")
)

// Result is an imported text ready to become a coding.Document.
type Result struct {
	// Name is the base name of the file.
	Name string
	// Text is the stored form of the text (see the package comment).
	Text string
	// Warnings says what was guessed or left out, each naming the file.
	Warnings []string
}

// importer converts a file's bytes to text (not yet normalised) and
// warnings. name is used in messages.
type importer func(name string, data []byte) (string, []string, error)

// formats are the document formats Marginalia imports, by lower-case
// extension: the one list that the app, the CLI, storage's messages and the
// README (checked by a test) take theirs from.
var formats = []struct {
	ext  string
	read importer
}{
	{".txt", importPlain},
	{".md", importPlain},
	{".html", importHTML},
	{".htm", importHTML},
	{".docx", importDOCX},
	{".odt", importODT},
	{".pdf", importPDF},
}

// importerOf is the importer of a lower-case extension.
func importerOf(ext string) (importer, bool) {
	for _, f := range formats {
		if f.ext == ext {
			return f.read, true
		}
	}
	return nil, false
}

// Extensions lists the supported extensions, lower case with the dot, in a
// fixed order (for file dialogs and messages).
func Extensions() []string {
	exts := make([]string, len(formats))
	for i, f := range formats {
		exts[i] = f.ext
	}
	return exts
}

// ExtensionList is Extensions as a list for people: ".txt .md .html …".
func ExtensionList() string { return strings.Join(Extensions(), " ") }

// Supported reports whether a file of this name can be imported, judging by
// its extension (case-insensitive).
func Supported(name string) bool {
	_, ok := importerOf(strings.ToLower(filepath.Ext(name)))
	return ok
}

// ReadFile reads the file at path and converts it according to its
// extension. Errors name the file.
func ReadFile(path string) (Result, error) {
	if err := checkSupported(path); err != nil {
		return Result{}, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return Result{}, fmt.Errorf("import: %w", err)
	}
	if !info.Mode().IsRegular() {
		return Result{}, fmt.Errorf("%s: not a regular file", path)
	}
	if info.Size() > MaxFileSize {
		return Result{}, tooLarge(path, info.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Result{}, fmt.Errorf("import: %w", err)
	}
	return Read(path, data)
}

// Read converts data, the content of a file called name, according to the
// extension of name. Errors name the file.
func Read(name string, data []byte) (Result, error) {
	if err := checkSupported(name); err != nil {
		return Result{}, err
	}
	if len(data) > MaxFileSize {
		return Result{}, tooLarge(name, int64(len(data)))
	}
	ext := strings.ToLower(filepath.Ext(name))
	read, _ := importerOf(ext)
	text, warnings, err := read(name, data)
	if err != nil {
		return Result{}, err
	}
	converted := ext != ".txt" && ext != ".md"
	if converted {
		text = clean(text)
	}
	text = coding.NormalizeText(text)
	if converted {
		text = trimLeadingBlankLines(strings.TrimRightFunc(text, unicode.IsSpace))
	}
	if strings.TrimSpace(text) == "" {
		if ext == ".pdf" {
			return Result{}, fmt.Errorf("%s: %w", name, ErrNoTextLayer)
		}
		return Result{}, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	return Result{Name: filepath.Base(name), Text: text, Warnings: warnings}, nil
}

func checkSupported(name string) error {
	if Supported(name) {
		return nil
	}
	return fmt.Errorf("%s: %w %q (supported: %s)", name, ErrUnsupported, filepath.Ext(name), ExtensionList())
}

func tooLarge(name string, size int64) error {
	return fmt.Errorf("%s: %w: %d MiB, more than the %d MiB allowed", name, ErrTooLarge, size>>20, MaxFileSize>>20)
}

// clean drops what a converted format should never put in a stored text:
// invalid UTF-8 (replaced by U+FFFD), control characters other than tab
// and line breaks, and U+FEFF (a byte order mark of the page, or an
// invisible zero-width no-break space that would begin the text once
// blank lines before it are trimmed).
func clean(s string) string {
	ok := utf8.ValidString(s) && !strings.ContainsRune(s, '\ufeff')
	for i := 0; ok && i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			ok = false
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || r == '\ufeff' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// trimLeadingBlankLines removes the lines before the first one with
// something other than white space on it.
func trimLeadingBlankLines(s string) string {
	first := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
	if first < 0 {
		return ""
	}
	return s[strings.LastIndexByte(s[:first], '\n')+1:]
}

// splitWhite calls word for each run of characters of s not in white, and
// space for each character in white, in order.
func splitWhite(s, white string, word func(string), space func()) {
	for len(s) > 0 {
		i := strings.IndexAny(s, white)
		switch {
		case i < 0:
			word(s)
			return
		case i > 0:
			word(s[:i])
		}
		space()
		s = s[i+1:]
	}
}
