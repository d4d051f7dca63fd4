package storage

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// writeFileAtomically: a write that fails half way leaves no file under
// the name and no temporary file, and an existing file as it was.
func TestWriteFileAtomicallyFailure(t *testing.T) {
	dir := t.TempDir()
	fail := func(f *os.File) error {
		if _, err := f.Write(make([]byte, 1<<20)); err != nil {
			return err
		}
		return errors.New("the disk is full")
	}
	path := filepath.Join(dir, "codings.csv")
	if err := writeFileAtomically(path, fail); err == nil {
		t.Fatal("no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed write left %v", entries)
	}
	if err := os.WriteFile(path, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomically(path, fail); err == nil {
		t.Fatal("no error")
	}
	if data, _ := os.ReadFile(path); string(data) != "before" {
		t.Errorf("a failed write changed the existing file to %d bytes", len(data))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed write over a file left %v", entries)
	}
	if err := writeFileAtomically(path, func(f *os.File) error { _, err := f.WriteString("after"); return err }); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "after" {
		t.Errorf("the file holds %q; want after", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("the file's mode is %v; want 0644", fi.Mode().Perm())
	}
}
