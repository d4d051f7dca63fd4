package app

import (
	"strings"
	"testing"

	"desktop/marginalia/storage"
)

// Undo in the window takes only its coder's own actions (issue 26, item
// 6): after ben codes and the command line codes as "cli", Ctrl+Z undoes
// ben's coding and keeps the later one, and says so.
func TestUndoLeavesAnotherCodersWork(t *testing.T) {
	wb, w := newTestWorkbench(t)
	wb.SetCoder("ben")
	dragSelect(w, wb, spanOf(t, wb, "bilateral cyber cooperation"))
	norms, _ := wb.st.codebook.ByPath("Norms")
	wb.ApplyCode(norms.ID)

	cli, err := storage.Open(wb.project.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	cli.ActAs("cli")
	theirs, err := cli.Code(storage.CodeRequest{Coder: "cli", Document: wb.st.doc.Name, CodePath: "Trust", Span: spanOf(t, wb, "cyber vandalism")})
	if err != nil {
		t.Fatal(err)
	}
	sets, err := wb.project.ChangesSince(wb.st.seq)
	wb.applyOthers(sets, err)
	if n := len(codingsOf(t, wb)); n != 2 {
		t.Fatalf("the window shows %d codings, want ben's and the command line's", n)
	}

	wb.Viewer.TypedShortcut(undo)
	left := codingsOf(t, wb)
	if len(left) != 1 || left[0].ID != theirs.ID {
		t.Errorf("after ben's Ctrl+Z the codings are %+v, want only the command line's", left)
	}
	if s := wb.LastAction.Text; !strings.Contains(s, "cli's later") {
		t.Errorf("status after Ctrl+Z: %q, want it to say that cli's later action stays", s)
	}
}
