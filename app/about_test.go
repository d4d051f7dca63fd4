package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/assets"
)

// Help → About names the build and the project and lists the licences of
// the third-party code inside the program, down to its last line.
func TestAboutShowsBuildAndLicences(t *testing.T) {
	wb, w := newTestWorkbench(t)
	var about func()
	for _, m := range wb.MainMenu().Items {
		for _, it := range m.Items {
			if m.Label == "Help" && it.Label == "About Marginalia" {
				about = it.Action
			}
		}
	}
	if about == nil {
		t.Fatal("no Help → About Marginalia")
	}
	about()
	text := dialogText(w)
	b := assets.ThisBuild()
	for _, want := range []string{"Marginalia " + b.Version, "SQLite " + b.SQLite, wb.project.Path(), "Third-party licences"} {
		if !strings.Contains(text, want) {
			t.Errorf("About lacks %q: %s", want, text)
		}
	}
	var list *widget.List
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.List); ok {
			list = l
		}
	}
	if list == nil {
		t.Fatal("About has no licence list")
	}
	lines := licenceLines()
	if n := list.Length(); n != len(lines) || n < 1000 {
		t.Fatalf("the licence list has %d lines, the licence file %d", n, len(lines))
	}
	list.ScrollToBottom()
	if text := dialogText(w); !strings.Contains(text, lines[len(lines)-1]) {
		t.Errorf("the last licence line %q is not shown at the bottom", lines[len(lines)-1])
	}
}
