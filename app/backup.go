package app

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	mstorage "desktop/marginalia/storage"
)

// Backups from the window: the project is checked and backed up in the
// background when it opens, and backed up again every backupEvery while it
// changes (storage's rotation keeps the last 10 and one a day for 30
// days). File → Restore from backup… restores one into a new file and
// opens it; Help → Check project runs the checker.

// prefBackupsInDataFolder, when true, puts backups in the app's data folder
// instead of beside the project.
const prefBackupsInDataFolder = "backupsInDataFolder"

// backupEvery is how often the window backs up a project that changed.
var backupEvery = 15 * time.Minute // a variable so that tests can shorten it

// backupDir is where the backups of the project at path go: "PROJECT.qdb
// backups" beside it, or, with the preference set, a folder per project
// under the app's data folder ("backups/study-1a2b3c4d").
func backupDir(a fyne.App, path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if !a.Preferences().Bool(prefBackupsInDataFolder) {
		return mstorage.DefaultBackupDir(path)
	}
	sum := sha256.Sum256([]byte(path))
	return filepath.Join(a.Storage().RootURI().Path(), "backups", projectTitle(path)+"-"+hex.EncodeToString(sum[:4]))
}

// KeepBackedUp checks the project and backs it up in the background now
// if it changed since its newest backup (so that starting again and again
// makes no copies of the same state), then every backupEvery when it has
// changed since the last backup, until
// the window's project closes. A project the check finds damaged is not
// backed up (its backups stay good); the window says what is wrong.
func (wb *Workbench) KeepBackedUp() {
	if wb.project.Team() != nil {
		return // the server's administrator backs up a team project
	}
	dir := backupDir(wb.app, wb.project.Path())
	go func() {
		r, err := wb.project.Check()
		if err != nil || !r.OK() {
			fyne.Do(func() { wb.showDamage(r, err) })
			return
		}
		var backedUp int64 = -1
		backup := func() {
			last, err := wb.project.LastChange()
			if err != nil || last == backedUp {
				return
			}
			info, written, err := wb.project.BackupIfChanged(dir)
			select {
			case <-wb.stop:
				return // the project closed meanwhile
			default:
			}
			if err != nil {
				fyne.Do(func() { wb.done(backupFailure(dir, err)) })
				return
			}
			backedUp = last
			fyne.Do(func() { wb.backedUp(info, written) })
		}
		backup()
		wb.repeat(backupEvery, backup)
	}()
}

// backupFailure is the status line's sentence for a backup that could not
// be written into dir: what was not done, why in words, and what to do.
func backupFailure(dir string, err error) string {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Sprintf("Not backed up: you may not create files in %s. File → Keep backups in the app's data folder keeps them where you may.", dir)
	}
	return "Not backed up: " + err.Error()
}

// backedUp notes the last backup for Help and, when it was just written,
// the status line.
func (wb *Workbench) backedUp(info mstorage.BackupInfo, written bool) {
	wb.lastBackup = info
	if written && wb.LastAction.Text == "" {
		wb.done("Backed up " + info.Time.Local().Format("15:04"))
	}
}

// showDamage says what Check found wrong with the open project and offers
// the latest good backup. The returned channel is closed once the dialog shows.
func (wb *Workbench) showDamage(r mstorage.CheckReport, err error) <-chan struct{} {
	select {
	case <-wb.stop:
		shown := make(chan struct{})
		close(shown)
		return shown
	default:
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	} else {
		msg = strings.Join(r.Problems, "\n")
	}
	return wb.offerBackup("This project is damaged", wb.project.Path(), msg)
}

// offerBackup shows what is wrong with the project at path and, when its
// backup folder holds a good backup, offers to restore the latest into a
// new file (the damaged file is left as it is). The backups are checked in
// the background; the returned channel is closed once the dialog shows.
func (wb *Workbench) offerBackup(title, path, problem string) <-chan struct{} {
	shown := make(chan struct{})
	dir := backupDir(wb.app, path)
	go func() {
		latest, ok := mstorage.LatestBackup(dir)
		fyne.Do(func() {
			wb.showBackupOffer(title, dir, problem, latest, ok)
			close(shown)
		})
	}()
	return shown
}

