package storage_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// sample is a project with the two sample articles and the coder alice.
type sample struct {
	p          *storage.Project
	sony, setb coding.Document
	alice      coding.Coder
}

func readCorpus(t testing.TB, name string) coding.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return coding.NewDocument(name, string(data))
}

func newSample(t testing.TB) sample {
	t.Helper()
	p, err := storage.Create(filepath.Join(t.TempDir(), "study.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	s := sample{p: p, sony: readCorpus(t, "sony-hack-cyber-dialogue.txt"), setb: readCorpus(t, "setback-cyber-cooperation.txt")}
	if _, err := p.AddDocuments([]coding.Document{s.sony, s.setb}); err != nil {
		t.Fatal(err)
	}
	if s.alice, err = p.EnsureCoder("alice"); err != nil {
		t.Fatal(err)
	}
	return s
}

// find is the rune span of the first occurrence of phrase in the document.
func find(t testing.TB, d coding.Document, phrase string) coding.Span {
	t.Helper()
	i := strings.Index(d.Text, phrase)
	if i < 0 {
		t.Fatalf("%q not in %s", phrase, d.Name)
	}
	start := coding.ByteToRune(d.Text, i)
	return coding.Span{Start: start, End: start + len([]rune(phrase))}
}

func TestSampleArticlesKeepTheirLengthAndText(t *testing.T) {
	s := newSample(t)
	for _, want := range []struct {
		name   string
		length int
	}{{"sony-hack-cyber-dialogue.txt", 7036}, {"setback-cyber-cooperation.txt", 4869}} {
		d, err := s.p.DocumentNamed(want.name)
		if err != nil {
			t.Fatal(err)
		}
		if d.Length != want.length || len([]rune(d.Text)) != want.length {
			t.Errorf("%s: length %d, want %d code points", want.name, d.Length, want.length)
		}
		if d.SHA256 != coding.TextHash(d.Text) {
			t.Errorf("%s: stored hash does not match the text", want.name)
		}
	}
	d, _ := s.p.DocumentNamed("sony-hack-cyber-dialogue.txt")
	span := find(t, d, "cyber vandalism")
	if got := coding.Slice(d.Text, span); got != "cyber vandalism" {
		t.Errorf("slice by rune offset %v = %q", span, got)
	}
	// Byte and rune offsets differ from the first line on (Chinese characters).
	if strings.Index(d.Text, "cyber vandalism") == span.Start {
		t.Errorf("rune offset equals byte offset: the sample should contain multi-byte characters before it")
	}
}

func TestSameTextIsNotImportedTwice(t *testing.T) {
	s := newSample(t)
	again := coding.NewDocument("renamed-copy.txt", s.sony.Text)
	added, err := s.p.AddDocuments([]coding.Document{again})
	if err != nil {
		t.Fatal(err)
	}
	if !added[0].Existing || added[0].Document.ID != s.sony.ID {
		t.Errorf("re-import: got %+v, want the existing document %s", added[0], s.sony.ID)
	}
	docs, _ := s.p.Documents()
	if len(docs) != 2 {
		t.Errorf("%d documents after re-import, want 2", len(docs))
	}
	// A different text under a taken name gets a numbered name.
	added, err = s.p.AddDocuments([]coding.Document{coding.NewDocument("sony-hack-cyber-dialogue.txt", "another text")})
	if err != nil || added[0].Document.Name != "sony-hack-cyber-dialogue (2).txt" {
		t.Errorf("name clash: %v %+v", err, added)
	}
}

func TestCodingIsStoredAndUndoable(t *testing.T) {
	s := newSample(t)
	norms, err := s.p.EnsureCodePath("Norms")
	if err != nil {
		t.Fatal(err)
	}
	span := find(t, s.sony, "cyber vandalism")
	c, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: norms.ID, CoderID: s.alice.ID, Span: span})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.p.CodingsOf(s.sony.ID)
	if len(got) != 1 || got[0].Span != span || got[0].CoderID != s.alice.ID || got[0].ID != c.ID {
		t.Fatalf("codings of the document: %+v", got)
	}
	// The same coding again changes nothing.
	again, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: norms.ID, CoderID: s.alice.ID, Span: span})
	if err != nil || again.ID != c.ID {
		t.Errorf("duplicate coding: %v, id %s want %s", err, again.ID, c.ID)
	}
	if label, err := s.p.Undo(); err != nil || label != "Code passage" {
		t.Fatalf("undo: %q %v", label, err)
	}
	if got, _ := s.p.CodingsOf(s.sony.ID); len(got) != 0 {
		t.Fatalf("after undo: %d codings", len(got))
	}
	// Undo survives closing and reopening the project.
	path := s.p.Path()
	s.p.Close()
	p, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if label, ok := p.RedoLabel(); !ok || label != "Code passage" {
		t.Fatalf("redo label after reopen: %q %v", label, ok)
	}
	if _, err := p.Redo(); err != nil {
		t.Fatal(err)
	}
	got, _ = p.CodingsOf(s.sony.ID)
	if len(got) != 1 || got[0].ID != c.ID || got[0].Span != span {
		t.Fatalf("after redo: %+v", got)
	}
	if _, err := p.Redo(); !errors.Is(err, storage.ErrNothingToRedo) {
		t.Errorf("second redo: %v", err)
	}
}

