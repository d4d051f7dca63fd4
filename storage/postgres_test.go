package storage_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// study is the same piece of work done on a project file and on a team
// project: the lead sets up documents and codes, two coders code, one
// undoes and redoes, one removes a coding.
func runStudy(t *testing.T, as func(login string) *storage.Project, lead, a, b string) {
	t.Helper()
	sony, setb := readCorpus(t, "sony-hack-cyber-dialogue.txt"), readCorpus(t, "setback-cyber-cooperation.txt")
	l := as(lead)
	if _, err := l.AddDocuments([]coding.Document{sony, setb}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"Trust", "Norms > Cyber norms", "Sovereignty"} {
		if _, err := l.EnsureCodePath(path); err != nil {
			t.Fatal(err)
		}
	}
	code := func(p *storage.Project, coder string, d coding.Document, path, phrase string) coding.Coding {
		t.Helper()
		c, err := p.Code(storage.CodeRequest{Coder: coder, Document: d.Name, CodePath: path, Span: find(t, d, phrase)})
		if err != nil {
			t.Fatalf("%s codes %q: %v", coder, phrase, err)
		}
		return c
	}
	pa, pb := as(a), as(b)
	code(pa, a, sony, "Trust", "build trust")
	code(pa, a, sony, "Norms > Cyber norms", "norms")
	code(pb, b, sony, "Trust", "real trust")
	code(pb, b, setb, "Sovereignty", "Cooperation")
	wrong := code(pa, a, setb, "Trust", "cooperation")
	if err := pa.RemoveCoding(wrong.ID); err != nil {
		t.Fatal(err)
	}
	code(pa, a, setb, "Sovereignty", "Cooperation")
	if _, err := pb.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := pb.Redo(); err != nil {
		t.Fatal(err)
	}
}

