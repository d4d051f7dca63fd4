package refi

import "strings"

// social is a text as social-media data comes: emoji (flags are two
// characters outside the Basic Multilingual Plane each) and CJK Extension
// B ideographs, which UTF-16 counts as two code units and code points as one.
const social = "Thread 🧵 on the Sony hack 😡😡\n" +
	"@analyst: Everyone says 🇺🇸 and 🇨🇳 should talk 🤝 but nobody trusts anyone.\n" +
	"@𠮷野家fan: the 𡈽 character breaks every counter 💯 and so do flags.\n" +
	"Reply: trust is earned, not declared 🙏\n"

// socialPhrases are what the fixtures on social code, in text order.
var socialPhrases = []string{"should talk", "nobody trusts anyone", "𠮷野家fan", "breaks every counter", "trust is earned", "not declared"}

const (
	nvMac   = "5e1a0000-0000-4000-8000-00000000aa01"
	nvWin   = "5e1a0000-0000-4000-8000-00000000aa02"
	qcEmoji = "5e1a0000-0000-4000-8000-00000000aa03"
	weakSrc = "5e1a0000-0000-4000-8000-00000000aa04"
	twinA   = "5e1a0000-0000-4000-8000-00000000aa05"
	twinB   = "5e1a0000-0000-4000-8000-00000000aa06"
	emptyA  = "5e1a0000-0000-4000-8000-00000000aa07"
	emptyB  = "5e1a0000-0000-4000-8000-00000000aa08"
	pdfRep  = "5e1a0000-0000-4000-8000-00000000aa09"
	atCom   = "5e1a0000-0000-4000-8000-00000000aa0a"
)

// socialSelections writes one selection per social phrase, with the
// template function pos (pos, pos16, pos16crlf) on file; named selections
// carry the phrase as their name, as QualCoder writes them.
func socialSelections(pos, file string, named bool) string {
	var b strings.Builder
	for i, phrase := range socialPhrases {
		name := ""
		if named {
			name = ` name="` + phrase + `"`
		}
		b.WriteString(`<PlainTextSelection guid="5e1a0000-0000-4000-8000-0000000001` + string(rune('0'+i)) + `0"` + name +
			` {{` + pos + ` "` + file + `" "` + phrase + `"}}><Coding guid="5e1a0000-0000-4000-8000-0000000001` + string(rune('0'+i)) +
			`1" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
`)
	}
	return b.String()
}

func socialWant(coder string) []string {
	var out []string
	for _, phrase := range socialPhrases {
		out = append(out, "Talk|"+coder+"|"+phrase)
	}
	return out
}

const oneUserOneCode = `<Users><User guid="5e1a0000-0000-4000-8000-0000000000f1" name="R"/></Users>
<CodeBook><Codes><Code guid="5e1a0000-0000-4000-8000-0000000000c1" name="Talk" isCodable="true" color="#336699"/></Codes></CodeBook>
`

