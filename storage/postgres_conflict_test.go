package storage_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// Two coders allowed to change the codebook edit the same code from the
// same copy: each field takes the later edit of it, so changes to
// different fields both survive, and the earlier author's window learns
// the merged code from the change log.
func TestTeamConcurrentCodeEditsMergePerField(t *testing.T) {
	tp := teamtest.New(t, "edits", "lead")
	sfx := tp.Suffix
	annaLogin, benLogin := "anna"+sfx, "ben"+sfx
	tp.AddCoder(t, annaLogin, true)
	tp.AddCoder(t, benLogin, true)
	lead := tp.Open(t, tp.Lead)
	trust, err := lead.AddCode(coding.Code{Name: "Trust", Color: "#3366cc", Codable: true})
	if err != nil {
		t.Fatal(err)
	}
	anna, ben := tp.Open(t, annaLogin), tp.Open(t, benLogin)
	annaSeen, err := anna.Overview()
	if err != nil {
		t.Fatal(err)
	}
	annaWindow := windowOf(annaSeen)
	seen, _ := annaSeen.Codebook.Code(trust.ID) // both windows show this copy

	defined := seen
	defined.Description.Definition = "Confidence that the other side keeps its word."
	defined.Name = "Mutual trust"
	if err := anna.UpdateCode(seen, defined); err != nil {
		t.Fatal(err)
	}
	recoloured := seen // Ben's window has not caught up with Anna's edit
	recoloured.Color = "#cc3333"
	recoloured.Name = "Trust (state)"
	if err := ben.UpdateCode(seen, recoloured); err != nil {
		t.Fatal(err)
	}

	cb, err := lead.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := cb.Code(trust.ID)
	want := seen
	want.Description.Definition = defined.Description.Definition // Anna's field
	want.Color = "#CC3333"                                       // Ben's field (stored normalised)
	want.Name = "Trust (state)"                                  // both changed it: the later edit wins
	if got != want {
		t.Errorf("after both edits the code is\n%+v\nwant\n%+v", got, want)
	}

	// Anna's window applies the change log and shows Ben's colour and name
	// next to her definition.
	if err := annaWindow.catchUp(anna); err != nil {
		t.Fatal(err)
	}
	if shown := annaWindow.codes[trust.ID]; shown != want {
		t.Errorf("anna's window shows\n%+v\nwant\n%+v", shown, want)
	}
	changes, err := anna.ChangesSince(annaSeen.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(changes); n != 2 || len(changes[1].Codes.Updated) != 1 || changes[1].Codes.Updated[0].After != want {
		t.Errorf("anna's window was told %d changes; the last must carry the merged code %+v: %+v", n, want, changes)
	}

	// An edit that changes nothing the other did not already change is no
	// action: Anna's stale copy does not undo Ben's colour.
	again := defined
	if err := anna.UpdateCode(defined, again); err != nil {
		t.Fatal(err)
	}
	cb, _ = lead.Codebook()
	if c, _ := cb.Code(trust.ID); c != want {
		t.Errorf("an unchanged save from a stale copy changed the code to %+v", c)
	}

	// A coder without codebook rights is refused, whatever the copy.
	tp.AddCoder(t, "carl"+sfx, false)
	carl := tp.Open(t, "carl"+sfx)
	renamed := want
	renamed.Name = "Carl's"
	if err := carl.UpdateCode(want, renamed); !errors.Is(err, storage.ErrNotPermitted) {
		t.Errorf("a coder without codebook rights renaming a code: %v, want refused", err)
	}
}

// Deleting a code other coders are coding with: a coder allowed to change
// the codebook is refused with how many codings it would take from
// others, even in the blind phase that hides them; the lead may.
func TestTeamDeletingACodeOthersUseIsTheLeads(t *testing.T) {
	tp := teamtest.New(t, "delcode", "lead", "ben")
	sfx := tp.Suffix
	annaLogin, benLogin := "anna"+sfx, "ben"+sfx
	tp.AddCoder(t, annaLogin, true)
	lead := tp.Open(t, tp.Lead)
	sony := readCorpus(t, "sony-hack-cyber-dialogue.txt")
	if _, err := lead.AddDocuments([]coding.Document{sony}); err != nil {
		t.Fatal(err)
	}
	norms, err := lead.EnsureCodePath("Norms")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lead.EnsureCodePath("Norms > Cyber norms"); err != nil {
		t.Fatal(err)
	}
	own, err := lead.EnsureCodePath("Anna's draft")
	if err != nil {
		t.Fatal(err)
	}
	anna, ben := tp.Open(t, annaLogin), tp.Open(t, benLogin)
	for _, c := range []struct {
		p           *storage.Project
		coder, code string
		phrase      string
	}{
		{ben, benLogin, "Norms", "norms"}, {ben, benLogin, "Norms > Cyber norms", "cyber"},
		{anna, annaLogin, "Norms", "trust"}, {anna, annaLogin, "Anna's draft", "China"},
	} {
		if _, err := c.p.Code(storage.CodeRequest{Coder: c.coder, Document: sony.Name, CodePath: c.code, Span: find(t, sony, c.phrase)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := lead.SetBlind(true, ""); err != nil {
		t.Fatal(err)
	}

	_, err = anna.DeleteCode(norms.ID)
	if !errors.Is(err, storage.ErrNotPermitted) {
		t.Fatalf("anna deleting Norms, which ben codes with: %v, want refused", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "other coders have codings with it") || !strings.Contains(msg, "Norms") || !strings.Contains(msg, "lead") {
		t.Errorf("the refusal must name the code, that others code with it (no count: the blind phase is on) and who may: %s", msg)
	}
	if n, _ := lead.CodingCount(); n != 4 {
		t.Errorf("after the refused delete the project holds %d codings, want 4", n)
	}
	cb, _ := lead.Codebook()
	if _, ok := cb.Code(norms.ID); !ok {
		t.Error("the refused delete removed the code")
	}

	// A code only she codes with is hers to delete.
	if n, err := anna.DeleteCode(own.ID); err != nil || n != 1 {
		t.Errorf("anna deleting a code only she used: %d codings, %v", n, err)
	}

	// The lead may, and ben's codings go with the code.
	n, err := lead.DeleteCode(norms.ID)
	if err != nil {
		t.Fatalf("the lead deleting Norms: %v", err)
	}
	if n != 3 {
		t.Errorf("the lead's delete removed %d codings, want 3 (ben's 2, anna's 1)", n)
	}
	if left, _ := lead.CodingCount(); left != 0 {
		t.Errorf("%d codings left", left)
	}
}

// A coding whose code the lead deletes while the coding is on its way (the
// coder's action checked the code before the lead's delete committed) is
// refused with a sentence saying so; nothing half-done stays, and windows
// reading the change log afterwards are not sent to read the project
// again by the change-log number the refused action had taken.
func TestTeamCodingOnACodeDeletedMeanwhileIsRefused(t *testing.T) {
	tp := teamtest.New(t, "gone", "lead", "anna")
	sfx := tp.Suffix
	lead := tp.Open(t, tp.Lead)
	sony := readCorpus(t, "sony-hack-cyber-dialogue.txt")
	if _, err := lead.AddDocuments([]coding.Document{sony}); err != nil {
		t.Fatal(err)
	}
	doomed, err := lead.EnsureCodePath("Doomed")
	if err != nil {
		t.Fatal(err)
	}
	anna := tp.Open(t, "anna"+sfx)
	window, err := anna.Overview()
	if err != nil {
		t.Fatal(err)
	}

	// The lead's delete, by hand: it holds the project's write lock and
	// has removed the code, not yet committed.
	ctx := context.Background()
	conn, err := tp.SQL(t, tp.Lead).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, stmt := range []string{"SELECT pg_advisory_xact_lock(hashtext(current_schema()))", "DELETE FROM codes WHERE id = $1"} {
		args := []any{}
		if strings.Contains(stmt, "$1") {
			args = append(args, doomed.ID)
		}
		if _, err := tx.Exec(stmt, args...); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := anna.AddCoding(coding.Coding{DocumentID: sony.ID, CodeID: doomed.ID, CoderID: anna.Team().CoderID, Span: find(t, sony, "trust")})
		done <- err
	}()
	time.Sleep(300 * time.Millisecond) // anna's action waits for the lock
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	err = <-done
	if err == nil || !strings.Contains(err.Error(), "the code it refers to is gone") || !strings.Contains(err.Error(), "deleted or merged it meanwhile") {
		t.Fatalf("coding with a code deleted meanwhile: %v, want refused with a sentence saying so", err)
	}
	if n, _ := lead.CodingCount(); n != 0 {
		t.Errorf("%d codings stored", n)
	}
	if _, ok := anna.UndoLabel(); ok {
		t.Error("the refused action left an undo entry")
	}

	// The next change reaches anna's window through the change log.
	if _, err := lead.EnsureCodePath("Kept"); err != nil {
		t.Fatal(err)
	}
	changes, err := anna.ChangesSince(window.Seq)
	if err != nil {
		t.Fatalf("anna's window after the refused action: %v", err)
	}
	// The refused action's number is skipped: an empty change set stands
	// for it, so that the window applies the positions in sequence.
	changes = slices.DeleteFunc(changes, storage.ChangeSet.Empty)
	if n := len(changes); n != 1 || len(changes[0].Codes.Added) != 1 || changes[0].Codes.Added[0].Name != "Kept" {
		t.Errorf("anna's window read %+v, want the new code Kept", changes)
	}
}
