package refi

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
)

// A <SelectionRef> in a <Case> gathers the codings read from that
// selection (one or several); a reference to a selection that codes
// nothing is left out with a warning; the writer writes a case's passages
// whose codings it writes, and nothing else, valid against Project.xsd.
func TestCaseSelectionRefs(t *testing.T) {
	const (
		code1 = "c0de0000-0000-4000-8000-000000000001"
		code2 = "c0de0000-0000-4000-8000-000000000002"
		src   = "5a5a0000-0000-4000-8000-000000000001"
		one   = "5e1e0000-0000-4000-8000-000000000001" // one coding
		two   = "5e1e0000-0000-4000-8000-000000000002" // two codings
		none  = "5e1e0000-0000-4000-8000-000000000003" // no coding
		c2a   = "c0d10000-0000-4000-8000-00000000000a"
		c2b   = "c0d10000-0000-4000-8000-00000000000b"
	)
	coded := func(guid, code string) string {
		return `<Coding guid="` + guid + `"><CodeRef targetGUID="` + code + `"/></Coding>`
	}
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
<CodeBook><Codes><Code guid="` + code1 + `" name="Trust" isCodable="true"/><Code guid="` + code2 + `" name="Norms" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="` + src + `" name="one"><PlainTextContent>Some text, and more.</PlainTextContent>
<PlainTextSelection guid="` + one + `" startPosition="0" endPosition="4">` + coded("c0d10000-0000-4000-8000-000000000001", code1) + `</PlainTextSelection>
<PlainTextSelection guid="` + two + `" startPosition="5" endPosition="9">` + coded(c2a, code1) + coded(c2b, code2) + `</PlainTextSelection>
<PlainTextSelection guid="` + none + `" startPosition="11" endPosition="14"/>
</TextSource></Sources>
<Cases><Case guid="cace0000-0000-4000-8000-000000000001" name="Speaker A"><SelectionRef targetGUID="` + two + `"/><SelectionRef targetGUID="{` + strings.ToUpper(one) + `}"/><SelectionRef targetGUID="` + none + `"/></Case></Cases>
</Project>`
	p, err := readQDE([]byte(qde), "speakers.qde", nil, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cases) != 1 || !slices.Equal(p.Cases[0].Passages, []string{c2a, c2b, one}) || len(p.Cases[0].Documents) != 0 {
		t.Fatalf("cases %+v, want Speaker A with the two codings of the second selection, then the first", p.Cases)
	}
	if w := strings.Join(p.Warnings, "\n"); !strings.Contains(w, "selection "+none+" is not a coded passage") {
		t.Errorf("warnings %q", p.Warnings)
	}

	// Written back: a passage whose coding is not written is left out.
	p.Cases[0].Passages = append(p.Cases[0].Passages, "c0d10000-0000-4000-8000-0000000000ff")
	p.Codings = slices.DeleteFunc(p.Codings, func(c coding.Coding) bool { return c.ID == c2b })
	var buf bytes.Buffer
	if err := WriteProject(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := string(unzipEntry(t, buf.Bytes(), "project.qde"))
	validate(t, "Project.xsd", []byte(out))
	for id, want := range map[string]bool{one: true, c2a: true, c2b: false, "c0d10000-0000-4000-8000-0000000000ff": false} {
		if got := strings.Contains(out, `<SelectionRef targetGUID="`+id+`"`); got != want {
			t.Errorf("SelectionRef to %s written: %v, want %v", id, got, want)
		}
	}
	back, err := ReadProject(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Cases) != 1 || !slices.Equal(back.Cases[0].Passages, []string{one, c2a}) {
		t.Errorf("read back %+v, want the passages written, in the order of their positions", back.Cases)
	}
}
