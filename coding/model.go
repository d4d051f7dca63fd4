package coding

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// NewID returns a new UUID in lower-case canonical form: version 7 (RFC
// 9562), whose first 48 bits are the time in milliseconds and the rest
// random, so that IDs made one after another sort together, which keeps the
// project file's indexes compact.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[6:])
	ms := uint64(time.Now().UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// NormalizeID brings a GUID as other tools write it (upper case, in braces)
// to our canonical lower-case form. It reports false when s is not a GUID.
func NormalizeID(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	return s, uuidPattern.MatchString(s)
}

// NormalizeText gives the stored form of an imported text: the byte order
// marks it starts with removed (however many: a file saved twice with a
// BOM, or one in a BOM-marked encoding that also holds one, has more than
// one, and a text stored must read the same when normalised again), and
// every "\r\n" or lone "\r" turned into "\n". A U+FEFF further on is
// the text's own (a zero-width no-break space) and is kept.
func NormalizeText(s string) string {
	s = strings.TrimLeft(s, "\ufeff")
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// TextHash is the lower-case hex SHA-256 of a stored text's UTF-8 bytes.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Document is one imported text. Text is the stored text (see NormalizeText).
type Document struct {
	ID      string
	Name    string
	Text    string
	SHA256  string
	Length  int // in runes
	Memo    string
	Created time.Time
}

// NewDocument makes a document with a new ID from an imported text.
func NewDocument(name, text string) Document {
	text = NormalizeText(text)
	return Document{
		ID:      NewID(),
		Name:    name,
		Text:    text,
		SHA256:  TextHash(text),
		Length:  utf8.RuneCountInString(text),
		Created: time.Now().UTC(),
	}
}

// Description is what a code means, in the parts codebooks conventionally
// have. Any part may be empty.
type Description struct {
	Definition   string `json:"definition,omitempty"`
	WhenToUse    string `json:"when_to_use,omitempty"`
	WhenNotToUse string `json:"when_not_to_use,omitempty"`
	Example      string `json:"example,omitempty"`
}

// IsZero reports whether every part is empty.
func (d Description) IsZero() bool { return d == Description{} }

// Code is one entry of the codebook. ParentID is empty for a top-level code.
// A code that is not Codable is a category: it groups codes and is not
// applied to text itself.
type Code struct {
	ID          string
	Name        string
	ParentID    string
	Color       string // #RRGGBB
	Codable     bool
	Description Description
	Memo        string
	Position    int // order among its siblings
	Key         int // the number key (1–9) that applies it in the window; 0 for none
}

// MaxKey is the highest number key a code can have.
const MaxKey = 9

// Coder is a person who codes.
type Coder struct {
	ID   string
	Name string
}

// Coding is one passage of a document tagged with one code by one coder.
type Coding struct {
	ID         string
	DocumentID string
	CodeID     string
	CoderID    string
	Span
	Memo    string
	Created time.Time
}

// SameAs reports whether c and d code the same runes of the same document
// with the same code by the same coder: the identity merges use.
func (c Coding) SameAs(d Coding) bool {
	return c.DocumentID == d.DocumentID && c.CodeID == d.CodeID && c.CoderID == d.CoderID && c.Span == d.Span
}

// MemoTarget names what a memo is about.
type MemoTarget string

// The things a memo can be attached to.
const (
	MemoOnProject  MemoTarget = "project"
	MemoOnDocument MemoTarget = "document"
	MemoOnCode     MemoTarget = "code"
	MemoOnCoding   MemoTarget = "coding"
)

// Memo is a note a coder writes about the project, a document, a code or a coding.
type Memo struct {
	ID       string
	Target   MemoTarget
	TargetID string
	CoderID  string
	Text     string
	Updated  time.Time
}

// PathSeparator joins the levels of a code path, parent first.
const PathSeparator = " > "

// SplitPath splits a code path into its trimmed, non-empty levels.
func SplitPath(path string) ([]string, error) {
	parts := strings.Split(path, ">")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			return nil, fmt.Errorf("code path %q has an empty level", path)
		}
	}
	return parts, nil
}

// ValidateName checks a code, coder or document name.
func ValidateName(kind, name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("%s name is empty", kind)
	case !utf8.ValidString(name):
		return fmt.Errorf("%s name %q is not valid UTF-8", kind, name)
	case strings.ContainsAny(name, "\n\r\t"):
		return fmt.Errorf("%s name %q contains a line break or tab", kind, name)
	}
	return nil
}

// ValidateCodeName is ValidateName for codes, which additionally may not
// contain ">", the path separator.
func ValidateCodeName(name string) error {
	if err := ValidateName("code", name); err != nil {
		return err
	}
	if strings.Contains(name, ">") {
		return fmt.Errorf("code name %q contains \">\", which separates the levels of a code path", name)
	}
	return nil
}
