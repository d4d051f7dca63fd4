package storage_test

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// crashHelperEnv tells the test binary, re-executed by
// TestKilledImportLeavesAllOrNothing, to run TestHelperImporter as the
// importing child. Its value is "projectpath,csvpath".
const crashHelperEnv = "MARGINALIA_CRASH_HELPER"

// Lines the helper prints so that the parent knows where it is.
const (
	helperImporting = "importing"
	helperImported  = "imported"
)

// Generated codings use these code paths and coders, so that an import
// also creates a small codebook (with non-ASCII names) and three coders.
var (
	benchCodePaths = []string{"Trust", "Trust > Mistrust", "Norms", "Norms > Sovereignty", "Norms > Sovereignty > Cyber sovereignty 网络主权", "Cooperation", "Cooperation > Dialogue", "Conflict"}
	benchCoders    = []string{"alice", "bob", "Chén Lì"}
)

// writeCodingsCSV writes n distinct codings over docs as a codings CSV
// (coder,document,code,start,end,memo): row k codes document k mod
// len(docs), and no two rows of a document share a range. Every document
// must be longer than 110 runes and n/len(docs) at most 50×(shortest
// length−60).
func writeCodingsCSV(w io.Writer, docs []coding.Document, n int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"coder", "document", "code", "start", "end", "memo"}); err != nil {
		return err
	}
	for k := range n {
		d := docs[k%len(docs)]
		j := k / len(docs)
		room := d.Length - 60
		start, width := j%room, 1+(j/room)%50
		if j >= 50*room {
			return fmt.Errorf("%s (%d runes) has no room for %d distinct codings", d.Name, d.Length, j+1)
		}
		memo := ""
		if k%97 == 0 {
			memo = `see "Sovereignty", p. 3`
		}
		record := []string{benchCoders[k%len(benchCoders)], d.Name, benchCodePaths[j%len(benchCodePaths)], strconv.Itoa(start), strconv.Itoa(start + width), memo}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// TestHelperImporter is not a test: it is the child process of
// TestKilledImportLeavesAllOrNothing, which kills it during the import.
func TestHelperImporter(t *testing.T) {
	spec := os.Getenv(crashHelperEnv)
	if spec == "" {
		t.Skip("runs only as the child process of TestKilledImportLeavesAllOrNothing")
	}
	projectPath, csvPath, _ := strings.Cut(spec, ",")
	p, err := storage.Open(projectPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(helperImporting)
	if _, err := p.ImportCodingsCSVFile(csvPath); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println(helperImported)
	// Wait to be killed: the parent also kills right after the commit.
	time.Sleep(time.Minute)
	os.Exit(0)
}

// killAt says when the parent kills the importing child. It is called
// once the child has said "importing"; lines carries the child's further
// output. It returns what it waited for, for the log.
type killAt func(t *testing.T, projectPath string, lines <-chan string) string

// afterDelay kills the child d after it started importing.
func afterDelay(d time.Duration) killAt {
	return func(t *testing.T, _ string, lines <-chan string) string {
		select {
		case line := <-lines:
			return fmt.Sprintf("the child said %q before %v passed", line, d)
		case <-time.After(d):
			return fmt.Sprintf("%v after it started", d)
		}
	}
}

// whenWALPasses kills the child once the project's write-ahead log holds
// more than size bytes: the import transaction is writing its pages.
func whenWALPasses(size int64) killAt {
	return func(t *testing.T, projectPath string, lines <-chan string) string {
		start := time.Now()
		for time.Since(start) < 20*time.Second {
			select {
			case line := <-lines:
				return fmt.Sprintf("the child said %q before the WAL passed %d bytes", line, size)
			default:
			}
			if fi, err := os.Stat(projectPath + "-wal"); err == nil && fi.Size() > size {
				return fmt.Sprintf("WAL at %d bytes after %v", fi.Size(), time.Since(start).Round(time.Millisecond))
			}
			time.Sleep(time.Millisecond)
		}
		return "timed out waiting for the WAL"
	}
}

// afterCommit kills the child once it reports the import committed.
func afterCommit(t *testing.T, _ string, lines <-chan string) string {
	select {
	case line := <-lines:
		return fmt.Sprintf("the child said %q", line)
	case <-time.After(20 * time.Second):
		return "timed out waiting for the commit"
	}
}

// TestKilledImportLeavesAllOrNothing kills (SIGKILL) a process that is
// importing a large codings CSV, at several moments, and checks that the
// project opens sound, holds none or all of the file's codings, and still
// takes new codings.
func TestKilledImportLeavesAllOrNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	if testing.Short() {
		t.Skip("starts child processes and imports 100,000 codings")
	}
	const n = 100_000
	dir := t.TempDir()
	docs := []coding.Document{readCorpus(t, "sony-hack-cyber-dialogue.txt"), readCorpus(t, "setback-cyber-cooperation.txt")}
	csvPath := filepath.Join(dir, "codings.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeCodingsCSV(f, docs, n); err != nil { // csv.Writer buffers
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	const all, noneOrAll, none = n, -1, 0
	rounds := []struct {
		name  string
		kill  killAt
		want  int  // all, none, or noneOrAll
		whole bool // waits for the whole import: skipped under the race detector, which makes it ten times slower
	}{
		{"while reading the file", afterDelay(20 * time.Millisecond), none, false},
		{"while writing rows", whenWALPasses(1 << 20), none, false},
		{"while writing more rows", whenWALPasses(8 << 20), none, false},
		{"after a random delay", afterDelay(time.Duration(time.Now().UnixNano()%1500) * time.Millisecond), noneOrAll, false},
		{"right after the commit", afterCommit, all, true},
	}
	for i, round := range rounds {
		t.Run(round.name, func(t *testing.T) {
			if round.whole && raceDetector() {
				t.Skip("the whole import takes too long under the race detector")
			}
			projectPath := filepath.Join(dir, fmt.Sprintf("round%d.qdb", i))
			p, err := storage.Create(projectPath)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.AddDocuments(docs); err != nil {
				t.Fatal(err)
			}
			p.Close()

			start := time.Now()
			what := runAndKill(t, projectPath, csvPath, round.kill)
			t.Logf("killed: %s (%v after start)", what, time.Since(start).Round(time.Millisecond))

			p, err = storage.Open(projectPath)
			if err != nil {
				t.Fatalf("open after the kill: %v", err)
			}
			defer p.Close()
			if verdict, err := p.IntegrityCheck(); err != nil || verdict != "ok" {
				t.Fatalf("integrity check after the kill = %q, %v; want ok", verdict, err)
			}
			count, err := p.CodingCount()
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case count != 0 && count != n:
				t.Fatalf("after the kill the project holds %d codings; want 0 or all %d", count, n)
			case round.want != noneOrAll && count != round.want:
				t.Errorf("after the kill (%s) the project holds %d codings; want %d", what, count, round.want)
			}
			checkStillWorks(t, p, docs[0], count)
		})
	}
}

// raceDetector reports whether the test binary was built with -race.
func raceDetector() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// runAndKill starts the helper importing csvPath into projectPath, kills
// it with SIGKILL when kill returns, and waits for it to die.
func runAndKill(t *testing.T, projectPath, csvPath string, kill killAt) string {
	t.Helper()
	return runHelperAndKill(t, "TestHelperImporter", crashHelperEnv+"="+projectPath+","+csvPath, projectPath, kill)
}

// runHelperAndKill starts this test binary running the helper test named
// helper with env added, waits until it says helperImporting, kills it
// with SIGKILL when kill (given the helper's further lines) returns, and
// waits for it to die. It returns what kill said it interrupted.
func runHelperAndKill(t *testing.T, helper, env, projectPath string, kill killAt) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 4096), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case line, ok := <-lines:
		if !ok || line != helperImporting {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the helper said %q instead of %q; stderr: %s", line, helperImporting, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the helper did not start within 30 s")
	}
	what := kill(t, projectPath, lines)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill the helper: %v", err)
	}
	cmd.Wait()
	if stderr.Len() > 0 {
		t.Logf("helper stderr: %s", stderr.String())
	}
	return what
}

// checkStillWorks adds a coding to a project that held count codings,
// undoes it and checks the counts a user would see.
func checkStillWorks(t *testing.T, p *storage.Project, doc coding.Document, count int) {
	t.Helper()
	coder, err := p.EnsureCoder("dora")
	if err != nil {
		t.Fatal(err)
	}
	code, err := p.EnsureCodePath("After the crash")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddCoding(coding.Coding{DocumentID: doc.ID, CodeID: code.ID, CoderID: coder.ID, Span: coding.Span{Start: 0, End: 8}}); err != nil {
		t.Fatalf("add a coding after the kill: %v", err)
	}
	if got, err := p.CodingCount(); err != nil || got != count+1 {
		t.Fatalf("after adding one coding the project holds %d codings (%v); want %d", got, err, count+1)
	}
	if _, err := p.Undo(); err != nil {
		t.Fatalf("undo after the kill: %v", err)
	}
	if got, err := p.CodingCount(); err != nil || got != count {
		t.Fatalf("after undo the project holds %d codings (%v); want %d", got, err, count)
	}
}
