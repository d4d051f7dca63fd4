package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNewCreatesAnEmptyProject(t *testing.T) {
	path := filepath.Join(t.TempDir(), "study.qdb")
	o := mg(t, "new", path)
	if o.code != 0 || o.stderr != "" {
		t.Fatalf("new: exit %d, stderr %q", o.code, o.stderr)
	}
	l := list(t, path)
	if len(l.Documents) != 0 || len(l.Codes) != 0 || len(l.Coders) != 0 || l.Codings != 0 {
		t.Errorf("a new project is not empty: %+v", l)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.qdb")
	if err := os.WriteFile(notes, []byte("three months of field notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	project := projectWithArticles(t)
	for _, path := range []string{notes, project} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before := fileDigest(t, path)
			for _, args := range [][]string{{"new", path}, {"new", "--sample", path}} {
				o := mg(t, args...)
				if o.code == 0 {
					t.Fatalf("%q overwrote an existing file (exit 0)", args)
				}
				if !strings.Contains(o.stderr, path) || strings.Count(o.stderr, "\n") != 1 {
					t.Errorf("%q: stderr %q should be one line naming %s", args, o.stderr, path)
				}
				if after := fileDigest(t, path); after != before {
					t.Errorf("%q changed the existing file", args)
				}
			}
		})
	}
}

func TestNewSample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sample.qdb")
	mustMG(t, "new", path, "--sample")
	l := list(t, path)
	lengths := map[string]int{}
	for _, d := range l.Documents {
		lengths[d.Name] = d.Length
	}
	if want := map[string]int{sony: sonyLength, setback: setbackLength}; !maps.Equal(lengths, want) {
		t.Errorf("sample documents = %v, want %v", lengths, want)
	}
	var codes []string
	colors := map[string]bool{}
	for _, c := range l.Codes {
		codes = append(codes, c.Path)
		colors[c.Color] = true
	}
	slices.Sort(codes)
	if want := []string{"Conflict", "Cooperation", "Norms", "Sovereignty", "Trust"}; !slices.Equal(codes, want) {
		t.Errorf("sample codes = %q, want %q", codes, want)
	}
	if len(colors) != 5 {
		t.Errorf("the five starter codes share colours: %v", colors)
	}
}

// TestImportAndListJSON checks the documented `list --json` shape on the
// two sample articles, and that importing the same text again adds nothing.
func TestImportAndListJSON(t *testing.T) {
	project := projectWithArticles(t)
	mustMG(t, "code", project, "--coder", "alice", "--document", sony, "--code", "Norms > Cyber vandalism", "--start", "10", "--end", "20")
	raw := mustMG(t, "list", "--json", project)

	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &top); err != nil {
		t.Fatalf("list --json is not a JSON object: %v\n%s", err, raw)
	}
	if keys := slices.Sorted(maps.Keys(top)); !slices.Equal(keys, []string{"cases", "code_sets", "coders", "codes", "codings", "documents", "sets"}) {
		t.Errorf("top-level keys = %q", keys)
	}
	checkKeys := func(field string, required, allowed []string) {
		t.Helper()
		var items []map[string]any
		if err := json.Unmarshal(top[field], &items); err != nil {
			t.Fatalf("%s: %v", field, err)
		}
		for _, item := range items {
			for _, k := range required {
				if _, ok := item[k]; !ok {
					t.Errorf("%s item %v lacks %q", field, item, k)
				}
			}
			for k := range item {
				if !slices.Contains(required, k) && !slices.Contains(allowed, k) {
					t.Errorf("%s item has unexpected key %q", field, k)
				}
			}
		}
	}
	checkKeys("documents", []string{"id", "name", "length", "sha256", "attributes"}, nil)
	checkKeys("codes", []string{"id", "path", "color", "codable"}, []string{"description", "key"})
	checkKeys("coders", []string{"id", "name"}, nil)
	var codings int
	if err := json.Unmarshal(top["codings"], &codings); err != nil || codings != 1 {
		t.Errorf("codings = %s, want the number 1", top["codings"])
	}

	l := list(t, project)
	want := map[string]int{setback: setbackLength, sony: sonyLength}
	if len(l.Documents) != len(want) {
		t.Fatalf("documents = %+v, want the two articles", l.Documents)
	}
	for _, d := range l.Documents {
		if d.Length != want[d.Name] {
			t.Errorf("%s: length %d, want %d", d.Name, d.Length, want[d.Name])
		}
		text := mustMG(t, "text", project, d.Name)
		if text != storedText(t, d.Name) {
			t.Errorf("%s: `text` differs from the imported file", d.Name)
		}
		if n := utf8.RuneCountInString(text); n != d.Length {
			t.Errorf("%s: length %d but the text has %d code points", d.Name, d.Length, n)
		}
		sum := sha256.Sum256([]byte(text))
		if d.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: sha256 %s is not the SHA-256 of the stored text", d.Name, d.SHA256)
		}
	}
	if got := l.codeIDs(); len(got) != 2 || got["Norms"] == "" || got["Norms > Cyber vandalism"] == "" {
		t.Errorf("codes = %v, want Norms and Norms > Cyber vandalism", got)
	}

	// The same article again, under its own name or a copy's, adds no document.
	copyDir := t.TempDir()
	again := copyFile(t, corpus(sony), copyDir)
	renamed := filepath.Join(copyDir, "renamed-copy.txt")
	if err := os.Rename(again, renamed); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{corpus(sony), renamed} {
		out := mustMG(t, "import", project, path)
		if !strings.Contains(out, "already") {
			t.Errorf("re-import of %s: output %q does not say it is already there", path, out)
		}
		if after := list(t, project); len(after.Documents) != 2 {
			t.Errorf("re-import of %s: %d documents, want 2", path, len(after.Documents))
		}
	}
}

