package refi

import (
	"archive/zip"
	"bytes"
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

func writeProject(t testing.TB, p Project) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteProject(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustReadProject(t testing.TB, data []byte) Project {
	t.Helper()
	p, err := ReadProject(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sortedByID returns a copy of s sorted by the given key.
func sortedByID[T any](s []T, id func(T) string) []T {
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
	return s
}

func TestWriteProjectIsValidStableAndReadable(t *testing.T) {
	p := sampleProject(t)
	out := writeProject(t, p)

	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(sampleTime.Add(time.Hour)) {
			t.Errorf("%s: timestamp %v, want the latest in the data", f.Name, f.Modified)
		}
	}
	if want := []string{"project.qde", "sources/" + docSet + ".txt", "sources/" + docSony + ".txt"}; !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
	if got := string(unzipEntry(t, out, "sources/"+docSony+".txt")); got != corpus(t, sonyFile) {
		t.Error("the source text is not the stored text")
	}
	qde := unzipEntry(t, out, "project.qde")
	validate(t, "Project.xsd", qde)
	golden(t, "sample.qde", qde)

	shuffled := p
	shuffled.Coders = reversed(p.Coders)
	shuffled.Codes = reversed(p.Codes)
	shuffled.Documents = reversed(p.Documents)
	shuffled.Codings = reversed(p.Codings)
	shuffled.Memos = reversed(p.Memos)
	if again := writeProject(t, shuffled); !bytes.Equal(out, again) {
		t.Error("the same project in another order gives another file")
	}

	back := mustReadProject(t, out)
	if len(back.Warnings) > 0 {
		t.Errorf("warnings on our own file: %q", back.Warnings)
	}
	if back.Name != p.Name || back.Origin != Origin {
		t.Errorf("name %q origin %q", back.Name, back.Origin)
	}
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"coders", sortedByID(back.Coders, func(c coding.Coder) string { return c.ID }), sortedByID(p.Coders, func(c coding.Coder) string { return c.ID })},
		{"codes", sortedByID(back.Codes, func(c coding.Code) string { return c.ID }), sortedByID(p.Codes, func(c coding.Code) string { return c.ID })},
		{"memos", sortedByID(back.Memos, func(m coding.Memo) string { return m.ID }), sortedByID(p.Memos, func(m coding.Memo) string { return m.ID })},
	} {
		if !equalValues(c.got, c.want) {
			t.Errorf("%s read back\n%+v\nwant\n%+v", c.what, c.got, c.want)
		}
	}
	docs := sortedByID(p.Documents, func(d coding.Document) string { return d.ID })
	for i, d := range sortedByID(back.Documents, func(d coding.Document) string { return d.ID }) {
		want := docs[i]
		want.SHA256, want.Length = coding.TextHash(want.Text), len([]rune(want.Text))
		if d != want {
			t.Errorf("document read back %q, want %q", d.Name, want.Name)
		}
	}
	codings := sortedByID(p.Codings, func(c coding.Coding) string { return c.ID })
	for i, c := range sortedByID(back.Codings, func(c coding.Coding) string { return c.ID }) {
		if c != codings[i] {
			t.Errorf("coding read back\n%+v\nwant\n%+v", c, codings[i])
		}
	}
	var want []string
	for _, c := range sampleCodings {
		want = append(want, c.phrase)
	}
	var got []string
	for _, line := range codedText(back) {
		got = append(got, line[strings.LastIndex(line, "|")+1:])
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("coded text %q, want %q", got, want)
	}

	if again := writeProject(t, back); !bytes.Equal(out, again) {
		t.Error("write, read, write is not byte-identical")
	}
}

func reversed[T any](s []T) []T {
	s = slices.Clone(s)
	slices.Reverse(s)
	return s
}

// equalValues compares slices of comparable structs.
func equalValues(a, b any) bool {
	switch a := a.(type) {
	case []coding.Coder:
		return slices.Equal(a, b.([]coding.Coder))
	case []coding.Code:
		return slices.Equal(a, b.([]coding.Code))
	case []coding.Memo:
		return slices.EqualFunc(a, b.([]coding.Memo), func(x, y coding.Memo) bool {
			return x.Updated.Equal(y.Updated) && x.ID == y.ID && x.Target == y.Target && x.TargetID == y.TargetID && x.CoderID == y.CoderID && x.Text == y.Text
		})
	}
	panic("equalValues: unexpected type")
}

func TestWriteProjectEmpty(t *testing.T) {
	out := writeProject(t, Project{})
	validate(t, "Project.xsd", unzipEntry(t, out, "project.qde"))
	back := mustReadProject(t, out)
	if back.Name != DefaultProjectName || len(back.Codes)+len(back.Documents)+len(back.Codings)+len(back.Coders) > 0 {
		t.Errorf("empty project read back as %+v", back)
	}
}

func TestWriteProjectRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Project)
		want   []string
	}{
		{"coding of a missing document", func(p *Project) { p.Codings[0].DocumentID = codeTrust }, []string{sampleCodings[0].id, codeTrust, "document"}},
		{"coding of a missing code", func(p *Project) { p.Codings[0].CodeID = docSony }, []string{sampleCodings[0].id, "not in the codebook"}},
		{"coding by a missing coder", func(p *Project) { p.Coders = p.Coders[:1] }, []string{"coder", "not in the project"}},
		{"coding past the end", func(p *Project) { p.Codings[0].End = 1_000_000 }, []string{sampleCodings[0].id, "past the end"}},
		{"empty coding", func(p *Project) { p.Codings[0].End = p.Codings[0].Start }, []string{sampleCodings[0].id, "not after"}},
		{"repeated coding id", func(p *Project) { p.Codings[1].ID = p.Codings[0].ID }, []string{sampleCodings[0].id, "two codings"}},
		{"repeated document id", func(p *Project) { p.Documents[1].ID = p.Documents[0].ID }, []string{docSony, "two documents"}},
		{"document id not a GUID", func(p *Project) { p.Documents[0].ID = "sony" }, []string{`"sony"`, "not a GUID"}},
		{"coder id not a GUID", func(p *Project) { p.Coders[0].ID = "lihua" }, []string{`"lihua"`}},
		{"text not UTF-8", func(p *Project) { p.Documents[0].Text = "\xff" }, []string{"not valid UTF-8"}},
		{"memo on a missing code", func(p *Project) { p.Memos[1].TargetID = docSony }, []string{p0memo(1), "not in the project"}},
		{"memo on an unknown target", func(p *Project) { p.Memos[1].Target = "chapter" }, []string{p0memo(1), `"chapter"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sampleProject(t)
			tt.change(&p)
			var buf bytes.Buffer
			wantErr(t, WriteProject(&buf, p), tt.want...)
			if buf.Len() > 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func p0memo(i int) string {
	return []string{"3e3e0000-0000-4000-8000-000000000001", "3e3e0000-0000-4000-8000-000000000002"}[i]
}

func TestWriteProjectMemoOfFilteredCoder(t *testing.T) {
	p := sampleProject(t)
	p.Coders = p.Coders[1:] // Alice only, as an export filtered by coder
	var codings []coding.Coding
	for _, c := range p.Codings {
		if c.CoderID == alice {
			codings = append(codings, c)
		}
	}
	p.Codings = codings
	back := mustReadProject(t, writeProject(t, p))
	for _, m := range back.Memos {
		if m.ID == p0memo(1) && (m.CoderID != "" || m.Text != p.Memos[1].Text) {
			t.Errorf("memo by a coder left out of the export: %+v", m)
		}
	}
	if len(back.Memos) != 2 || len(back.Coders) != 1 {
		t.Errorf("memos %+v, coders %+v", back.Memos, back.Coders)
	}
}
