package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"desktop/marginalia/coding"
)

// readOnlyProject makes a project at dir/name with one document and one
// code, closed cleanly.
func readOnlyProject(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	p, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.AddDocuments([]coding.Document{coding.NewDocument("a.txt", "Trust, but verify.")}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddCode(coding.Code{Name: "Trust"}); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkReadOnly opens the project at path, which must come out read-only:
// reads work and every kind of write fails with "NAME is read-only: …".
func checkReadOnly(path string) error {
	p, err := Open(path)
	if err != nil {
		return err
	}
	defer p.Close()
	if !p.ReadOnly() || p.ReadOnlyReason() == "" {
		return fmt.Errorf("%s: not read-only (%q)", path, p.ReadOnlyReason())
	}
	cb, err := p.Codebook()
	if err != nil || cb.Len() != 1 {
		return fmt.Errorf("read the codebook: %v", err)
	}
	docs, err := p.Documents()
	if err != nil || len(docs) != 1 {
		return fmt.Errorf("read the documents: %v", err)
	}
	if _, err := p.Overview(); err != nil {
		return fmt.Errorf("overview: %v", err)
	}
	want := filepath.Base(path) + " is read-only: " + p.ReadOnlyReason()
	for name, write := range map[string]func() error{
		"add code":  func() error { _, err := p.AddCode(coding.Code{Name: "Norms"}); return err },
		"add coder": func() error { _, err := p.EnsureCoder("alice"); return err },
		"undo":      func() error { _, err := p.Undo(); return err },
		"add document": func() error {
			_, err := p.AddDocuments([]coding.Document{coding.NewDocument("b.txt", "b")})
			return err
		},
		"rename": func() error { return p.RenameDocument(docs[0].ID, "c.txt") },
		"import codings": func() error {
			_, err := p.ImportCodingsCSV(strings.NewReader("coder,document,code,start,end\nbob,a.txt,Trust,0,5\n"), "c.csv")
			return err
		},
	} {
		if err := write(); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), want) {
			return fmt.Errorf("%s: %v, want an error saying %q", name, err, want)
		}
	}
	return nil
}

// A project this user may not change opens read-only (pretended here,
// since the tests may run as root, whom permissions do not stop).
func TestReadOnlyProjectRefusesWritesByName(t *testing.T) {
	path := readOnlyProject(t, t.TempDir(), "study.qdb")
	before, _ := os.ReadFile(path)
	saved := writeProbe
	defer func() { writeProbe = saved }()
	for _, tc := range []struct {
		err    error
		reason string
	}{
		{syscall.EACCES, "you do not have permission to change it"},
		{syscall.EROFS, "it is on a read-only disk or share"},
	} {
		writeProbe = func(string) error { return &os.PathError{Op: "access", Path: path, Err: tc.err} }
		if err := checkReadOnly(path); err != nil {
			t.Error(err)
		}
		p, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if p.ReadOnlyReason() != tc.reason {
			t.Errorf("reason %q, want %q", p.ReadOnlyReason(), tc.reason)
		}
		p.Close()
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("the read-only project file changed")
	}
}

// A read-only file of an older schema that this build cannot read without
// upgrading it is refused with the reason.
func TestReadOnlyProjectOfAnOlderSchema(t *testing.T) {
	path := readOnlyProject(t, t.TempDir(), "old.qdb")
	db, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	db.WriteAt([]byte{0, 0, 0, 1}, 60) // user_version 1
	db.Close()
	saved := writeProbe
	defer func() { writeProbe = saved }()
	writeProbe = func(string) error { return syscall.EACCES }
	if _, err := Open(path); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "older Marginalia") {
		t.Errorf("Open: %v", err)
	}
}

// readOnlyChildEnv makes the test binary check, as another user, that the
// projects it lists (separated by the path-list separator) open read-only.
const readOnlyChildEnv = "MARGINALIA_TEST_READONLY_PROJECTS"

func readOnlyChild() int {
	for _, path := range filepath.SplitList(os.Getenv(readOnlyChildEnv)) {
		if err := checkReadOnly(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

// As a user without write permission, for real: a project whose file may
// not be written, one whose folder may not be written (SQLite's journal
// goes there), and one where neither may. The test runs as root in CI, so
// it runs its checks in a copy of the test binary as user nobody, through
// setpriv.
func TestReadOnlyProjectAsAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root, to run the check as user nobody (65534) through setpriv")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv (util-linux) is not installed: cannot drop privileges for this test")
	}
	base, err := os.MkdirTemp("", "marginalia-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	os.Chmod(base, 0o755)
	mkdir := func(name string) string {
		dir := filepath.Join(base, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	fileDenied := readOnlyProject(t, mkdir("open-folder"), "file.qdb")
	folderDenied := readOnlyProject(t, mkdir("closed-folder"), "folder.qdb")
	bothDenied := readOnlyProject(t, mkdir("closed-both"), "both.qdb")
	os.Chmod(filepath.Dir(fileDenied), 0o777)
	os.Chmod(fileDenied, 0o444)
	os.Chmod(folderDenied, 0o666)
	os.Chmod(filepath.Dir(folderDenied), 0o755)
	os.Chmod(bothDenied, 0o444)
	projects := []string{fileDenied, folderDenied, bothDenied}
	before := map[string][]byte{}
	for _, p := range projects {
		before[p], _ = os.ReadFile(p)
	}
	// The test binary may sit in a folder only root may enter.
	bin := filepath.Join(base, "storage.test")
	if err := copyFile(os.Args[0], bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "-test.run=^$")
	cmd.Dir = base
	cmd.Env = append(os.Environ(), readOnlyChildEnv+"="+strings.Join(projects, string(os.PathListSeparator)), "HOME="+base)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("as user nobody: %v\n%s", err, out)
	}
	for _, p := range projects {
		if after, _ := os.ReadFile(p); !bytes.Equal(before[p], after) {
			t.Errorf("%s changed", p)
		}
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(p + suffix); err == nil && filepath.Dir(p) != filepath.Dir(fileDenied) {
				t.Errorf("%s%s was created", p, suffix)
			}
		}
	}
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// A file that becomes read-only while open (media removed, permissions
// changed): SQLite's error becomes one naming the file.
func TestSQLiteReadOnlyErrorNamesTheFile(t *testing.T) {
	p := &Project{path: "/data/study.qdb"}
	err := p.asReadOnly(errors.New("attempt to write a readonly database"))
	if !errors.Is(err, ErrReadOnly) || !strings.HasPrefix(err.Error(), "study.qdb is read-only: ") {
		t.Errorf("got %v", err)
	}
	if other := errors.New("disk I/O error"); p.asReadOnly(other) != other {
		t.Errorf("another error was changed")
	}
}

// A file whose permissions let no one write it (chmod 444) opens
// read-only and is never written, even by root, whom the system would
// let write it (issue 26 item 16): the mode bits decide, not access().
func TestMode444IsReadOnlyEvenForRoot(t *testing.T) {
	path := readOnlyProject(t, t.TempDir(), "study.qdb")
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := checkReadOnly(path); err != nil {
		t.Error(err)
	}
	p, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "the file is marked read-only (permissions -r--r--r--)"; p.ReadOnlyReason() != want {
		t.Errorf("reason %q, want %q", p.ReadOnlyReason(), want)
	}
	p.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the mode-444 project file changed")
	}
}
