package refi

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
)

var update = flag.Bool("update", false, "rewrite the golden files and fixtures in testdata")

// golden compares data with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s differs from the output; rerun with -update if the change is intended:\n%s", path, data)
	}
}

func writeCodebook(t *testing.T, codes []coding.Code) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, codes); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteCodebookIsValidStableAndReadable(t *testing.T) {
	codes := sampleCodes()
	out := writeCodebook(t, codes)
	validate(t, "Codebook.xsd", out)
	golden(t, "sample.qdc", out)

	shuffled := slices.Clone(codes)
	slices.Reverse(shuffled)
	if again := writeCodebook(t, shuffled); !bytes.Equal(out, again) {
		t.Error("the same codes in another order give another file")
	}

	cb, err := ReadCodebook(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(cb.Warnings) > 0 {
		t.Errorf("warnings on our own file: %q", cb.Warnings)
	}
	if cb.Origin != Origin {
		t.Errorf("origin %q", cb.Origin)
	}
	byID := map[string]coding.Code{}
	for _, c := range codes {
		c.Memo = "" // the codebook schema has no place for memos
		byID[c.ID] = c
	}
	for _, got := range cb.Codes {
		if want := byID[got.ID]; got != want {
			t.Errorf("read back\n%+v\nwant\n%+v", got, want)
		}
		delete(byID, got.ID)
	}
	if len(byID) > 0 {
		t.Errorf("codes lost: %v", byID)
	}
	if again := writeCodebook(t, cb.Codes); !bytes.Equal(out, again) {
		t.Errorf("write, read, write is not byte-identical:\n%s\n---\n%s", out, again)
	}
}

func TestWriteCodebookRefuses(t *testing.T) {
	ok := coding.Code{ID: codeTrust, Name: "Trust", Color: "#123456", Codable: true}
	tests := []struct {
		name  string
		codes []coding.Code
		want  []string
	}{
		{"no codes", nil, []string{"no codes"}},
		{"id not a GUID", []coding.Code{{ID: "trust-1", Name: "Trust"}}, []string{"Trust", "trust-1", "not a GUID"}},
		{"no name", []coding.Code{{ID: codeTrust, Name: " "}}, []string{codeTrust, "no name"}},
		{"repeated id", []coding.Code{ok, ok}, []string{"Trust", "two codes"}},
		{"bad colour", []coding.Code{{ID: codeTrust, Name: "Trust", Color: "blue"}}, []string{"Trust", "blue"}},
		{"missing parent", []coding.Code{{ID: codeTrust, Name: "Trust", ParentID: codeHack}}, []string{"Trust", codeHack, "not in the codebook"}},
		{"cycle", []coding.Code{{ID: codeTrust, Name: "Trust", ParentID: codeHack}, {ID: codeHack, Name: "Hack", ParentID: codeTrust}}, []string{"its own ancestor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteCodebook(&buf, tt.codes)
			wantErr(t, err, tt.want...)
			if buf.Len() > 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
	if err := WriteCodebook(&bytes.Buffer{}, nil); !errors.Is(err, ErrEmptyCodebook) {
		t.Errorf("empty codebook: %v, want ErrEmptyCodebook", err)
	}
}

const qdcHead = `<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Other">`

func TestReadCodebookTolerates(t *testing.T) {
	tests := []struct {
		name     string
		xml      string
		want     []coding.Code
		warnings []string
	}{
		{
			name: "BOM, upper-case GUIDs, braces, #RGB, empty Sets",
			xml: "\ufeff" + qdcHead + `<Codes>
<Code guid="{8F1E3C2A-1B2C-4D5E-8F90-1A2B3C4D5E6F}" name="Norms/rules" isCodable="false" color="#f0a">
  <Description>Prescriptions of behaviour.</Description>
  <Code guid="0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9" name="Sovereignty" isCodable="true" color="#00ff00"/>
</Code></Codes><Sets/></CodeBook>`,
			want: []coding.Code{
				{ID: "8f1e3c2a-1b2c-4d5e-8f90-1a2b3c4d5e6f", Name: "Norms/rules", Color: "#FF00AA", Description: coding.Description{Definition: "Prescriptions of behaviour."}},
				{ID: "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9", Name: "Sovereignty", ParentID: "8f1e3c2a-1b2c-4d5e-8f90-1a2b3c4d5e6f", Color: "#00FF00", Codable: true},
			},
		},
		{
			name:     "empty Codes",
			xml:      qdcHead + `<Codes/><Sets/></CodeBook>`,
			want:     nil,
			warnings: nil,
		},
		{
			name: "'>' in a name, alpha and invalid colours, missing colour, no namespace, prefixed elements",
			xml: `<q:CodeBook xmlns:q="urn:QDA-XML:codebook:1.0"><q:Codes>
<q:Code guid="11111111-2222-4333-8444-555555555555" name="Actors > States" isCodable="1" color="#11223344"/>
<q:Code guid="11111111-2222-4333-8444-555555555556" name="Blue" isCodable="true" color="blue"/>
<q:Code guid="11111111-2222-4333-8444-555555555557" name="  Plain  " isCodable="true"/>
</q:Codes></q:CodeBook>`,
			want: []coding.Code{
				{ID: "11111111-2222-4333-8444-555555555555", Name: "Actors › States", Color: "#112233", Codable: true},
				{ID: "11111111-2222-4333-8444-555555555556", Name: "Blue", Color: coding.PaletteColor(1), Codable: true, Position: 1},
				{ID: "11111111-2222-4333-8444-555555555557", Name: "Plain", Color: coding.PaletteColor(2), Codable: true, Position: 2},
			},
			warnings: []string{`"Actors › States"`, `"blue"`},
		},
		{
			name: "our description layout, with other labels' case",
			xml: qdcHead + `<Codes><Code guid="11111111-2222-4333-8444-555555555555" name="Trust" isCodable="true" color="#123456"><Description>Good faith.
  when to use: trust or distrust
  between states.
WHEN NOT TO USE: companies.
Examples: “distrust on cyber affairs”</Description></Code></Codes></CodeBook>`,
			want: []coding.Code{{ID: "11111111-2222-4333-8444-555555555555", Name: "Trust", Color: "#123456", Codable: true,
				Description: coding.Description{Definition: "Good faith.", WhenToUse: "trust or distrust\n  between states.", WhenNotToUse: "companies.", Example: "“distrust on cyber affairs”"}}},
		},
		{
			name: "a DOCTYPE-free file with character references",
			xml:  qdcHead + `<Codes><Code guid="11111111-2222-4333-8444-555555555555" name="A &amp; B &#x4E2D;" isCodable="true" color="#123456"/></Codes></CodeBook>`,
			want: []coding.Code{{ID: "11111111-2222-4333-8444-555555555555", Name: "A & B 中", Color: "#123456", Codable: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := ReadCodebook(strings.NewReader(tt.xml))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cb.Codes, tt.want) {
				t.Errorf("codes\n%+v\nwant\n%+v", cb.Codes, tt.want)
			}
			if len(cb.Warnings) != len(tt.warnings) {
				t.Errorf("warnings %q, want %d", cb.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if i < len(cb.Warnings) && !strings.Contains(cb.Warnings[i], w) {
					t.Errorf("warning %q does not mention %s", cb.Warnings[i], w)
				}
			}
		})
	}
}

func TestReadCodebookErrors(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want []string
	}{
		{"missing GUID", qdcHead + `<Codes><Code name="Trust" isCodable="true"/></Codes></CodeBook>`, []string{"line 2", `code "Trust" has no guid`}},
		{"GUID not a GUID", qdcHead + `<Codes><Code guid="42" name="Trust" isCodable="true"/></Codes></CodeBook>`, []string{"line 2", `"Trust"`, `"42"`}},
		{"repeated GUID", qdcHead + `<Codes><Code guid="11111111-2222-4333-8444-555555555555" name="A" isCodable="true"/>
<Code guid="{11111111-2222-4333-8444-555555555555}" name="B" isCodable="true"/></Codes></CodeBook>`, []string{"line 3", `"B"`, "line 2"}},
		{"no name", qdcHead + `<Codes><Code guid="11111111-2222-4333-8444-555555555555" isCodable="true"/></Codes></CodeBook>`, []string{"line 2", "11111111-2222-4333-8444-555555555555", "no name"}},
		{"isCodable not boolean", qdcHead + `<Codes><Code guid="11111111-2222-4333-8444-555555555555" name="A" isCodable="yes"/></Codes></CodeBook>`, []string{"line 2", `"A"`, `"yes"`}},
		{"malformed XML", qdcHead + "<Codes>\n<Code guid=\"x\" name=\"A\" isCodable=\"true\">\n</Codes></CodeBook>", []string{"line 4", "</Codes>"}},
		{"unclosed", qdcHead + "<Codes>\n", []string{"end of file"}},
		{"a zip", "PK\x03\x04 a zip", []string{"zip file", "not a REFI-QDA codebook"}},
		{"not XML", "Trust, Norms", []string{"codebook", "line 1"}},
		{"empty", "", []string{"no XML element"}},
		{"project instead of codebook", `<Project name="x"/>`, []string{"<Project>", "not the <CodeBook>"}},
		{"external entity (XXE)", `<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-4333-8444-555555555555" name="&xxe;" isCodable="true"/></Codes></CodeBook>`, []string{"line 2", "DOCTYPE", "never expanded"}},
		{"undeclared entity", qdcHead + `<Codes><Code guid="11111111-2222-4333-8444-555555555555" name="&xxe;" isCodable="true"/></Codes></CodeBook>`, []string{"line 2", "xxe"}},
		{"unsupported encoding", `<?xml version="1.0" encoding="Shift_JIS"?><CodeBook/>`, []string{"Shift_JIS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := ReadCodebook(strings.NewReader(tt.xml))
			wantErr(t, err, tt.want...)
			if len(cb.Codes) > 0 {
				t.Errorf("returned %d codes along with the error", len(cb.Codes))
			}
		})
	}
}

func TestReadCodebookFile(t *testing.T) {
	if _, err := ReadCodebookFile(filepath.Join("testdata", "no-such.qdc")); err == nil {
		t.Error("no error for a missing file")
	}
	cb, err := ReadCodebookFile(filepath.Join("testdata", "sample.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cb.Codes) != len(sampleCodes()) {
		t.Errorf("%d codes", len(cb.Codes))
	}
}

func TestDescriptionLayout(t *testing.T) {
	tests := []struct {
		d    coding.Description
		text string
	}{
		{coding.Description{}, ""},
		{coding.Description{Definition: "Only this."}, "Only this."},
		{coding.Description{Definition: "Def.", WhenToUse: "a", WhenNotToUse: "b", Example: "c"}, "Def.\n\nWhen to use: a\nWhen not to use: b\nExample: c"},
		{coding.Description{WhenNotToUse: "never"}, "When not to use: never"},
		{coding.Description{Definition: "Two\n\nparagraphs.", Example: "“引号”\nsecond line"}, "Two\n\nparagraphs.\n\nExample: “引号”\nsecond line"},
	}
	for _, tt := range tests {
		if got := FormatDescription(tt.d); got != tt.text {
			t.Errorf("FormatDescription(%+v) = %q, want %q", tt.d, got, tt.text)
		}
		if got := ParseDescription(tt.text); got != tt.d {
			t.Errorf("ParseDescription(%q) = %+v, want %+v", tt.text, got, tt.d)
		}
	}
	// Text from other tools goes to the definition; CRLF is normalised.
	if got := ParseDescription("  Free text\r\nfrom NVivo.  "); got != (coding.Description{Definition: "Free text\nfrom NVivo."}) {
		t.Errorf("free text: %+v", got)
	}
}
