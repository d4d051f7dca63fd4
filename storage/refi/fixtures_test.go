package refi

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"desktop/marginalia/coding"
)

// A fixture imitates the .qdpx export of one tool, built from the sample
// articles. TestFixtures rewrites testdata/<name>.qdpx from it with -update;
// TestReadFixtures reads the checked-in files and checks that every coding
// lands on the words the tool coded.
type fixture struct {
	name    string
	qdeName string            // name of the project file in the zip
	qdeBOM  bool              // the project file starts with a UTF-8 BOM
	files   map[string]string // zip entry -> content, texts as the tool writes them
	qde     string            // template; {{pos "entry" "phrase"}} gives the positions of phrase in that file
	// want lists the codings as "code path|coder|coded text".
	want []string
	// warnings are fragments each expected in one warning, in order.
	warnings []string
}

// Texts as different tools store them.
func lf(s string) string   { return s }
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
func bom(s string) string  { return "\ufeff" + s }

const (
	qcSony = "8b2b1a31-7a0e-4d4f-9b0e-3f0c2e7d1a01"
	qcSet  = "8b2b1a31-7a0e-4d4f-9b0e-3f0c2e7d1a02"
	nvSony = "{5A3C0F1E-8D2B-4C7A-9E6F-0B1D2C3E4F50}"
	mqSony = "d6f0b0a2-4c1e-4f7d-8a3b-2e1f0c9d8b71"
	mqSet  = "d6f0b0a2-4c1e-4f7d-8a3b-2e1f0c9d8b72"
	atSony = "a71a5000-1111-4222-8333-444455556601"
	atSet  = "a71a5000-1111-4222-8333-444455556602"
	tgSet  = "7a6e7700-aaaa-4bbb-8ccc-dddddddddd01"
	lgSony = "1e6ac700-0000-4000-8000-00000000aa01"
	lgSet  = "1e6ac700-0000-4000-8000-00000000aa02"
)

