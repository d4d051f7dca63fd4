package main

// TestWindow drives the real window of the built binary under Xvfb with
// xdotool, and checks the outcome through the command line (issue 8).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The window is placed at 0,0 with this size on a larger screen, so that
// the layout (below) is known.
const (
	windowWidth, windowHeight = 1360, 860
	screenSpec                = "1440x900x24"
)

// windowLayout is where the test points in a window of known size at 0,0,
// for Fyne's default theme at scale 1 and a fresh HOME (so the split
// positions are the app's defaults, not a user's). Measured on screenshots
// of the sample project; every coordinate the test uses is defined here.
type windowLayout struct {
	dragFrom, dragTo   image.Point // along the first line of the first body paragraph of setback-cyber-cooperation.txt
	codeRowX, codeRowY int         // the first code row (Trust) of the codebook tree
	codeRowHeight      int         // one row of the tree
	nameField          image.Point // the Name entry of the code details panel
	idle               image.Point // where the pointer rests: the empty part of the documents list
	viewer             image.Rectangle
}

func layoutFor(w, h int) windowLayout {
	// Horizontally the window is split: documents | article | codebook. The
	// documents list takes 18% of the width (HSplit offset 0.18), so the
	// article's tab begins 8 px after that and the text column 75 px after.
	docsRight := w * 18 / 100
	textLeft := docsRight + 75
	// The codebook panel is at least about 355 px wide once the details
	// panel shows (its rows are then 1006–1356 at w=1360, before 1034–1356),
	// so a point 160 px from the right edge is inside a code row either way,
	// and the article never reaches w-370.
	codebookX := w - 160
	// Vertically: menu bar (0–27), top bar (28–68, Find at its centre),
	// tabs (75–112), then the article from y=115 with its header lines
	// ("Language…", title, date, author, affiliation), which do not wrap at
	// any usual width, so the first body paragraph is at y=376.
	// The codebook's heading and filter end at y=151; its rows are 39.25 px
	// (Trust centred at 170). The status line takes the bottom 45 px. The
	// codebook panel is split at 0.55 between the tree (from y=150) and the
	// details panel, which scrolls: the code's buttons (two rows), the
	// "Code" heading, then the Name entry, centred 140 px below the split.
	treeTop, bottom := 150, h-45
	split := treeTop + (bottom-treeTop)*55/100
	return windowLayout{
		dragFrom:      image.Pt(textLeft+1, 376),
		dragTo:        image.Pt(textLeft+330, 376),
		codeRowX:      codebookX,
		codeRowY:      170,
		codeRowHeight: 39,
		nameField:     image.Pt(w-160, split+140),
		idle:          image.Pt(docsRight/2, h-200),
		viewer:        image.Rect(docsRight+8, 115, w-370, bottom),
	}
}

// codeRow is the centre of the i-th row of the codebook tree (0 = Trust).
func (l windowLayout) codeRow(i int) image.Point {
	return image.Pt(l.codeRowX, l.codeRowY+i*l.codeRowHeight+i/4) // 39.25 px a row
}

// Trust's colour in the sample codebook (#2E86DE). The viewer draws a
// coding's margin stripe opaque in its code's colour (its highlight is
// translucent, so blended), so counting pixels of exactly this colour in
// the article shows how many lines carry a Trust stripe.
var trustColor = color.RGBA{0x2E, 0x86, 0xDE, 0xFF}

// minStripePixels is the least growth in Trust-coloured pixels that counts
// as a new stripe: one 23-px line of a 2-px stripe is 46 pixels; the
// passage coded from the command line spans about six lines.
const minStripePixels = 60

