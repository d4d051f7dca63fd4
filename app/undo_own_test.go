package app

import (
	"strings"
	"testing"

	"desktop/marginalia/storage"
)

// Undo in the window takes only its coder's own actions (issue 26, item
// 6): a coding another process made (the command line, as "cli") stays,
// and the status line says why nothing was undone.
func TestUndoLeavesAnotherCodersWork(t *testing.T) {
	wb, w := newTestWorkbench(t)
	wb.SetCoder("ben")
	cli, err := storage.Open(wb.project.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	cli.ActAs("cli")
	span := spanOf(t, wb, "cyber vandalism")
	theirs, err := cli.Code(storage.CodeRequest{Coder: "cli", Document: wb.st.doc.Name, CodePath: "Trust", Span: span})
	if err != nil {
		t.Fatal(err)
	}
	last, _ := wb.project.LastChange()
	sets, err := wb.project.ChangesSince(wb.st.seq)
	wb.applyOthers(sets, err)
	if wb.st.seq != last {
		t.Fatalf("the window applied up to %d, want %d", wb.st.seq, last)
	}

	wb.Viewer.TypedShortcut(undo)
	if _, err := wb.project.Coding(theirs.ID); err != nil {
		t.Fatalf("ben's Ctrl+Z removed the command line's coding: %v", err)
	}
	if s := wb.LastAction.Text; !strings.Contains(s, "Nothing to undo of ben's") || !strings.Contains(s, "only your own") {
		t.Errorf("status after Ctrl+Z with only another's action: %q", s)
	}

	// Ben's own coding is undone, and the other stays.
	dragSelect(w, wb, spanOf(t, wb, "bilateral cyber cooperation"))
	norms, _ := wb.st.codebook.ByPath("Norms")
	wb.ApplyCode(norms.ID)
	if n := len(codingsOf(t, wb)); n != 2 {
		t.Fatalf("after ben coded: %d codings, want 2", n)
	}
	wb.Viewer.TypedShortcut(undo)
	if left := codingsOf(t, wb); len(left) != 1 || left[0].ID != theirs.ID {
		t.Errorf("after ben coded and undid: codings %+v, want only the command line's", left)
	}
}
