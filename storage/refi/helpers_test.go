package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

// corpus returns a sample article from the repository's test corpus.
func corpus(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const (
	sonyFile    = "sony-hack-cyber-dialogue.txt"
	setbackFile = "setback-cyber-cooperation.txt"
)

// spanOf is the rune span of the first occurrence of phrase in text.
func spanOf(t testing.TB, text, phrase string) coding.Span {
	t.Helper()
	i := strings.Index(text, phrase)
	if i < 0 {
		t.Fatalf("%q not in the text", phrase)
	}
	start := coding.ByteToRune(text, i)
	return coding.Span{Start: start, End: start + len([]rune(phrase))}
}

// Fixed IDs make the sample project the same at every run.
const (
	alice     = "0a11ce00-0000-4000-8000-000000000001"
	lihua     = "0a11ce00-0000-4000-8000-000000000002"
	docSony   = "d0c00000-0000-4000-8000-000000000001"
	docSet    = "d0c00000-0000-4000-8000-000000000002"
	catActors = "c0de0000-0000-4000-8000-000000000001"
	codeState = "c0de0000-0000-4000-8000-000000000002"
	codeHack  = "c0de0000-0000-4000-8000-000000000003"
	codeTrust = "c0de0000-0000-4000-8000-000000000004"
	codeNorms = "c0de0000-0000-4000-8000-000000000005"
)

var sampleTime = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

func sampleCodes() []coding.Code {
	return []coding.Code{
		{ID: codeTrust, Name: "Trust", Color: "#2E86DE", Codable: true, Position: 1, Memo: "Central theme.",
			Description: coding.Description{
				Definition:   "Expectations that the other side will act in good faith.\nIncludes distrust.",
				WhenToUse:    "The text speaks of trust, distrust or suspicion between states.",
				WhenNotToUse: "Trust in companies or products.",
				Example:      "“This incident has only deepened their distrust on cyber affairs.”",
			}},
		{ID: catActors, Name: "Actors", Color: "#7F8C8D", Codable: false, Position: 0},
		{ID: codeState, Name: "States & governments", ParentID: catActors, Color: "#27AE60", Codable: true,
			Description: coding.Description{Definition: "A state <or> its government."}},
		{ID: codeHack, Name: "Hackers/attackers", ParentID: catActors, Color: "#C0392B", Codable: true, Position: 1},
		{ID: codeNorms, Name: "Norms 规范", Color: "#8E44AD", Codable: true, Position: 2,
			Description: coding.Description{Example: "norms and rules in global cyberspace governance"}},
	}
}

// sampleCoding codes phrase in doc with code by coder.
type sampleCoding struct {
	id, doc, code, coder, phrase, memo string
}

var sampleCodings = []sampleCoding{
	{"5e1ec700-0000-4000-8000-000000000001", docSony, codeTrust, alice, "deepened their distrust on cyber affairs", "Key sentence."},
	{"5e1ec700-0000-4000-8000-000000000002", docSony, codeTrust, lihua, "This incident has only deepened their distrust", ""},
	{"5e1ec700-0000-4000-8000-000000000003", docSony, codeHack, alice, "“cyber vandalism”", ""},
	{"5e1ec700-0000-4000-8000-000000000004", docSony, codeState, lihua, "简体 繁體", ""},
	{"5e1ec700-0000-4000-8000-000000000005", docSony, codeNorms, alice, "develop norms and rules in global cyberspace governance", ""},
	{"5e1ec700-0000-4000-8000-000000000006", docSet, codeState, alice, "U.S. Department of Justice", ""},
	{"5e1ec700-0000-4000-8000-000000000007", docSet, codeTrust, lihua, "China’s national dignity", ""},
}

// sampleProject is a small project over the two sample articles.
func sampleProject(t testing.TB) Project {
	t.Helper()
	sony := coding.Document{ID: docSony, Name: "Sony hack — cyber dialogue", Text: corpus(t, sonyFile), Created: sampleTime, Memo: "From China-US Focus."}
	set := coding.Document{ID: docSet, Name: "A setback in China-US cyber cooperation", Text: corpus(t, setbackFile), Created: sampleTime.Add(time.Hour)}
	texts := map[string]string{docSony: sony.Text, docSet: set.Text}
	p := Project{
		Name:      "Cyber dialogue study",
		Coders:    []coding.Coder{{ID: lihua, Name: "李华"}, {ID: alice, Name: "Alice"}},
		Codes:     sampleCodes(),
		Documents: []coding.Document{sony, set},
		Memos: []coding.Memo{
			{ID: "3e3e0000-0000-4000-8000-000000000001", Target: coding.MemoOnProject, CoderID: alice, Text: "Pilot round.\nTwo coders.", Updated: sampleTime},
			{ID: "3e3e0000-0000-4000-8000-000000000002", Target: coding.MemoOnCode, TargetID: codeNorms, CoderID: lihua, Text: "Maybe split into norms & rules?", Updated: sampleTime},
		},
	}
	for i, c := range sampleCodings {
		p.Codings = append(p.Codings, coding.Coding{ID: c.id, DocumentID: c.doc, CodeID: c.code, CoderID: c.coder,
			Span: spanOf(t, texts[c.doc], c.phrase), Memo: c.memo, Created: sampleTime.Add(time.Duration(i) * time.Minute)})
	}
	return p
}

// schema finds one of the REFI-QDA schemas, or skips the test.
func schema(t testing.TB, name string) string {
	t.Helper()
	for _, dir := range []string{filepath.Join("..", "..", "..", "shared", "refi"), "/work/shared/refi"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name)
		}
	}
	t.Skipf("schema %s not found; not validating", name)
	return ""
}

// validate checks data against a schema with xmllint, or skips the test
// when xmllint is not installed.
func validate(t testing.TB, schemaName string, data []byte) {
	t.Helper()
	xsd := schema(t, schemaName)
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed; not validating against the schema")
	}
	file := filepath.Join(t.TempDir(), "file.xml")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", xsd, file).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("not valid against %s:\n%s", schemaName, out)
	} else if err != nil {
		t.Fatal(err)
	}
}

// zipEntry is one file of a zip built by makeZip.
type zipEntry struct {
	name string
	data string
}

// makeZip builds a zip in memory.
func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: sampleTime})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unzipEntry returns the content of one entry of a zip.
func unzipEntry(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			a := &archive{name: "test"}
			b, err := a.read(f)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no entry %s", name)
	return nil
}

// codedText lists each coding as "code path|coder name|coded text".
func codedText(p Project) []string {
	docs := map[string]string{}
	for _, d := range p.Documents {
		docs[d.ID] = d.Text
	}
	coders := map[string]string{}
	for _, c := range p.Coders {
		coders[c.ID] = c.Name
	}
	cb := coding.NewCodebook(p.Codes)
	var out []string
	for _, c := range p.Codings {
		out = append(out, cb.Path(c.CodeID)+"|"+coders[c.CoderID]+"|"+coding.Slice(docs[c.DocumentID], c.Span))
	}
	return out
}

// wantErr checks that err is an error whose message contains every part.
func wantErr(t testing.TB, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one mentioning %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}
