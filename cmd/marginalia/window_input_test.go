package main

// TestWindowInput drives the real window under Xvfb with xdotool for
// issue 26's input items, and checks each outcome through the command
// line: keys go where the user is (item 1), a wrapped field stores what
// was typed (item 2), and dialogs take Enter and Escape and say why they
// cannot confirm (item 13).

import (
	"encoding/json"
	"image"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// inputListing is what this test reads of `marginalia list --json`.
type inputListing struct {
	Codes []struct {
		Path        string `json:"path"`
		Description struct {
			Definition string `json:"definition"`
		} `json:"description"`
	} `json:"codes"`
	Sets []struct {
		Name string `json:"name"`
	} `json:"sets"`
}

// The Save as set… button of the documents panel, under the Where box
// (measured on a screenshot of the window at windowWidth×windowHeight).
var saveAsSetButton = image.Pt(windowWidth*18/100/2, 250)

// definitionTyped is typed into Norms' Definition. At the test's window
// size the details panel wraps it between "agencies" and "and", where
// Fyne's Entry lost the space ("…agenciesand treaties. ").
const definitionTyped = "Trust in institutions such as courts, agencies and treaties."

func TestWindowInput(t *testing.T) {
	bin, dir, shots, env, cli := windowSetup(t)
	project := filepath.Join(dir, "P.qdb")
	listed := func() inputListing {
		var l inputListing
		if err := json.Unmarshal([]byte(cli("list", project, "--json")), &l); err != nil {
			t.Fatalf("list --json: %v", err)
		}
		return l
	}
	definition := func(path string) (string, bool) {
		for _, c := range listed().Codes {
			if c.Path == path {
				return c.Description.Definition, true
			}
		}
		return "", false
	}
	hasCode := func(path string) bool { _, ok := definition(path); return ok }
	hasSet := func(name string) bool {
		for _, s := range listed().Sets {
			if s.Name == name {
				return true
			}
		}
		return false
	}
	codings := func() [][]string { return cliCodings(t, cli, project, dir) }
	cli("new", project, "--sample")
	trustDefinition, _ := definition("Trust")

	x, lay := openWindow(t, bin, env, dir, shots, "open", project, "--coder", "alice")
	whole := image.Rect(0, 0, windowWidth, windowHeight)

	// Items 1 and 2: select a passage; click Norms; click its Name, Tab to
	// its Definition (Name → Colour… → Key → Codable → Definition) and type
	// a definition that wraps; click Trust in the tree; press 1.
	before := x.shot()
	x.do("mousemove", itoa(lay.dragFrom.X), itoa(lay.dragFrom.Y), "mousedown", "1",
		"sleep", "0.05", "mousemove", itoa((lay.dragFrom.X+lay.dragTo.X)/2), itoa(lay.dragFrom.Y),
		"sleep", "0.05", "mousemove", itoa(lay.dragTo.X), itoa(lay.dragTo.Y), "mouseup", "1")
	x.waitChange(before, lay.viewer, 2*time.Second)
	x.click(lay.codeRow(1))
	x.waitStill(whole, 2*time.Second)
	x.click(lay.nameField)
	x.do("key", "Tab", "Tab", "Tab", "Tab", "ctrl+a")
	x.do("type", "--delay", "30", definitionTyped)
	shots.save(x, "02-definition-typed")
	x.click(lay.codeRow(0))
	x.waitStill(whole, 2*time.Second)
	x.do("key", "1")
	rows, ok := poll(3*time.Second, codings, func(r [][]string) bool { return len(r) > 0 })
	shots.save(x, "03-pressed-1")
	if !ok || len(rows) != 1 || rows[0][0] != "alice" || rows[0][2] != "Trust" || !strings.HasPrefix(rows[0][5], "The U.S. Department") {
		t.Errorf("item 1: a passage selected, Norms' Definition typed in, Trust clicked, 1 pressed: codings %q, want one Trust coding by alice of %q…", rows, "The U.S. Department")
	}
	if got, _ := poll(3*time.Second, func() string { d, _ := definition("Norms"); return d }, func(d string) bool { return d == definitionTyped }); got != definitionTyped {
		t.Errorf("item 2: typed into Norms' Definition %q, stored %q", definitionTyped, got)
	}
	if got, _ := definition("Trust"); got != trustDefinition || !hasCode("Trust") {
		t.Errorf("item 1: Trust's definition became %q (was %q)", got, trustDefinition)
	}

	// Item 13, New code (Ctrl+N with the passage selected): an empty name
	// and Enter keeps the dialog open (what is typed next goes into it);
	// a name and Enter creates the code and codes the passage; Escape
	// closes the dialog and creates nothing, and keys then code again.
	before = x.shot()
	x.do("key", "ctrl+n")
	x.waitChange(before, whole, 2*time.Second)
	x.do("key", "ctrl+a", "BackSpace", "Return")
	shots.save(x, "04-new-code-empty-enter")
	x.do("type", "--delay", "30", "Reciprocity")
	x.do("key", "Return")
	if _, ok := poll(3*time.Second, func() bool { return hasCode("Reciprocity") }, func(b bool) bool { return b }); !ok {
		t.Errorf("item 13: New code, Enter with no name, then Reciprocity and Enter: no code Reciprocity (%q)", listed().Codes)
	}
	x.waitStill(whole, 2*time.Second)
	shots.save(x, "05-reciprocity")
	before = x.shot()
	x.do("key", "ctrl+n")
	x.waitChange(before, whole, 2*time.Second)
	x.do("key", "ctrl+a")
	x.do("type", "--delay", "30", "Nothing")
	x.do("key", "Escape")
	x.waitStill(whole, 2*time.Second)
	shots.save(x, "06-new-code-escape")
	n := len(codings())
	x.do("key", "2") // Norms: the dialog is gone, so the key codes
	if _, ok := poll(3*time.Second, codings, func(r [][]string) bool { return len(r) == n+1 }); !ok {
		t.Errorf("item 13: after Escape in New code, 2 did not code the passage with Norms: codings %q", codings())
	}
	if hasCode("Nothing") {
		t.Error("item 13: Escape in New code created the code Nothing")
	}

	// Item 13, Save as set…: Enter saves; Escape saves nothing.
	for _, c := range []struct {
		name, key string
		saved     bool
	}{{"Nope", "Escape", false}, {"Pilot", "Return", true}} {
		before = x.shot()
		x.click(saveAsSetButton)
		x.waitChange(before, whole, 2*time.Second)
		x.do("type", "--delay", "30", c.name)
		x.do("key", c.key)
		x.waitStill(whole, 2*time.Second)
		shots.save(x, "07-save-as-set-"+c.key)
		if got, _ := poll(2*time.Second, func() bool { return hasSet(c.name) }, func(b bool) bool { return b == c.saved }); got != c.saved {
			t.Errorf("item 13: Save as set…, %s typed, %s: set stored %v, want %v", c.name, c.key, got, c.saved)
		}
	}
}

// windowSetup starts a real-window test: it skips the test when the X
// tools are missing, and returns the built binary, a temporary folder,
// the keeper of its screenshots, the app's environment (a fresh HOME, see
// windowEnv) and a function running the command line in it, which fails
// the test on a non-zero exit and returns the standard output.
func windowSetup(t *testing.T) (bin, dir string, shots *shotKeeper, env []string, cli func(args ...string) string) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: apt-get install xvfb xdotool imagemagick; `make test-deps` does it)", tool)
		}
	}
	bin = buildBinary(t)
	dir = t.TempDir()
	shots = keepShotsOnFailure(t, dir)
	env = windowEnv(t, dir)
	cli = func(args ...string) string {
		t.Helper()
		o := execute(t, bin, env, args...)
		if o.code != 0 {
			t.Fatalf("marginalia %s: exit %d: %s", strings.Join(args, " "), o.code, o.stderr)
		}
		return o.stdout
	}
	return bin, dir, shots, env, cli
}

// openWindow starts an X server and the app in it (bin with args, in env
// with the server's DISPLAY), places its window (see placeWindow) and
// saves the screenshot 01-open.
func openWindow(t *testing.T, bin string, env []string, dir string, shots *shotKeeper, args ...string) (*xSession, windowLayout) {
	t.Helper()
	x := startX(t, dir)
	launch(t, bin, append(env, "DISPLAY="+x.display), dir, args...)
	lay := layoutFor(windowWidth, windowHeight)
	x.placeWindow(lay)
	shots.save(x, "01-open")
	return x, lay
}