func (wb *Workbench) showBackupOffer(title, dir, problem string, latest mstorage.BackupInfo, ok bool) {
	text := widget.NewLabel(problem)
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(560, 160))
	if !ok {
		showCustom(title, "Close", container.NewBorder(nil, widget.NewLabel("No good backup was found in "+dir+"."), nil, nil, scroll), wb.win, fyne.Size{})
		return
	}
	offer := widget.NewLabel(fmt.Sprintf("The latest good backup, from %s, holds %s.\nRestore it into a new file? The damaged file is left as it is.",
		latest.Time.Local().Format("2006-01-02 15:04"), latest.Contents()))
	offer.Wrapping = fyne.TextWrapWord
	showCustomConfirm(title, "Restore…", "Not now", container.NewBorder(nil, offer, nil, nil, scroll), func(yes bool) {
		if yes {
			wb.restoreInto(latest)
		}
	}, wb.win, fyne.NewSize(640, 360))
}

// restoreInto asks for a new project file (the Save as dialog it returns),
// restores the backup into it and opens it.
func (wb *Workbench) restoreInto(b mstorage.BackupInfo) *saveAsDialog {
	name := fmt.Sprintf("%s restored %s", b.Project, b.Time.Local().Format("2006-01-02 1504"))
	return wb.newSaveAs(name, ".qdb", func(path string) {
		if _, err := mstorage.Restore(b.Path, path); err != nil {
			showError(wb.win, err)
			return
		}
		wb.OpenProject(path)
		showInformation("Restored", fmt.Sprintf("Restored the backup of %s into %s.", b.Time.Local().Format("2006-01-02 15:04"), path), wb.win)
	})
}

// restoreDialog is File → Restore from backup…: the project's backups,
// newest first, with what each holds; Restore… restores the selected one
// into a new file.
type restoreDialog struct {
	Backups []mstorage.BackupInfo
	List    *widget.List
	Restore *widget.Button
	Status  *widget.Label
	dialog  *dialog.CustomDialog
	chosen  int
	loaded  chan struct{} // closed once Backups is read
	saveAs  *saveAsDialog // asks where to restore, once Restore is tapped
}

func (wb *Workbench) restoreFromBackupDialog() *restoreDialog {
	dir := backupDir(wb.app, wb.project.Path())
	rd := &restoreDialog{chosen: -1, loaded: make(chan struct{})}
	rd.Status = widget.NewLabel("Reading the backups in " + dir + "…")
	rd.Status.Wrapping = fyne.TextWrapWord
	rd.List = widget.NewList(func() int { return len(rd.Backups) },
		func() fyne.CanvasObject {
			return widget.NewLabel("2026-01-01 00:00:00  0000 documents, 0000000 codings, 000 codes, 00 coders")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(rd.Backups[i].String()) })
	rd.List.OnSelected = func(i widget.ListItemID) {
		rd.chosen = i
		if rd.Backups[i].Err == nil {
			rd.Restore.Enable()
		} else {
			rd.Restore.Disable()
		}
	}
	rd.Restore = widget.NewButton("Restore into a new file…", func() {
		if rd.chosen < 0 {
			return
		}
		rd.dialog.Hide()
		rd.saveAs = wb.restoreInto(rd.Backups[rd.chosen])
	})
	rd.Restore.Importance = widget.HighImportance
	rd.Restore.Disable()
	cancel := widget.NewButton("Cancel", func() { rd.dialog.Hide() })
	rd.dialog = dialog.NewCustomWithoutButtons("Restore from backup", container.NewBorder(rd.Status, nil, nil, nil, rd.List), wb.win)
	rd.dialog.SetButtons([]fyne.CanvasObject{cancel, rd.Restore})
	rd.dialog.Resize(fyne.NewSize(720, 460))
	showKeyed(wb.win, rd.dialog, rd.Restore.OnTapped, rd.dialog.Hide)
	go func() {
		backups, err := mstorage.ListBackups(dir)
		fyne.Do(func() {
			rd.Backups = backups
			switch {
			case err != nil:
				rd.Status.SetText(err.Error())
			case len(backups) == 0:
				rd.Status.SetText("No backups yet in " + dir + ".")
			default:
				rd.Status.SetText(fmt.Sprintf("%d backups in %s, newest first. The one chosen is restored into a new file; this project is not changed.", len(backups), dir))
			}
			rd.List.Refresh()
			close(rd.loaded)
		})
	}()
	return rd
}

