package app

// Keeping Fyne's harmless complaints off stderr.
//
// "Preferences load error: EOF": Fyne (app/preferences.go) rewrites
// preferences.json in place (os.Create truncates, then JSON is written),
// so a process stopped between the two, or a second Marginalia reading
// while another writes, finds an empty file, and json.Decode reports EOF.
// repairPreferences replaces an empty file by "{}" before Fyne loads it.
//
// "Fyne error: Getting favorite locations … does not define a VIDEOS
// folder": every file dialog looks up the XDG folders (Desktop, Documents,
// Downloads, Music, Pictures, Videos) for its side bar
// (dialog/file.go getFavoriteLocations, dialog/file_xdg.go), and logs when
// one is missing or is the home folder itself. Fyne 2.7 has no way to set
// or skip those favourites, and creating folders in the user's home to
// silence it would be worse, so that one record (three log lines) is
// filtered from the standard logger; every other log line passes.

import (
	"bytes"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// preferencesPath is where Fyne keeps the preferences of the app with id
// (fyne/app/preferences_other.go, internal/app/config_*.go).
func preferencesPath(id string) string {
	dir, _ := os.UserConfigDir()
	if runtime.GOOS == "darwin" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, "Library", "Preferences")
	}
	return filepath.Join(dir, "fyne", id, "preferences.json")
}

// repairPreferences writes "{}" into the preferences file at path when it
// exists but is empty, so that Fyne loads no preferences without an error.
func repairPreferences(path string) {
	data, err := os.ReadFile(path)
	if err == nil && len(bytes.TrimSpace(data)) == 0 {
		os.WriteFile(path, []byte("{}\n"), 0o600)
	}
}

// favouritesLogFilter drops Fyne's "Getting favorite locations" record
// (its "Fyne error:" line and the "Cause:" and "At:" lines after it).
type favouritesLogFilter struct {
	mu       sync.Mutex
	out      io.Writer
	dropping bool
}

func (f *favouritesLogFilter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	line := string(p)
	switch {
	case strings.Contains(line, "Fyne error:  Getting favorite locations"):
		f.dropping = true
		return len(p), nil
	case f.dropping && (strings.Contains(line, "  Cause:") || strings.Contains(line, "  At:")):
		return len(p), nil
	}
	f.dropping = false
	return f.out.Write(p)
}

// quietFyne repairs the preferences file and filters the favourites
// record; Run calls it before creating the Fyne app.
func quietFyne() {
	repairPreferences(preferencesPath(AppID))
	log.SetOutput(&favouritesLogFilter{out: log.Writer()})
}
