package storage_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

// Fault injection: a child process (this test binary, re-executed) runs
// one action on a project and is killed with SIGKILL at some moment; the
// project must then open, pass Check, and hold none or all of the action.
// A full disk is a small tmpfs (root only).

// actionHelperEnv tells the re-executed test binary to run
// TestHelperAction: its value is a JSON actionSpec.
const actionHelperEnv = "MARGINALIA_ACTION_HELPER"

// actionSpec is what the child does.
type actionSpec struct {
	Action  string // coding, merge, undo, qdpx, backup, xlsx
	Project string
	Arg     string // the .qdpx to merge, the backup folder, the .xlsx to write
}

// TestHelperAction is not a test: it is the child process of the
// fault-injection tests, which kill it during its action.
func TestHelperAction(t *testing.T) {
	raw := os.Getenv(actionHelperEnv)
	if raw == "" {
		t.Skip("runs only as the child process of the fault-injection tests")
	}
	var spec actionSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	p, err := storage.Open(spec.Project)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(helperImporting)
	err = runAction(p, spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println(helperImported)
	time.Sleep(time.Minute) // wait to be killed
	os.Exit(0)
}

func runAction(p *storage.Project, spec actionSpec) error {
	switch spec.Action {
	case "coding": // one coding after another, each its own action, until killed
		docs, err := p.Documents()
		if err != nil {
			return err
		}
		cb, err := p.Codebook()
		if err != nil {
			return err
		}
		coder, err := p.EnsureCoder("dora")
		if err != nil {
			return err
		}
		code := cb.Codes()[0]
		for i := 0; ; i++ {
			d := docs[i%len(docs)]
			if _, err := p.AddCoding(coding.Coding{DocumentID: d.ID, CodeID: code.ID, CoderID: coder.ID, Span: coding.Span{Start: i / len(docs) % (d.Length - 1), End: d.Length}}); err != nil {
				return err
			}
		}
	case "merge":
		from, err := p.EnsureCodePath("Trust")
		if err != nil {
			return err
		}
		into, err := p.EnsureCodePath("Norms")
		if err != nil {
			return err
		}
		_, err = p.MergeCode(from.ID, into.ID)
		return err
	case "undo":
		_, err := p.Undo()
		return err
	case "qdpx":
		rp, err := refi.ReadProjectFile(spec.Arg)
		if err != nil {
			return err
		}
		_, err = p.MergeProject(rp, filepath.Base(spec.Arg))
		return err
	case "backup":
		_, err := p.Backup(spec.Arg)
		return err
	case "xlsx":
		return p.ExportFile(spec.Arg, storage.Filter{})
	}
	return fmt.Errorf("unknown action %q", spec.Action)
}

// runActionAndKill starts the helper on spec, kills it with SIGKILL when
// kill returns, and waits for it to die.
func runActionAndKill(t *testing.T, spec actionSpec, kill killAt) string {
	t.Helper()
	raw, _ := json.Marshal(spec)
	return runHelperAndKill(t, "TestHelperAction", actionHelperEnv+"="+string(raw), spec.Project, kill)
}

// faultTemplate builds, once per test, a closed project of the two sample
// articles with n codings imported (one undoable action), and returns its
// path; rounds work on copies.
func faultTemplate(t *testing.T, n int) (string, []coding.Document) {
	t.Helper()
	docs := []coding.Document{readCorpus(t, "sony-hack-cyber-dialogue.txt"), readCorpus(t, "setback-cyber-cooperation.txt")}
	path := filepath.Join(t.TempDir(), "template.qdb")
	p, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		var buf bytes.Buffer
		if err := writeCodingsCSV(&buf, docs, n); err != nil {
			t.Fatal(err)
		}
		if _, err := p.ImportCodingsCSV(&buf, "codings.csv"); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	return path, docs
}

// copyProject copies a closed project file to a new path in dir.
func copyProject(t *testing.T, from, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, name)
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// openChecked opens a project after a kill, checks it and returns it.
func openChecked(t *testing.T, path string) *storage.Project {
	t.Helper()
	p, err := storage.Open(path)
	if err != nil {
		t.Fatalf("open after the kill: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	r, err := storage.Check(path)
	if err != nil || !r.OK() {
		t.Fatalf("check after the kill: %v %v", r.Problems, err)
	}
	return p
}

// killRounds are the moments a child is killed: early, during the work
// (while the write-ahead log grows, or at a random moment), and right after
// it reports the action done.
func killRounds(walBytes int64, maxDelay time.Duration) []struct {
	name string
	kill killAt
} {
	return []struct {
		name string
		kill killAt
	}{
		{"early", afterDelay(5 * time.Millisecond)},
		{"while writing", whenWALPasses(walBytes)},
		{"at a random moment", afterDelay(time.Duration(rand.Int64N(int64(maxDelay))))},
		{"right after it is done", afterCommit},
	}
}

func skipUnlessFaultsCanRun(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	if testing.Short() {
		t.Skip("starts child processes and builds projects of 50,000 codings")
	}
}

func codingCount(t *testing.T, p *storage.Project) int {
	t.Helper()
	n, err := p.CodingCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestKilledDuringCodingLeavesWholeCodings(t *testing.T) {
	skipUnlessFaultsCanRun(t)
	template, _ := faultTemplate(t, 1000)
	dir := t.TempDir()
	for i, delay := range []time.Duration{time.Millisecond, 37 * time.Millisecond, time.Duration(rand.Int64N(int64(400 * time.Millisecond)))} {
		t.Run(fmt.Sprint(delay), func(t *testing.T) {
			path := copyProject(t, template, dir, fmt.Sprintf("coding%d.qdb", i))
			what := runActionAndKill(t, actionSpec{Action: "coding", Project: path}, afterDelay(delay))
			p := openChecked(t, path)
			// Each coding is whole with its journal entry: undoing every
			// coding made by the child gives back the template's codings.
			added := codingCount(t, p) - 1000
			t.Logf("killed %s: %d codings added", what, added)
			for range added {
				if _, err := p.Undo(); err != nil {
					t.Fatalf("undo after the kill: %v", err)
				}
			}
			if n := codingCount(t, p); n != 1000 {
				t.Errorf("after undoing %d codings the project holds %d codings; want 1000", added, n)
			}
		})
	}
}

func TestKilledDuringMergeCodeLeavesAllOrNothing(t *testing.T) {
	skipUnlessFaultsCanRun(t)
	const n = 50_000
	template, _ := faultTemplate(t, n)
	dir := t.TempDir()
	var trust, norms int
	{
		p, err := storage.Open(template)
		if err != nil {
			t.Fatal(err)
		}
		trust, norms = countUnder(t, p, "Trust"), countUnder(t, p, "Norms")
		p.Close()
	}
	for i, round := range killRounds(256<<10, 1500*time.Millisecond) {
		t.Run(round.name, func(t *testing.T) {
			path := copyProject(t, template, dir, fmt.Sprintf("merge%d.qdb", i))
			what := runActionAndKill(t, actionSpec{Action: "merge", Project: path}, round.kill)
			p := openChecked(t, path)
			cb, _ := p.Codebook()
			_, trustLeft := cb.ByPath("Trust")
			gotNorms := countUnder(t, p, "Norms")
			t.Logf("killed %s: Trust still there %v, Norms holds %d codings", what, trustLeft, gotNorms)
			switch {
			case trustLeft && gotNorms == norms && countUnder(t, p, "Trust") == trust:
			case !trustLeft && gotNorms == norms+trust:
			default:
				t.Errorf("after the kill: Trust there %v, Norms %d codings; want Trust with %d and Norms %d, or Norms %d", trustLeft, gotNorms, trust, norms, norms+trust)
			}
			if codingCount(t, p) != n {
				t.Errorf("after the kill the project holds %d codings; want %d", codingCount(t, p), n)
			}
		})
	}
}

// countUnder is the number of codings with the code at path or below it.
func countUnder(t *testing.T, p *storage.Project, path string) int {
	t.Helper()
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cb.ByPath(path)
	if !ok {
		t.Fatalf("no code %s", path)
	}
	n, err := p.CountCodingsUnder(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestKilledDuringUndoOfImportLeavesAllOrNothing(t *testing.T) {
	skipUnlessFaultsCanRun(t)
	const n = 50_000
	template, _ := faultTemplate(t, n)
	dir := t.TempDir()
	for i, round := range killRounds(1<<20, 1500*time.Millisecond) {
		t.Run(round.name, func(t *testing.T) {
			path := copyProject(t, template, dir, fmt.Sprintf("undo%d.qdb", i))
			what := runActionAndKill(t, actionSpec{Action: "undo", Project: path}, round.kill)
			p := openChecked(t, path)
			got := codingCount(t, p)
			t.Logf("killed %s: %d codings", what, got)
			if got != 0 && got != n {
				t.Fatalf("after the kill the project holds %d codings; want 0 or %d", got, n)
			}
			// Whichever it is, the journal agrees: undo or redo gives the other.
			if got == n {
				_, err := p.Undo()
				if err != nil || codingCount(t, p) != 0 {
					t.Errorf("undo after the kill: %v, %d codings left", err, codingCount(t, p))
				}
			} else if _, err := p.Redo(); err != nil || codingCount(t, p) != n {
				t.Errorf("redo after the kill: %v, %d codings", err, codingCount(t, p))
			}
		})
	}
}

func TestKilledDuringQDPXMergeLeavesAllOrNothing(t *testing.T) {
	skipUnlessFaultsCanRun(t)
	const n = 50_000
	template, _ := faultTemplate(t, n)
	empty, _ := faultTemplate(t, 0)
	dir := t.TempDir()
	qdpx := filepath.Join(dir, "team.qdpx")
	{
		p, err := storage.Open(template)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.ExportFile(qdpx, storage.Filter{}); err != nil {
			t.Fatal(err)
		}
		p.Close()
	}
	for i, round := range killRounds(1<<20, 2*time.Second) {
		t.Run(round.name, func(t *testing.T) {
			path := copyProject(t, empty, dir, fmt.Sprintf("qdpx%d.qdb", i))
			what := runActionAndKill(t, actionSpec{Action: "qdpx", Project: path, Arg: qdpx}, round.kill)
			p := openChecked(t, path)
			got := codingCount(t, p)
			coders, _ := p.Coders()
			t.Logf("killed %s: %d codings, %d coders", what, got, len(coders))
			if !(got == 0 && len(coders) == 0 || got == n && len(coders) == len(benchCoders)) {
				t.Fatalf("after the kill the project holds %d codings and %d coders; want none or %d and %d", got, len(coders), n, len(benchCoders))
			}
		})
	}
}

func TestKilledDuringBackupLeavesNoHalfBackup(t *testing.T) {
	skipUnlessFaultsCanRun(t)
	const n = 50_000
	template, _ := faultTemplate(t, n)
	dir := t.TempDir()
	for i, round := range killRounds(0, 300*time.Millisecond) {
		backups := filepath.Join(dir, fmt.Sprintf("backups%d", i))
		if round.name == "while writing" { // a backup writes no WAL: kill once its temporary file grows
			round.kill = whenTempFileIn(backups, 64<<10)
		}
		t.Run(round.name, func(t *testing.T) {
			path := copyProject(t, template, dir, fmt.Sprintf("backup%d.qdb", i))
			what := runActionAndKill(t, actionSpec{Action: "backup", Project: path, Arg: backups}, round.kill)
			p := openChecked(t, path)
			if codingCount(t, p) != n {
				t.Errorf("the project holds %d codings; want %d", codingCount(t, p), n)
			}
			list, err := storage.ListBackups(backups)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("killed %s: %d backups", what, len(list))
			if len(list) > 1 {
				t.Fatalf("%d backups; want at most 1", len(list))
			}
			for _, b := range list {
				if r, err := storage.Check(b.Path); err != nil || !r.OK() || r.Codings != n {
					t.Errorf("backup %s after the kill: %v %v, %d codings; want a whole backup", b.Path, r.Problems, err, r.Codings)
				}
			}
			// A new backup works and ignores what the killed one left.
			if info, err := p.Backup(backups); err != nil || info.Codings != n {
				t.Errorf("backup after the kill: %v, %d codings", err, info.Codings)
			}
		})
	}
}

func TestKilledDuringXLSXExportLeavesNoHalfFile(t *testing.T) {
	skipUnlessFaultsCanRun(t)
	const n = 50_000
	template, _ := faultTemplate(t, n)
	dir := t.TempDir()
	// The whole workbook, for comparison.
	wantRows := 0
	{
		p, err := storage.Open(template)
		if err != nil {
			t.Fatal(err)
		}
		ref := filepath.Join(t.TempDir(), "reference.xlsx")
		if err := p.ExportFile(ref, storage.Filter{}); err != nil {
			t.Fatal(err)
		}
		p.Close()
		f, err := excelize.OpenFile(ref)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Codings")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		wantRows = len(rows)
	}
	for i, round := range killRounds(0, 2*time.Second) {
		out := filepath.Join(dir, fmt.Sprintf("agreement%d.xlsx", i))
		if round.name == "while writing" { // an export writes no WAL: kill once its temporary file grows
			round.kill = whenTempFileIn(dir, 16<<10)
		}
		t.Run(round.name, func(t *testing.T) {
			path := copyProject(t, template, dir, fmt.Sprintf("xlsx%d.qdb", i))
			what := runActionAndKill(t, actionSpec{Action: "xlsx", Project: path, Arg: out}, round.kill)
			openChecked(t, path)
			f, err := excelize.OpenFile(out)
			if os.IsNotExist(err) {
				t.Logf("killed %s: no workbook", what)
				return
			}
			if err != nil {
				t.Fatalf("killed %s: %s is there but does not open: %v", what, out, err)
			}
			defer f.Close()
			t.Logf("killed %s: a workbook", what)
			rows, err := f.GetRows("Codings")
			if err != nil || len(rows) != wantRows {
				t.Errorf("killed %s: the workbook's Codings sheet has %d rows (%v); want %d", what, len(rows), err, wantRows)
			}
		})
	}
}

// whenTempFileIn kills the child once a temporary file (".NAME.….tmp" or
// ".NAME.…", as backups and exports write) in dir holds more than size
// bytes.
func whenTempFileIn(dir string, size int64) killAt {
	return func(t *testing.T, _ string, lines <-chan string) string {
		start := time.Now()
		for time.Since(start) < 20*time.Second {
			select {
			case line := <-lines:
				return fmt.Sprintf("the child said %q before a temporary file passed %d bytes", line, size)
			default:
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if !strings.HasPrefix(e.Name(), ".") {
					continue
				}
				if fi, err := e.Info(); err == nil && fi.Size() > size {
					return fmt.Sprintf("%s at %d bytes after %v", e.Name(), fi.Size(), time.Since(start).Round(time.Millisecond))
				}
			}
			time.Sleep(time.Millisecond)
		}
		return "timed out waiting for a temporary file"
	}
}
