package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// TestKilledImportInASharedFolder is TestKilledImportLeavesAllOrNothing
// in the safe mode of network and synced folders (rollback journal,
// exclusive locking, a lock file): a process killed with SIGKILL during a
// large import leaves the project sound with none or all of the codings,
// and its lock file, left behind, is taken over by the next opening on
// this computer.
func TestKilledImportInASharedFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	if testing.Short() {
		t.Skip("starts child processes and imports 100,000 codings")
	}
	t.Setenv("MARGINALIA_SHARED_FOLDER", "1") // the child inherits it
	const n = 100_000
	dir := t.TempDir()
	docs := []coding.Document{readCorpus(t, "sony-hack-cyber-dialogue.txt"), readCorpus(t, "setback-cyber-cooperation.txt")}
	csvPath := filepath.Join(dir, "codings.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeCodingsCSV(f, docs, n); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for i, round := range []struct {
		name string
		kill killAt
		want int // -1: none or all
	}{
		{"while reading the file", afterDelay(20 * time.Millisecond), 0},
		{"while the rollback journal is written", whenJournalExists, -1},
		{"after a random delay", afterDelay(time.Duration(time.Now().UnixNano()%1500) * time.Millisecond), -1},
		{"right after the commit", afterCommit, n},
	} {
		t.Run(round.name, func(t *testing.T) {
			if round.want == n && raceDetector() {
				t.Skip("the whole import takes too long under the race detector")
			}
			projectPath := filepath.Join(dir, fmt.Sprintf("shared%d.qdb", i))
			p, err := storage.Create(projectPath)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.AddDocuments(docs); err != nil {
				t.Fatal(err)
			}
			p.Close()
			what := runAndKill(t, projectPath, csvPath, round.kill)
			t.Logf("killed: %s", what)
			if _, err := os.Stat(projectPath + ".lock"); err != nil {
				t.Errorf("the killed child left no lock file: %v", err)
			}
			p, err = storage.Open(projectPath)
			if err != nil {
				t.Fatalf("open after the kill: %v", err)
			}
			defer p.Close()
			if !p.Location().IsShared() {
				t.Fatal("not opened in the safe mode")
			}
			if verdict, err := p.IntegrityCheck(); err != nil || verdict != "ok" {
				t.Fatalf("integrity check after the kill = %q, %v; want ok", verdict, err)
			}
			count, err := p.CodingCount()
			if err != nil {
				t.Fatal(err)
			}
			if count != 0 && count != n || round.want >= 0 && count != round.want {
				t.Fatalf("after the kill (%s) the project holds %d codings; want %d (-1: none or all %d)", what, count, round.want, n)
			}
			checkStillWorks(t, p, docs[0], count)
		})
	}
}

// whenJournalExists kills the child once the project's rollback journal
// holds data: the import is committing (or spilling pages).
func whenJournalExists(t *testing.T, projectPath string, lines <-chan string) string {
	start := time.Now()
	for time.Since(start) < 20*time.Second {
		select {
		case line := <-lines:
			return fmt.Sprintf("the child said %q before a rollback journal appeared", line)
		default:
		}
		if fi, err := os.Stat(projectPath + "-journal"); err == nil && fi.Size() > 0 {
			return fmt.Sprintf("rollback journal at %d bytes after %v", fi.Size(), time.Since(start).Round(time.Millisecond))
		}
		time.Sleep(200 * time.Microsecond)
	}
	return "timed out waiting for the rollback journal"
}