func TestBadCodingsChangeNothing(t *testing.T) {
	s := newSample(t)
	trust, _ := s.p.EnsureCodePath("Trust")
	for _, tc := range []struct {
		name string
		c    coding.Coding
		want string
	}{
		{"past the end", coding.Coding{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: s.alice.ID, Span: coding.Span{Start: 7000, End: 7037}}, "past the end"},
		{"end before start", coding.Coding{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: s.alice.ID, Span: coding.Span{Start: 10, End: 5}}, "not after start"},
		{"negative", coding.Coding{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: s.alice.ID, Span: coding.Span{Start: -1, End: 5}}, "negative"},
		{"unknown document", coding.Coding{DocumentID: coding.NewID(), CodeID: trust.ID, CoderID: s.alice.ID, Span: coding.Span{Start: 0, End: 5}}, "no document"},
		{"unknown code", coding.Coding{DocumentID: s.sony.ID, CodeID: coding.NewID(), CoderID: s.alice.ID, Span: coding.Span{Start: 0, End: 5}}, "no code"},
		{"unknown coder", coding.Coding{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: coding.NewID(), Span: coding.Span{Start: 0, End: 5}}, "no coder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.p.AddCoding(tc.c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
			if n, _ := s.p.CodingCount(); n != 0 {
				t.Errorf("%d codings stored", n)
			}
		})
	}
	if label, _ := s.p.UndoLabel(); label != "Add code Trust" {
		t.Errorf("refused actions left journal entries: undo label %q", label)
	}
}

func TestCodebookActions(t *testing.T) {
	s := newSample(t)
	norms, _ := s.p.EnsureCodePath("Norms")
	vandal, err := s.p.EnsureCodePath("Norms > Cyber vandalism")
	if err != nil || vandal.ParentID != norms.ID {
		t.Fatalf("child code: %+v %v", vandal, err)
	}
	if _, err := s.p.AddCode(coding.Code{Name: "norms"}); err == nil {
		t.Error("a second top-level code named like an existing one (ignoring case) was accepted")
	}
	if _, err := s.p.AddCode(coding.Code{Name: "A > B"}); err == nil {
		t.Error("a code name containing the path separator was accepted")
	}
	// Moving a code under its own child is refused.
	moved := norms
	moved.ParentID = vandal.ID
	if err := s.p.UpdateCode(norms, moved); err == nil {
		t.Error("moving a code under its child was accepted")
	}
	span := find(t, s.sony, "cyber vandalism")
	if _, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: vandal.ID, CoderID: s.alice.ID, Span: span}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.p.CountCodingsUnder(norms.ID); n != 1 {
		t.Errorf("codings under Norms: %d, want 1", n)
	}
	removed, err := s.p.DeleteCode(norms.ID)
	if err != nil || removed != 1 {
		t.Fatalf("delete: %d %v", removed, err)
	}
	cb, _ := s.p.Codebook()
	if cb.Len() != 0 {
		t.Errorf("%d codes left after deleting the tree", cb.Len())
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	cb, _ = s.p.Codebook()
	if got := cb.Path(vandal.ID); got != "Norms > Cyber vandalism" {
		t.Errorf("after undoing the delete: path %q", got)
	}
	if got, _ := s.p.CodingsOf(s.sony.ID); len(got) != 1 || got[0].Span != span {
		t.Errorf("after undoing the delete: codings %+v", got)
	}
}

