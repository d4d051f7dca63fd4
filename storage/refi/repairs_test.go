package refi

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16LE encodes s as UTF-16 little endian with a byte order mark.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

const (
	greetingCode     = `<CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111" name="Greeting" isCodable="true"/></Codes></CodeBook>`
	codingOfGreeting = `<Coding guid="%s"><CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding>`
)

// qde wraps users and sources into a project file with the Greeting code.
func qde(users, sources string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">` + users + greetingCode + `<Sources>` + sources + `</Sources></Project>`
}

func coding1(guid string) string { return strings.Replace(codingOfGreeting, "%s", guid, 1) }

func TestReadProjectRepairs(t *testing.T) {
	tests := []struct {
		name     string
		entries  []zipEntry
		want     []string // codedText
		warnings []string
		check    func(t *testing.T, p Project)
	}{
		{
			name: "project file in a folder, UTF-16 text",
			entries: []zipEntry{
				{"study/My study.qde", qde("", `<TextSource guid="22222222-2222-4222-8222-222222222222" name="hello" plainTextPath="internal://s.txt"><PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="7" endPosition="9" creatingUser="44444444-4444-4444-8444-444444444444">`+coding1("55555555-5555-4555-8555-555555555555")+`</PlainTextSelection></TextSource>`)},
				{"study/sources/s.txt", utf16LE(miniText)},
			},
			want:     []string{"Greeting|Coder 44444444|世界"},
			warnings: []string{"44444444-4444-4444-8444-444444444444 is not among the users"},
		},
		{
			name: "whole-source coding, unknown creator, duplicate and empty selections, repeated names",
			entries: []zipEntry{{"p.qde", qde(`<Users><User guid="66666666-6666-4666-8666-666666666661" name="Ann"/><User guid="66666666-6666-4666-8666-666666666662" name="Ann"/></Users>`,
				`<TextSource guid="22222222-2222-4222-8222-222222222221" name="t"><PlainTextContent>Hello, 世界!</PlainTextContent>`+
					`<PlainTextSelection guid="33333333-3333-4333-8333-333333333331" startPosition="0" endPosition="5" creatingUser="66666666-6666-4666-8666-666666666662">`+coding1("55555555-5555-4555-8555-555555555551")+`</PlainTextSelection>`+
					`<PlainTextSelection guid="33333333-3333-4333-8333-333333333332" startPosition="0" endPosition="5" creatingUser="66666666-6666-4666-8666-666666666662">`+coding1("55555555-5555-4555-8555-555555555552")+`</PlainTextSelection>`+
					`<PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="3" endPosition="3">`+coding1("55555555-5555-4555-8555-555555555553")+`</PlainTextSelection>`+
					coding1("55555555-5555-4555-8555-555555555554")+`</TextSource>`+
					`<TextSource guid="22222222-2222-4222-8222-222222222222" name="t"><PlainTextContent>Bye</PlainTextContent></TextSource>`+
					`<TextSource guid="22222222-2222-4222-8222-222222222223" name="rich only" richTextPath="internal://x.docx"/>`+
					`<PDFSource guid="77777777-7777-4777-8777-777777777771" name="paper.pdf"><Representation guid="77777777-7777-4777-8777-777777777772"><PlainTextContent>PDF words</PlainTextContent>`+
					`<PlainTextSelection guid="33333333-3333-4333-8333-333333333334" startPosition="4" endPosition="9" creatingUser="66666666-6666-4666-8666-666666666661">`+coding1("55555555-5555-4555-8555-555555555555")+`</PlainTextSelection></Representation></PDFSource>`)}},
			want: []string{"Greeting|Ann (66666666)|Hello", "Greeting|Unknown coder|Hello, 世界!", "Greeting|Ann|words"},
			warnings: []string{
				`two users are named "Ann"`,
				"repeats an earlier coding",
				"selection 33333333-3333-4333-8333-333333333333 is empty",
				"Unknown coder",
				`two sources are named "t"; this one is called "t (22222222)"`,
				`source "rich only" has no plain text`,
			},
			check: func(t *testing.T, p Project) {
				var names []string
				for _, d := range p.Documents {
					names = append(names, d.Name)
				}
				if want := []string{"t", "t (22222222)", "paper.pdf"}; !slices.Equal(names, want) {
					t.Errorf("documents %q, want %q", names, want)
				}
				if p.Codings[1].ID != "55555555-5555-4555-8555-555555555554" {
					t.Errorf("the whole-source coding should keep its GUID: %+v", p.Codings[1])
				}
			},
		},
		{
			name: "notes: on a source, unreferenced, and a dangling reference",
			entries: []zipEntry{{"p.qde", strings.Replace(qde("",
				`<TextSource guid="22222222-2222-4222-8222-222222222221" name="t"><PlainTextContent>Hi</PlainTextContent><NoteRef targetGUID="88888888-8888-4888-8888-888888888881"/><NoteRef targetGUID="88888888-8888-4888-8888-888888888889"/></TextSource>`),
				`</Sources>`, `</Sources><Notes><Note guid="88888888-8888-4888-8888-888888888881" name="n1"><PlainTextContent>About t.</PlainTextContent></Note><Note guid="88888888-8888-4888-8888-888888888882" name="n2" plainTextPath="internal://n2.txt"/></Notes>`, 1)},
				{"sources/n2.txt", "\ufeffFree-standing\r\nnote."}},
			warnings: []string{"note 88888888-8888-4888-8888-888888888889, which is not among the notes"},
			check: func(t *testing.T, p Project) {
				if len(p.Memos) != 2 || p.Memos[0].Target != "document" || p.Memos[0].Text != "About t." ||
					p.Memos[1].Target != "project" || p.Memos[1].Text != "Free-standing\nnote." {
					t.Errorf("memos %+v", p.Memos)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustReadProject(t, makeZip(t, tt.entries...))
			if got := codedText(p); !slices.Equal(got, tt.want) {
				t.Errorf("codings\n%q\nwant\n%q", got, tt.want)
			}
			if len(p.Warnings) != len(tt.warnings) {
				t.Errorf("warnings %q, want %d", p.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if i < len(p.Warnings) && !strings.Contains(p.Warnings[i], w) {
					t.Errorf("warning %q does not mention %s", p.Warnings[i], w)
				}
			}
			if tt.check != nil {
				tt.check(t, p)
			}
			// Whatever was repaired can be written and read again.
			if again := codedText(mustReadProject(t, writeProject(t, p))); len(again) != len(tt.want) {
				t.Errorf("after export and import: %q", again)
			}
		})
	}
}