// checkProjectDialog is Help → Check project: it checks the project in the
// background and shows the result.
func (wb *Workbench) checkProjectDialog() {
	if t := wb.project.Team(); t != nil {
		verdict, err := wb.project.IntegrityCheck()
		if err != nil {
			showError(wb.win, err)
			return
		}
		showInformation("Check project", fmt.Sprintf("Team project %q: the server answers (%s). PostgreSQL checks and keeps its own data; its administrator backs it up.", t.Project, verdict), wb.win)
		return
	}
	progress := dialog.NewCustomWithoutButtons("Checking the project", container.NewVBox(widget.NewLabel(filepath.Base(wb.project.Path())), widget.NewProgressBarInfinite()), wb.win)
	stopProgress := showProgressLater(func() { showKeyed(wb.win, progress, nil, nil) })
	go func() {
		r, err := wb.project.Check()
		fyne.Do(func() {
			stopProgress()
			progress.Hide()
			if err != nil || !r.OK() {
				wb.showDamage(r, err)
				return
			}
			msg := fmt.Sprintf("No problem found: %d documents, %d codings, %d codes, %d coders.", r.Documents, r.Codings, r.Codes, r.Coders)
			if wb.lastBackup.Path != "" {
				msg += fmt.Sprintf("\nLast backup: %s, in %s.", wb.lastBackup.Time.Local().Format("2006-01-02 15:04"), filepath.Dir(wb.lastBackup.Path))
			}
			showInformation("Check project", msg, wb.win)
		})
	}()
}

// backupsInDataFolderItem is the File menu's switch between backups beside
// the project and in the app's data folder.
func (wb *Workbench) backupsInDataFolderItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Keep backups in the app's data folder", nil)
	item.Checked = wb.app.Preferences().Bool(prefBackupsInDataFolder)
	item.Action = func() {
		on := !wb.app.Preferences().Bool(prefBackupsInDataFolder)
		wb.app.Preferences().SetBool(prefBackupsInDataFolder, on)
		wb.win.SetMainMenu(wb.MainMenu())
		wb.done("Backups now go to " + backupDir(wb.app, wb.project.Path()))
	}
	return item
}

// damagedProject is the window's content when the project it was started
// on cannot be opened: what is wrong, and a button that restores the
// latest good backup into a new file beside the damaged one (which is left
// as it is) and opens it.
func damagedProject(a fyne.App, w fyne.Window, path string, openErr error, latest mstorage.BackupInfo) fyne.CanvasObject {
	problem := widget.NewLabel(openErr.Error())
	problem.Wrapping = fyne.TextWrapWord
	offer := widget.NewLabel(fmt.Sprintf("The latest good backup, from %s, holds %s.",
		latest.Time.Local().Format("2006-01-02 15:04"), latest.Contents()))
	offer.Wrapping = fyne.TextWrapWord
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	restore := widget.NewButton("Restore it into a new file and open it", func() {
		target := freeRestorePath(path, latest)
		if _, err := mstorage.Restore(latest.Path, target); err != nil {
			status.SetText(err.Error())
			return
		}
		p, err := mstorage.Open(target)
		if err != nil {
			status.SetText(err.Error())
			return
		}
		wb := startWorkbench(a, w, p, target)
		w.Resize(fyne.NewSize(1360, 860))
		wb.done("Restored the backup of " + latest.Time.Local().Format("2006-01-02 15:04") + " into " + target)
	})
	restore.Importance = widget.HighImportance
	quit := widget.NewButton("Quit", w.Close)
	return container.NewVBox(
		boldLabel(filepath.Base(path)+" cannot be opened"), problem, widget.NewSeparator(), offer,
		widget.NewLabel("The damaged file is left as it is."), container.NewHBox(restore, quit), status)
}

// freeRestorePath is a name for restoring backup b of the project at path
// that no file has yet: "study restored 2026-11-23 1405.qdb" beside it.
func freeRestorePath(path string, b mstorage.BackupInfo) string {
	base := filepath.Join(filepath.Dir(path), fmt.Sprintf("%s restored %s", projectTitle(path), b.Time.Local().Format("2006-01-02 1504")))
	candidate := base + ".qdb"
	for i := 2; fileExists(candidate); i++ {
		candidate = fmt.Sprintf("%s (%d).qdb", base, i)
	}
	return candidate
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
