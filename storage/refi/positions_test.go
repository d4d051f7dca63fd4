package refi

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

func TestPositionTable(t *testing.T) {
	tests := []struct {
		raw  string
		u    Units
		want []int32
	}{
		{"ab", CodePoints, []int32{0, 1, 2}},
		{"a😀b", CodePoints, []int32{0, 1, 2, 3}},
		{"a😀b", UTF16Units, []int32{0, 1, Inside, 2, 3}},
		{"a\r\nb", CodePoints, []int32{0, 1, 2, 3}},
		{"a\r\nb", Units{CRLFTwo: true}, []int32{0, 1, Inside, 2, 3}},
		{"\r\r\n", Units{CRLFTwo: true}, []int32{0, 1, Inside, 2}}, // a lone CR, then a CRLF
		{"😀\r\n𠮷", Units{UTF16: true, CRLFTwo: true}, []int32{0, Inside, 1, Inside, 2, Inside, 3}},
	}
	for _, tt := range tests {
		got := PositionTable(tt.raw, tt.u)
		if !slicesEqual(got, tt.want) {
			t.Errorf("PositionTable(%q, %v) = %v, want %v", tt.raw, tt.u, got, tt.want)
		}
	}
}

func slicesEqual(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzPositionTable checks, for any text and convention, that the table
// places every stored position exactly once and in order, that Inside
// marks exactly the middles of surrogate pairs and CRLFs, that the table
// is as long as the text counted that way, and that StoredToUnits undoes
// it on the stored text (written with "\n", as we export it).
func FuzzPositionTable(f *testing.F) {
	for _, s := range []string{"", "a", social, crlf(social), "\r\r\n\n\r", "😀\r\n𠮷", "\ufeffx"} {
		f.Add(s, false, false)
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, raw string, utf16, crlfTwo bool) {
		if !utf8.ValidString(raw) {
			return
		}
		u := Units{UTF16: utf16, CRLFTwo: crlfTwo}
		table := PositionTable(raw, u)
		// PositionTable counts a BOM left in raw (its caller removes
		// those the text starts with): only the line ends change.
		stored := coding.NormalizeText("x" + raw)[1:]
		n := utf8.RuneCountInString(stored)
		length := 0
		for i, r := range raw {
			switch {
			case r == '\n' && i > 0 && raw[i-1] == '\r':
				if crlfTwo {
					length++
				}
			case r > 0xFFFF && utf16:
				length += 2
			default:
				length++
			}
		}
		if len(table) != length+1 {
			t.Fatalf("table of %d entries for %d units", len(table), length)
		}
		next := int32(0)
		for p, q := range table {
			if q == Inside {
				if p == 0 || p == len(table)-1 {
					t.Fatalf("position %d (an end) marked inside", p)
				}
				continue
			}
			if q != next {
				t.Fatalf("position %d maps to %d, want %d", p, q, next)
			}
			next++
		}
		if int(next) != n+1 {
			t.Fatalf("%d stored positions placed, want %d", next, n+1)
		}
		back := StoredToUnits(stored, u)
		forward := PositionTable(stored, u)
		for q, p := range back {
			if forward[p] != int32(q) {
				t.Fatalf("stored position %d written as %d reads back as %d", q, p, forward[p])
			}
		}
	})
}

