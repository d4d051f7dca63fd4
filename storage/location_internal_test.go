package storage

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

func TestSyncFoldersAreRecognisedByName(t *testing.T) {
	for _, tc := range []struct {
		path, want string
	}{
		{"/home/ana/OneDrive/study.qdb", "a OneDrive folder"},
		{"/home/ana/OneDrive - Contoso/Thesis/study.qdb", "a OneDrive folder"},
		{`C:\Users\ana\OneDrive\study.qdb`, "a OneDrive folder"},
		{"/home/ana/onedrive/study.qdb", "a OneDrive folder"},
		{"/home/ana/Dropbox/study.qdb", "a Dropbox folder"},
		{"/home/ana/Dropbox (Personal)/study.qdb", "a Dropbox folder"},
		{"/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/study.qdb", "a Google Drive folder"},
		{"/Volumes/GoogleDrive/My Drive/study.qdb", "a Google Drive folder"},
		{"G:/My Drive/study.qdb", "a Google Drive folder"},
		{"/home/ana/Google Drive/study.qdb", "a Google Drive folder"},
		{"/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/study.qdb", "an iCloud Drive folder"},
		{`C:\Users\ana\iCloudDrive\study.qdb`, "an iCloud Drive folder"},
		{"/home/ana/Nextcloud/Projects/study.qdb", "a Nextcloud folder"},
		{"/home/ana/ownCloud/study.qdb", "an ownCloud folder"},
		{"/home/ana/Sync/study.qdb", "a sync folder (Syncthing, Sync.com)"},
		// Not sync folders.
		{"/home/ana/Documents/study.qdb", ""},
		{"/home/ana/Dropboxes/study.qdb", ""},
		{"/home/ana/OneDriveBackupNotes/study.qdb", ""},
		{"/home/ana/Documents/OneDrive.qdb", ""}, // the file's own name does not count
		{"/home/ana/Synced/study.qdb", ""},
		{"study.qdb", ""},
	} {
		if got := syncFolderOf(tc.path); got != tc.want {
			t.Errorf("syncFolderOf(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// pretendFileSystem makes every folder report file-system type magic.
func pretendFileSystem(t *testing.T, magic int64) {
	t.Helper()
	saved := fileSystemType
	fileSystemType = func(string) (int64, bool) { return magic, true }
	t.Cleanup(func() { fileSystemType = saved })
}

func TestNetworkFileSystemsAreRecognisedByType(t *testing.T) {
	t.Setenv(sharedEnv, "")
	dir := t.TempDir()
	for _, tc := range []struct {
		magic  int64
		shared bool
	}{{fsNFS, true}, {fsSMB, true}, {fsCIFS, true}, {fsSMB2, true}, {fsFUSE, true}, {0xEF53 /* ext4 */, false}, {0x01021994 /* tmpfs */, false}} {
		pretendFileSystem(t, tc.magic)
		if got := locate(filepath.Join(dir, "p.qdb")); got.IsShared() != tc.shared {
			t.Errorf("file system %#x: located as %+v, want shared %v", tc.magic, got, tc.shared)
		}
	}
	pretendFileSystem(t, 0xEF53)
	t.Setenv(sharedEnv, "1")
	if !locate(filepath.Join(dir, "p.qdb")).IsShared() {
		t.Errorf("%s=1 does not mark the project as shared", sharedEnv)
	}
}

// openShared opens the project at path as if it were on an NFS share.
func openShared(t *testing.T, path string) (*Project, error) {
	t.Helper()
	t.Setenv(sharedEnv, "")
	pretendFileSystem(t, fsNFS)
	return Open(path)
}

// On a share the project uses a rollback journal and exclusive locking,
// holds a lock file while open, and every action, undo and the change log
// work through its one connection.
func TestSharedProjectUsesTheSafeMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "study.qdb")
	p, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	p, err = openShared(t, path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !p.Location().IsShared() || !strings.Contains(p.Location().Warning(path), "study.qdb is in a network drive (NFS)") {
		t.Errorf("location %+v, warning %q", p.Location(), p.Location().Warning(path))
	}
	var journal, locking string
	p.db.QueryRow("PRAGMA journal_mode").Scan(&journal)
	p.db.QueryRow("PRAGMA locking_mode").Scan(&locking)
	if journal != "delete" || locking != "exclusive" {
		t.Errorf("journal_mode %s, locking_mode %s; want delete, exclusive", journal, locking)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Errorf("a -wal file exists in the safe mode")
	}
	if _, err := p.AddCode(coding.Code{Name: "Trust"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	if sets, err := p.ChangesSince(0); err != nil || len(sets) != 2 {
		t.Errorf("ChangesSince: %d sets, %v", len(sets), err)
	}
	if _, err := p.Overview(); err != nil {
		t.Errorf("Overview: %v", err)
	}
	if r, err := readLock(lockPath(path)); err != nil || r.PID != os.Getpid() {
		t.Errorf("lock file: %+v, %v", r, err)
	}
	// SQLite's own lock keeps out any other connection, too.
	if _, err := Open(path); !errors.Is(err, ErrInUse) {
		t.Errorf("second Open in this process: %v, want in use", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lockPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after Close: %v", err)
	}
}

// holderEnv makes the test binary a helper process that opens the shared
// project it names, prints "open" and keeps it open until stdin closes.
const holderEnv = "MARGINALIA_TEST_HOLD_PROJECT"

// holdProject starts a helper process holding the shared project at path
// open; it returns once the project is open.
func holdProject(t *testing.T, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holderEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	buf := make([]byte, 5)
	if n, _ := stdout.Read(buf); string(buf[:n]) != "open\n" {
		cmd.Wait()
		t.Fatalf("the helper process did not open the project: %q %s", buf[:n], stderr.String())
	}
	return cmd
}

// A second process opening a shared project is refused with who has it
// and since when; once that process is killed, its stale lock is taken
// over; a lock of another computer is never taken over.
func TestSharedProjectInUseByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "study.qdb")
	p, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	before := time.Now().Add(-time.Second)
	holder := holdProject(t, path)
	_, err = openShared(t, path)
	var inUse *InUseError
	if !errors.As(err, &inUse) || !errors.Is(err, ErrInUse) {
		t.Fatalf("Open while another process has it: %v, want in use", err)
	}
	host, _ := os.Hostname()
	want := "study.qdb is in use by " + host + " since " + inUse.Since.Local().Format("2006-01-02 15:04")
	if !strings.Contains(err.Error(), want) || inUse.PID != holder.Process.Pid || inUse.Since.Before(before.Truncate(time.Second)) {
		t.Errorf("error %q (pid %d), want %q… from process %d", err, inUse.PID, want, holder.Process.Pid)
	}
	// Killed: the lock file stays behind, stale.
	holder.Process.Kill()
	holder.Wait()
	if _, err := os.Stat(lockPath(path)); err != nil {
		t.Fatalf("the killed process left no lock file: %v", err)
	}
	p, err = openShared(t, path)
	if err != nil {
		t.Fatalf("Open after the holder died: %v", err)
	}
	if _, err := p.AddCode(coding.Code{Name: "Trust"}); err != nil {
		t.Error(err)
	}
	p.Close()

	// Another computer's lock, even of a process number that is free here.
	os.WriteFile(lockPath(path), []byte(`{"host":"lab-pc-7","pid":999999999,"since":"2026-11-23T09:30:00Z"}`), 0o644)
	_, err = openShared(t, path)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "study.qdb is in use by lab-pc-7 since "+time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC).Local().Format("2006-01-02 15:04")) {
		t.Errorf("Open with another computer's lock: %v", err)
	}
	if _, err := os.Stat(lockPath(path)); err != nil {
		t.Errorf("another computer's lock file was removed: %v", err)
	}
}
