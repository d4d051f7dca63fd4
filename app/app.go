// Package app is Marginalia's desktop GUI, built with Fyne: the workbench
// window where a researcher reads a document beside the codebook and codes
// passages, the coded-segments view, and the dialogs around them. It knows
// the domain (coding) and the project file (storage); nothing knows it.
//
// The Workbench keeps its widgets as fields so that tests drive the real
// widgets headlessly with fyne.io/fyne/v2/test, as fyne-io/calculator does.
package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/assets"
	"desktop/marginalia/storage"
)

// AppID is the Fyne application ID; it names the preferences and the data folder.
const AppID = "org.marginalia.app"

// Preference keys.
const (
	prefLastProject  = "lastProject"
	prefRecent       = "recentProjects"
	prefCoderName    = "coderName"
	prefSplitLeft    = "splitLeft"
	prefSplitRight   = "splitRight"
	prefLastDocument = "lastDocument:" // + project path
)

// watchEvery is how often the window checks for changes other processes
// made to its project.
const watchEvery = 300 * time.Millisecond

// Run starts the desktop app on the project at path; with an empty path it
// opens the last project, or on first run the sample project, created in
// ~/Documents/Marginalia. A non-empty coder name becomes the one who codes. It
// returns when the window closes.
func Run(path, coder string) error {
	quietFyne()
	a := fyneapp.NewWithID(AppID)
	if coder != "" {
		a.Preferences().SetString(prefCoderName, coder)
	}
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG()))
	applyTheme(a, a.Preferences().String(prefTheme))
	if path == "" {
		var err error
		if path, err = defaultProject(a); err != nil {
			return err
		}
	}
	p, err := storage.Open(path)
	if err != nil {
		// A damaged project: offer its latest good backup, if there is one.
		latest, ok := storage.LatestBackup(backupDir(a, path))
		if !ok {
			return err
		}
		w := a.NewWindow("Marginalia")
		w.SetContent(damagedProject(a, w, path, err, latest))
		w.Resize(savedWindowSize(a))
		w.ShowAndRun()
		return nil
	}
	w := a.NewWindow("Marginalia")
	w.Resize(savedWindowSize(a))
	startWorkbench(a, w, p, path)
	w.ShowAndRun()
	return nil
}

// startWorkbench shows the workbench on project p (at path) in w, watches
// the project for other processes' changes and keeps it backed up.
func startWorkbench(a fyne.App, w fyne.Window, p *storage.Project, path string) *Workbench {
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	w.SetMainMenu(wb.MainMenu())
	if p.Team() == nil { // a team URL may hold a password: never stored
		rememberProject(a, path)
	}
	warnSharedFolder(a, w, p)
	if wb.Coder().ID == "" {
		wb.askCoderName(nil)
	}
	wb.Watch(watchEvery)
	wb.KeepBackedUp()
	wb.KeepLayout()
	return wb
}

// defaultProject is the last project opened, or the sample project
// (created on first run) in a folder the user can find: Marginalia in
// their documents (see sampleFolder), or the app's data folder when that
// cannot be made.
func defaultProject(a fyne.App) (string, error) {
	if last := a.Preferences().String(prefLastProject); last != "" {
		if _, err := os.Stat(last); err == nil {
			return last, nil
		}
	}
	home, _ := os.UserHomeDir()
	dir := sampleFolder(os.Getenv, home)
	if dir == "" || os.MkdirAll(dir, 0o755) != nil {
		dir = a.Storage().RootURI().Path()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("data folder %s: %w", dir, err)
		}
	}
	path := filepath.Join(dir, "Sample project.qdb")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := CreateSampleProject(path); err != nil {
			return "", err
		}
	}
	return path, nil
}

// rememberProject makes path the last project and the first recent one.
func rememberProject(a fyne.App, path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	prefs := a.Preferences()
	prefs.SetString(prefLastProject, path)
	recent := []string{path}
	for _, p := range prefs.StringList(prefRecent) {
		if p != path && len(recent) < 8 {
			recent = append(recent, p)
		}
	}
	prefs.SetStringList(prefRecent, recent)
}

// boldLabel is a label in bold, for panel headings.
func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
