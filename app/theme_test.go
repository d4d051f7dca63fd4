package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"desktop/marginalia/storage"
)

// View → Theme forces the variant, whatever the desktop prefers, and the
// choice is remembered.
func TestThemeChoiceForcesVariantAndIsRemembered(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	a := wb.app
	background := func(v fyne.ThemeVariant) any { return theme.DefaultTheme().Color(theme.ColorNameBackground, v) }
	item := wb.themeMenu()
	for _, tc := range []struct {
		choice  string
		variant fyne.ThemeVariant
	}{{ThemeDark, theme.VariantDark}, {ThemeLight, theme.VariantLight}} {
		for _, c := range item.ChildMenu.Items {
			if c.Label == tc.choice {
				c.Action()
			}
		}
		// Asked for the other variant, the theme still answers with the chosen one.
		for _, asked := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			if got := a.Settings().Theme().Color(theme.ColorNameBackground, asked); got != background(tc.variant) {
				t.Errorf("%s: background for variant %d is %v, want %v", tc.choice, asked, got, background(tc.variant))
			}
		}
		if got := a.Preferences().String(prefTheme); got != tc.choice {
			t.Errorf("remembered theme %q, want %q", got, tc.choice)
		}
		for _, c := range item.ChildMenu.Items {
			if c.Checked != (c.Label == tc.choice) {
				t.Errorf("after %s, %s ticked: %v", tc.choice, c.Label, c.Checked)
			}
		}
	}
	applyTheme(a, ThemeSystem)
	if _, forced := a.Settings().Theme().(fixedVariant); forced || a.Preferences().String(prefTheme) != ThemeSystem {
		t.Errorf("System: theme %T, remembered %q", a.Settings().Theme(), a.Preferences().String(prefTheme))
	}
}

// The window's size when it closes is the size it opens with next time.
func TestWindowSizeRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	if got := savedWindowSize(a); got != defaultWindowSize {
		t.Errorf("first start: %v, want %v", got, defaultWindowSize)
	}
	path := newSampleProject(t, "p.qdb")
	p, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(900, 640))
	want := w.Canvas().Size()
	w.Close()
	if got := savedWindowSize(a); got != want {
		t.Errorf("after closing at %v, next start at %v", want, got)
	}
}

// The sample project goes to a visible folder in the user's documents.
func TestSampleFolder(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		home string
		want string
	}{
		{map[string]string{"XDG_DOCUMENTS_DIR": "/data/docs"}, "/home/ann", "/data/docs/Marginalia"},
		{map[string]string{"XDG_DOCUMENTS_DIR": "$HOME/Dokumente", "HOME": "/home/ann"}, "/home/ann", "/home/ann/Dokumente/Marginalia"},
		{map[string]string{"XDG_DOCUMENTS_DIR": "relative"}, "/home/ann", "/home/ann/Documents/Marginalia"},
		{nil, "/home/ann", "/home/ann/Documents/Marginalia"},
		{nil, "", ""},
	} {
		getenv := func(k string) string { return tc.env[k] }
		if got := sampleFolder(getenv, tc.home); got != filepath.FromSlash(tc.want) {
			t.Errorf("env %v home %q: %q, want %q", tc.env, tc.home, got, tc.want)
		}
	}
}

// On first run the sample project is created in ~/Documents/Marginalia,
// or in the app's data folder when that folder cannot be made.
func TestDefaultProjectIsInDocuments(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DOCUMENTS_DIR", "")
	a := test.NewTempApp(t)
	path, err := defaultProject(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "Documents", "Marginalia", "Sample project.qdb"); path != want {
		t.Errorf("sample project at %s, want %s", path, want)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("sample project not created: %v", err)
	}

	blocked := filepath.Join(t.TempDir(), "a file")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_DOCUMENTS_DIR", blocked) // Marginalia cannot be made inside a file
	a = test.NewTempApp(t)
	path, err = defaultProject(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := a.Storage().RootURI().Path(); filepath.Dir(path) != want {
		t.Errorf("with documents unusable, sample project at %s, want in %s", path, want)
	}
}

// File → Show project file says the full path in the status line.
func TestShowProjectFileSaysPath(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.showProjectFile()
	abs, _ := filepath.Abs(wb.project.Path())
	if !strings.Contains(wb.LastAction.Text, abs) {
		t.Errorf("status %q does not name %s", wb.LastAction.Text, abs)
	}
}
