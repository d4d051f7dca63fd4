package storage_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// Issue 26 item 6: on a project file each action's journal entry says who
// made it, and Undo (after ActAs) undoes that author's own last action, never a
// later one by another coder or process (here a second Project on the same
// file, as the command line would be).
func TestUndoTakesOnlyTheAuthorsOwn(t *testing.T) {
	window := sampleProject(t)
	if _, err := window.AddCode(coding.Code{Name: "Trust", Codable: true}); err != nil {
		t.Fatal(err)
	}
	window.ActAs("ben")
	cli, err := storage.Open(window.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	code := func(p *storage.Project, coder string, start int) {
		t.Helper()
		if _, err := p.Code(storage.CodeRequest{Coder: coder, Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: start, End: start + 20}}); err != nil {
			t.Fatal(err)
		}
	}
	code(window, "ben", 100)
	code(cli, "cli", 300) // no ActAs: the coder of its codings is the author
	last, ok := window.LastAction()
	if !ok || last.Author != "cli" {
		t.Fatalf("last action %+v, want cli's", last)
	}
	if label, ok := window.UndoLabel(); !ok || label == "" {
		t.Fatalf("ben has no action to undo (%q)", label)
	}
	if _, err := window.Undo(); err != nil {
		t.Fatal(err)
	}
	codings, err := window.Codings(storage.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(codings) != 1 || codings[0].Start != 300 {
		t.Fatalf("after ben's Undo the codings are %+v, want cli's (300–320) only", codings)
	}
	if _, err := window.Undo(); !errors.Is(err, storage.ErrNothingToUndo) {
		t.Errorf("ben's second Undo: %v, want nothing to undo (cli's action is not ben's)", err)
	}
	if _, err := window.Redo(); err != nil {
		t.Fatal(err)
	}
	if n, _ := window.Codings(storage.Filter{}); len(n) != 2 {
		t.Errorf("after ben's Redo %d codings, want 2", len(n))
	}
	// Undoing cli's action needs its position: the window asks first.
	last, _ = window.LastAction()
	if _, err := window.UndoEntry(last.Seq); err != nil {
		t.Fatal(err)
	}
	if n, _ := window.Codings(storage.Filter{}); len(n) != 1 || n[0].Start != 100 {
		t.Errorf("after undoing cli's entry the codings are %+v, want ben's only", n)
	}
}

// An action of one's own that a later action by someone else builds on (a
// code it created, which their coding uses) is refused whole, saying why.
func TestUndoRefusesWhatOthersBuiltOn(t *testing.T) {
	window := sampleProject(t)
	window.ActAs("ben")
	if _, err := window.Code(storage.CodeRequest{Coder: "ben", Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: 0, End: 9}}); err != nil {
		t.Fatal(err)
	}
	cli, err := storage.Open(window.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if _, err := cli.Code(storage.CodeRequest{Coder: "cli", Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: 50, End: 60}}); err != nil {
		t.Fatal(err)
	}
	_, err = window.Undo()
	if err == nil || !strings.Contains(err.Error(), "cannot be undone on its own") {
		t.Fatalf("undoing ben's action that made the code cli's coding uses: %v, want a refusal saying why", err)
	}
	if n, _ := window.Codings(storage.Filter{}); len(n) != 2 {
		t.Errorf("after the refused Undo %d codings, want both", len(n))
	}
}

// Issue 26 item 12: ExportFile writes by the extension and refuses another
// (or none), naming every kind it writes from the one table, and writes
// nothing then.
func TestExportFileRefusesAnUnknownKind(t *testing.T) {
	p := sampleProject(t)
	for _, coder := range []string{"ann", "ben"} {
		if _, err := p.Code(storage.CodeRequest{Coder: coder, Document: "setback-cyber-cooperation.txt", CodePath: "Trust", Span: coding.Span{Start: 0, End: 9}}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	for _, name := range []string{"out.txt", "out"} {
		err := p.ExportFile(dir+"/"+name, storage.Filter{})
		if err == nil || !strings.Contains(err.Error(), storage.ExportKindList()) {
			t.Errorf("export to %s: %v, want a refusal naming %s", name, err, storage.ExportKindList())
		}
	}
	for _, k := range storage.ExportKinds() {
		if err := p.ExportFile(dir+"/out"+k.Ext, storage.Filter{}); err != nil {
			t.Errorf("export to out%s (%s): %v", k.Ext, k.Holds, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(storage.ExportKinds()) {
		t.Errorf("the folder holds %d files, want one per kind (%d)", len(entries), len(storage.ExportKinds()))
	}
}