// exchangeFixtures imitate what real tools write that a coding lands on the
// wrong words, or disappears, if read naively: positions in UTF-16 code
// units, with CRLF counted as two; selection names that settle the
// question; too little evidence; identical texts; comments and notes;
// sources without names; PDFs.
func exchangeFixtures() []fixture {
	return []fixture{
		{
			// NVivo for Mac: UTF-16 code units, "\n" line endings, no
			// selection names: only word edges tell.
			name: "nvivo-utf16", qdeName: "project.qde",
			files: map[string]string{"sources/" + nvMac + ".txt": social},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Social (NVivo)" origin="NVivo 14 (Mac)">
` + oneUserOneCode + `<Sources>
<TextSource guid="` + nvMac + `" name="Thread" plainTextPath="internal://` + nvMac + `.txt">
` + socialSelections("pos16", "sources/"+nvMac+".txt", false) + `</TextSource>
</Sources>
</Project>
`,
			want:     socialWant("R"),
			warnings: []string{`"Thread": positions count UTF-16 code units; mapped`},
		},
		{
			// NVivo for Windows: a BOM, CRLF line endings counted as two,
			// and UTF-16 code units.
			name: "nvivo-utf16-crlf", qdeName: "project.qde",
			files: map[string]string{"sources/" + nvWin + ".txt": bom(crlf(social))},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Social (NVivo)" origin="NVivo 12 (Windows)">
` + oneUserOneCode + `<Sources>
<TextSource guid="` + nvWin + `" name="Thread" plainTextPath="internal://` + nvWin + `.txt">
` + socialSelections("pos16crlf", "sources/"+nvWin+".txt", false) + `</TextSource>
</Sources>
</Project>
`,
			want:     socialWant("R"),
			warnings: []string{`"Thread": positions count UTF-16 code units, each CRLF line break as two; mapped`},
		},
		{
			// A tool counting code points that names each selection by its
			// text: the names settle it, with no warning.
			name: "named-codepoints", qdeName: "project.qde",
			files: map[string]string{"sources/" + qcEmoji + ".txt": social},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Social (QualCoder)" origin="QualCoder 3.6">
` + oneUserOneCode + `<Sources>
<TextSource guid="` + qcEmoji + `" name="Thread" plainTextPath="internal://` + qcEmoji + `.txt">
` + socialSelections("pos", "sources/"+qcEmoji+".txt", true) + `</TextSource>
</Sources>
</Project>
`,
			want: socialWant("R"),
		},
		{
			// One selection after one emoji: its start falls inside a word
			// under code points and not under UTF-16, its end on a word edge
			// either way. A difference of one edge is weak evidence: the
			// better reading is taken, with a warning naming the source.
			name: "weak-evidence", qdeName: "project.qde",
			files: map[string]string{"sources/" + weakSrc + ".txt": "😀  one two\n"},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Weak">
` + oneUserOneCode + `<Sources>
<TextSource guid="` + weakSrc + `" name="Short post" plainTextPath="internal://` + weakSrc + `.txt">
<PlainTextSelection guid="5e1a0000-0000-4000-8000-000000000201" {{pos16 "sources/` + weakSrc + `.txt" "one"}}><Coding guid="5e1a0000-0000-4000-8000-000000000202" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>
`,
			want:     []string{"Talk|R|one"},
			warnings: []string{`"Short post": where the selections fall on words hardly tells UTF-16 code units`, `"Short post": positions count UTF-16 code units`},
		},
		{
			// Two transcripts with the same text and two empty ones (as in a
			// real NVivo file): four sources, four documents.
			name: "twins", qdeName: "project.qde",
			files: map[string]string{"sources/" + twinA + ".txt": "Same words.\n", "sources/" + twinB + ".txt": "Same words.\n",
				"sources/" + emptyA + ".txt": "", "sources/" + emptyB + ".txt": ""},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Twins">
` + oneUserOneCode + `<Sources>
<TextSource guid="` + twinA + `" name="Interview A" plainTextPath="internal://` + twinA + `.txt">
<PlainTextSelection guid="5e1a0000-0000-4000-8000-000000000301" {{pos "sources/` + twinA + `.txt" "Same"}}><Coding guid="5e1a0000-0000-4000-8000-000000000302" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="` + twinB + `" name="Interview B" plainTextPath="internal://` + twinB + `.txt">
<PlainTextSelection guid="5e1a0000-0000-4000-8000-000000000303" {{pos "sources/` + twinB + `.txt" "words"}}><Coding guid="5e1a0000-0000-4000-8000-000000000304" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="` + emptyA + `" name="Transcript 1" plainTextPath="internal://` + emptyA + `.txt"/>
<TextSource guid="` + emptyB + `" name="Transcript 2" plainTextPath="internal://` + emptyB + `.txt"/>
</Sources>
</Project>
`,
			want: []string{"Talk|R|Same", "Talk|R|words"},
		},
		{
			// ATLAS.ti: quotation comments as <Description>, notes referred
			// to from the project, a source, a code and a coding; a source
			// without a name.
			name: "comments", qdeName: "project.qde",
			files: map[string]string{"sources/Interview 03.txt": "I never trusted them. Then the hack came.\n"},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Comments" origin="ATLAS.ti 23">
<Users><User guid="5e1a0000-0000-4000-8000-0000000000f1" name="R"/></Users>
<CodeBook><Codes><Code guid="5e1a0000-0000-4000-8000-0000000000c1" name="Talk" isCodable="true" color="#336699"><NoteRef targetGUID="5e1a0000-0000-4000-8000-000000000403"/></Code></Codes></CodeBook>
<Sources>
<TextSource guid="` + atCom + `" plainTextPath="internal://Interview 03.txt">
<Description>Recorded by phone.</Description>
<PlainTextSelection guid="5e1a0000-0000-4000-8000-000000000401" {{pos "sources/Interview 03.txt" "I never trusted them."}}>
<Description>Says it twice in the interview.</Description>
<Coding guid="5e1a0000-0000-4000-8000-000000000402" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/><NoteRef targetGUID="5e1a0000-0000-4000-8000-000000000404"/></Coding>
</PlainTextSelection>
<NoteRef targetGUID="5e1a0000-0000-4000-8000-000000000405"/>
</TextSource>
</Sources>
<Notes>
<Note guid="5e1a0000-0000-4000-8000-000000000403" name="on the code"><PlainTextContent>Merge with Trust?</PlainTextContent></Note>
<Note guid="5e1a0000-0000-4000-8000-000000000404" name="on the coding"><PlainTextContent>Strong wording.</PlainTextContent></Note>
<Note guid="5e1a0000-0000-4000-8000-000000000405" name="on the source"><PlainTextContent>Second interview.</PlainTextContent></Note>
<Note guid="5e1a0000-0000-4000-8000-000000000406" name="on the project"><PlainTextContent>Pilot study.</PlainTextContent></Note>
</Notes>
<NoteRef targetGUID="5e1a0000-0000-4000-8000-000000000406"/>
</Project>
`,
			want: []string{"Talk|R|I never trusted them."},
		},
		{
			// NVivo and ATLAS.ti export a coded PDF as a <PDFSource> with a
			// plain-text <Representation> holding the codings; a PDF
			// without one cannot be placed.
			name: "pdf", qdeName: "project.qde",
			files: map[string]string{"sources/" + pdfRep + ".txt": "Page one text.\nPage two: the policy paper.\n"},
			qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="PDFs" origin="NVivo 15">
` + oneUserOneCode + `<Sources>
<PDFSource guid="5e1a0000-0000-4000-8000-000000000501" name="Policy paper.pdf" path="internal://5e1a0000-0000-4000-8000-000000000501.pdf">
<Representation guid="` + pdfRep + `" plainTextPath="internal://` + pdfRep + `.txt">
<PlainTextSelection guid="5e1a0000-0000-4000-8000-000000000502" {{pos "sources/` + pdfRep + `.txt" "the policy paper"}}><Coding guid="5e1a0000-0000-4000-8000-000000000503" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</Representation>
</PDFSource>
<PDFSource guid="5e1a0000-0000-4000-8000-000000000504" name="Scanned letter.pdf" path="internal://5e1a0000-0000-4000-8000-000000000504.pdf">
<PDFSelection guid="5e1a0000-0000-4000-8000-000000000505" page="1" firstX="10" firstY="10" secondX="90" secondY="40"><Coding guid="5e1a0000-0000-4000-8000-000000000506" creatingUser="5e1a0000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="5e1a0000-0000-4000-8000-0000000000c1"/></Coding></PDFSelection>
</PDFSource>
</Sources>
</Project>
`,
			want:     []string{"Talk|R|the policy paper"},
			warnings: []string{`PDF source "Scanned letter.pdf" has no plain-text <Representation>; left out with its 1 PDF selections`},
		},
	}
}
