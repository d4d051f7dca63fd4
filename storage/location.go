package storage

import (
	"os"
	"path/filepath"
	"strings"
)

// Where a project file lives, and the mode that is safe there.
//
// SQLite's write-ahead log (WAL), the mode used on a local disk, keeps an
// index in shared memory (the -shm file) that only processes on one
// computer can share: on a network file system (NFS, SMB/CIFS) two
// computers each see their own and can corrupt the file, and a sync client
// (OneDrive, Dropbox, Google Drive, iCloud, Nextcloud) uploads the project
// and its -wal file separately, mid-write. So on a network or synced
// folder a project is opened in a safe mode instead: a rollback journal
// (journal_mode=DELETE, so every commit lands in the project file itself
// before the journal is deleted), locking_mode=EXCLUSIVE (one connection
// holds the file from its first read until it is closed, so no other
// process, here or on another computer, reads a half-written file) and
// synchronous=FULL; and a lock file beside the project (see lock.go) says
// who has it open, so that a second computer is refused with "in use by
// HOST since TIME" instead of relying on network byte-range locks. The
// price: only one window or command at a time uses such a project, and
// the window cannot see another process's changes (none can happen).

// Location says whether a project file is on a local disk or in a folder
// shared over a network or by a sync client.
type Location struct {
	// Shared is empty on a local disk, otherwise what the folder is, as a
	// phrase: "a network drive (NFS)", "a OneDrive folder".
	Shared string
}

// IsShared reports whether the project is in a network or synced folder,
// where it is opened in the safe mode.
func (l Location) IsShared() bool { return l.Shared != "" }

// Warning is the plain explanation shown once when a project is opened in
// a shared folder, or "" on a local disk.
func (l Location) Warning(path string) string {
	if !l.IsShared() {
		return ""
	}
	return filepath.Base(path) + " is in " + l.Shared + ". Marginalia opens it in a safe mode there: " +
		"changes go straight into the file, one window or command at a time may use it, " +
		"and another computer opening it at the same time is refused. " +
		"Keep the project on a local disk to have several windows open on it; copy it back to share it."
}

// Magic numbers of network and user-space file systems (Linux statfs f_type).
const (
	fsNFS  = 0x6969
	fsSMB  = 0x517B
	fsCIFS = 0xFF534D42
	fsSMB2 = 0xFE534D42
	fsFUSE = 0x65735546
)

// sharedFileSystems names the file systems where a project is shared.
var sharedFileSystems = map[int64]string{
	fsNFS:  "a network drive (NFS)",
	fsSMB:  "a network drive (SMB)",
	fsCIFS: "a network drive (SMB/CIFS)",
	fsSMB2: "a network drive (SMB)",
	fsFUSE: "a user-space file system (FUSE), such as a sync client's or a remote drive",
}

// syncFolders are the folder names sync clients create, matched against
// each element of the project's path, case-insensitively: exactly, or as a
// prefix when prefix is true ("OneDrive - Contoso", "Dropbox (Personal)",
// "GoogleDrive-me@example.com").
var syncFolders = []struct {
	name   string
	prefix bool
	what   string
}{
	{"OneDrive", true, "a OneDrive folder"},
	{"Dropbox", true, "a Dropbox folder"},
	{"Google Drive", true, "a Google Drive folder"},
	{"GoogleDrive", true, "a Google Drive folder"},
	{"My Drive", false, "a Google Drive folder"},
	{"iCloud Drive", true, "an iCloud Drive folder"},
	{"iCloudDrive", true, "an iCloud Drive folder"},
	{"Mobile Documents", false, "an iCloud Drive folder"},
	{"com~apple~CloudDocs", false, "an iCloud Drive folder"},
	{"Nextcloud", true, "a Nextcloud folder"},
	{"ownCloud", true, "an ownCloud folder"},
	{"Box Sync", false, "a Box folder"},
	{"pCloud Drive", false, "a pCloud folder"},
	{"MEGA", false, "a MEGA folder"},
	{"Sync", false, "a sync folder (Syncthing, Sync.com)"},
}

// syncFolderOf returns what sync folder path is in, by its folders' names,
// or "".
func syncFolderOf(path string) string {
	// Both separators, so that Windows paths are read the same anywhere.
	elems := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' })
	if len(elems) > 0 {
		elems = elems[:len(elems)-1] // the file's own name does not count
	}
	for _, elem := range elems {
		for _, f := range syncFolders {
			if strings.EqualFold(elem, f.name) || f.prefix && len(elem) > len(f.name) && strings.EqualFold(elem[:len(f.name)], f.name) && !isLetter(elem[len(f.name)]) {
				return f.what
			}
		}
	}
	return ""
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// sharedEnv, when set to 1, makes every project count as shared (for a
// file system Marginalia does not recognise, and for tests); 0 makes none.
const sharedEnv = "MARGINALIA_SHARED_FOLDER"

// fileSystemType returns the file-system type (Linux statfs magic number)
// of the folder dir, or ok false where it cannot tell. A variable so that
// tests can pretend.
var fileSystemType = statfsType

// locate tells where the project file at path lives.
func locate(path string) Location {
	switch os.Getenv(sharedEnv) {
	case "1":
		return Location{Shared: "a folder marked as shared (" + sharedEnv + "=1)"}
	case "0":
		return Location{}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if t, ok := fileSystemType(filepath.Dir(abs)); ok {
		if what, shared := sharedFileSystems[t]; shared {
			return Location{Shared: what}
		}
	}
	if resolved, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		if what := syncFolderOf(filepath.Join(resolved, filepath.Base(abs))); what != "" {
			return Location{Shared: what}
		}
	}
	return Location{Shared: syncFolderOf(abs)}
}
