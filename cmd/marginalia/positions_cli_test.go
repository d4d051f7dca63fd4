package main

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"desktop/marginalia/storage/refi/refitest"
)

var refiFixtures = filepath.Join("..", "..", "storage", "refi", "testdata")

// TestImportPrintsEveryWarning: `marginalia import` prints the reader's
// warnings, for a .qdpx (the positions convention, a PDF left out); a
// .qdc's code set comes in as a code group, and the summary says so.
func TestImportPrintsEveryWarning(t *testing.T) {
	p := newProject(t)
	out := mustMG(t, "import", p, filepath.Join(refiFixtures, "nvivo-utf16-crlf.qdpx"), filepath.Join(refiFixtures, "pdf.qdpx"),
		filepath.Join(refiFixtures, "qualcoder.qdc"))
	for _, want := range []string{
		`warning: `, `"Thread": positions count UTF-16 code units, each CRLF line break as two`,
		`PDF source "Scanned letter.pdf" has no plain-text <Representation>`,
		`qualcoder.qdc: codes 4 added; code groups 1 added, 0 extended`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output does not mention %q:\n%s", want, out)
		}
	}
}

// TestExportPositionsUTF16RoundTrip: a study with emoji exported with
// --positions utf16 (for NVivo) and imported into a new project lands
// every coding on the same words; the positions written are not code
// points.
func TestExportPositionsUTF16RoundTrip(t *testing.T) {
	a := newProject(t)
	mustMG(t, "import", a, filepath.Join(refiFixtures, "nvivo-utf16.qdpx"))
	want := exportCSV(t, a)
	dir := t.TempDir()
	for _, positions := range []string{"utf16", "codepoints"} {
		qdpx := filepath.Join(dir, positions+".qdpx")
		mustMG(t, "export", a, qdpx, "--positions", positions)
		qde := readZipEntry(t, qdpx, "project.qde")
		if utf16 := strings.Contains(qde, `name="not declared" startPosition="203"`); utf16 != (positions == "utf16") {
			t.Errorf("--positions %s: positions of \"not declared\" are not in %s:\n%s", positions, positions, qde)
		}
		b := newProject(t)
		mustMG(t, "import", b, qdpx)
		got := exportCSV(t, b)
		if len(got) != len(want) || len(got) != 6 {
			t.Fatalf("--positions %s: %d codings back, want %d", positions, len(got), len(want))
		}
		for i := range want {
			if strings.Join(got[i][2:], "|") != strings.Join(want[i][2:], "|") {
				t.Errorf("--positions %s: coding %d is %q, want %q", positions, i, got[i], want[i])
			}
		}
	}
	if o := mg(t, "export", a, filepath.Join(dir, "x.qdpx"), "--positions", "bytes"); o.code == 0 || !strings.Contains(o.stderr, "codepoints or utf16") {
		t.Errorf("--positions bytes: exit %d, %s", o.code, o.stderr)
	}
}

// TestImportWithoutTextsSaysTheWayOut: a .qdpx without its texts is
// refused with the command that brings in its codes and users, and that
// command does.
func TestImportWithoutTextsSaysTheWayOut(t *testing.T) {
	src := filepath.Join(refiFixtures, "comments.qdpx")
	path := refitest.WithoutTexts(t, src)

	p := newProject(t)
	o := mg(t, "import", p, path)
	if o.code == 0 || !strings.Contains(o.stderr, "marginalia import "+p+" "+path+" --codebook-only") {
		t.Errorf("exit %d, stderr %q: want the way out", o.code, o.stderr)
	}
	out := mustMG(t, "import", p, path, "--codebook-only")
	l := list(t, p)
	if len(l.Codes) != 1 || len(l.Coders) != 1 || len(l.Documents) != 0 || l.Codings != 0 {
		t.Errorf("--codebook-only brought %+v:\n%s", l, out)
	}
}

func readZipEntry(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, e := range zr.File {
		if e.Name == name {
			r, err := e.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			data, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}