// TestWindow opens the sample project in the real app under Xvfb and, with
// xdotool: drag-selects a passage and presses 1 (Trust); renames Norms in
// the details panel and clicks Trust; types in Find and presses Ctrl+Z;
// codes a passage from the command line while the window is open. It checks
// each step through `marginalia list --json` and `export`, and the last one
// on the screen. Screenshots of every step are kept when it fails.
func TestWindow(t *testing.T) {
	bin, dir, shots, env, cli := windowSetup(t) // window_input_test.go
	started := time.Now()
	project := filepath.Join(dir, "P.qdb")
	cli("new", project, "--sample")
	text := cli("text", project, setback)
	codes := func() map[string]string { return cliCodes(t, cli, project) } // ID → path
	codings := func() [][]string { return cliCodings(t, cli, project, dir) }
	normsID := idOf(t, codes(), "Norms")

	x, lay := openWindow(t, bin, env, dir, shots, "open", project, "--coder", "alice") // window_input_test.go
	whole := image.Rect(0, 0, windowWidth, windowHeight)

	// Step 1: drag-select the start of the first body paragraph, press 1.
	before := x.shot()
	drag := []string{"mousemove", itoa(lay.dragFrom.X), itoa(lay.dragFrom.Y), "mousedown", "1"}
	for i := 1; i <= 6; i++ { // several motion events, as a hand makes
		p := lay.dragFrom.Add(lay.dragTo.Sub(lay.dragFrom).Mul(i).Div(6))
		drag = append(drag, "sleep", "0.03", "mousemove", itoa(p.X), itoa(p.Y))
	}
	x.do(append(drag, "mouseup", "1")...)
	x.waitChange(before, lay.viewer, 2*time.Second)
	shots.save(x, "02-selected")
	x.do("key", "1")
	var first []string // alice's coding from the window
	if rows, ok := poll(3*time.Second, codings, func(r [][]string) bool { return len(r) > 0 }); !ok {
		t.Errorf("step 1, drag-select a passage and press 1: no coding was stored (want alice's Trust coding of %q…)", "The U.S. Department")
	} else {
		first = rows[0]
		if len(rows) != 1 || first[0] != "alice" || first[1] != setback || first[2] != "Trust" ||
			!strings.HasPrefix(first[5], "The U.S. Department") || len(first[5]) < 20 {
			t.Errorf("step 1, drag-select a passage and press 1: codings %q, want one by alice with Trust on %s starting %q", rows, setback, "The U.S. Department")
		}
	}
	x.waitStill(lay.viewer, 2*time.Second)
	shots.save(x, "03-coded")

	// Step 2: click Norms (with the passage still selected: a single click
	// only selects the code), rename it in the details panel, Tab out of
	// the field, click Trust; the rename must be stored.
	n := len(codings())
	codebook := image.Rect(lay.viewer.Max.X, 0, windowWidth, windowHeight) // right of the article
	before = x.shot()
	x.click(lay.codeRow(1))
	x.waitChange(before, codebook, 2*time.Second)
	x.waitStill(lay.viewer, 2*time.Second)
	shots.save(x, "04-norms-selected")
	if got := codings(); len(got) != n {
		t.Errorf("step 2, a single click on Norms with a passage selected applied it (%d codings, want %d): a click should only select the code", len(got), n)
	}
	x.click(lay.nameField)
	x.do("key", "ctrl+a")
	x.do("type", "--delay", "30", "Shared norms")
	x.do("key", "Tab")
	x.waitStill(codebook, time.Second)
	shots.save(x, "05-renamed")
	x.click(lay.codeRow(0))
	if got, ok := poll(3*time.Second, codes, func(c map[string]string) bool { return c[normsID] == "Shared norms" }); !ok {
		t.Errorf("step 2, rename Norms to %q in the details panel, Tab, click Trust: not stored; the code is %q", "Shared norms", got[normsID])
	}
	x.waitStill(lay.viewer, 2*time.Second)
	shots.save(x, "06-trust-clicked")

	// Step 3: type in Find and press Ctrl+Z: that undoes the typing, never
	// a coding or the rename.
	codesBefore, codingsBefore := codes(), codings()
	x.do("key", "ctrl+f") // focuses the Find box, wherever the layout puts it
	x.do("type", "--delay", "30", "cyber")
	x.do("key", "ctrl+z")
	changed := func() bool {
		return !slices.EqualFunc(codings(), codingsBefore, slices.Equal) || !mapsEqual(codes(), codesBefore)
	}
	if _, ok := poll(1500*time.Millisecond, changed, func(c bool) bool { return c }); ok {
		if gone := missing(codingsBefore, codings()); len(gone) > 0 {
			t.Errorf("step 3, Ctrl+Z in the Find box undid a project action: codings removed: %q", gone)
		} else {
			t.Errorf("step 3, Ctrl+Z in the Find box changed the project: codes %q, were %q", codes(), codesBefore)
		}
	}
	shots.save(x, "07-find-ctrl-z")

	// Step 4: code a passage from the command line while the window is
	// open; the window must show it within a few seconds. The passage is
	// the second body paragraph, which nothing else codes: its Trust
	// stripe adds Trust-coloured pixels to the article (see trustColor).
	x.do(append([]string{"mousemove"}, pt(lay.idle)...)...) // no tooltip over the article
	before = x.waitStill(lay.viewer, 3*time.Second)
	start := runeIndex(t, text, "One mistake was", 0)
	end := runeIndex(t, text, "the PRISM project.", start) + len("the PRISM project.")
	// The whole window is counted: the new stripe and highlight are the
	// only Trust-coloured pixels that can appear (the codebook's swatch and
	// selected row are there before and after).
	stripesBefore := countColor(before, whole, trustColor)
	if first != nil && stripesBefore < minStripePixels/2 {
		t.Errorf("step 4: no Trust stripe found for alice's coding (%d pixels of %v in %v): the screen check below cannot work; look at the screenshots", stripesBefore, trustColor, lay.viewer)
	}
	cli("code", project, "--document", setback, "--coder", "bob", "--code", "Trust", "--start", itoa(start), "--end", itoa(end))
	after, ok := poll(4*time.Second, x.shot, func(img image.Image) bool {
		return countColor(img, whole, trustColor) >= stripesBefore+minStripePixels
	})
	shots.saveImage(after, "08-cli-coding")
	if !ok {
		t.Errorf("step 4, a coding added from the command line did not appear in the open window within 4 s: Trust-coloured pixels in the article went from %d to %d, want at least %d more (screenshot 08-cli-coding.png)",
			stripesBefore, countColor(after, whole, trustColor), minStripePixels)
	}

	// Everything the window did is in the project.
	rows := codings()
	if first != nil && !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, first) }) {
		t.Errorf("at the end, alice's coding from the window is gone: codings %q", rows)
	}
	bob := []string{"bob", setback, "Trust", itoa(start), itoa(end)}
	if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r[:5], bob) }) {
		t.Errorf("at the end, bob's coding from the command line is missing: codings %q", rows)
	}
	t.Logf("window test took %v after the build", time.Since(started).Round(100*time.Millisecond))
}