func TestPositionErrors(t *testing.T) {
	tests := []struct {
		name, text  string
		spans       [][2]int
		parts       []string
		crlfTwoText bool
	}{
		{
			// Only UTF-16 places the first two; it then puts the third
			// inside the surrogate pair of the emoji.
			name: "surrogate", text: "😀abc",
			spans: [][2]int{{0, 5}, {3, 5}, {1, 4}},
			parts: []string{"selection 5e1a0000-0000-4000-8000-000000000603", "startPosition 1 falls between the two UTF-16 code units of U+1F600"},
		},
		{
			name: "crlf", text: "ab\r\ncd",
			spans: [][2]int{{0, 6}, {4, 6}, {3, 5}},
			parts: []string{"selection 5e1a0000-0000-4000-8000-000000000603", "startPosition 3 falls between the CR and the LF of a line break"},
		},
		{
			name: "past the end", text: "abc",
			spans: [][2]int{{0, 4}},
			parts: []string{"selection 5e1a0000-0000-4000-8000-000000000601", "endPosition 4 is past the end of the text (3 characters, counting code points)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sels strings.Builder
			for i, s := range tt.spans {
				sels.WriteString(`<PlainTextSelection guid="5e1a0000-0000-4000-8000-00000000060` + string(rune('1'+i)) + `" startPosition="` +
					itoa(s[0]) + `" endPosition="` + itoa(s[1]) + `"><Coding guid="5e1a0000-0000-4000-8000-00000000070` + string(rune('1'+i)) +
					`"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>`)
			}
			qde := `<Project xmlns="urn:QDA-XML:project:1.0" name="x">` + oneUserOneCode + `<Sources><TextSource guid="` + nvMac +
				`" name="post" plainTextPath="internal://t.txt">` + sels.String() + `</TextSource></Sources></Project>`
			data := makeZip(t, zipEntry{"project.qde", qde}, zipEntry{"sources/t.txt", tt.text})
			_, err := ReadProject(strings.NewReader(string(data)), int64(len(data)))
			wantErr(t, err, append([]string{`source "post"`}, tt.parts...)...)
		})
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func TestNameMatches(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"should talk", "should talk", true},
		{"should  talk\n", "should talk", true},
		{"should talk", "hould talk ", false},
		{"nobody…anyone", "nobody trusts anyone", true},
		{"nobody trusts...", "nobody trusts anyone", true},
		{"nobody trusts anyone at all, they say", "nobody trusts anyone at all, they say so", true}, // cut short
		{"Quote 3", "should talk", false},
		{"ab", "ab", false}, // too short to tell
	}
	for _, tt := range tests {
		if got := nameMatches(tt.name, tt.text); got != tt.want {
			t.Errorf("nameMatches(%q, %q) = %v", tt.name, tt.text, got)
		}
	}
}