func fixtures(t testing.TB) []fixture {
	sony, set := corpus(t, sonyFile), corpus(t, setbackFile)
	return append([]fixture{
		{
			name: "qualcoder", qdeName: "project.qde",
			files: map[string]string{"sources/" + qcSony + ".txt": lf(sony), "sources/" + qcSet + ".txt": lf(set)},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" name="cyber.qda" origin="QualCoder-3.5" creatingUserGUID="2c4f8b4e-5d6a-4f1b-9c2d-7e8f9a0b1c2d" creationDateTime="2024-05-02T10:11:12Z">
<Users>
<User guid="2c4f8b4e-5d6a-4f1b-9c2d-7e8f9a0b1c2d" name="default"/>
<User guid="3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" name="王芳"/>
</Users>
<CodeBook>
<Codes>
<Code guid="4e6a0d6a-7f8c-4b3d-9e4f-9a0b1c2d3e4f" name="Actors" isCodable="false" color="#a0a0a0">
<Description>Who acts.</Description>
<Code guid="5f7b1e7b-8a9d-4c4e-8f5a-0b1c2d3e4f5a" name="States" isCodable="true" color="#0000ff"/>
</Code>
<Code guid="6a8c2f8c-9bae-4d5f-9a6b-1c2d3e4f5a6b" name="Trust" isCodable="true" color="#ff9900">
<Description>Statements about trust between states.</Description>
</Code>
</Codes>
</CodeBook>
<Sources>
<TextSource guid="` + qcSony + `" name="sony-hack-cyber-dialogue" plainTextPath="internal://` + qcSony + `.txt" creatingUser="2c4f8b4e-5d6a-4f1b-9c2d-7e8f9a0b1c2d" creationDateTime="2024-05-02T10:12:00Z">
<PlainTextSelection guid="9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e01" name="cyber vandalism" {{pos "sources/` + qcSony + `.txt" "“cyber vandalism”"}} creatingUser="3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" creationDateTime="2024-05-02T10:13:00Z">
<Coding guid="9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e02" creatingUser="3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" creationDateTime="2024-05-02T10:13:00Z">
<CodeRef targetGUID="5f7b1e7b-8a9d-4c4e-8f5a-0b1c2d3e4f5a"/>
</Coding>
<NoteRef targetGUID="0c2d4e6f-1a2b-4c3d-8e4f-5a6b7c8d9e01"/>
</PlainTextSelection>
<PlainTextSelection guid="9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e03" name="distrust" {{pos "sources/` + qcSony + `.txt" "deepened their distrust on cyber affairs"}} creatingUser="2c4f8b4e-5d6a-4f1b-9c2d-7e8f9a0b1c2d" creationDateTime="2024-05-02T10:14:00Z">
<Coding guid="9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e04" creatingUser="2c4f8b4e-5d6a-4f1b-9c2d-7e8f9a0b1c2d" creationDateTime="2024-05-02T10:14:00Z">
<CodeRef targetGUID="6a8c2f8c-9bae-4d5f-9a6b-1c2d3e4f5a6b"/>
</Coding>
</PlainTextSelection>
</TextSource>
<TextSource guid="` + qcSet + `" name="setback-cyber-cooperation" plainTextPath="internal://` + qcSet + `.txt" creatingUser="2c4f8b4e-5d6a-4f1b-9c2d-7e8f9a0b1c2d" creationDateTime="2024-05-02T10:12:30Z">
<PlainTextSelection guid="9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e05" name="dignity" {{pos "sources/` + qcSet + `.txt" "China’s national dignity"}} creatingUser="3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" creationDateTime="2024-05-02T10:15:00Z">
<Coding guid="9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e06" creatingUser="3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" creationDateTime="2024-05-02T10:15:00Z">
<CodeRef targetGUID="6a8c2f8c-9bae-4d5f-9a6b-1c2d3e4f5a6b"/>
</Coding>
</PlainTextSelection>
</TextSource>
</Sources>
<Notes>
<Note guid="0c2d4e6f-1a2b-4c3d-8e4f-5a6b7c8d9e01" name="coded memo" creatingUser="3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" creationDateTime="2024-05-02T10:16:00Z">
<PlainTextContent>Obama’s word, not the author’s.</PlainTextContent>
</Note>
</Notes>
</Project>
`,
			want: []string{
				"Actors > States|王芳|“cyber vandalism”",
				"Trust|default|deepened their distrust on cyber affairs",
				"Trust|王芳|China’s national dignity",
			},
		},
		{
			name: "nvivo", qdeName: "project.qde",
			files: map[string]string{"sources/" + nvSony + ".txt": lf(sony)},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project name="Cyber (NVivo)" origin="NVivo 14" creatingUserGUID="{C0FFEE00-1234-4ABC-8DEF-000000000001}" xmlns="urn:QDA-XML:project:1.0">
  <Users>
    <User guid="{C0FFEE00-1234-4ABC-8DEF-000000000001}" name="JS" id="jsmith"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{AB12CD34-0000-4000-8000-0000000000A1}" name="Norms/rules" isCodable="true" color="#C3C">
        <Code guid="{AB12CD34-0000-4000-8000-0000000000A2}" name="Sovereignty" isCodable="true" color="#3C3"/>
      </Code>
      <Code guid="{AB12CD34-0000-4000-8000-0000000000A3}" name="Language" isCodable="true" color="#36C"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="` + nvSony + `" name="Sony hack" plainTextPath="internal://` + nvSony + `.txt">
      <PlainTextSelection guid="{EE000000-0000-4000-8000-000000000001}" {{pos "sources/` + nvSony + `.txt" "简体 繁體"}}>
        <Coding guid="{EE000000-0000-4000-8000-000000000002}">
          <CodeRef targetGUID="{AB12CD34-0000-4000-8000-0000000000A3}"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{EE000000-0000-4000-8000-000000000003}" {{pos "sources/` + nvSony + `.txt" "develop norms and rules in global cyberspace governance"}} creatingUser="{C0FFEE00-1234-4ABC-8DEF-000000000001}">
        <Coding guid="{EE000000-0000-4000-8000-000000000004}" creatingUser="{C0FFEE00-1234-4ABC-8DEF-000000000001}">
          <CodeRef targetGUID="{AB12CD34-0000-4000-8000-0000000000A1}"/>
        </Coding>
        <Coding guid="{EE000000-0000-4000-8000-000000000005}" creatingUser="{C0FFEE00-1234-4ABC-8DEF-000000000009}">
          <CodeRef targetGUID="{AB12CD34-0000-4000-8000-0000000000A2}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <PictureSource guid="{FF000000-0000-4000-8000-000000000001}" name="photo" path="internal://photo.jpg"/>
  </Sources>
</Project>
`,
			want: []string{
				"Language|JS|简体 繁體",
				"Norms/rules|JS|develop norms and rules in global cyberspace governance",
				"Norms/rules > Sovereignty|Coder c0ffee00|develop norms and rules in global cyberspace governance",
			},
			warnings: []string{"c0ffee00-1234-4abc-8def-000000000009 is not among the users", "<PictureSource>"},
		},
		{
			name: "maxqda", qdeName: "Cyber study.qde",
			files: map[string]string{"Sources/" + mqSony + ".txt": crlf(sony), "Sources/" + mqSet + ".txt": crlf(set)},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Cyber study" origin="MAXQDA 2022">
<Users><User guid="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B" name="MAXQDA user"/></Users>
<CodeBook><Codes>
<Code guid="AA000000-0000-4000-8000-000000000001" name="Conflict > escalation" isCodable="true" color="#FF0000"/>
<Code guid="AA000000-0000-4000-8000-000000000002" name="Institutions" isCodable="true" color="#00A0FF"><Description>Courts, agencies, ministries.</Description></Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="` + mqSony + `" name="sony" plainTextPath="internal://` + mqSony + `.txt" creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B">
<PlainTextSelection guid="BB000000-0000-4000-8000-000000000001" {{pos "Sources/` + mqSony + `.txt" "This incident has only deepened their distrust"}} creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B"><Coding guid="BB000000-0000-4000-8000-000000000002" creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B"><CodeRef targetGUID="AA000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
<PlainTextSelection guid="BB000000-0000-4000-8000-000000000003" {{pos "Sources/` + mqSony + `.txt" "the “BAT” as we call them in China"}} creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B"><Coding guid="BB000000-0000-4000-8000-000000000004" creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B"><CodeRef targetGUID="AA000000-0000-4000-8000-000000000002"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="` + mqSet + `" name="setback" plainTextPath="internal://` + mqSet + `.txt" creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B">
<PlainTextSelection guid="BB000000-0000-4000-8000-000000000005" {{pos "Sources/` + mqSet + `.txt" "the Court is the last place to resolve differences"}} creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B"><Coding guid="BB000000-0000-4000-8000-000000000006" creatingUser="F1E2D3C4-B5A6-4978-8A9B-0C1D2E3F4A5B"><CodeRef targetGUID="AA000000-0000-4000-8000-000000000002"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>
`,
			want: []string{
				"Conflict › escalation|MAXQDA user|This incident has only deepened their distrust",
				"Institutions|MAXQDA user|the “BAT” as we call them in China",
				"Institutions|MAXQDA user|the Court is the last place to resolve differences",
			},
			warnings: []string{`"Conflict › escalation"`},
		},
		{
			name: "atlasti", qdeName: "project.qde", qdeBOM: true,
			files: map[string]string{"sources/" + atSony + ".txt": bom(lf(sony))},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Cyber HU" origin="ATLAS.ti 23">
<Users><User guid="AB000000-0000-4000-8000-0000000000C1" name="Coder 1"/></Users>
<CodeBook><Codes>
<Code guid="AC000000-0000-4000-8000-000000000001" name="Metaphor" isCodable="true" color="#FF7F00FF"/>
<Code guid="AC000000-0000-4000-8000-000000000002" name="Blame" isCodable="true"/>
</Codes></CodeBook>
<Sources>
<TextSource guid="` + atSony + `" name="Sony hack.txt" plainTextPath="internal://` + atSony + `.txt">
<PlainTextSelection guid="AD000000-0000-4000-8000-000000000001" {{pos "sources/` + atSony + `.txt" "North Korea’s behavior"}} creatingUser="AB000000-0000-4000-8000-0000000000C1" creationDateTime="2023-11-20T08:00:00">
<Coding guid="AD000000-0000-4000-8000-000000000002"><CodeRef targetGUID="AC000000-0000-4000-8000-000000000002"/></Coding>
</PlainTextSelection>
<PlainTextSelection guid="AD000000-0000-4000-8000-000000000003" {{pos "sources/` + atSony + `.txt" "we are indelibly interconnected"}} creatingUser="AB000000-0000-4000-8000-0000000000C1">
<Coding guid="AD000000-0000-4000-8000-000000000004"><CodeRef targetGUID="AC000000-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection>
</TextSource>
<TextSource guid="` + atSet + `" name="Setback (inline)">
<PlainTextContent>{{xml (text "setback")}}</PlainTextContent>
<PlainTextSelection guid="AD000000-0000-4000-8000-000000000005" {{pos "setback" "A Setback in China-US Cyber Cooperation"}} creatingUser="AB000000-0000-4000-8000-0000000000C1">
<Coding guid="AD000000-0000-4000-8000-000000000006"><CodeRef targetGUID="AC000000-0000-4000-8000-000000000002"/></Coding>
</PlainTextSelection>
</TextSource>
</Sources>
</Project>
`,
			want: []string{
				"Blame|Coder 1|North Korea’s behavior",
				"Metaphor|Coder 1|we are indelibly interconnected",
				"Blame|Coder 1|A Setback in China-US Cyber Cooperation",
			},
		},
		{
			name: "taguette", qdeName: "project.qde",
			files: map[string]string{"sources/" + tgSet + ".txt": lf(set)},
			qde: `<?xml version='1.0' encoding='utf-8'?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="Taguette 1.4.1" name="cyber">
  <Users>
    <User guid="7a6e7700-aaaa-4bbb-8ccc-eeeeeeeeee01" name="admin"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="7a6e7700-aaaa-4bbb-8ccc-ffffffffff01" name="law enforcement" isCodable="true">
        <Description>Indictments, warrants, charges</Description>
      </Code>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="` + tgSet + `" name="setback.txt" plainTextPath="internal://` + tgSet + `.txt">
      <PlainTextSelection guid="7a6e7700-aaaa-4bbb-8ccc-000000000001" {{pos "sources/` + tgSet + `.txt" "five arrest warrants"}} creatingUser="7a6e7700-aaaa-4bbb-8ccc-eeeeeeeeee01">
        <Coding guid="7a6e7700-aaaa-4bbb-8ccc-000000000002" creatingUser="7a6e7700-aaaa-4bbb-8ccc-eeeeeeeeee01">
          <CodeRef targetGUID="7a6e7700-aaaa-4bbb-8ccc-ffffffffff01"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Sets/>
</Project>
`,
			want: []string{"law enforcement|admin|five arrest warrants"},
		},
		{
			// A tool that stores CRLF and counts it as two characters: the
			// first source only shows it by where the words are, the
			// second also by a position past the end of the stored text.
			name: "crlf-as-two", qdeName: "project.qde",
			files: map[string]string{"sources/" + lgSony + ".txt": crlf(sony), "sources/" + lgSet + ".txt": crlf(set)},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="legacy">
<Users><User guid="1e6ac700-0000-4000-8000-0000000000f1" name="legacy user"/></Users>
<CodeBook><Codes><Code guid="1e6ac700-0000-4000-8000-0000000000c1" name="Quote" isCodable="true" color="#123456"/></Codes></CodeBook>
<Sources>
<TextSource guid="` + lgSony + `" name="sony" plainTextPath="internal://` + lgSony + `.txt">
<PlainTextSelection guid="1e6ac700-0000-4000-8000-000000000001" {{pos2 "sources/` + lgSony + `.txt" "“cyber vandalism”"}} creatingUser="1e6ac700-0000-4000-8000-0000000000f1"><Coding guid="1e6ac700-0000-4000-8000-000000000002"><CodeRef targetGUID="1e6ac700-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="1e6ac700-0000-4000-8000-000000000003" {{pos2 "sources/` + lgSony + `.txt" "deepened their distrust"}} creatingUser="1e6ac700-0000-4000-8000-0000000000f1"><Coding guid="1e6ac700-0000-4000-8000-000000000004"><CodeRef targetGUID="1e6ac700-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="` + lgSet + `" name="setback" plainTextPath="internal://` + lgSet + `.txt">
<PlainTextSelection guid="1e6ac700-0000-4000-8000-000000000005" {{pos2 "sources/` + lgSet + `.txt" "China’s national dignity"}} creatingUser="1e6ac700-0000-4000-8000-0000000000f1"><Coding guid="1e6ac700-0000-4000-8000-000000000006"><CodeRef targetGUID="1e6ac700-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="1e6ac700-0000-4000-8000-000000000007" {{pos2 "sources/` + lgSet + `.txt" (last "sources/` + lgSet + `.txt")}} creatingUser="1e6ac700-0000-4000-8000-0000000000f1"><Coding guid="1e6ac700-0000-4000-8000-000000000008"><CodeRef targetGUID="1e6ac700-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>
`,
			want: []string{
				"Quote|legacy user|“cyber vandalism”",
				"Quote|legacy user|deepened their distrust",
				"Quote|legacy user|China’s national dignity",
				"Quote|legacy user|" + lastWords(set),
			},
			// One warning for both sources, with the count.
			warnings: []string{`the positions of 2 sources ("sony", "setback") count code points, each CRLF line break as two; mapped onto their texts`},
		},
	}, append(exchangeFixtures(), maxqdaVariablesFixture(t))...)
}

// lastWords is the end of a text, which a coding in crlf-as-two codes.
func lastWords(text string) string {
	text = strings.TrimRight(text, "\n")
	return text[strings.LastIndex(text, "\n")+1:]
}

// build makes the .qdpx of a fixture.
func (f fixture) build(t testing.TB) []byte {
	t.Helper()
	texts := map[string]string{"setback": corpus(t, setbackFile)}
	for name, text := range f.files {
		texts[name] = text
	}
	// positions: offsets of phrase in the file's text with the BOM
	// removed, in code points or UTF-16 code units, CRLF counted as one
	// (pos, pos16) or as two characters (pos2, pos16crlf).
	positions := func(file, phrase string, u Units) string {
		text, ok := texts[file]
		if !ok {
			t.Fatalf("%s: no file %s", f.name, file)
		}
		text = strings.TrimPrefix(text, "\ufeff")
		if !u.CRLFTwo {
			text = coding.NormalizeText(text)
		}
		phrase = strings.ReplaceAll(phrase, "\n", "")
		span := spanOf(t, text, phrase)
		units := StoredToUnits(text, u) // counts each rune of text, \r included
		return fmt.Sprintf(`startPosition="%d" endPosition="%d"`, units[span.Start], units[span.End])
	}
	tmpl := template.Must(template.New(f.name).Funcs(template.FuncMap{
		"pos":       func(file, phrase string) string { return positions(file, phrase, CodePoints) },
		"pos2":      func(file, phrase string) string { return positions(file, phrase, Units{CRLFTwo: true}) },
		"pos16":     func(file, phrase string) string { return positions(file, phrase, UTF16Units) },
		"pos16crlf": func(file, phrase string) string { return positions(file, phrase, Units{UTF16: true, CRLFTwo: true}) },
		"text":      func(name string) string { return texts[name] },
		"last":      func(name string) string { return lastWords(coding.NormalizeText(texts[name])) },
		"xml":       escapeText,
	}).Parse(f.qde))
	var qde bytes.Buffer
	if f.qdeBOM {
		qde.WriteString("\ufeff")
	}
	if err := tmpl.Execute(&qde, nil); err != nil {
		t.Fatal(err)
	}
	entries := []zipEntry{{f.qdeName, qde.String()}}
	var names []string
	for name := range f.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		entries = append(entries, zipEntry{name, f.files[name]})
	}
	return makeZip(t, entries...)
}

func TestFixtures(t *testing.T) {
	for _, f := range fixtures(t) {
		data := f.build(t)
		path := filepath.Join("testdata", f.name+".qdpx")
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, data) {
			t.Errorf("%s is not what its fixture builds (run go test -update): %v", path, err)
		}
	}
}

func TestReadFixtures(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			p, err := ReadProjectFile(filepath.Join("testdata", f.name+".qdpx"))
			if err != nil {
				t.Fatal(err)
			}
			got := codedText(p)
			if !slices.Equal(got, f.want) {
				t.Errorf("codings\n%q\nwant\n%q", got, f.want)
			}
			if len(p.Warnings) != len(f.warnings) {
				t.Errorf("warnings %q, want %d", p.Warnings, len(f.warnings))
			}
			for i, w := range f.warnings {
				if i < len(p.Warnings) && !strings.Contains(p.Warnings[i], w) {
					t.Errorf("warning %q does not mention %s", p.Warnings[i], w)
				}
			}
			for _, d := range p.Documents {
				if strings.ContainsAny(d.Text, "\r\ufeff") || d.Length != len([]rune(d.Text)) || d.SHA256 != coding.TextHash(d.Text) {
					t.Errorf("document %q is not stored text", d.Name)
				}
			}
			// What we read, we write valid and read back the same.
			out := writeProject(t, p)
			validate(t, "Project.xsd", unzipEntry(t, out, "project.qde"))
			again := codedText(mustReadProject(t, out))
			slices.Sort(again)
			slices.Sort(got)
			if !slices.Equal(again, got) {
				t.Errorf("after export and import\n%q\nwant\n%q", again, got)
			}
		})
	}
}

func TestReadCodebookFixtures(t *testing.T) {
	tests := []struct {
		file     string
		want     []string // "path|colour|codable|definition"
		warnings []string
	}{
		{"qualcoder.qdc", []string{
			"Actors|#A0A0A0|false|Who acts.",
			"Actors > States|#0000FF|true|",
			"Actors > 国家|#0000AA|true|",
			"Trust|#FF9900|true|Statements about trust between states.",
		}, nil},
		{"nvivo.qdc", []string{
			"Norms/rules|#CC33CC|true|Rules of the road for states in cyberspace.",
			"Norms/rules > Sovereignty|#33CC33|true|",
			"Language|#3366CC|true|",
		}, nil},
		{"maxqda.qdc", []string{
			"Conflict › escalation|#FF0000|true|Moves that raise the stakes.\nSecond line.",
			"Institutions|#00A0FF|false|",
			"Institutions > Courts|#0000FF|true|",
		}, []string{`"Conflict › escalation"`}},
		{"taguette.qdc", []string{
			"law enforcement|" + coding.PaletteColor(0) + "|true|Indictments, warrants, charges",
			"trust|" + coding.PaletteColor(1) + "|true|",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cb, err := ReadCodebookFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			book := coding.NewCodebook(cb.Codes)
			var got []string
			for _, c := range cb.Codes {
				if _, ok := coding.NormalizeID(c.ID); !ok || strings.ContainsAny(c.ID, "{}ABCDEF") {
					t.Errorf("code %q: id %q is not in our form", c.Name, c.ID)
				}
				got = append(got, fmt.Sprintf("%s|%s|%t|%s", book.Path(c.ID), c.Color, c.Codable, c.Description.Definition))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes\n%q\nwant\n%q", got, tt.want)
			}
			if len(cb.Warnings) != len(tt.warnings) {
				t.Errorf("warnings %q, want %d", cb.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if i < len(cb.Warnings) && !strings.Contains(cb.Warnings[i], w) {
					t.Errorf("warning %q does not mention %s", cb.Warnings[i], w)
				}
			}
			var out bytes.Buffer
			if err := WriteCodebook(&out, cb.Codes, cb.Sets...); err != nil {
				t.Fatal(err)
			}
			validate(t, "Codebook.xsd", out.Bytes())
			back, err := ReadCodebook(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(back.Codes, cb.Codes) {
				t.Errorf("export and import changed the codes:\n%+v\n%+v", back.Codes, cb.Codes)
			}
			if !slices.EqualFunc(back.Sets, cb.Sets, equalCodeSets) {
				t.Errorf("export and import changed the code groups:\n%+v\n%+v", back.Sets, cb.Sets)
			}
		})
	}
}

// TestReadFixtureDetails checks what the fixtures show besides the coded
// words: identities, creators, dates, memos.
func TestReadFixtureDetails(t *testing.T) {
	read := func(name string) Project {
		p, err := ReadProjectFile(filepath.Join("testdata", name+".qdpx"))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}

	qc := read("qualcoder")
	if len(qc.Memos) != 1 {
		t.Fatalf("qualcoder: memos %+v", qc.Memos)
	}
	m := qc.Memos[0]
	if m.Target != coding.MemoOnCoding || m.TargetID != "9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e01" || m.Text != "Obama’s word, not the author’s." ||
		m.CoderID != "3d5f9c5f-6e7b-4a2c-8d3e-8f9a0b1c2d3e" || m.Updated.Format(time.RFC3339) != "2024-05-02T10:16:00Z" {
		t.Errorf("qualcoder: memo %+v", m)
	}
	if c := qc.Codings[0]; c.ID != "9b1c3d4e-0a1b-4c2d-8e3f-4a5b6c7d8e01" || c.Created.Format(time.RFC3339) != "2024-05-02T10:13:00Z" {
		t.Errorf("qualcoder: a selection's single coding should carry the selection's GUID and date: %+v", c)
	}
	if d := qc.Documents[0]; d.ID != qcSony || d.Name != "sony-hack-cyber-dialogue" || d.Created.IsZero() {
		t.Errorf("qualcoder: document %+v", d)
	}

	nv := read("nvivo")
	if nv.Documents[0].ID != "5a3c0f1e-8d2b-4c7a-9e6f-0b1d2c3e4f50" {
		t.Errorf("nvivo: document id %q, want the GUID without braces in lower case", nv.Documents[0].ID)
	}
	var ids []string
	for _, c := range nv.Codings {
		ids = append(ids, c.ID)
	}
	// One selection with two codings: each keeps its <Coding> GUID.
	if want := []string{"ee000000-0000-4000-8000-000000000001", "ee000000-0000-4000-8000-000000000004", "ee000000-0000-4000-8000-000000000005"}; !slices.Equal(ids, want) {
		t.Errorf("nvivo: coding ids %q, want %q", ids, want)
	}
	if nv.Codings[0].CoderID != "c0ffee00-1234-4abc-8def-000000000001" {
		t.Errorf("nvivo: a coding without creator should fall back to the project's creatingUserGUID, got %q", nv.Codings[0].CoderID)
	}

	at := read("atlasti")
	if d := at.Documents[1]; d.Name != "Setback (inline)" || d.Text != corpus(t, setbackFile) {
		t.Errorf("atlasti: the PlainTextContent source was not read as its text")
	}
	if c := at.Codings[0]; c.Created.Format(time.RFC3339) != "2023-11-20T08:00:00Z" {
		t.Errorf("atlasti: a date without zone should read as UTC, got %v", c.Created)
	}
}
