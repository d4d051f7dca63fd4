package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"desktop/marginalia/coding"
)

// Backups.
//
// A backup is a consistent snapshot of a project, made with SQLite's
// online backup (the pages of one read transaction, so it never waits for
// the window's writes and they never wait for it), written to a temporary
// file that is synced and then renamed into place: a backup file is whole
// or absent. Backups live in a folder (by default "PROJECT.qdb backups"
// beside the project, see DefaultBackupDir), named after the project and
// the time they were taken ("study 2026-11-23 14.05.09.000Z.qdb"). Each
// Backup prunes the project's older backups in that folder, keeping the
// last BackupsKept and the newest of each day for BackupDays days (see
// BackupsToRemove).

// BackupsKept is how many of the most recent backups are always kept, and
// BackupDays for how many days one backup per day is kept.
const (
	BackupsKept = 10
	BackupDays  = 30
)

// backupTimeLayout is how a backup's name carries the time it was taken
// (UTC; no colons, which some file systems refuse).
const backupTimeLayout = "2006-01-02 15.04.05.000Z"

// backupName matches a backup's file name: the project's name, a space and the time.
var backupName = regexp.MustCompile(`^(.*) (\d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.\d{3}Z)\.qdb$`)

// BackupInfo describes one backup: where it is, when it was taken and
// what it holds.
type BackupInfo struct {
	Path      string
	Project   string    // the name of the project it was taken from ("study")
	Time      time.Time // when it was taken
	Size      int64     // bytes
	Documents int
	Codings   int
	Codes     int
	Coders    int
	// Err is set by ListBackups for a backup that could not be read; the
	// counts are then zero.
	Err error
}

// String is one line for a list: the time, then what the backup holds.
func (b BackupInfo) String() string {
	when := b.Time.Local().Format("2006-01-02 15:04:05")
	if b.Err != nil {
		return fmt.Sprintf("%s  cannot be read: %v", when, b.Err)
	}
	return when + "  " + b.Contents()
}

// Contents says what the backup holds: "2 documents, 1 coding, 5 codes, 0 coders".
func (b BackupInfo) Contents() string {
	return coding.Plural(b.Documents, "document") + ", " + coding.Plural(b.Codings, "coding") + ", " +
		coding.Plural(b.Codes, "code") + ", " + coding.Plural(b.Coders, "coder")
}

// DefaultBackupDir is the folder beside the project where its backups go
// by default: "PROJECT.qdb backups".
func DefaultBackupDir(projectPath string) string {
	return projectPath + " backups"
}

// projectStem is a project file's name without its extension.
func projectStem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// BackupFileName is the name of a backup of the project at projectPath
// taken at t.
func BackupFileName(projectPath string, t time.Time) string {
	return projectStem(projectPath) + " " + t.UTC().Format(backupTimeLayout) + ".qdb"
}

// Backup writes a snapshot of the project into dir (created when missing)
// under a name that carries the time, then removes this project's backups
// in dir that the rotation no longer keeps (see BackupsToRemove). It
// returns what the new backup holds, read from it.
func (p *Project) Backup(dir string) (BackupInfo, error) {
	if p.team != nil {
		return BackupInfo{}, fmt.Errorf("backup %s: %w", p.path, errTeamKeptByServer)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return BackupInfo{}, fmt.Errorf("backup %s: %w", p.path, err)
	}
	now := time.Now()
	path := filepath.Join(dir, BackupFileName(p.path, now))
	for _, err := os.Stat(path); err == nil; _, err = os.Stat(path) { // two backups in one millisecond
		now = now.Add(time.Millisecond)
		path = filepath.Join(dir, BackupFileName(p.path, now))
	}
	info, err := p.BackupTo(path)
	if err != nil {
		return BackupInfo{}, err
	}
	info.Time = now.UTC().Truncate(time.Millisecond)
	removeStaleTemporaries(dir)
	if err := p.pruneBackups(dir, now); err != nil {
		return info, fmt.Errorf("backup %s: written to %s, but removing old backups failed: %w", p.path, path, err)
	}
	return info, nil
}

// BackupIfChanged is Backup when the project changed since its newest
// backup in dir (or has none there). Otherwise it writes nothing, so that
// opening a project again and again does not push older, different backups
// out of the rotation, and returns that newest backup and false.
func (p *Project) BackupIfChanged(dir string) (info BackupInfo, written bool, err error) {
	if p.team != nil {
		return BackupInfo{}, false, fmt.Errorf("backup %s: %w", p.path, errTeamKeptByServer)
	}
	if latest, ok := p.unchangedSince(dir); ok {
		return latest, false, nil
	}
	info, err = p.Backup(dir)
	return info, err == nil, err
}