// TestReadExchangeFixtureDetails checks what the new fixtures carry
// besides coded words: kept sources, memos from descriptions and notes,
// names.
func TestReadExchangeFixtureDetails(t *testing.T) {
	read := func(name string) Project {
		p, err := ReadProjectFile(filepath.Join("testdata", name+".qdpx"))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tw := read("twins")
	var names []string
	for _, d := range tw.Documents {
		names = append(names, d.Name)
	}
	if strings.Join(names, ",") != "Interview A,Interview B,Transcript 1,Transcript 2" || tw.Documents[0].SHA256 != tw.Documents[1].SHA256 {
		t.Errorf("twins: documents %q, want all four kept", names)
	}

	cm := read("comments")
	d := cm.Documents[0]
	if d.Name != "Interview 03" || d.Memo != "Recorded by phone." {
		t.Errorf("comments: document %q memo %q: want the text file's base name and the source's description", d.Name, d.Memo)
	}
	if c := cm.Codings[0]; c.Memo != "Says it twice in the interview." {
		t.Errorf("comments: coding memo %q, want the selection's description", c.Memo)
	}
	got := map[string]string{}
	for _, m := range cm.Memos {
		got[string(m.Target)+":"+m.TargetID] = m.Text
	}
	want := map[string]string{
		"project:":          "Pilot study.",
		"document:" + atCom: "Second interview.",
		"code:5e1a0000-0000-4000-8000-0000000000c1":   "Merge with Trust?",
		"coding:5e1a0000-0000-4000-8000-000000000401": "Strong wording.",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("comments: memo on %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if len(cm.Warnings) != 0 {
		t.Errorf("comments: warnings %q", cm.Warnings)
	}

	pdf := read("pdf")
	if len(pdf.Documents) != 1 || pdf.Documents[0].Name != "Policy paper.pdf" || pdf.Documents[0].ID != pdfRep {
		t.Errorf("pdf: documents %+v", pdf.Documents)
	}

	// Export and import again: memos, descriptions and GUIDs come back.
	for _, name := range []string{"comments", "twins", "nvivo-utf16-crlf"} {
		p := read(name)
		again := mustReadProject(t, writeProject(t, p))
		if !sameProjects(p, again) {
			t.Errorf("%s: export and import changed the project:\n%+v\n%+v", name, p, again)
		}
	}
}

// sameProjects compares what a round trip must keep: documents (IDs,
// names, texts, memos), codings (IDs, spans, memos) and memos.
func sameProjects(a, b Project) bool {
	if len(a.Documents) != len(b.Documents) || len(a.Codings) != len(b.Codings) || len(a.Memos) != len(b.Memos) {
		return false
	}
	docs := map[string]coding.Document{}
	for _, d := range b.Documents {
		docs[d.ID] = d
	}
	for _, d := range a.Documents {
		e := docs[d.ID]
		if e.Name != d.Name || e.Text != d.Text || e.Memo != d.Memo {
			return false
		}
	}
	codings := map[string]coding.Coding{}
	for _, c := range b.Codings {
		codings[c.ID] = c
	}
	for _, c := range a.Codings {
		e := codings[c.ID]
		if e.Span != c.Span || e.Memo != c.Memo || e.DocumentID != c.DocumentID || e.CodeID != c.CodeID {
			return false
		}
	}
	memos := map[string]coding.Memo{}
	for _, m := range b.Memos {
		memos[m.ID] = m
	}
	for _, m := range a.Memos {
		e := memos[m.ID]
		if e.Text != m.Text || e.Target != m.Target || e.TargetID != m.TargetID {
			return false
		}
	}
	return true
}

// TestWriteUTF16RoundTrip writes every fixture for a tool that counts
// UTF-16 code units and reads it back: the positions written differ from
// code points after the first emoji, and every coding lands on the same
// words again.
func TestWriteUTF16RoundTrip(t *testing.T) {
	for _, name := range []string{"nvivo-utf16", "nvivo-utf16-crlf", "named-codepoints", "comments", "qualcoder"} {
		p, err := ReadProjectFile(filepath.Join("testdata", name+".qdpx"))
		if err != nil {
			t.Fatal(err)
		}
		want := codedText(p)
		p.Positions = UTF16Units
		out := writeProject(t, p)
		qde := string(unzipEntry(t, out, "project.qde"))
		validate(t, "Project.xsd", []byte(qde))
		back := mustReadProject(t, out)
		got := codedText(back)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: after a UTF-16 export and import\n%q\nwant\n%q", name, got, want)
		}
		if strings.HasPrefix(name, "nvivo") {
			span := spanOf(t, coding.NormalizeText(social), "not declared")
			units := StoredToUnits(coding.NormalizeText(social), UTF16Units)
			if !strings.Contains(qde, `startPosition="`+itoa(int(units[span.Start]))+`"`) || units[span.Start] == int32(span.Start) {
				t.Errorf("%s: positions not written in UTF-16 code units", name)
			}
		}
	}
}

// BenchmarkDetectUnits decides and maps the positions of 1,000 sources of
// social-media text (emoji and CRLF in every line) with 100 selections
// each, counted in UTF-16 code units with CRLF as two: the detection cost
// of a 1,000-document, 100,000-coding import.
func BenchmarkDetectUnits(b *testing.B) {
	raw := crlf(strings.Repeat(social, 40)) // about 6,000 characters
	units := StoredToUnits(raw, Units{UTF16: true, CRLFTwo: true})
	rawRunes := []rune(raw)
	var spans []coding.Span
	var names []string
	for i := 0; len(spans) < 100; i++ {
		phrase := socialPhrases[i%len(socialPhrases)]
		s := spanOf(b, string(rawRunes), phrase)
		off := (i / len(socialPhrases)) * len([]rune(crlf(social)))
		s.Start, s.End = s.Start+off, s.End+off
		spans = append(spans, coding.Span{Start: int(units[s.Start]), End: int(units[s.End])})
		names = append(names, "")
	}
	b.ResetTimer()
	for range b.N {
		for range 1000 {
			t := newSourceText(raw)
			u, _ := t.detectUnits(spans, names)
			if u != (Units{UTF16: true, CRLFTwo: true}) {
				b.Fatalf("detected %v", u)
			}
			for _, s := range spans {
				if _, ok := t.mapSpan(u, s); !ok {
					b.Fatal("unplaced")
				}
			}
		}
	}
}
