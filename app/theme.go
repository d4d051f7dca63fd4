package app

import (
	"image/color"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Preference keys of what the window remembers about itself.
const (
	prefTheme        = "theme" // ThemeLight, ThemeDark or ThemeSystem
	prefWindowWidth  = "windowWidth"
	prefWindowHeight = "windowHeight"
)

// The choices of View → Theme.
const (
	ThemeLight  = "Light"
	ThemeDark   = "Dark"
	ThemeSystem = "System"
)

// defaultWindowSize is the window's size on first start.
var defaultWindowSize = fyne.NewSize(1360, 860)

// fixedVariant is Fyne's default theme in one variant, whatever the
// desktop prefers. (theme.LightTheme and theme.DarkTheme do the same but
// are deprecated in Fyne 2.7.)
type fixedVariant struct{ variant fyne.ThemeVariant }

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, t.variant)
}

func (t fixedVariant) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t fixedVariant) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t fixedVariant) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// applyTheme sets the app's theme to choice (ThemeSystem for anything
// else) and remembers it.
func applyTheme(a fyne.App, choice string) {
	switch choice {
	case ThemeLight:
		a.Settings().SetTheme(fixedVariant{theme.VariantLight})
	case ThemeDark:
		a.Settings().SetTheme(fixedVariant{theme.VariantDark})
	default:
		choice = ThemeSystem
		a.Settings().SetTheme(theme.DefaultTheme())
	}
	a.Preferences().SetString(prefTheme, choice)
}

// themeMenu is View → Theme: Light, Dark or System, the current one ticked.
func (wb *Workbench) themeMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem("Theme", nil)
	var choices []*fyne.MenuItem
	for _, name := range []string{ThemeLight, ThemeDark, ThemeSystem} {
		choice := fyne.NewMenuItem(name, nil)
		choice.Action = func() {
			applyTheme(wb.app, name)
			for _, c := range choices {
				c.Checked = c == choice
			}
			item.ChildMenu.Refresh()
			wb.done("Theme: " + name)
		}
		choice.Checked = name == wb.app.Preferences().StringWithFallback(prefTheme, ThemeSystem)
		choices = append(choices, choice)
	}
	item.ChildMenu = fyne.NewMenu("", choices...)
	return item
}

// savedWindowSize is the size the window had when it last closed.
// Fyne 2.7 can neither read nor set a window's position (fyne.Window has
// only CenterOnScreen), so the position is left to the desktop.
func savedWindowSize(a fyne.App) fyne.Size {
	p := a.Preferences()
	w := p.FloatWithFallback(prefWindowWidth, float64(defaultWindowSize.Width))
	h := p.FloatWithFallback(prefWindowHeight, float64(defaultWindowSize.Height))
	if w < 200 || h < 150 {
		return defaultWindowSize
	}
	return fyne.NewSize(float32(w), float32(h))
}

// saveWindowSize remembers the window's size for the next start.
func saveWindowSize(a fyne.App, size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	a.Preferences().SetFloat(prefWindowWidth, float64(size.Width))
	a.Preferences().SetFloat(prefWindowHeight, float64(size.Height))
}

// showProjectFile opens the project's folder in the desktop's file
// manager and says the project file's full path in the status line.
func (wb *Workbench) showProjectFile() {
	path := wb.project.Path()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	wb.done("Project file: " + path)
	folder := &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(path))}
	if err := wb.app.OpenURL(folder); err != nil {
		wb.done("Project file: " + path + " (could not open its folder: " + err.Error() + ")")
	}
}

// sampleFolder is where the sample project goes on first run: a visible
// Marginalia folder in the user's documents ($XDG_DOCUMENTS_DIR when set,
// else ~/Documents), or "" when there is no home to put it in.
func sampleFolder(getenv func(string) string, home string) string {
	if docs := os.Expand(getenv("XDG_DOCUMENTS_DIR"), getenv); docs != "" && filepath.IsAbs(docs) {
		return filepath.Join(docs, "Marginalia")
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, "Documents", "Marginalia")
}
