package storage_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"desktop/marginalia/storage"
)

// smallDisk mounts a tmpfs of the given size ("2m") on a fresh folder and
// returns it; it is unmounted when the test ends. It needs root (as CI
// runs); otherwise the test is skipped with a message.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a full disk needs a small tmpfs, and mounting one needs root: skipped (CI runs as root)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a %s tmpfs (%v: %s): skipped", size, err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fill takes all but about spare bytes of the file system at dir.
func fill(t *testing.T, dir string, spare int64) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	if spare > 0 {
		fi, _ := f.Stat()
		if err := f.Truncate(max(0, fi.Size()-spare)); err != nil {
			t.Fatal(err)
		}
	}
}

// leftovers lists dir's files other than those named.
func leftovers(t *testing.T, dir string, expected ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		keep := false
		for _, x := range expected {
			keep = keep || name == x || strings.HasPrefix(name, x+"-")
		}
		if !keep {
			out = append(out, name)
		}
	}
	return out
}

// An export that fails (here: the disk is full) leaves neither a file
// under the chosen name nor a temporary file, in every format.
func TestFailedExportLeavesNoFile(t *testing.T) {
	template, _ := faultTemplate(t, 5000)
	p, err := storage.Open(template)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	disk := smallDisk(t, "2m")
	fill(t, disk, 0)
	for _, ext := range []string{".csv", ".xlsx", ".qdc", ".qdpx"} {
		out := filepath.Join(disk, "export"+ext)
		err := p.ExportFile(out, storage.Filter{})
		if err == nil {
			t.Errorf("export %s to a full disk succeeded", ext)
			continue
		}
		if !strings.Contains(err.Error(), out) {
			t.Errorf("export %s: error %q does not name the file", ext, err)
		}
		if left := leftovers(t, disk, "filler"); len(left) > 0 {
			t.Errorf("a failed %s export left %v", ext, left)
		}
	}
}

// A full disk during an import: the import fails, the project opens,
// passes Check and holds none of the file.
func TestFullDiskDuringImport(t *testing.T) {
	_, docs := faultTemplate(t, 0)
	disk := smallDisk(t, "4m")
	path := filepath.Join(disk, "study.qdb")
	p, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := writeCodingsCSV(&csv, docs, 100_000); err != nil {
		t.Fatal(err)
	}
	fill(t, disk, 256<<10)
	if _, err := p.ImportCodingsCSV(&csv, "codings.csv"); err == nil {
		t.Fatal("an import of 100,000 codings into a nearly full 4 MB disk succeeded")
	} else {
		t.Logf("import on a full disk: %v", err)
	}
	if n, err := p.CodingCount(); err != nil || n != 0 {
		t.Errorf("after the failed import the open project holds %d codings (%v); want 0", n, err)
	}
	if err := p.Close(); err != nil {
		t.Logf("close on a full disk: %v", err)
	}
	os.Remove(filepath.Join(disk, "filler")) // room to open again (WAL, shared memory)
	p, err = storage.Open(path)
	if err != nil {
		t.Fatalf("open after the full disk: %v", err)
	}
	defer p.Close()
	if r, err := storage.Check(path); err != nil || !r.OK() {
		t.Errorf("check after the full disk: %v %v", r.Problems, err)
	}
	if n, _ := p.CodingCount(); n != 0 {
		t.Errorf("after the failed import the project holds %d codings; want 0", n)
	}
	checkStillWorks(t, p, docs[0], 0)
}

// A full disk during a backup: the backup fails, leaves no file (not even
// a temporary one), and the project is untouched.
func TestFullDiskDuringBackup(t *testing.T) {
	template, _ := faultTemplate(t, 20_000)
	p, err := storage.Open(template)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	disk := smallDisk(t, "2m") // the project takes more than 2 MB
	backups := filepath.Join(disk, "backups")
	if _, err := p.Backup(backups); err == nil {
		t.Fatal("a backup larger than the disk succeeded")
	} else {
		t.Logf("backup on a full disk: %v", err)
	}
	if left := leftovers(t, backups); len(left) > 0 {
		t.Errorf("the failed backup left %v", left)
	}
	if r, err := storage.Check(template); err != nil || !r.OK() || r.Codings != 20_000 {
		t.Errorf("the project after the failed backup: %v %v, %d codings", r.Problems, err, r.Codings)
	}
}
