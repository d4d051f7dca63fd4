// Package refitest helps tests of other packages build REFI-QDA files with
// the defects real files have, from the fixtures in storage/refi/testdata.
package refitest

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WithoutTexts writes a copy of the .qdpx at src, without its sources/
// folder (the texts), into a temporary folder of t and returns its path:
// what an export whose texts went missing looks like.
func WithoutTexts(t testing.TB, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "no-texts.qdpx")
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		if strings.HasPrefix(e.Name, "sources/") {
			continue
		}
		if err := copyEntry(zw, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyEntry(zw *zip.Writer, e *zip.File) error {
	w, err := zw.Create(e.Name)
	if err != nil {
		return err
	}
	r, err := e.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(w, r)
	return err
}