func TestMergeCodeMovesCodings(t *testing.T) {
	s := newSample(t)
	trust, _ := s.p.EnsureCodePath("Trust")
	confidence, _ := s.p.EnsureCodePath("Confidence")
	a := find(t, s.sony, "cyber vandalism")
	b := find(t, s.sony, "Sony hack")
	for _, c := range []coding.Coding{
		{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: s.alice.ID, Span: a},
		{DocumentID: s.sony.ID, CodeID: confidence.ID, CoderID: s.alice.ID, Span: a}, // same as above once merged
		{DocumentID: s.sony.ID, CodeID: confidence.ID, CoderID: s.alice.ID, Span: b},
	} {
		if _, err := s.p.AddCoding(c); err != nil {
			t.Fatal(err)
		}
	}
	moved, err := s.p.MergeCode(confidence.ID, trust.ID)
	if err != nil || moved != 1 {
		t.Fatalf("merge: moved %d, %v", moved, err)
	}
	got, _ := s.p.CodingsWithCode(trust.ID)
	if len(got) != 2 {
		t.Errorf("Trust has %d codings after the merge, want 2", len(got))
	}
	cb, _ := s.p.Codebook()
	if _, ok := cb.Code(confidence.ID); ok {
		t.Error("merged code still exists")
	}
}