// outcome is what a researcher reads of a study: the codings as CSV and
// the agreement report as JSON.
func outcome(t *testing.T, p *storage.Project, a, b string) (csv, report string) {
	t.Helper()
	var buf bytes.Buffer
	if err := p.ExportCodingsCSV(&buf, storage.Filter{}); err != nil {
		t.Fatal(err)
	}
	cmp, err := p.Compare(storage.ComparisonOptions{Coders: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	// IDs differ between two runs of the same study: rows are compared
	// without them, in sorted order.
	var rows []string
	for _, r := range append(cmp.Report.Rows, cmp.Report.Codes...) {
		r.Code, r.Document, r.Coded = "", "", nil
		j, _ := json.Marshal(r)
		rows = append(rows, string(j))
	}
	slices.Sort(rows)
	overall := cmp.Report.Overall
	overall.Coded = nil
	j, _ := json.Marshal(overall)
	return stripIDs(buf.String()), strings.Join(rows, "\n") + "\n" + string(j)
}

// stripIDs drops the columns that hold generated IDs and times from a
// codings CSV, which differ between two runs of the same study.
func stripIDs(csv string) string {
	var out []string
	for _, line := range strings.Split(csv, "\n") {
		fields := strings.Split(line, ",")
		var kept []string
		for _, f := range fields {
			if len(f) == 36 && strings.Count(f, "-") == 4 || strings.Contains(f, "T") && strings.HasSuffix(f, "Z") {
				continue
			}
			kept = append(kept, f)
		}
		out = append(out, strings.Join(kept, ","))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

func TestTeamStudyMatchesFile(t *testing.T) {
	tp := teamtest.New(t, "study", "lead", "anna", "ben")
	sfx := tp.Suffix
	lead, a, b := tp.Lead, "anna"+sfx, "ben"+sfx

	file, err := storage.Create(filepath.Join(t.TempDir(), "study.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	runStudy(t, func(string) *storage.Project { return file }, lead, a, b)

	team := map[string]*storage.Project{}
	runStudy(t, func(login string) *storage.Project {
		if team[login] == nil {
			team[login] = tp.Open(t, login)
		}
		return team[login]
	}, lead, a, b)

	fileCSV, fileReport := outcome(t, file, a, b)
	teamCSV, teamReport := outcome(t, team[lead], a, b)
	if fileCSV != teamCSV {
		t.Errorf("codings differ:\nfile:\n%s\nteam:\n%s", fileCSV, teamCSV)
	}
	if fileReport != teamReport {
		t.Errorf("agreement differs:\nfile: %s\nteam: %s", fileReport, teamReport)
	}
	if n := strings.Count(teamCSV, "\n"); n != 6 { // header and five codings
		t.Errorf("team CSV has %d lines, want 6:\n%s", n, teamCSV)
	}
}

func TestTeamUndoTakesOnlyYourOwnAction(t *testing.T) {
	tp := teamtest.New(t, "undo", "lead", "anna", "ben")
	sfx := tp.Suffix
	lead, docs, _ := teamLead(t, tp, "sony-hack-cyber-dialogue.txt")
	sony := docs[0]
	anna, ben := tp.Open(t, "anna"+sfx), tp.Open(t, "ben"+sfx)
	mine, err := anna.Code(storage.CodeRequest{Coder: "anna" + sfx, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, "trust")})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := ben.Code(storage.CodeRequest{Coder: "ben" + sfx, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, "norms")})
	if err != nil {
		t.Fatal(err)
	}
	if label, ok := anna.UndoLabel(); !ok || !strings.HasPrefix(label, "Code") {
		t.Fatalf("anna's undo offers %q, %v", label, ok)
	}
	if _, err := anna.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := anna.Coding(mine.ID); err == nil {
		t.Error("anna's undo left her coding")
	}
	if _, err := lead.Coding(theirs.ID); err != nil {
		t.Errorf("anna's undo removed ben's coding: %v", err)
	}
	if _, err := anna.Undo(); !errors.Is(err, storage.ErrNothingToUndo) {
		t.Errorf("anna's second undo: %v, want nothing to undo (the lead's and ben's actions are not hers)", err)
	}
}

func TestTeamBlindPhaseIsEnforcedByTheDatabase(t *testing.T) {
	tp := teamtest.New(t, "blind", "lead", "anna", "ben")
	sfx := tp.Suffix
	annaLogin, benLogin := "anna"+sfx, "ben"+sfx
	lead, docs, _ := teamLead(t, tp, "sony-hack-cyber-dialogue.txt")
	sony := docs[0]
	if err := lead.SetBlind(true, ""); err != nil {
		t.Fatal(err)
	}
	anna, ben := tp.Open(t, annaLogin), tp.Open(t, benLogin)
	annaSeen, err := anna.Overview()
	if err != nil {
		t.Fatal(err)
	}
	for _, phrase := range []string{"trust", "norms"} {
		if _, err := anna.Code(storage.CodeRequest{Coder: annaLogin, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, phrase)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ben.Code(storage.CodeRequest{Coder: benLogin, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, "cyber")}); err != nil {
		t.Fatal(err)
	}

	// Through the API: each sees their own codings only; the lead sees all.
	for _, c := range []struct {
		p    *storage.Project
		want int
	}{{anna, 2}, {ben, 1}, {lead, 3}} {
		cs, err := c.p.CodingsOf(sony.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != c.want {
			t.Errorf("%s sees %d codings in the blind phase, want %d", c.p.Team().Login, len(cs), c.want)
		}
	}
	// Anna's window keeps up without seeing Ben's work.
	changes, err := anna.ChangesSince(annaSeen.Seq)
	if err != nil {
		t.Fatalf("anna's window reading changes in the blind phase: %v", err)
	}
	for _, cs := range changes {
		for _, c := range cs.Codings.Added {
			if c.CoderID != anna.Team().CoderID {
				t.Errorf("anna's window was told of someone else's coding %+v", c)
			}
		}
	}

	// With raw SQL and her own credentials, as with psql.
	db := tp.SQL(t, annaLogin)
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM codings").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("anna's psql sees %d codings, want her 2", n)
	}
	// The lead's merge moves everyone's codings: its journal entry, which
	// holds them, is the lead's to read while blind.
	other, err := lead.EnsureCodePath("Other")
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := lead.Codebook()
	trust, _ := cb.ByPath("Trust")
	if _, err := lead.MergeCode(trust.ID, other.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM journal WHERE author <> session_user AND codings = 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("anna's psql reads %d journal entries holding others' codings", n)
	}
	if _, err := anna.ChangesSince(annaSeen.Seq); !errors.Is(err, storage.ErrChangesForgotten) {
		t.Errorf("after the lead's merge in the blind phase anna's window must read the project again; ChangesSince: %v", err)
	}
	for _, stmt := range []string{
		"INSERT INTO codes(id, name, color) VALUES ('x', 'Hers', '#ff0000')",
		"UPDATE codes SET name = 'Renamed'",
		"DELETE FROM codings WHERE coder_id <> (SELECT id FROM coders WHERE login = session_user)",
		"UPDATE project SET value = session_user WHERE key = 'lead_role'",
		"DELETE FROM blind",
		"ALTER TABLE codings DISABLE ROW LEVEL SECURITY",
		"SET ROLE " + "\"" + tp.Name + "_lead\"",
	} {
		res, err := db.Exec(stmt)
		if err == nil {
			if affected, _ := res.RowsAffected(); affected > 0 || strings.HasPrefix(stmt, "INSERT") || strings.HasPrefix(stmt, "ALTER") || strings.HasPrefix(stmt, "SET") {
				t.Errorf("anna's psql could run %q (%d rows)", stmt, affected)
			}
		}
	}
	if cs, _ := lead.CodingsOf(sony.ID); len(cs) != 3 {
		t.Errorf("after anna's attempts the project holds %d codings, want 3", len(cs))
	}
	if _, err := anna.Code(storage.CodeRequest{Coder: benLogin, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, "China")}); !errors.Is(err, storage.ErrNotPermitted) {
		t.Errorf("anna coding as ben: %v, want refused", err)
	}
	if _, err := anna.EnsureCodePath("Hers"); !errors.Is(err, storage.ErrNotPermitted) {
		t.Errorf("anna adding a code: %v, want refused (the codebook is the lead's)", err)
	}

	// After the blind phase everyone sees everyone.
	if err := lead.SetBlind(false, ""); err != nil {
		t.Fatal(err)
	}
	if cs, _ := anna.CodingsOf(sony.ID); len(cs) != 3 {
		t.Errorf("after the blind phase anna sees %d codings, want 3", len(cs))
	}
	if _, err := anna.ChangesSince(annaSeen.Seq); !errors.Is(err, storage.ErrChangesForgotten) {
		t.Errorf("after the blind phase ended anna's window must read the project again; ChangesSince: %v", err)
	}
	if err := anna.SetBlind(true, ""); !errors.Is(err, storage.ErrNotPermitted) {
		t.Errorf("anna starting a blind phase: %v, want refused", err)
	}
}

func TestTeamNamesWithQuotesAndKeywordsRoundTrip(t *testing.T) {
	tp := teamtest.New(t, `it's; "q" select`, "lead")
	odd := `O'Brien; DROP TABLE codings; --` + teamtest.Suffix()
	tp.AddCoder(t, odd, false)
	lead := tp.Open(t, tp.Lead)
	doc := coding.NewDocument(`"; DELETE FROM documents; --.txt`, "Text with a ? and a $1 and 'quotes'.")
	if _, err := lead.AddDocuments([]coding.Document{doc}); err != nil {
		t.Fatal(err)
	}
	codeName := `SELECT * FROM codes WHERE '?' = '?'`
	if _, err := lead.EnsureCodePath(codeName); err != nil {
		t.Fatal(err)
	}
	p := tp.Open(t, odd)
	if p.Team().Coder != odd {
		t.Errorf("connected as coder %q, want %q", p.Team().Coder, odd)
	}
	if _, err := p.Code(storage.CodeRequest{Coder: odd, Document: doc.Name, CodePath: codeName, Span: coding.Span{Start: 12, End: 13}}); err != nil {
		t.Fatal(err)
	}
	coder, err := lead.CoderNamed(odd)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := lead.Codings(storage.Filter{Coders: []string{coder.ID}})
	if err != nil || len(cs) != 1 {
		t.Fatalf("codings of %q: %v, %v", odd, cs, err)
	}
	d, err := lead.Document(cs[0].DocumentID)
	if err != nil || d.Name != doc.Name || d.Text != doc.Text {
		t.Errorf("document came back as %q %q (%v)", d.Name, d.Text, err)
	}
	cb, _ := lead.Codebook()
	if c, ok := cb.Code(cs[0].CodeID); !ok || c.Name != codeName {
		t.Errorf("code came back as %+v", c)
	}
	if strings.Contains(p.Path(), tp.Logins[odd]) {
		t.Errorf("Path shows the password: %s", p.Path())
	}
}

func TestTeamPushAndPullKeepTheStudy(t *testing.T) {
	s := newSample(t)
	tp := teamtest.New(t, "push", "alice")
	// The file's coder named as the lead's login is the lead's coder after the push.
	bob := "bob" + tp.Suffix
	for _, c := range []struct{ coder, path, phrase string }{
		{tp.Lead, "Trust", "build trust"}, {tp.Lead, "Norms", "norms"}, {bob, "Trust", "trust"}, {bob, "Norms", "cyber"},
	} {
		if _, err := s.p.Code(storage.CodeRequest{Coder: c.coder, Document: s.sony.Name, CodePath: c.path, Span: find(t, s.sony, c.phrase)}); err != nil {
			t.Fatal(err)
		}
	}
	cb, _ := s.p.Codebook()
	trust, _ := cb.ByPath("Trust")
	if _, err := s.p.AddCodeSet(coding.CodeSet{Name: "Core", Codes: []string{trust.ID}}); err != nil {
		t.Fatal(err)
	}
	file := s.p.Path()
	if err := s.p.Close(); err != nil {
		t.Fatal(err)
	}
	report, err := storage.Push(file, tp.URL(tp.Lead))
	if err != nil {
		t.Fatal(err)
	}
	if report["codings"] != 4 || report["documents"] != 2 {
		t.Errorf("push copied %v", report)
	}
	if _, err := storage.Push(file, tp.URL(tp.Lead)); err == nil {
		t.Error("a second push into the same project was not refused")
	}
	before, err := storage.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	team := tp.Open(t, tp.Lead)
	if team.Team().Coder != tp.Lead {
		t.Errorf("the lead codes as %q after the push", team.Team().Coder)
	}
	// Work on the server, then take it home.
	if _, err := team.Code(storage.CodeRequest{Coder: tp.Lead, Document: s.setb.Name, CodePath: "Trust", Span: find(t, s.setb, "trust")}); err != nil {
		t.Fatal(err)
	}
	if _, err := before.Code(storage.CodeRequest{Coder: tp.Lead, Document: s.setb.Name, CodePath: "Trust", Span: find(t, s.setb, "trust")}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "pulled.qdb")
	if _, err := storage.Pull(tp.URL(tp.Lead), out); err != nil {
		t.Fatal(err)
	}
	pulled, err := storage.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer pulled.Close()
	wantCSV, wantReport := outcome(t, before, tp.Lead, bob)
	gotCSV, gotReport := outcome(t, pulled, tp.Lead, bob)
	if wantCSV != gotCSV || wantReport != gotReport {
		t.Errorf("pulled study differs from the same work on the file:\nfile:\n%s\n%s\npulled:\n%s\n%s", wantCSV, wantReport, gotCSV, gotReport)
	}
	// Codings keep their UUIDs through push and pull.
	bobs, err := before.CoderNamed(bob)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := before.Codings(storage.Filter{Coders: []string{bobs.ID}})
	back, _ := pulled.Codings(storage.Filter{Coders: []string{bobs.ID}})
	if len(orig) != 2 || len(back) != 2 || orig[0].ID != back[0].ID || orig[1].ID != back[1].ID {
		t.Errorf("bob's codings changed IDs: %v → %v", orig, back)
	}
	if g, err := pulled.CodeSetNamed("Core"); err != nil || len(g.Codes) != 1 || g.Codes[0] != trust.ID {
		t.Errorf("the code group came back as %+v (%v)", g, err)
	}
	if _, err := storage.Pull(tp.URL(tp.Lead), out); err == nil {
		t.Error("pull overwrote an existing file")
	}
}

// The blind phase of one set: inside it a coder sees only her codings,
// outside it everyone's.
func TestTeamBlindPhaseForASet(t *testing.T) {
	tp := teamtest.New(t, "blindset", "lead", "anna", "ben")
	sfx := tp.Suffix
	annaLogin, benLogin := "anna"+sfx, "ben"+sfx
	lead, docs, _ := teamLead(t, tp, "sony-hack-cyber-dialogue.txt", "setback-cyber-cooperation.txt")
	sony, setb := docs[0], docs[1]
	if _, err := lead.AddSet(coding.DocumentSet{Name: "Pilot", Documents: []string{sony.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := lead.SetBlind(true, "Pilot"); err != nil {
		t.Fatal(err)
	}
	anna, ben := tp.Open(t, annaLogin), tp.Open(t, benLogin)
	annaSeen, err := anna.Overview()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []coding.Document{sony, setb} {
		if _, err := ben.Code(storage.CodeRequest{Coder: benLogin, Document: d.Name, CodePath: "Trust", Span: find(t, d, "trust")}); err != nil {
			t.Fatal(err)
		}
	}
	// Anna's window hears at once of ben's coding outside the set, not of
	// the one inside it.
	changes, err := anna.ChangesSince(annaSeen.Seq)
	if err != nil {
		t.Fatalf("anna's window in a set's blind phase: %v", err)
	}
	var heard []string
	for _, cs := range changes {
		for _, c := range cs.Codings.Added {
			heard = append(heard, c.DocumentID)
		}
	}
	if len(heard) != 1 || heard[0] != setb.ID {
		t.Errorf("anna's window heard of ben's codings in %v, want only the one outside the blind set (%s)", heard, setb.ID)
	}
	var leaked int
	if err := tp.SQL(t, annaLogin).QueryRow("SELECT COUNT(*) FROM journal WHERE author <> session_user AND codings = 1 AND (documents IS NULL OR $1 = ANY (documents))", sony.ID).Scan(&leaked); err != nil {
		t.Fatal(err)
	}
	if leaked != 0 {
		t.Errorf("anna's psql reads %d journal entries holding ben's codings in the blind set", leaked)
	}
	if cs, _ := anna.CodingsOf(sony.ID); len(cs) != 0 {
		t.Errorf("anna sees %d of ben's codings in the blind set", len(cs))
	}
	if cs, _ := anna.CodingsOf(setb.ID); len(cs) != 1 {
		t.Errorf("anna sees %d of ben's codings outside the blind set, want 1", len(cs))
	}
	if all, docs, err := anna.Blind(); err != nil || all || docs != 1 {
		t.Errorf("Blind() = %v, %d, %v; want the set's one document", all, docs, err)
	}
	if err := lead.SetBlind(false, "Pilot"); err != nil {
		t.Fatal(err)
	}
	if cs, _ := anna.CodingsOf(sony.ID); len(cs) != 1 {
		t.Errorf("after the set's blind phase anna sees %d codings there, want 1", len(cs))
	}
}

// Undo writes back only what the undone action changed: a colleague's
// later edit of another field of the same code stays.
func TestTeamUndoKeepsAColleaguesLaterEdit(t *testing.T) {
	tp := teamtest.New(t, "undoedit", "lead")
	sfx := tp.Suffix
	tp.AddCoder(t, "anna"+sfx, true)
	tp.AddCoder(t, "ben"+sfx, true)
	lead := tp.Open(t, tp.Lead)
	trust, err := lead.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}
	anna, ben := tp.Open(t, "anna"+sfx), tp.Open(t, "ben"+sfx)
	edited := trust
	edited.Description.Definition = "Confidence that the other side keeps its word."
	if err := anna.UpdateCode(trust, edited); err != nil {
		t.Fatal(err)
	}
	seen := edited
	later := seen
	later.Color = "#AA3300"
	later.Description.Example = "“build trust”"
	if err := ben.UpdateCode(seen, later); err != nil {
		t.Fatal(err)
	}
	if _, err := anna.Undo(); err != nil {
		t.Fatal(err)
	}
	cb, _ := lead.Codebook()
	got, _ := cb.Code(trust.ID)
	if got.Description.Definition != trust.Description.Definition {
		t.Errorf("anna's undo left the definition %q", got.Description.Definition)
	}
	if got.Color != "#AA3300" || got.Description.Example != "“build trust”" {
		t.Errorf("anna's undo took back ben's later edit: colour %s, example %q", got.Color, got.Description.Example)
	}
	if _, err := anna.Redo(); err != nil {
		t.Fatal(err)
	}
	cb, _ = lead.Codebook()
	if got, _ := cb.Code(trust.ID); got.Description.Definition != edited.Description.Definition || got.Color != "#AA3300" {
		t.Errorf("after redo the code is %+v", got)
	}
}

// A coder added while windows are open reaches them: they read the
// project again.
func TestTeamAddedCoderReachesOpenWindows(t *testing.T) {
	tp := teamtest.New(t, "addcoder", "lead")
	lead := tp.Open(t, tp.Lead)
	seen, err := lead.Overview()
	if err != nil {
		t.Fatal(err)
	}
	tp.AddCoder(t, "carl"+tp.Suffix, false)
	if _, err := lead.ChangesSince(seen.Seq); !errors.Is(err, storage.ErrChangesForgotten) {
		t.Errorf("after add-coder the lead's window reads %v, want to read the project again", err)
	}
	o, err := lead.Overview()
	if err != nil || len(o.Coders) != 2 {
		t.Errorf("the project's coders after add-coder: %v (%v)", o.Coders, err)
	}
}

// teamLead opens tp as its lead and adds the given articles of the corpus
// and the code Trust, which it returns with the documents.
func teamLead(t *testing.T, tp *teamtest.Project, articles ...string) (*storage.Project, []coding.Document, coding.Code) {
	t.Helper()
	lead := tp.Open(t, tp.Lead)
	docs := make([]coding.Document, len(articles))
	for i, name := range articles {
		docs[i] = readCorpus(t, name)
	}
	if _, err := lead.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	trust, err := lead.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}
	return lead, docs, trust
}