// cliCodes is `marginalia list --json`'s codes, ID → path.
func cliCodes(t *testing.T, cli func(...string) string, project string) map[string]string {
	t.Helper()
	var l listing
	if err := json.Unmarshal([]byte(cli("list", project, "--json")), &l); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	m := map[string]string{}
	for _, c := range l.Codes {
		m[c.ID] = c.Path
	}
	return m
}

// cliCodings is `marginalia export PROJECT out.csv`'s rows (coder,
// document, code, start, end, text, memo), sorted, without the header.
func cliCodings(t *testing.T, cli func(...string) string, project, dir string) [][]string {
	t.Helper()
	out := filepath.Join(dir, "codings.csv")
	cli("export", project, out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(records) == 0 {
		t.Fatalf("exported CSV: %v %q", err, b)
	}
	rows := records[1:]
	slices.SortFunc(rows, slices.Compare)
	return rows
}

func idOf(t *testing.T, codes map[string]string, path string) string {
	t.Helper()
	for id, p := range codes {
		if p == path {
			return id
		}
	}
	t.Fatalf("no code %q in %q", path, codes)
	return ""
}

// missing are the rows of was that are not in now.
func missing(was, now [][]string) [][]string {
	var gone [][]string
	for _, r := range was {
		if !slices.ContainsFunc(now, func(n []string) bool { return slices.Equal(n, r) }) {
			gone = append(gone, r)
		}
	}
	return gone
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// poll calls get every 100 ms until ok accepts what it returns or the
// timeout passes; it returns the last value and whether it was accepted.
func poll[T any](timeout time.Duration, get func() T, ok func(T) bool) (T, bool) {
	deadline := time.Now().Add(timeout)
	for {
		v := get()
		if ok(v) {
			return v, true
		}
		if time.Now().After(deadline) {
			return v, false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func pt(p image.Point) []string { return []string{itoa(p.X), itoa(p.Y)} }

// countColor counts the pixels of r in img within ±8 per channel of c.
func countColor(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d >= -8 && d <= 8 }
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, c.R) && near(pg, c.G) && near(pb, c.B) {
				n++
			}
		}
	}
	return n
}

// sameIn reports whether a and b have the same pixels in r.
func sameIn(a, b image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// xSession is a private X server and the tools that talk to it.
type xSession struct {
	t       *testing.T
	display string
}

// windowEnv is the environment of an app run by a window test: a fresh
// HOME under dir, and no outside settings that would move the layout:
// Fyne keeps the split positions in its config folder and reads the scale
// and theme from FYNE_SCALE and FYNE_THEME.
func windowEnv(t *testing.T, dir string) []string {
	t.Helper()
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"), "FYNE_SCALE=1", "FYNE_THEME=", "WAYLAND_DISPLAY=",
		"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}
}

// launch starts the app (bin with args) in env, logging to dir/app.log,
// and kills it when the test ends, printing the log if the test failed.
func launch(t *testing.T, bin string, env []string, dir string, args ...string) {
	t.Helper()
	app := exec.Command(bin, args...)
	app.Env = append(os.Environ(), env...)
	logPath := filepath.Join(dir, "app.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	app.Stdout, app.Stderr = logFile, logFile
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { app.Wait(); logFile.Close(); close(exited) }()
	t.Cleanup(func() {
		app.Process.Kill()
		<-exited
		if t.Failed() {
			if b, _ := os.ReadFile(logPath); len(b) > 0 {
				t.Logf("the app's output:\n%s", b)
			}
		}
	})
}

// placeWindow waits for the app's window, puts it at 0,0 in the test's
// size, focuses it and waits until the article is drawn and still.
func (x *xSession) placeWindow(lay windowLayout) {
	x.t.Helper()
	win := x.findWindow("Marginalia", 20*time.Second)
	x.do("windowmove", win, "0", "0")
	x.do("windowsize", win, strconv.Itoa(windowWidth), strconv.Itoa(windowHeight))
	x.waitGeometry(win, windowWidth, windowHeight, 5*time.Second)
	x.do("windowfocus", win)
	x.waitDrawn(lay.viewer, 15*time.Second)
	x.do(append([]string{"mousemove"}, pt(lay.idle)...)...)
	x.waitStill(image.Rect(0, 0, windowWidth, windowHeight), 3*time.Second)
}

// startX starts Xvfb on a display it picks itself (-displayfd), and stops
// it when the test ends.
func startX(t *testing.T, dir string) *xSession {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", screenSpec, "-nolisten", "tcp", "-noreset")
	xvfb.ExtraFiles = []*os.File{w} // fd 3
	logFile, err := os.Create(filepath.Join(dir, "xvfb.log"))
	if err != nil {
		t.Fatal(err)
	}
	xvfb.Stdout, xvfb.Stderr = logFile, logFile
	if err := xvfb.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { xvfb.Wait(); logFile.Close(); close(exited) }()
	t.Cleanup(func() { xvfb.Process.Kill(); <-exited })
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			b, _ := os.ReadFile(filepath.Join(dir, "xvfb.log"))
			t.Fatalf("Xvfb did not start: %s", b)
		}
		return &xSession{t: t, display: ":" + n}
	case <-time.After(15 * time.Second):
		t.Fatal("Xvfb did not report its display within 15 s")
	}
	return nil
}

// run runs an X tool on the display and returns its stdout.
func (x *xSession) run(timeout time.Duration, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s %s: %v %s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

// do runs xdotool with args, and fails the test if it fails.
func (x *xSession) do(args ...string) string {
	x.t.Helper()
	out, err := x.run(10*time.Second, "xdotool", args...)
	if err != nil {
		x.t.Fatal(err)
	}
	return string(out)
}

func (x *xSession) click(p image.Point) {
	x.t.Helper()
	x.do("mousemove", itoa(p.X), itoa(p.Y), "click", "1")
}

// findWindow waits until a visible window whose name contains name exists.
func (x *xSession) findWindow(name string, timeout time.Duration) string {
	x.t.Helper()
	out, err := x.run(timeout, "xdotool", "search", "--sync", "--onlyvisible", "--name", name)
	if err != nil {
		x.t.Fatalf("no window named %q within %v: %v", name, timeout, err)
	}
	return strings.Fields(string(out))[0]
}

// waitGeometry waits until the window is w×h at 0,0.
func (x *xSession) waitGeometry(win string, w, h int, timeout time.Duration) {
	x.t.Helper()
	want := fmt.Sprintf("X=0 Y=0 WIDTH=%d HEIGHT=%d", w, h)
	got, ok := poll(timeout, func() string {
		var kept []string // getwindowgeometry --shell prints WINDOW=, X=, Y=, WIDTH=, HEIGHT=, SCREEN=
		for _, line := range strings.Fields(x.do("getwindowgeometry", "--shell", win)) {
			if k, _, _ := strings.Cut(line, "="); k == "X" || k == "Y" || k == "WIDTH" || k == "HEIGHT" {
				kept = append(kept, line)
			}
		}
		return strings.Join(kept, " ")
	}, func(s string) bool { return s == want })
	if !ok {
		x.t.Fatalf("the window did not take the geometry %dx%d+0+0: %q", w, h, got)
	}
}

// shot is a screenshot of the whole screen.
func (x *xSession) shot() image.Image {
	x.t.Helper()
	out, err := x.run(10*time.Second, "import", "-window", "root", "png:-")
	if err != nil {
		x.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		x.t.Fatalf("screenshot: %v", err)
	}
	return img
}

// waitDrawn waits until r holds more than one colour (the app has drawn).
func (x *xSession) waitDrawn(r image.Rectangle, timeout time.Duration) {
	x.t.Helper()
	if _, ok := poll(timeout, x.shot, func(img image.Image) bool {
		c := img.At(r.Min.X, r.Min.Y)
		for y := r.Min.Y; y < r.Max.Y; y += 3 {
			for x := r.Min.X; x < r.Max.X; x += 3 {
				if img.At(x, y) != c {
					return true
				}
			}
		}
		return false
	}); !ok {
		x.t.Fatalf("the window drew nothing in %v within %v", r, timeout)
	}
}

// waitStill waits until two screenshots in a row are the same in r (a
// blinking text cursor outside r does not matter), and returns the last.
func (x *xSession) waitStill(r image.Rectangle, timeout time.Duration) image.Image {
	prev := x.shot()
	next, _ := poll(timeout, x.shot, func(img image.Image) bool {
		same := sameIn(prev, img, r)
		prev = img
		return same
	})
	return next
}

// waitChange waits until r differs from before, then until it is still.
func (x *xSession) waitChange(before image.Image, r image.Rectangle, timeout time.Duration) image.Image {
	if _, ok := poll(timeout, x.shot, func(img image.Image) bool { return !sameIn(before, img, r) }); !ok {
		x.t.Logf("nothing changed in %v within %v", r, timeout)
	}
	return x.waitStill(r, timeout)
}

// shotKeeper writes numbered screenshots into the test's folder and, when
// the test fails, copies them where a developer can look at them.
type shotKeeper struct {
	t   *testing.T
	dir string
}

func keepShotsOnFailure(t *testing.T, dir string) *shotKeeper {
	k := &shotKeeper{t: t, dir: filepath.Join(dir, "screenshots")}
	if err := os.MkdirAll(k.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Registered after t.TempDir, so it runs before the folder is removed.
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		keep := os.Getenv("MARGINALIA_SHOTS")
		if keep == "" {
			keep = filepath.Join(os.TempDir(), "marginalia-window-test")
		}
		os.RemoveAll(keep)
		if err := os.CopyFS(keep, os.DirFS(k.dir)); err != nil {
			t.Logf("could not keep the screenshots: %v", err)
			return
		}
		t.Errorf("screenshots of each step are in %s (set MARGINALIA_SHOTS to choose the folder)", keep)
	})
	return k
}

func (k *shotKeeper) save(x *xSession, name string) { k.saveImage(x.shot(), name) }

func (k *shotKeeper) saveImage(img image.Image, name string) {
	var b bytes.Buffer
	if err := png.Encode(&b, img.(interface {
		image.Image
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(0, 0, windowWidth, windowHeight))); err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(k.dir, name+".png"), b.Bytes(), 0o644); err != nil {
		k.t.Fatal(err)
	}
}
