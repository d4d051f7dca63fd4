package storage_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzImportAttributes feeds arbitrary CSV to the attribute table
// importer: it must never panic, a refused file must leave the attributes
// and values exactly as they were and say which file it was, and an
// accepted one must report the values it changed.
func FuzzImportAttributes(f *testing.F) {
	for _, seed := range []string{
		sampleAttributes,
		"document,op-ed,words\nsony-hack-cyber-dialogue.txt,yes,1,100\nsetback-cyber-cooperation.txt,no,\n",
		"\ufeffdocument,date:date\r\nsony-hack-cyber-dialogue.txt,Jan 12, 2015\r\n",
		"document,date\nsony-hack-cyber-dialogue.txt,2015-01-12\nsetback-cyber-cooperation.txt,last June\n",
		"document,affiliation:category\nsony-hack-cyber-dialogue.txt,RAND\nnot-a-document.txt,CICIR\n",
		"document,a=b,,date:nonsense\n\"unterminated",
		"document\n",
		"",
	} {
		f.Add(seed)
	}
	s := newSample(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data string) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		before := attributeRows(t, s.p)
		attrs, _ := s.p.Attributes()
		report, err := s.p.ImportAttributes(path)
		after := attributeRows(t, s.p)
		if err != nil {
			now, _ := s.p.Attributes()
			if !slices.Equal(before, after) || len(now) != len(attrs) {
				t.Fatalf("a refused file changed the attributes (%v)", err)
			}
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if report.Changed == 0 && !slices.Equal(before, after) {
			t.Fatalf("report says nothing changed, the values went %q → %q", before, after)
		}
	})
}