func TestCSVRoundTripAfterChineseCharacters(t *testing.T) {
	s := newSample(t)
	// "cyber vandalism" sits after the Chinese characters of the first line.
	span := find(t, s.sony, "cyber vandalism")
	if _, err := s.p.Code(storage.CodeRequest{Coder: "alice", Document: s.sony.Name, CodePath: "Norms > Cyber vandalism", Span: span, Memo: "Obama's term"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.p.ExportCodingsCSV(&buf, storage.Filter{}); err != nil {
		t.Fatal(err)
	}
	wantLine := "alice,sony-hack-cyber-dialogue.txt,Norms > Cyber vandalism," + strconv.Itoa(span.Start) + "," + strconv.Itoa(span.End) + ",cyber vandalism,Obama's term"
	if !strings.Contains(buf.String(), wantLine) {
		t.Fatalf("export:\n%s\nwant line %s", buf.String(), wantLine)
	}
	other, err := storage.Create(filepath.Join(t.TempDir(), "other.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.AddDocuments([]coding.Document{readCorpus(t, "sony-hack-cyber-dialogue.txt")}); err != nil {
		t.Fatal(err)
	}
	r, err := other.ImportCodingsCSV(bytes.NewReader(buf.Bytes()), "export.csv")
	if err != nil || r.Added != 1 {
		t.Fatalf("import: %+v %v", r, err)
	}
	d, _ := other.DocumentNamed("sony-hack-cyber-dialogue.txt")
	got, _ := other.CodingsOf(d.ID)
	if len(got) != 1 || coding.Slice(d.Text, got[0].Span) != "cyber vandalism" || got[0].Memo != "Obama's term" {
		t.Fatalf("imported coding: %+v", got)
	}
	// Importing the same file again adds nothing.
	r, err = other.ImportCodingsCSV(bytes.NewReader(buf.Bytes()), "export.csv")
	if err != nil || r.Added != 0 || r.AlreadyThere != 1 {
		t.Errorf("second import: %+v %v", r, err)
	}
}

func TestCSVWithOneBadRowChangesNothing(t *testing.T) {
	s := newSample(t)
	good := "alice,sony-hack-cyber-dialogue.txt,Trust,0,10\n"
	for _, tc := range []struct{ name, csv, want string }{
		{"past the end", "coder,document,code,start,end\n" + good + "bob,sony-hack-cyber-dialogue.txt,Trust,7000,7037\n", "line 3"},
		{"end before start", "coder,document,code,start,end\n" + good + "bob,sony-hack-cyber-dialogue.txt,Trust,50,40\n", "line 3"},
		{"unknown document", "coder,document,code,start,end\n" + good + "bob,missing.txt,Trust,1,2\n", `no document named "missing.txt"`},
		{"not a number", "coder,document,code,start,end\n" + good + "bob,sony-hack-cyber-dialogue.txt,Trust,one,2\n", `start "one" is not a whole number`},
		{"missing column", "coder,document,code,start\n" + good, `no "end" column`},
		{"empty file", "", "empty"},
		{"empty code level", "coder,document,code,start,end\n" + good + "bob,sony-hack-cyber-dialogue.txt,Trust > ,1,2\n", "empty level"},
		{"text from another version", "coder,document,code,start,end,text\nbob,sony-hack-cyber-dialogue.txt,Norms,1395,1410,cyber vandalism\nbob,sony-hack-cyber-dialogue.txt,Norms,1396,1411,cyber vandalism\n", "line 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.p.ImportCodingsCSV(strings.NewReader(tc.csv), "codings.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "codings.csv") {
				t.Fatalf("error %v, want one naming codings.csv and %q", err, tc.want)
			}
			if n, _ := s.p.CodingCount(); n != 0 {
				t.Errorf("%d codings stored", n)
			}
			if cb, _ := s.p.Codebook(); cb.Len() != 0 {
				t.Errorf("%d codes created", cb.Len())
			}
			if coders, _ := s.p.Coders(); len(coders) != 1 {
				t.Errorf("%d coders, want only alice", len(coders))
			}
		})
	}
}

func TestOpenRefusesWhatIsNotAProject(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.qdb")
	os.WriteFile(text, []byte("just some notes"), 0o644)
	empty := filepath.Join(dir, "empty.qdb")
	os.WriteFile(empty, nil, 0o644)
	foreign := filepath.Join(dir, "foreign.db")
	db, _ := sql.Open("sqlite3", foreign)
	db.Exec("CREATE TABLE t(x)")
	db.Close()
	newer := filepath.Join(dir, "newer.qdb")
	p, err := storage.Create(newer)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	db, _ = sql.Open("sqlite3", newer)
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, tc := range []struct {
		path string
		want error
	}{{text, storage.ErrNotProject}, {empty, storage.ErrNotProject}, {foreign, storage.ErrNotProject}, {newer, storage.ErrNewerVersion}} {
		before, _ := os.ReadFile(tc.path)
		_, err := storage.Open(tc.path)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("open %s: %v, want %v naming the file", filepath.Base(tc.path), err, tc.want)
		}
		after, _ := os.ReadFile(tc.path)
		if !bytes.Equal(before, after) {
			t.Errorf("open %s changed the file", filepath.Base(tc.path))
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(tc.path + suffix); err == nil {
				t.Errorf("open %s left %s beside it", filepath.Base(tc.path), filepath.Base(tc.path)+suffix)
			}
		}
	}
	if _, err := storage.Open(filepath.Join(dir, "missing.qdb")); err == nil {
		t.Error("opening a missing file succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.qdb")); err == nil {
		t.Error("opening a missing file created it")
	}
	if _, err := storage.Create(text); err == nil {
		t.Error("create overwrote an existing file")
	}
}

func TestProjectFileSettings(t *testing.T) {
	s := newSample(t)
	var mode string
	db, err := sql.Open("sqlite3", s.p.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q %v, want wal", mode, err)
	}
	if verdict, err := s.p.IntegrityCheck(); err != nil || verdict != "ok" {
		t.Errorf("integrity: %q %v", verdict, err)
	}
}