func TestTextSliceByRuneOffsets(t *testing.T) {
	project := projectWithArticles(t)
	text := storedText(t, sony)
	start := runeIndex(t, text, "cyber vandalism", 0)
	end := start + utf8.RuneCountInString("cyber vandalism")
	if byteStart := strings.Index(text, "cyber vandalism"); byteStart == start {
		t.Fatalf("test needs a passage whose byte and rune offsets differ (both %d)", start)
	}
	s, e := strconv.Itoa(start), strconv.Itoa(end)
	for _, args := range [][]string{
		{"text", project, sony, "--start", s, "--end", e},
		{"text", "--start", s, "--end", e, project, sony},
		{"text", project, "--start", s, sony, "--end", e},
		{"text", "--start=" + s, project, sony, "--end=" + e},
	} {
		if got := mustMG(t, args...); got != "cyber vandalism" {
			t.Errorf("%q printed %q, want exactly %q", args, got, "cyber vandalism")
		}
	}
	// Only --start: to the end of the text; only --end: from the start.
	if got := mustMG(t, "text", project, sony, "--start", strconv.Itoa(sonyLength-5)); got != string([]rune(text)[sonyLength-5:]) {
		t.Errorf("--start alone printed %q", got)
	}
	if got := mustMG(t, "text", project, sony, "--end", "10"); got != string([]rune(text)[:10]) {
		t.Errorf("--end alone printed %q", got)
	}
}

func TestCodeCreatesCodePathAndCoder(t *testing.T) {
	project := projectWithArticles(t)
	text := storedText(t, sony)
	start := runeIndex(t, text, "cyber vandalism", 0)
	out := mustMG(t, "code", project, "--coder", "alice", "--document", sony, "--code", "Norms > Cyber vandalism",
		"--start", strconv.Itoa(start), "--end", strconv.Itoa(start+15), "--memo", "Obama's term")
	if !strings.Contains(out, "cyber vandalism") {
		t.Errorf("code output %q does not show the coded passage", out)
	}
	l := list(t, project)
	if ids := l.codeIDs(); ids["Norms"] == "" || ids["Norms > Cyber vandalism"] == "" || len(ids) != 2 {
		t.Errorf("codes after `code` = %v, want Norms and its child Cyber vandalism", ids)
	}
	if names := l.coderNames(); !slices.Equal(names, []string{"alice"}) {
		t.Errorf("coders = %q, want [alice]", names)
	}
	// A second coding under an existing code and coder creates neither again.
	mustMG(t, "code", project, "--coder", "alice", "--document", setback, "--code", "Norms > Cyber vandalism", "--start", "0", "--end", "5")
	if l2 := list(t, project); len(l2.Codes) != 2 || len(l2.Coders) != 1 || l2.Codings != 2 {
		t.Errorf("after a second coding: %d codes, %d coders, %d codings; want 2, 1, 2", len(l2.Codes), len(l2.Coders), l2.Codings)
	}
	rows := exportCSV(t, project)
	want := []string{"alice", sony, "Norms > Cyber vandalism", strconv.Itoa(start), strconv.Itoa(start + 15), "cyber vandalism", "Obama's term"}
	if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, want) }) {
		t.Errorf("export rows %q lack %q", rows, want)
	}
}

