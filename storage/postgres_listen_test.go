package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// waitChange runs p.WaitChange in the background; the channel gives its
// result.
func waitChange(ctx context.Context, p *storage.Project) <-chan error {
	done := make(chan error, 1)
	go func() { done <- p.WaitChange(ctx) }()
	return done
}

func TestTeamWaitChangeWakesOtherWindows(t *testing.T) {
	tp := teamtest.New(t, "live", "lead", "anna", "ben")
	sfx := tp.Suffix
	lead, docs, trust := teamLead(t, tp, "sony-hack-cyber-dialogue.txt")
	sony := docs[0]
	anna, ben := tp.Open(t, "anna"+sfx), tp.Open(t, "ben"+sfx)
	seen, err := anna.Overview()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Anna's own coding does not wake her window (it applies its own
	// change set from OnChange).
	mine, err := anna.AddCoding(coding.Coding{DocumentID: sony.ID, CodeID: trust.ID, CoderID: anna.Team().CoderID, Span: find(t, sony, "trust")})
	if err != nil {
		t.Fatal(err)
	}
	quiet, stop := context.WithTimeout(ctx, 700*time.Millisecond)
	if err := anna.WaitChange(quiet); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("anna's window waiting after her own coding: %v, want to wait on", err)
	}
	stop()

	// Ben's coding wakes her within a second, and ChangesSince has it.
	woke := waitChange(ctx, anna)
	time.Sleep(100 * time.Millisecond) // anna is listening
	committed := time.Now()
	theirs, err := ben.AddCoding(coding.Coding{DocumentID: sony.ID, CodeID: trust.ID, CoderID: ben.Team().CoderID, Span: find(t, sony, "norms")})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-woke:
		if err != nil {
			t.Fatalf("WaitChange: %v", err)
		}
		if d := time.Since(committed); d > time.Second {
			t.Errorf("anna's window woke %v after ben's coding, want within 1 s", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ben's coding did not wake anna's window")
	}
	changes, err := anna.ChangesSince(seen.Seq)
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, cs := range changes {
		for _, c := range cs.Codings.Added {
			added = append(added, c.ID)
		}
	}
	if len(added) != 2 || added[0] != mine.ID || added[1] != theirs.ID {
		t.Errorf("anna's window read codings %v, want hers %s then ben's %s", added, mine.ID, theirs.ID)
	}

	// A lost connection is an error that says so, without the password;
	// the next wait connects again.
	woke = waitChange(ctx, anna)
	time.Sleep(200 * time.Millisecond)
	var killed int
	if err := tp.SQL(t, "anna"+sfx).QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE usename = session_user AND application_name = 'marginalia (listening)'`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("ending the listening connection: %d ended, %v", killed, err)
	}
	select {
	case err := <-woke:
		if err == nil || errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "connection to the server was lost") {
			t.Errorf("WaitChange after its connection ended: %v, want the connection lost", err)
		} else if strings.Contains(err.Error(), tp.Logins["anna"+sfx]) {
			t.Errorf("the error shows the password: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("WaitChange did not notice that its connection ended")
	}
	woke = waitChange(ctx, anna)
	time.Sleep(300 * time.Millisecond)
	if _, err := lead.AddCode(coding.Code{Name: "Norms", Codable: true}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-woke:
		if err != nil {
			t.Errorf("WaitChange after reconnecting: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("after reconnecting, the lead's new code did not wake anna's window")
	}

	// Closing the project ends a wait.
	woke = waitChange(ctx, ben)
	time.Sleep(200 * time.Millisecond)
	ben.Close()
	select {
	case err := <-woke:
		if err == nil || !strings.Contains(err.Error(), "closed") {
			t.Errorf("WaitChange when its project closed: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("closing the project did not end WaitChange")
	}
}

func TestWaitChangeOnAFileSaysToPoll(t *testing.T) {
	p, err := storage.Create(filepath.Join(t.TempDir(), "study.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.WaitChange(context.Background()); !errors.Is(err, storage.ErrNoLiveUpdates) {
		t.Errorf("WaitChange on a project file: %v, want ErrNoLiveUpdates", err)
	}
}
