package app

import (
	"path/filepath"
	"runtime"
	"testing"
)

// The project's title (top bar, window title, suggested export names) is
// its file name without .qdb, whatever the platform's path separator.
func TestProjectTitle(t *testing.T) {
	tests := []struct{ path, want string }{
		{"study.qdb", "study"},
		{filepath.Join("home", "ana", "Cyber study.qdb"), "Cyber study"},
		{filepath.Join("data", "projects", "notes.v2.qdb"), "notes.v2"},
		{filepath.Join("data", "archive.sqlite"), "archive.sqlite"},
	}
	if runtime.GOOS == "windows" {
		tests = append(tests,
			struct{ path, want string }{`C:\Users\ana\Documents\study.qdb`, "study"},
			struct{ path, want string }{`C:/Users/ana/mixed\study.qdb`, "study"})
	}
	for _, tt := range tests {
		if got := projectTitle(tt.path); got != tt.want {
			t.Errorf("projectTitle(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
