package app

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// addTestCoding codes the first 8 characters of the open document with the
// project's first code.
func addTestCoding(t *testing.T, wb *Workbench, start int) {
	t.Helper()
	codes := wb.st.codebook.Codes()
	if _, err := wb.project.AddCoding(coding.Coding{DocumentID: wb.st.doc.ID, CodeID: codes[0].ID, CoderID: wb.Coder().ID, Span: coding.Span{Start: start, End: start + 8}}); err != nil {
		t.Fatal(err)
	}
}

// waitForBackups polls dir until it holds n backups.
func waitForBackups(t *testing.T, dir string, n int) []storage.BackupInfo {
	t.Helper()
	var got []storage.BackupInfo
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var err error
		if got, err = storage.ListBackups(dir); err != nil {
			t.Fatal(err)
		}
		if len(got) >= n {
			break
		}
	}
	if len(got) != n {
		t.Fatalf("%s holds %d backups; want %d", dir, len(got), n)
	}
	return got
}

// The window backs up its project when it opens and then only after changes.
func TestWindowBacksUpOnOpenAndAfterChanges(t *testing.T) {
	defer func(every time.Duration) { backupEvery = every }(backupEvery)
	backupEvery = 100 * time.Millisecond
	wb, _ := newTestWorkbench(t)
	dir := backupDir(wb.app, wb.project.Path())
	if dir != wb.project.Path()+" backups" {
		t.Errorf("backups go to %s; want beside the project", dir)
	}
	before, _ := wb.project.CodingCount()
	wb.KeepBackedUp()
	first := waitForBackups(t, dir, 1)
	if first[0].Codings != before {
		t.Errorf("the backup on open holds %d codings; want %d", first[0].Codings, before)
	}
	time.Sleep(5 * backupEvery)
	if got, _ := storage.ListBackups(dir); len(got) != 1 {
		t.Errorf("with no change the window made %d backups; want 1", len(got))
	}
	addTestCoding(t, wb, 0)
	second := waitForBackups(t, dir, 2)
	if second[0].Codings != before+1 {
		t.Errorf("the backup after a change holds %d codings; want %d", second[0].Codings, before+1)
	}
	wb.Close() // as closing the window does: closes the project and stops the backups
	time.Sleep(3 * backupEvery)
	if got, _ := storage.ListBackups(dir); len(got) != 2 {
		t.Errorf("after the window closed there are %d backups; want 2", len(got))
	}
	// Starting again with nothing changed makes no copy of the same state.
	for range 3 {
		p, err := storage.Open(wb.project.Path())
		if err != nil {
			t.Fatal(err)
		}
		again := NewWorkbench(wb.app, test.NewWindow(nil), p)
		again.KeepBackedUp()
		time.Sleep(5 * backupEvery)
		if again.lastBackup.Path != second[0].Path {
			t.Errorf("after a start with nothing changed the last backup is %q; want %q", again.lastBackup.Path, second[0].Path)
		}
		again.Close()
	}
	if got, _ := storage.ListBackups(dir); len(got) != 2 {
		t.Errorf("after three starts with nothing changed there are %d backups; want 2", len(got))
	}
}

func TestBackupsInTheDataFolder(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.backupsInDataFolderItem().Action()
	dir := backupDir(wb.app, wb.project.Path())
	root := wb.app.Storage().RootURI().Path()
	if !strings.HasPrefix(dir, filepath.Join(root, "backups")+string(filepath.Separator)) || !strings.Contains(filepath.Base(dir), "sample-") {
		t.Errorf("with the setting on, backups go to %s; want a folder named after the project under %s", dir, root)
	}
}