// unchangedSince returns the project's newest backup in dir when it holds
// the project as it is now (the same mark, see stateMark).
func (p *Project) unchangedSince(dir string) (BackupInfo, bool) {
	backups, err := ListBackups(dir)
	if err != nil {
		return BackupInfo{}, false
	}
	stem := projectStem(p.path)
	for _, b := range backups {
		if b.Project != stem {
			continue
		}
		if b.Err != nil {
			return BackupInfo{}, false
		}
		now, err := stateMark(p.db)
		if err != nil {
			return BackupInfo{}, false
		}
		db, err := sql.Open(driverName, "file:"+escapePath(b.Path)+"?mode=ro&immutable=1")
		if err != nil {
			return BackupInfo{}, false
		}
		defer db.Close()
		then, err := stateMark(db)
		return b, err == nil && then == now
	}
	return BackupInfo{}, false
}

// stateMark identifies the state of a project: its schema version, the
// last positions ever given in its change log and journal, and the time of
// its last change-log entry. Every action, undo and redo and every import
// adds a change-log entry, so two states with the same mark hold the same
// data.
func stateMark(q queryer) (string, error) {
	var version int
	var changes, actions int64
	var at string
	err := q.QueryRow(`SELECT (SELECT user_version FROM pragma_user_version),
	COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changelog'), 0),
	COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0),
	COALESCE((SELECT at FROM changelog ORDER BY seq DESC LIMIT 1), '')`).Scan(&version, &changes, &actions, &at)
	return fmt.Sprintf("%d/%d/%d/%s", version, changes, actions, at), err
}

// BackupTo writes a snapshot of the project to path, which must not exist.
// The file appears whole or not at all.
func (p *Project) BackupTo(path string) (BackupInfo, error) {
	if p.team != nil {
		return BackupInfo{}, fmt.Errorf("backup %s: %w", p.path, errTeamKeptByServer)
	}
	fail := func(err error) (BackupInfo, error) {
		return BackupInfo{}, fmt.Errorf("backup %s to %s: %w", p.path, path, err)
	}
	if _, err := os.Lstat(path); err == nil {
		return fail(errors.New("the file already exists"))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpPath) // gone once renamed; removes what a failure left
	if err := p.copyInto(tmpPath); err != nil {
		return fail(err)
	}
	if err := syncFile(tmpPath); err != nil {
		return fail(err)
	}
	if err := renameNoReplace(tmpPath, path); err != nil {
		return fail(err)
	}
	syncDir(filepath.Dir(path))
	info, err := ReadBackupInfo(path)
	if err != nil {
		return fail(err)
	}
	return info, nil
}

