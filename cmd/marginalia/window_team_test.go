package main

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/storage/teamtest"
)

// teamLineHeight is how much lower everything below the menu sits in a
// team project's window: the team line (a label and the box's padding)
// comes first. Measured on screenshots.
const teamLineHeight = 39

// TestWindowTeam connects the real window to a team project on the test
// PostgreSQL server through File → Connect to team project…, as a coder:
// codes a passage there, and sees a colleague's coding from the command
// line arrive. It checks the server through the command line, and that no
// password was stored in the app's preferences.
func TestWindowTeam(t *testing.T) {
	tp := teamtest.New(t, "win", "lead", "anna")
	anna := "anna" + tp.Suffix
	bin, dir, shots, env, cli := windowSetup(t) // window_input_test.go
	study := filepath.Join(dir, "study.qdb")
	cli("new", study, "--sample")
	cli("push", study, tp.URL(tp.Lead))
	text := cli("text", tp.URL(tp.Lead), setback)
	codings := func() [][]string { return cliCodings(t, cli, tp.URL(tp.Lead), dir) }

	x := startX(t, dir)
	env = append(env, "DISPLAY="+x.display)
	launch(t, bin, env, dir, "open", study, "--coder", "alice")
	lay := layoutFor(windowWidth, windowHeight)
	x.placeWindow(lay)
	shots.save(x, "01-file-open")

	// File → Connect to team project… (the fifth item of the File menu).
	x.click(image.Pt(26, 13))
	time.Sleep(300 * time.Millisecond)
	x.click(image.Pt(100, 200))
	time.Sleep(500 * time.Millisecond)
	server := strings.Replace(tp.URL(tp.Lead), tp.Lead+":"+tp.Logins[tp.Lead]+"@", "", 1)
	x.do("type", "--delay", "15", server)
	x.do("key", "Tab")
	x.do("type", "--delay", "15", anna)
	x.do("key", "Tab")
	x.do("type", "--delay", "15", tp.Logins[anna])
	shots.save(x, "02-connect-dialog")
	x.do("key", "Return")
	if _, err := x.run(15*time.Second, "xdotool", "search", "--sync", "--onlyvisible", "--name", "[(]team, "); err != nil {
		shots.save(x, "03-not-connected")
		t.Fatalf("the window did not open the team project within 15 s: %v", err)
	}
	team := lay
	for _, p := range []*image.Point{&team.dragFrom, &team.dragTo, &team.idle} {
		p.Y += teamLineHeight
	}
	team.viewer.Min.Y += teamLineHeight
	x.waitDrawn(team.viewer, 15*time.Second)
	x.do(append([]string{"mousemove"}, pt(team.idle)...)...)
	x.waitStill(team.viewer, 3*time.Second)
	shots.save(x, "04-team-open")

	// Anna codes the start of the first body paragraph with Trust (key 1).
	x.do("mousemove", itoa(team.dragFrom.X), itoa(team.dragFrom.Y), "mousedown", "1")
	for i := 1; i <= 6; i++ {
		p := team.dragFrom.Add(team.dragTo.Sub(team.dragFrom).Mul(i).Div(6))
		x.do("sleep", "0.03", "mousemove", itoa(p.X), itoa(p.Y))
	}
	x.do("mouseup", "1")
	time.Sleep(300 * time.Millisecond)
	x.do("key", "1")
	rows, ok := poll(5*time.Second, codings, func(r [][]string) bool { return len(r) > 0 })
	if !ok || len(rows) != 1 || rows[0][0] != anna || rows[0][1] != setback || rows[0][2] != "Trust" || !strings.HasPrefix(rows[0][5], "The U.S. Department") {
		shots.save(x, "05-not-coded")
		t.Fatalf("after anna drag-selected and pressed 1 in the team window, the server holds %q; want her Trust coding of %q…", rows, "The U.S. Department")
	}
	x.waitStill(team.viewer, 2*time.Second)
	shots.save(x, "05-coded")

	// The lead codes the next paragraph from the command line: it shows.
	before := x.waitStill(team.viewer, 3*time.Second)
	start := runeIndex(t, text, "One mistake was", 0)
	end := runeIndex(t, text, "the PRISM project.", start) + len("the PRISM project.")
	cli("code", tp.URL(tp.Lead), "--document", setback, "--coder", tp.Lead, "--code", "Trust", "--start", itoa(start), "--end", itoa(end))
	whole := image.Rect(0, 0, windowWidth, windowHeight)
	stripes := countColor(before, whole, trustColor)
	if _, ok := poll(4*time.Second, x.shot, func(img image.Image) bool {
		return countColor(img, whole, trustColor) >= stripes+minStripePixels
	}); !ok {
		t.Errorf("the lead's coding from the command line did not show in anna's window within 4 s")
	}
	shots.save(x, "06-lead-coded")

	// The address and login are remembered; the password is not.
	prefs, _ := filepath.Glob(filepath.Join(dir, "home", "*", "fyne", "*", "preferences.json"))
	if len(prefs) == 0 {
		prefs, _ = filepath.Glob(filepath.Join(dir, "home", ".config", "fyne", "*", "preferences.json"))
	}
	for _, p := range prefs {
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), tp.Logins[anna]) {
			t.Errorf("%s holds anna's password", p)
		}
		if !strings.Contains(string(b), anna) {
			t.Errorf("%s does not remember the login %s", p, anna)
		}
	}
	if len(prefs) == 0 {
		t.Error("the app's preferences file was not found")
	}
}