// TestCSVRoundTripAfterChineseCharacters codes passages that come after
// the article's Chinese characters (and hold curly quotes and an em dash),
// exports them to CSV, and imports that CSV into a fresh project holding
// the same articles: every coding must cover the same text.
func TestCSVRoundTripAfterChineseCharacters(t *testing.T) {
	text := storedText(t, sony)
	lastHan := runeIndex(t, text, "繁體", 0) + 1
	quoted := runeIndex(t, text, "“cyber vandalism”", lastHan)
	dash := runeIndex(t, text, "obvious—the", lastHan)
	spans := []struct {
		coder, code, passage, memo string
		start                      int
	}{
		{"alice", "Norms > Cyber vandalism", "“cyber vandalism”", "Obama's words, “quoted”", quoted},
		{"bob", "Conflict", "obvious—the", "", dash},
		{"bob", "Norms", "Sony Hack", "right after 简体 繁體", runeIndex(t, text, "Sony Hack", lastHan)},
	}
	a := projectWithArticles(t)
	for _, s := range spans {
		if s.start <= lastHan {
			t.Fatalf("%q starts at %d, not after the Chinese characters (%d)", s.passage, s.start, lastHan)
		}
		mustMG(t, "code", a, "--coder", s.coder, "--document", sony, "--code", s.code, "--start", strconv.Itoa(s.start),
			"--end", strconv.Itoa(s.start+utf8.RuneCountInString(s.passage)), "--memo", s.memo)
	}
	out := filepath.Join(t.TempDir(), "out.csv")
	mustMG(t, "export", a, out)

	b := projectWithArticles(t)
	mustMG(t, "import", b, out)
	for _, s := range spans {
		end := s.start + utf8.RuneCountInString(s.passage)
		if got := mustMG(t, "text", b, sony, "--start", strconv.Itoa(s.start), "--end", strconv.Itoa(end)); got != s.passage {
			t.Errorf("after the round trip [%d,%d) is %q, want %q", s.start, end, got, s.passage)
		}
	}
	rowsA, rowsB := exportCSV(t, a), exportCSV(t, b)
	if len(rowsB) != len(spans) || !slices.EqualFunc(rowsA, rowsB, slices.Equal) {
		t.Errorf("codings differ after the CSV round trip:\n before %q\n after  %q", rowsA, rowsB)
	}
	for _, r := range rowsB {
		if r[5] == "" || !strings.Contains(text, r[5]) {
			t.Errorf("exported text %q is not a passage of the article", r[5])
		}
	}
	if got := list(t, b).coderNames(); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Errorf("coders created by the CSV import = %q", got)
	}
	// Importing the same CSV again adds nothing.
	mustMG(t, "import", b, out)
	if n := list(t, b).Codings; n != len(spans) {
		t.Errorf("a second import of the same CSV left %d codings, want %d", n, len(spans))
	}
}

// TestEmojiAndLineEndings: an emoji is one position, "\r\n" is stored as
// "\n", and slices and codings follow that stored text.
func TestEmojiAndLineEndings(t *testing.T) {
	project := newProject(t)
	mustMG(t, "import", project, fixture("emoji-crlf.txt"))
	raw, err := os.ReadFile(fixture("emoji-crlf.txt"))
	if err != nil {
		t.Fatal(err)
	}
	stored := strings.ReplaceAll(string(raw), "\r\n", "\n")
	l := list(t, project)
	sum := sha256.Sum256([]byte(stored))
	if len(l.Documents) != 1 || l.Documents[0].Length != utf8.RuneCountInString(stored) || l.Documents[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("documents = %+v, want one of %d code points hashing to %x", l.Documents, utf8.RuneCountInString(stored), sum)
	}
	if got := mustMG(t, "text", project, "emoji-crlf.txt"); got != stored {
		t.Errorf("stored text %q, want %q", got, stored)
	}
	emoji := runeIndex(t, stored, "😀", 0)
	if got := mustMG(t, "text", project, "emoji-crlf.txt", "--start", strconv.Itoa(emoji), "--end", strconv.Itoa(emoji+1)); got != "😀" {
		t.Errorf("one position at the emoji printed %q", got)
	}
	second := runeIndex(t, stored, "second", 0)
	mustMG(t, "code", project, "--coder", "dan", "--document", "emoji-crlf.txt", "--code", "Trust", "--start", strconv.Itoa(second), "--end", strconv.Itoa(second+6))
	mustMG(t, "code", project, "--coder", "dan", "--document", "emoji-crlf.txt", "--code", "Trust", "--start", strconv.Itoa(emoji), "--end", strconv.Itoa(emoji+3))
	var texts []string
	for _, r := range exportCSV(t, project) {
		texts = append(texts, r[5])
	}
	slices.Sort(texts)
	if want := []string{"second", "😀 —"}; !slices.Equal(texts, want) {
		t.Errorf("coded passages %q, want %q", texts, want)
	}
}

// TestCSVFromExcel: a codings CSV saved with a byte order mark and CRLF
// line endings (as Excel does) imports like any other.
func TestCSVFromExcel(t *testing.T) {
	project := projectWithArticles(t)
	mustMG(t, "import", project, fixture("excel-bom-crlf.csv"))
	want := [][]string{
		{"dan", setback, "Trust > Verification", "30", "45", string([]rune(storedText(t, setback))[30:45]), ""},
		{"dan", sony, "Trust", "10", "20", string([]rune(storedText(t, sony))[10:20]), ""},
	}
	if got := exportCSV(t, project); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("codings = %q, want %q", got, want)
	}
}