// File → Restore from backup… lists the backups with what they hold and
// restores the chosen one into a new file, which the window then opens.
func TestRestoreFromBackupDialog(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	dir := backupDir(wb.app, wb.project.Path())
	info, err := wb.project.Backup(dir)
	if err != nil {
		t.Fatal(err)
	}
	addTestCoding(t, wb, 10) // after the backup: not restored
	rd := wb.restoreFromBackupDialog()
	select {
	case <-rd.loaded:
	case <-time.After(20 * time.Second):
		t.Fatal("the backups were not listed within 20 s")
	}
	if len(rd.Backups) != 1 || rd.List.Length() != 1 {
		t.Fatalf("the dialog lists %d backups; want 1", len(rd.Backups))
	}
	row := rd.Backups[0].String()
	for _, want := range []string{info.Time.Local().Format("2006-01-02 15:04"), "2 documents", " codings", "5 codes", "1 coder"} {
		if !strings.Contains(row, want) {
			t.Errorf("the row %q does not show %q", row, want)
		}
	}
	if !rd.Restore.Disabled() {
		t.Error("Restore is enabled before a backup is chosen")
	}
	rd.List.Select(0)
	test.Tap(rd.Restore)
	if rd.saveAs == nil {
		t.Fatal("Restore did not ask where to restore")
	}
	target := filepath.Join(t.TempDir(), "restored.qdb")
	rd.saveAs.Path.SetText(target)
	test.Tap(rd.saveAs.Save)
	if got := wb.app.Preferences().String(prefLastProject); got != target {
		t.Fatalf("after the restore the window's project is %s; want %s", got, target)
	}
	p, err := storage.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if n, _ := p.CodingCount(); n != info.Codings {
		t.Errorf("the restored project holds %d codings; want %d, as at the backup", n, info.Codings)
	}
}

// Help → Check project on a damaged project says what is wrong and offers
// the latest good backup.
func TestCheckProjectReportsDamageAndOffersTheBackup(t *testing.T) {
	wb, w := newTestWorkbench(t)
	if _, err := wb.project.Backup(backupDir(wb.app, wb.project.Path())); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+wb.project.Path()+"?_foreign_keys=off")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE codes SET parent_id = 'gone' WHERE rowid = (SELECT MIN(rowid) FROM codes)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, err := wb.project.Check()
	if err != nil || r.OK() {
		t.Fatalf("Check = %v, %v; want problems", r.Problems, err)
	}
	select {
	case <-wb.showDamage(r, nil):
	case <-time.After(20 * time.Second):
		t.Fatal("no dialog within 20 s")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		switch o := o.(type) {
		case *widget.Label:
			texts = append(texts, o.Text)
		case *widget.Button:
			texts = append(texts, o.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"parent gone does not exist", "latest good backup", "Restore…"} {
		if !strings.Contains(all, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, all)
		}
	}
}

// A project that cannot be opened at start-up: the window says why and
// restores the latest good backup into a new file beside it, then opens it.
func TestStartingOnADamagedProjectOffersTheBackup(t *testing.T) {
	a := test.NewTempApp(t)
	path := newSampleProject(t, "study.qdb")
	p, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := p.Backup(backupDir(a, path))
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("SQLite format 3\x00 and then nothing"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, openErr := storage.Open(path)
	latest, ok := storage.LatestBackup(backupDir(a, path))
	if openErr == nil || !ok || latest.Path != info.Path {
		t.Fatalf("open error %v, latest backup %v %v; want an error and the backup", openErr, latest.Path, ok)
	}
	w := test.NewWindow(nil)
	defer w.Close()
	w.SetContent(damagedProject(a, w, path, openErr, latest))
	var restore *widget.Button
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Restore") {
			restore = b
		}
	}
	if restore == nil {
		t.Fatal("no Restore button")
	}
	test.Tap(restore)
	target := a.Preferences().String(prefLastProject)
	if filepath.Dir(target) != filepath.Dir(path) || !strings.HasPrefix(filepath.Base(target), "study restored ") {
		t.Fatalf("the window opened %q; want a restored copy beside %s", target, path)
	}
	if data, _ := os.ReadFile(path); string(data) != "SQLite format 3\x00 and then nothing" {
		t.Error("the damaged file was changed")
	}
	if r, err := storage.Check(target); err != nil || !r.OK() || r.Codings != info.Codings {
		t.Errorf("the restored project: %v %v, %d codings; want sound with %d", r.Problems, err, r.Codings, info.Codings)
	}
}
