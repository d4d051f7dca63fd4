package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

// Seeds are checked in under testdata/fuzz/FuzzReadCodebook and
// testdata/fuzz/FuzzReadProject (the tool-shaped fixtures, our own files and
// hostile ones). Run with, e.g.:
//
//	go test ./storage/refi -run '^$' -fuzz FuzzReadCodebook -fuzztime 30s

// FuzzReadCodebook checks that no input makes ReadCodebook panic, that what
// it accepts is a well-formed codebook, and that writing that codebook and
// reading it again gives the same codes.
func FuzzReadCodebook(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		cb, err := ReadCodebook(bytes.NewReader(data))
		if err != nil {
			if len(cb.Codes) > 0 {
				t.Fatal("codes returned along with an error")
			}
			return
		}
		checkCodes(t, cb.Codes)
		if len(cb.Codes) == 0 {
			return
		}
		var out bytes.Buffer
		if err := WriteCodebook(&out, cb.Codes); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		back, err := ReadCodebook(&out)
		if err != nil {
			t.Fatalf("cannot read what was written: %v\n%s", err, out.Bytes())
		}
		if !slices.Equal(back.Codes, cb.Codes) {
			t.Fatalf("write and read changed the codes:\n%+v\n%+v", cb.Codes, back.Codes)
		}
	})
}

// checkCodes checks what every read codebook must satisfy.
func checkCodes(t *testing.T, codes []coding.Code) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range codes {
		if id, ok := coding.NormalizeID(c.ID); !ok || id != c.ID || seen[c.ID] {
			t.Fatalf("code %q: bad or repeated id %q", c.Name, c.ID)
		}
		if c.ParentID != "" && !seen[c.ParentID] {
			t.Fatalf("code %q: parent %q not read before it", c.Name, c.ParentID)
		}
		seen[c.ID] = true
		if err := coding.ValidateCodeName(c.Name); err != nil {
			t.Fatal(err)
		}
		if col, err := coding.NormalizeColor(c.Color); err != nil || col != c.Color {
			t.Fatalf("code %q: colour %q", c.Name, c.Color)
		}
		if ParseDescription(FormatDescription(c.Description)) != c.Description {
			t.Fatalf("code %q: description does not survive writing: %+v", c.Name, c.Description)
		}
	}
}

// fixtureTexts resolves a plainTextPath in any of the fixture archives, so
// that fuzzed project files find texts to place their selections in.
func fixtureTexts(f *testing.F) func(string) ([]byte, error) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.qdpx"))
	var archives []*archive
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		a, err := openArchive(bytes.NewReader(data), int64(len(data)), path)
		if err != nil {
			f.Fatal(err)
		}
		archives = append(archives, a)
	}
	return func(ref string) ([]byte, error) {
		for _, a := range archives {
			if data, err := a.openText(ref); err == nil {
				return data, nil
			}
		}
		return nil, errors.New("no such text")
	}
}

// FuzzReadProject fuzzes the reader of project.qde (the XML inside a .qdpx)
// and checks that what it accepts is consistent (every coding inside its
// text, every reference resolved) and survives WriteProject and ReadProject.
func FuzzReadProject(f *testing.F) {
	texts := fixtureTexts(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := readQDE(data, "fuzz.qde", texts, ReadOptions{})
		if err != nil {
			return
		}
		checkCodes(t, p.Codes)
		docs := map[string]coding.Document{}
		for _, d := range p.Documents {
			if !utf8.ValidString(d.Text) || strings.Contains(d.Text, "\r") || d.Length != utf8.RuneCountInString(d.Text) {
				t.Fatalf("document %q is not stored text", d.Name)
			}
			docs[d.ID] = d
		}
		var out bytes.Buffer
		if err := WriteProject(&out, p); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		back, err := ReadProject(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatalf("cannot read what was written: %v", err)
		}
		want, got := codedText(p), codedText(back)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Fatalf("write and read changed the codings:\n%q\n%q", want, got)
		}
		for _, d := range back.Documents {
			if docs[d.ID].Text != d.Text {
				t.Fatalf("write and read changed the text of %q", d.Name)
			}
		}
		if len(back.Memos) != len(p.Memos) {
			t.Fatalf("write and read changed the memos:\n%+v\n%+v", p.Memos, back.Memos)
		}
	})
}

// fuzzSeeds are the seed inputs of the fuzz targets, by target and name.
func fuzzSeeds(t *testing.T) map[string]map[string][]byte {
	seeds := map[string]map[string][]byte{"FuzzReadCodebook": {}, "FuzzReadProject": {}}
	qdcs, _ := filepath.Glob(filepath.Join("testdata", "*.qdc"))
	for _, path := range qdcs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		seeds["FuzzReadCodebook"][strings.TrimSuffix(filepath.Base(path), ".qdc")] = data
	}
	seeds["FuzzReadCodebook"]["xxe"] = []byte(`<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]><CodeBook><Codes><Code guid="11111111-2222-4333-8444-555555555555" name="&x;" isCodable="true"/></Codes></CodeBook>`)
	seeds["FuzzReadCodebook"]["labels"] = []byte(qdcHead + `<Codes><Code guid="{11111111-2222-4333-8444-555555555555}" name="A > B/C" isCodable="1" color="#abc"><Description>Def&#xD;
When to use: x
Examples: y
when not to use: z</Description><Code guid="11111111-2222-4333-8444-555555555556" name="child" isCodable="false" color="#11223344"/></Code></Codes><Sets/></CodeBook>`)
	qdpxs, _ := filepath.Glob(filepath.Join("testdata", "*.qdpx"))
	for _, path := range qdpxs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, ".qde") {
				seeds["FuzzReadProject"][strings.TrimSuffix(filepath.Base(path), ".qdpx")] = unzipEntry(t, data, f.Name)
			}
		}
	}
	sample, err := os.ReadFile(filepath.Join("testdata", "sample.qde"))
	if err != nil {
		t.Fatal(err)
	}
	seeds["FuzzReadProject"]["sample"] = sample
	seeds["FuzzReadProject"]["past-the-end"] = []byte(strings.ReplaceAll(miniQDE(7, 11, ""), "internal://s.txt", "internal://"+qcSet+".txt"))
	return seeds
}

// TestFuzzSeeds keeps the checked-in seed corpus in step with fuzzSeeds
// (rewrite it with -update).
func TestFuzzSeeds(t *testing.T) {
	for target, seeds := range fuzzSeeds(t) {
		dir := filepath.Join("testdata", "fuzz", target)
		for name, data := range seeds {
			path := filepath.Join(dir, name)
			content := []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data))
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, content, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, content) {
				t.Errorf("seed %s is missing or stale (run go test -update): %v", path, err)
			}
		}
	}
}
