package storage_test

import (
	"errors"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// TestActAsUndoesOnlyThatCodersActions: on a project file, two processes
// (two Project values) act as ann and ben; each one's Undo and Redo take
// only their own actions, whoever acted last, and a process that named no
// coder undoes the most recent action as before.
func TestActAsUndoesOnlyThatCodersActions(t *testing.T) {
	s := newSample(t)
	ben, err := storage.Open(s.p.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ben.Close()
	for _, name := range []string{"ann", "ben"} {
		if _, err := s.p.EnsureCoder(name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.p.EnsureCodePath("Trust"); err != nil {
		t.Fatal(err)
	}
	s.p.ActAs("ann")
	ben.ActAs("Ben")
	if _, added, err := s.p.CodeIfNew(storage.CodeRequest{Coder: "ann", Document: s.sony.Name, CodePath: "Trust", Span: coding.Span{Start: 0, End: 10}}); err != nil || !added {
		t.Fatalf("ann codes: added %v, %v", added, err)
	}
	if _, added, err := s.p.CodeIfNew(storage.CodeRequest{Coder: "ann", Document: s.sony.Name, CodePath: "Trust", Span: coding.Span{Start: 0, End: 10}}); err != nil || added {
		t.Errorf("ann codes the same passage again: added %v, %v; want false (already coded)", added, err)
	}
	if _, err := ben.Code(storage.CodeRequest{Coder: "ben", Document: s.sony.Name, CodePath: "Trust", Span: coding.Span{Start: 5, End: 20}}); err != nil {
		t.Fatal(err)
	}
	codersOf := func() map[string]int {
		cs, err := s.p.Codings(storage.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		coders, _ := s.p.Coders()
		names := map[string]string{}
		for _, c := range coders {
			names[c.ID] = c.Name
		}
		n := map[string]int{}
		for _, c := range cs {
			n[names[c.CoderID]]++
		}
		return n
	}

	// Ben acted last, but ann's Undo takes ann's coding.
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := codersOf(); got["ann"] != 0 || got["ben"] != 1 {
		t.Errorf("after ann's undo: %v, want ben's coding only", got)
	}
	// Ann's next undo finds none of hers: the code and the coders were
	// added by a process that named no coder.
	if _, err := s.p.Undo(); !errors.Is(err, storage.ErrNothingToUndo) {
		t.Errorf("ann's second undo: %v, want nothing to undo", err)
	}
	// Ben acting now does not forget ann's undone action.
	if _, err := ben.Code(storage.CodeRequest{Coder: "ben", Document: s.sony.Name, CodePath: "Trust", Span: coding.Span{Start: 30, End: 40}}); err != nil {
		t.Fatal(err)
	}
	if label, ok := s.p.RedoLabel(); !ok || label != "Code passage" {
		t.Errorf("ann's redo after ben acted: %q %v", label, ok)
	}
	if _, err := s.p.Redo(); err != nil {
		t.Fatal(err)
	}
	if got := codersOf(); got["ann"] != 1 || got["ben"] != 2 {
		t.Errorf("after ann's redo: %v, want 1 of ann's and 2 of ben's", got)
	}
	// Ben's undo takes ben's last coding, not ann's redone one.
	if _, err := ben.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := codersOf(); got["ann"] != 1 || got["ben"] != 1 {
		t.Errorf("after ben's undo: %v, want one each", got)
	}
	// A process that named no coder undoes the most recent action not
	// undone, whoever made it: ben's first coding (a redo keeps the
	// action's place).
	anyone, err := storage.Open(s.p.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer anyone.Close()
	if _, err := anyone.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := codersOf(); got["ann"] != 1 || got["ben"] != 0 {
		t.Errorf("after an undo naming no coder: %v, want ann's coding only", got)
	}
}
