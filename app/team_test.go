package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

func TestTeamURLFromTheConnectDialog(t *testing.T) {
	for _, c := range []struct{ server, login, password, want, err string }{
		{"postgres://db.example.org/research?project=cyber", "anna", "s3cret", "postgres://anna:s3cret@db.example.org/research?project=cyber", ""},
		{" postgres://db.example.org/research?project=cyber ", "anna", "", "postgres://anna@db.example.org/research?project=cyber", ""},
		{"postgres://db/r?project=p", "O'Brien", "p@ss:w/rd", "postgres://O%27Brien:p%40ss%3Aw%2Frd@db/r?project=p", ""},
		{"db.example.org/research", "anna", "x", "", "starts with postgres://"},
		{"postgres://db.example.org/research", "anna", "x", "", "names no project"},
		{"postgres://db/r?project=p", "", "x", "", "enter your login"},
	} {
		got, err := teamURL(c.server, c.login, c.password)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("teamURL(%q, %q): %v, want an error saying %q", c.server, c.login, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("teamURL(%q, %q, %q) = %q, %v; want %q", c.server, c.login, c.password, got, err, c.want)
		}
	}
}

// openTeamWorkbench opens the team project as login in a headless window.
func openTeamWorkbench(t *testing.T, tp *teamtest.Project, login string) (*Workbench, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	wb := NewWorkbench(a, w, tp.Open(t, login))
	wb.background = func(f func()) { f() } // reading the project again, in step
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(1300, 850))
	t.Cleanup(func() { w.Close() })
	return wb, w
}

// A coder's window on a team project: coding as their login's coder, the
// team line, others' work arriving live, the blind phase, and a server
// that stops answering.
func TestTeamProjectWindow(t *testing.T) {
	tp := teamtest.New(t, "window", "lead", "anna", "ben")
	sfx := tp.Suffix
	anna, ben := "anna"+sfx, "ben"+sfx
	lead := tp.Open(t, tp.Lead)
	text, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", sonyArticle))
	if err != nil {
		t.Fatal(err)
	}
	doc := coding.NewDocument(sonyArticle, string(text))
	if _, err := lead.AddDocuments([]coding.Document{doc}); err != nil {
		t.Fatal(err)
	}
	trust, err := lead.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}

	wb, _ := openTeamWorkbench(t, tp, anna)
	if wb.Coder().Name != anna || !wb.CoderPick.Disabled() {
		t.Errorf("coding as %q (pick disabled %v), want the login's coder %q, fixed", wb.Coder().Name, wb.CoderPick.Disabled(), anna)
	}
	if line := wb.teamBadge.Text; !strings.Contains(line, tp.Name) || !strings.Contains(line, "connected as "+anna+", coder") {
		t.Errorf("team line %q", line)
	}
	if strings.Contains(wb.win.Title(), tp.Logins[anna]) || !strings.Contains(wb.win.Title(), tp.Name) {
		t.Errorf("title %q", wb.win.Title())
	}
	if !wb.Codes.NewCode.Disabled() {
		t.Error("a coder without codebook rights is offered New code")
	}
	for _, m := range wb.MainMenu().Items {
		if m.Label == "Team" {
			t.Error("a coder's window offers the lead's Team menu")
		}
	}
	wb.OpenDocument(doc.ID)
	span := spanOf(t, wb, "build trust")
	wb.Viewer.SetSelection(span)
	wb.ApplyCode(trust.ID)
	if cs, _ := lead.CodingsOf(doc.ID); len(cs) != 1 || cs[0].Span != span {
		t.Fatalf("after anna coded in her window the server holds %+v", cs)
	}

	// Ben's coding arrives as the watcher reads it.
	benSpan := spanOf(t, wb, "real trust")
	if _, err := tp.Open(t, ben).Code(storage.CodeRequest{Coder: ben, Document: doc.Name, CodePath: "Trust", Span: benSpan}); err != nil {
		t.Fatal(err)
	}
	sets, err := wb.project.ChangesSince(wb.seen.Load())
	wb.applyOthers(sets, err)
	if hs := wb.Viewer.Highlights(); len(hs) != 2 {
		t.Errorf("anna's window shows %d highlights after ben coded, want 2", len(hs))
	}

	// The blind phase: the window reads the project again and shows only hers.
	if err := lead.SetBlind(true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.project.ChangesSince(wb.seen.Load()); !errors.Is(err, storage.ErrChangesForgotten) {
		t.Fatalf("after the blind phase started ChangesSince gave %v, want a reload", err)
	}
	o, codings, err := wb.readOverview(doc.ID)
	wb.reloaded(doc.ID, o, codings, err)
	if hs := wb.Viewer.Highlights(); len(hs) != 1 || hs[0].Span != span {
		t.Errorf("in the blind phase anna's window shows %+v, want only her coding", hs)
	}
	if !strings.Contains(wb.teamBadge.Text, "blind phase") {
		t.Errorf("team line in the blind phase: %q", wb.teamBadge.Text)
	}

	// The server stops answering: coding is refused with the reason; it answers again.
	wb.setOffline(errors.New("connection refused"))
	if !wb.offlineBanner.Visible() {
		t.Error("no warning while the server cannot be reached")
	}
	wb.Viewer.SetSelection(spanOf(t, wb, "norms"))
	wb.ApplyCode(trust.ID)
	if !strings.Contains(wb.LastAction.Text, "cannot be reached") {
		t.Errorf("coding while offline said %q", wb.LastAction.Text)
	}
	if cs, _ := lead.CodingsOf(doc.ID); len(cs) != 2 {
		t.Errorf("coding while offline changed the project: %d codings", len(cs))
	}
	wb.setOffline(nil)
	if wb.offlineBanner.Visible() {
		t.Error("the warning stays after the server answers again")
	}

	// The lead may change the codebook, but not while the server is away.
	lw, _ := openTeamWorkbench(t, tp, tp.Lead)
	if lw.Codes.NewCode.Disabled() {
		t.Error("the lead is not offered New code")
	}
	lw.setOffline(errors.New("connection refused"))
	if !lw.Codes.NewCode.Disabled() {
		t.Error("New code is offered while the server cannot be reached")
	}
	lw.setOffline(nil)
	if lw.Codes.NewCode.Disabled() {
		t.Error("New code stays disabled after the server answers again")
	}
}
