package storage_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
	"desktop/marginalia/storage/teamtest"
)

// passageIDs is the IDs of the codings a case gathers, as the project reads them.
func passageIDs(t *testing.T, p *storage.Project, name string) []string {
	t.Helper()
	c, err := p.CaseNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	codings, err := p.CasePassages(c)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, cd := range codings {
		ids = append(ids, cd.ID)
	}
	return ids
}

// qdeText is a .qdpx's project.qde.
func qdeText(t *testing.T, qdpx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(qdpx), int64(len(qdpx)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("project.qde")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// casePassageSample is the sample with two codes, three of alice's
// codings and a case "Li Zheng" gathering the Sony article.
type casePassageSample struct {
	sample
	trust, norms coding.Code
	a, b, c      coding.Coding
	caseID       string
}

func newCasePassageSample(t *testing.T) casePassageSample {
	t.Helper()
	s := casePassageSample{sample: newSample(t)}
	var err error
	if s.trust, err = s.p.AddCode(coding.Code{Name: "Trust", Codable: true}); err != nil {
		t.Fatal(err)
	}
	if s.norms, err = s.p.AddCode(coding.Code{Name: "Norms", Codable: true}); err != nil {
		t.Fatal(err)
	}
	add := func(d coding.Document, code coding.Code, phrase string) coding.Coding {
		c, err := s.p.AddCoding(coding.Coding{DocumentID: d.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: find(t, d, phrase)})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	s.a = add(s.setb, s.trust, "cyber")
	s.b = add(s.setb, s.norms, "cooperation")
	s.c = add(s.sony, s.trust, "Sony")
	c, err := s.p.AddCase(coding.Case{Name: "Li Zheng", Documents: []string{s.sony.ID}})
	if err != nil {
		t.Fatal(err)
	}
	s.caseID = c.ID
	return s
}

// A case gathers passages (codings) as one undoable action each way; a
// coding that is not there is refused; removing a coding, by any path,
// leaves the case row alone and every reader ignores the passage; undoing
// the removal brings it back.
func TestCasePassagesFollowTheirCodings(t *testing.T) {
	s := newCasePassageSample(t)
	got := changeRecorder(s.p)
	if err := s.p.AddCasePassages(s.caseID, s.a.ID, s.b.ID, s.a.ID); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.a.ID, s.b.ID}) {
		t.Errorf("passages %v, want a and b once each", ids)
	}
	last := (*got)[len(*got)-1]
	if last.Label != "Add passage to case Li Zheng" || len(last.Cases.Updated) != 1 || len(last.Passages) != 2 || last.Passages[0].Span != s.a.Span {
		t.Errorf("change set %q: cases %+v, passages %+v", last.Label, last.Cases, last.Passages)
	}
	// Adding what it has already changes nothing and leaves no entry.
	n := len(*got)
	if err := s.p.AddCasePassages(s.caseID, s.b.ID); err != nil || len(*got) != n {
		t.Errorf("adding a passage again: %v, %d change sets", err, len(*got)-n)
	}
	// Refused, changing nothing.
	if err := s.p.AddCasePassages(s.caseID, "no-such-coding"); err == nil || !strings.Contains(err.Error(), "no such coding") {
		t.Errorf("a coding not in the project: %v", err)
	}
	if _, err := s.p.AddCase(coding.Case{Name: "Lu", Passages: []string{"no-such-coding"}}); err == nil {
		t.Error("a new case with a passage that is no coding was accepted")
	}

	// Removing a coding: the passage is ignored by every reader, and an
	// undo of the removal brings it back, with nothing else to undo.
	if err := s.p.RemoveCoding(s.a.ID); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.b.ID}) {
		t.Errorf("after removing coding a, passages %v", ids)
	}
	o, err := s.p.Overview()
	if err != nil || len(o.Passages) != 1 || o.Passages[0].ID != s.b.ID {
		t.Errorf("overview passages %+v, %v", o.Passages, err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.a.ID, s.b.ID}) {
		t.Errorf("after undoing the removal, passages %v", ids)
	}

	// Deleting a code removes its codings, and with them the passages.
	if _, err := s.p.DeleteCode(s.norms.ID); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.a.ID}) {
		t.Errorf("after deleting the code Norms, passages %v", ids)
	}
	// Editing the case keeps the passage whose coding is gone (an undo of
	// the deletion may bring it back).
	c, _ := s.p.CaseNamed("Li Zheng")
	c.Name = "Author Li"
	if err := s.p.UpdateCase(c); err != nil {
		t.Fatalf("renaming a case whose passage's coding is gone: %v", err)
	}
	if _, err := s.p.Undo(); err != nil { // the rename
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil { // the deletion of Norms
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.a.ID, s.b.ID}) {
		t.Errorf("after undoing the deletion of Norms, passages %v", ids)
	}

	if err := s.p.RemoveCasePassages(s.caseID, s.a.ID); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.b.ID}) {
		t.Errorf("after taking passage a out, passages %v", ids)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, s.p, "Li Zheng"); !slices.Equal(ids, []string{s.a.ID, s.b.ID}) {
		t.Errorf("after undoing that, passages %v", ids)
	}
	if err := s.p.RemoveCasePassages("no-such-case", s.a.ID); err == nil {
		t.Errorf("a case that is not there: %v", err)
	}
}