// copyInto copies the project's pages into the empty SQLite file at dest
// with SQLite's online backup, in one step (one read transaction).
func (p *Project) copyInto(dest string) error {
	ctx := context.Background()
	src, err := p.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer src.Close()
	destDB, err := sql.Open("sqlite3", "file:"+escapePath(dest)+"?mode=rw&_journal_mode=OFF&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer destDB.Close()
	dst, err := destDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer dst.Close()
	return dst.Raw(func(dc any) error {
		return src.Raw(func(sc any) error {
			b, err := dc.(*sqlite3.SQLiteConn).Backup("main", sc.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			if _, err := b.Step(-1); err != nil {
				b.Close()
				return err
			}
			return b.Finish()
		})
	})
}

// escapePath escapes a file path for a SQLite URI.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// renameNoReplace renames from to to, refusing when to exists. A hard
// link does it atomically; where links are not supported it checks first.
func renameNoReplace(from, to string) error {
	err := os.Link(from, to)
	if err == nil {
		return os.Remove(from)
	}
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists", to)
	}
	if _, serr := os.Lstat(to); serr == nil {
		return fmt.Errorf("%s already exists", to)
	}
	return os.Rename(from, to)
}

// removeStaleTemporaries removes the temporary files of backups that a
// killed process left in dir more than an hour ago.
func removeStaleTemporaries(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") || !strings.Contains(name, ".qdb.") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// ReadBackupInfo reads what a backup (or any project file) holds, without
// writing to it.
func ReadBackupInfo(path string) (BackupInfo, error) {
	info := BackupInfo{Path: path, Project: projectStem(path)}
	fi, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	info.Size, info.Time = fi.Size(), fi.ModTime()
	if m := backupName.FindStringSubmatch(filepath.Base(path)); m != nil {
		if t, err := time.Parse(backupTimeLayout, m[2]); err == nil {
			info.Project, info.Time = m[1], t
		}
	}
	if _, err := inspect(path); err != nil {
		return info, err
	}
	db, err := sql.Open(driverName, "file:"+escapePath(path)+"?mode=ro&immutable=1")
	if err != nil {
		return info, err
	}
	defer db.Close()
	for _, c := range []struct {
		n     *int
		table string
	}{{&info.Documents, "documents"}, {&info.Codings, "codings"}, {&info.Codes, "codes"}, {&info.Coders, "coders"}} {
		if err := db.QueryRow("SELECT COUNT(*) FROM " + c.table).Scan(c.n); err != nil {
			return info, fmt.Errorf("%s: %w", path, err)
		}
	}
	return info, nil
}

// ListBackups lists the backups in dir, newest first, with what each
// holds. A backup that cannot be read is listed with Err set. A folder
// that does not exist holds no backups.
func ListBackups(dir string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []BackupInfo
	for _, e := range entries {
		if e.IsDir() || !backupName.MatchString(e.Name()) {
			continue
		}
		info, err := ReadBackupInfo(filepath.Join(dir, e.Name()))
		info.Err = err
		out = append(out, info)
	}
	sortNewestFirst(out)
	return out, nil
}

func sortNewestFirst(bs []BackupInfo) {
	slices.SortStableFunc(bs, func(a, b BackupInfo) int { return b.Time.Compare(a.Time) })
}

// BackupsToRemove is the rotation: of backups (of one project), those to
// remove at now. It keeps the BackupsKept most recent and, for each of the
// last BackupDays days (calendar days in now's time zone), the newest of
// that day; it removes the rest.
func BackupsToRemove(backups []BackupInfo, now time.Time) []BackupInfo {
	sorted := slices.Clone(backups)
	sortNewestFirst(sorted)
	oldest := now.AddDate(0, 0, -BackupDays)
	days := map[string]bool{}
	var remove []BackupInfo
	for i, b := range sorted {
		day := b.Time.In(now.Location()).Format(time.DateOnly)
		newestOfDay := !days[day]
		days[day] = true
		if i < BackupsKept || newestOfDay && b.Time.After(oldest) {
			continue
		}
		remove = append(remove, b)
	}
	return remove
}

// pruneBackups removes this project's backups in dir that the rotation
// no longer keeps.
func (p *Project) pruneBackups(dir string, now time.Time) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	stem := projectStem(p.path)
	var mine []BackupInfo
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || m[1] != stem {
			continue
		}
		t, err := time.Parse(backupTimeLayout, m[2])
		if err != nil {
			continue
		}
		mine = append(mine, BackupInfo{Path: filepath.Join(dir, e.Name()), Project: stem, Time: t})
	}
	var errs []error
	for _, b := range BackupsToRemove(mine, now) {
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// LatestBackup is the newest backup in dir that can be read and passes
// Check; ok is false when there is none.
func LatestBackup(dir string) (info BackupInfo, ok bool) {
	backups, err := ListBackups(dir)
	if err != nil {
		return BackupInfo{}, false
	}
	for _, b := range backups {
		if b.Err != nil {
			continue
		}
		if r, err := Check(b.Path); err == nil && r.OK() {
			return b, true
		}
	}
	return BackupInfo{}, false
}

// Restore copies the backup at backupPath to a new project file at
// newPath, which must not exist (a project is never restored over a
// file), and returns what it holds. The backup must be a Marginalia
// project; it is not changed.
func Restore(backupPath, newPath string) (BackupInfo, error) {
	fail := func(err error) (BackupInfo, error) {
		return BackupInfo{}, fmt.Errorf("restore %s to %s: %w", backupPath, newPath, err)
	}
	if _, err := os.Lstat(newPath); err == nil {
		return fail(errors.New("the file already exists (a restore never replaces a file: choose a new name)"))
	}
	if _, err := inspect(backupPath); err != nil {
		return fail(err)
	}
	src, err := os.Open(backupPath)
	if err != nil {
		return fail(err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(newPath), "."+filepath.Base(newPath)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644) // CreateTemp makes it private
	}
	if err != nil {
		return fail(err)
	}
	if err := renameNoReplace(tmp.Name(), newPath); err != nil {
		return fail(err)
	}
	syncDir(filepath.Dir(newPath))
	// Opening brings an older backup to the current schema and the file
	// back to write-ahead logging.
	p, err := Open(newPath)
	if err != nil {
		return fail(err)
	}
	if err := p.Close(); err != nil {
		return fail(err)
	}
	info, err := ReadBackupInfo(newPath)
	if err != nil {
		return fail(err)
	}
	return info, nil
}
