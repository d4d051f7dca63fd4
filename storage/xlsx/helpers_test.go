package xlsx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
	"desktop/marginalia/storage/xlsx"
)

// studyOf compares the codings of the coders in the documents, on every
// codable code of the codebook in tree order, as storage.Compare does.
func studyOf(coders []coding.Coder, docs []coding.Document, cb *coding.Codebook, codings []coding.Coding) xlsx.Study {
	var opt agreement.Options
	for _, c := range coders {
		opt.Coders = append(opt.Coders, c.ID)
	}
	for _, d := range docs {
		opt.Documents = append(opt.Documents, agreement.Document{ID: d.ID, Length: d.Length})
	}
	for _, c := range cb.Codes() {
		if c.Codable {
			opt.Codes = append(opt.Codes, c.ID)
		}
	}
	segs := make([]agreement.Segment, len(codings))
	for i, c := range codings {
		segs[i] = agreement.Segment{Coder: c.CoderID, Code: c.CodeID, Document: c.DocumentID, Span: c.Span}
	}
	paragraphs := map[string][]coding.Span{}
	for _, d := range docs {
		paragraphs[d.ID] = coding.Paragraphs(d.Text)
	}
	iv := agreement.Bootstrap(segs, opt, agreement.BootstrapOptions{Resamples: 500, Paragraphs: paragraphs})
	return xlsx.Study{
		Intervals:     &iv,
		Coders:        coders,
		Documents:     docs,
		Codebook:      cb,
		Codings:       codings,
		Report:        agreement.Compare(segs, opt),
		Disagreements: agreement.Disagreements(segs, opt),
		Generated:     time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC),
	}
}

// corpus reads the sample articles.
func corpus(t testing.TB) []coding.Document {
	t.Helper()
	var docs []coding.Document
	for _, name := range []string{"sony-hack-cyber-dialogue.txt", "setback-cyber-cooperation.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, coding.NewDocument(name, string(data)))
	}
	return docs
}

// at is the rune span of the first occurrence of phrase in the document's
// text, which must hold it.
func at(t testing.TB, d coding.Document, phrase string) coding.Span {
	t.Helper()
	i := strings.Index(d.Text, phrase)
	if i < 0 {
		t.Fatalf("%s does not contain %q", d.Name, phrase)
	}
	start := utf8.RuneCountInString(d.Text[:i])
	return coding.Span{Start: start, End: start + utf8.RuneCountInString(phrase)}
}

// sample is a study of the two sample articles by Ana and Ben, with
// overlapping and differing codings, a category, a code nobody applied, and
// texts with curly quotes and Chinese characters.
type sample struct {
	xlsx.Study
	ana, ben                                        coding.Coder
	conflict, attack, cooperation, language, unused coding.Code
	// phrases are what each coding coded, in the order of Codings.
	phrases []string
}

func newSample(t testing.TB) sample {
	t.Helper()
	s := sample{
		ana:         coding.Coder{ID: coding.NewID(), Name: "Ana"},
		ben:         coding.Coder{ID: coding.NewID(), Name: "Ben"},
		conflict:    coding.Code{ID: coding.NewID(), Name: "Conflict", Color: "#C0392B", Position: 0},
		cooperation: coding.Code{ID: coding.NewID(), Name: "Cooperation", Color: "#27AE60", Codable: true, Position: 1},
		language:    coding.Code{ID: coding.NewID(), Name: "Language", Color: "#2E86DE", Codable: true, Position: 2},
		unused:      coding.Code{ID: coding.NewID(), Name: "Unused", Color: "#7F8C8D", Codable: true, Position: 3},
	}
	s.attack = coding.Code{ID: coding.NewID(), Name: "Attack", ParentID: s.conflict.ID, Color: "#E67E22", Codable: true,
		Description: coding.Description{
			Definition:   "An act of hostility in cyberspace.",
			WhenToUse:    "The text names an attack, hack or act of vandalism.",
			WhenNotToUse: "Mere capability or espionage.",
			Example:      "“cyber vandalism”",
		}}
	docs := corpus(t)
	sony, setback := docs[0], docs[1]
	code := func(coder coding.Coder, c coding.Code, d coding.Document, phrase string) {
		s.Codings = append(s.Codings, coding.Coding{
			ID: coding.NewID(), CoderID: coder.ID, CodeID: c.ID, DocumentID: d.ID, Span: at(t, d, phrase), Memo: "memo on " + phrase,
		})
		s.phrases = append(s.phrases, phrase)
	}
	code(s.ana, s.cooperation, sony, "bilateral cyber cooperation")
	code(s.ben, s.cooperation, sony, "cyber cooperation. Recently")
	code(s.ana, s.attack, sony, "cyber vandalism")
	code(s.ben, s.attack, sony, "“cyber vandalism”")
	code(s.ana, s.language, sony, "English 简体 繁體")
	code(s.ben, s.language, sony, "简体 繁體")
	code(s.ana, s.cooperation, setback, "Sino-US cyber cooperation")
	code(s.ben, s.cooperation, setback, "Sino-US cyber cooperation")
	code(s.ben, s.attack, setback, "surprise attack")
	cb := coding.NewCodebook([]coding.Code{s.conflict, s.attack, s.cooperation, s.language, s.unused})
	study := studyOf([]coding.Coder{s.ana, s.ben}, docs, cb, s.Codings)
	s.Study = study
	return s
}

// write writes the workbook of s and opens it.
func write(t testing.TB, s xlsx.Study) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, s); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return open(t, buf.Bytes()), buf.Bytes()
}

// open opens a workbook's bytes with excelize.
func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// rows reads a sheet's cells as stored (numbers unformatted).
func rows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("read sheet %s: %v", sheet, err)
	}
	return r
}