// Another process learns a case's passages from the change set.
func TestCasePassagesReachAnotherProcess(t *testing.T) {
	s := newCasePassageSample(t)
	other, err := storage.Open(s.p.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	seq, _ := other.LastChange()
	if err := s.p.AddCasePassages(s.caseID, s.c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Redo(); err != nil {
		t.Fatal(err)
	}
	changes, err := other.ChangesSince(seq)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 3 {
		t.Fatalf("%d change sets, want 3", len(changes))
	}
	for i, want := range []int{1, 0, 1} {
		if len(changes[i].Passages) != want || want == 1 && changes[i].Passages[0].ID != s.c.ID {
			t.Errorf("change set %d (%q) carries passages %+v, want %d", i, changes[i].Label, changes[i].Passages, want)
		}
	}
}

// A case's passages go through a .qdpx as <SelectionRef>s (valid against
// Project.xsd) into an empty project, onto the same codings; an export
// leaves out passages whose coding is gone, and merging the file into a
// project that has the codings already finds them.
func TestExchangeRoundTripOfCasePassages(t *testing.T) {
	s := newCasePassageSample(t)
	if err := s.p.AddCasePassages(s.caseID, s.b.ID, s.a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddCase(coding.Case{Name: "Only passages", Passages: []string{s.c.ID}}); err != nil {
		t.Fatal(err)
	}
	bob, err := s.p.EnsureCoder("bob")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: s.norms.ID, CoderID: bob.ID, Span: find(t, s.sony, "hack")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.p.AddCasePassages(s.caseID, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.p.RemoveCoding(gone.ID); err != nil {
		t.Fatal(err)
	}
	rp, err := s.p.ExchangeProject(storage.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := refi.WriteProject(&buf, rp); err != nil {
		t.Fatal(err)
	}
	validQDE(t, buf.Bytes())
	qde := qdeText(t, buf.Bytes())
	if !strings.Contains(qde, `<SelectionRef targetGUID="`+s.a.ID+`"`) || strings.Contains(qde, gone.ID) {
		t.Errorf("project.qde: want a SelectionRef to coding a and none to the removed coding:\n%s", qde)
	}
	back, err := refi.ReadProject(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range back.Warnings {
		if strings.Contains(w, "selection") {
			t.Errorf("warning reading the export: %s", w)
		}
	}
	other, err := storage.Create(filepath.Join(t.TempDir(), "other.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.MergeProject(back, "study.qdpx"); err != nil {
		t.Fatal(err)
	}
	// In the writer's order: by source (by name), then position.
	want := []string{s.a.ID, s.b.ID}
	if s.a.Start > s.b.Start {
		want = []string{s.b.ID, s.a.ID}
	}
	if ids := passageIDs(t, other, "Li Zheng"); !slices.Equal(ids, want) {
		t.Errorf("passages after the round trip %v, want %v", ids, want)
	}
	if ids := passageIDs(t, other, "Only passages"); !slices.Equal(ids, []string{s.c.ID}) {
		t.Errorf("the case of passages only came back with %v", ids)
	}

	// Into a project that has the same codings under other IDs (its own
	// import of the same work): the passages are found by document, code,
	// coder and span.
	third, err := storage.Create(filepath.Join(t.TempDir(), "third.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	renamed := back
	renamed.Codings = slices.Clone(back.Codings)
	renamed.Cases = nil
	for i := range renamed.Codings {
		renamed.Codings[i].ID = coding.NewID()
	}
	if _, err := third.MergeProject(renamed, "own.qdpx"); err != nil {
		t.Fatal(err)
	}
	if _, err := third.MergeProject(back, "study.qdpx"); err != nil {
		t.Fatal(err)
	}
	c, err := third.CaseNamed("Li Zheng")
	if err != nil {
		t.Fatal(err)
	}
	pass, err := third.CasePassages(c)
	if err != nil || len(pass) != 2 {
		t.Fatalf("passages in a project with its own IDs: %+v, %v", pass, err)
	}
	for _, p := range pass {
		if p.ID == s.a.ID || p.ID == s.b.ID {
			t.Errorf("passage %s is the file's coding ID, not the project's", p.ID)
		}
	}
}

// On a team project the lead gathers two coders' codings in a case; in
// the blind phase each coder reads only their own passage; a coder, who
// may not edit cases, still removes their coding, and the case then
// leaves it out; undoing the removal brings it back.
func TestTeamCasePassagesInTheBlindPhase(t *testing.T) {
	tp := teamtest.New(t, "passages", "lead", "anna", "ben")
	sfx := tp.Suffix
	annaLogin, benLogin := "anna"+sfx, "ben"+sfx
	lead, docs, _ := teamLead(t, tp, "sony-hack-cyber-dialogue.txt")
	sony := docs[0]
	anna, ben := tp.Open(t, annaLogin), tp.Open(t, benLogin)
	hers, err := anna.Code(storage.CodeRequest{Coder: annaLogin, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, "trust")})
	if err != nil {
		t.Fatal(err)
	}
	his, err := ben.Code(storage.CodeRequest{Coder: benLogin, Document: sony.Name, CodePath: "Trust", Span: find(t, sony, "cyber")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lead.AddCase(coding.Case{Name: "Speaker", Passages: []string{hers.ID, his.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := lead.SetBlind(true, ""); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, anna, "Speaker"); !slices.Equal(ids, []string{hers.ID}) {
		t.Errorf("anna reads the passages %v in the blind phase, want only hers", ids)
	}
	if ids := passageIDs(t, lead, "Speaker"); len(ids) != 2 {
		t.Errorf("the lead reads the passages %v, want both", ids)
	}
	c, _ := anna.CaseNamed("Speaker")
	if err := anna.RemoveCasePassages(c.ID, hers.ID); !errors.Is(err, storage.ErrNotPermitted) {
		t.Errorf("anna editing a case: %v, want refused (cases are the editors')", err)
	}
	if err := anna.RemoveCoding(hers.ID); err != nil {
		t.Fatalf("anna removing her coding that a case gathers: %v", err)
	}
	if ids := passageIDs(t, lead, "Speaker"); !slices.Equal(ids, []string{his.ID}) {
		t.Errorf("after anna removed her coding the lead reads %v", ids)
	}
	if _, err := anna.Undo(); err != nil {
		t.Fatal(err)
	}
	if ids := passageIDs(t, lead, "Speaker"); len(ids) != 2 {
		t.Errorf("after anna's undo the lead reads %v, want both passages", ids)
	}
}
