package storage_test

import (
	"errors"
	"path/filepath"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// changeRecorder collects what a project tells its change listener.
func changeRecorder(p *storage.Project) *[]storage.ChangeSet {
	var got []storage.ChangeSet
	p.OnChange(func(cs storage.ChangeSet) { got = append(got, cs) })
	return &got
}

func TestActionsReportWhatTheyChanged(t *testing.T) {
	s := newSample(t)
	got := changeRecorder(s.p)
	trust, err := s.p.AddCode(coding.Code{Name: "Trust", Codable: true})
	if err != nil {
		t.Fatal(err)
	}
	span := find(t, s.sony, "cyber vandalism")
	c, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: trust.ID, CoderID: s.alice.ID, Span: span})
	if err != nil {
		t.Fatal(err)
	}
	renamed := trust
	renamed.Name = "Mutual trust"
	if err := s.p.UpdateCode(trust, renamed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil { // the rename
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil { // the coding
		t.Fatal(err)
	}
	if _, err := s.p.Redo(); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 6 {
		t.Fatalf("%d change sets, want 6 (add code, code, rename, undo, undo, redo)", len(*got))
	}
	sets := *got
	if a := sets[0].Codes.Added; len(a) != 1 || a[0].Name != "Trust" || a[0].Key != 1 {
		t.Errorf("add code: %+v, want Trust with key 1", sets[0].Codes)
	}
	if a := sets[1].Codings.Added; len(a) != 1 || a[0].ID != c.ID || a[0].Span != span {
		t.Errorf("code passage: %+v, want the coding %s", sets[1].Codings, span)
	}
	if u := sets[2].Codes.Updated; len(u) != 1 || u[0].Before.Name != "Trust" || u[0].After.Name != "Mutual trust" {
		t.Errorf("rename: %+v", sets[2].Codes)
	}
	if u := sets[3].Codes.Updated; sets[3].Kind != storage.Undid || len(u) != 1 || u[0].After.Name != "Trust" {
		t.Errorf("undo rename: kind %d, %+v; want the name back to Trust", sets[3].Kind, sets[3].Codes)
	}
	if r := sets[4].Codings.Removed; sets[4].Label != "Code passage" || len(r) != 1 || r[0].ID != c.ID {
		t.Errorf("undo coding: %q %+v, want the coding removed", sets[4].Label, sets[4].Codings)
	}
	if a := sets[5].Codings.Added; sets[5].Kind != storage.Redid || len(a) != 1 || a[0].ID != c.ID {
		t.Errorf("redo coding: %+v, want the coding back", sets[5].Codings)
	}
	for i := 1; i < len(sets); i++ {
		if sets[i].Seq != sets[i-1].Seq+1 {
			t.Errorf("change set %d has position %d after %d", i, sets[i].Seq, sets[i-1].Seq)
		}
	}
}

// Another process's window learns of changes from the change log: the same
// change sets, in the same order, as the process that made them saw.
func TestChangesSinceReadsWhatAnotherProcessDid(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shared.qdb")
	writer, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	reader, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	seen, err := reader.LastChange()
	if err != nil {
		t.Fatal(err)
	}
	sent := changeRecorder(writer)
	doc := readCorpus(t, "sony-hack-cyber-dialogue.txt")
	if _, err := writer.AddDocuments([]coding.Document{doc}); err != nil {
		t.Fatal(err)
	}
	c, err := writer.Code(storage.CodeRequest{Coder: "bob", Document: doc.Name, CodePath: "Norms > Vandalism", Span: find(t, doc, "cyber vandalism")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writer.Undo(); err != nil {
		t.Fatal(err)
	}
	got, err := reader.ChangesSince(seen)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(*sent) || len(got) != 3 {
		t.Fatalf("read %d change sets, the writer made %d; want 3", len(got), len(*sent))
	}
	if d := got[0].Documents.Added; len(d) != 1 || d[0].Name != doc.Name || d[0].Text != "" || d[0].Length != doc.Length {
		t.Errorf("import: %+v, want the document without its text", got[0].Documents)
	}
	if len(got[1].Coders.Added) != 1 || len(got[1].Codes.Added) != 2 || len(got[1].Codings.Added) != 1 || got[1].Codings.Added[0].ID != c.ID {
		t.Errorf("code: %d coders, %d codes, %d codings added; want 1, 2 (Norms, Vandalism), 1",
			len(got[1].Coders.Added), len(got[1].Codes.Added), len(got[1].Codings.Added))
	}
	if r := got[2].Codings.Removed; got[2].Kind != storage.Undid || len(r) != 1 || r[0].ID != c.ID || len(got[2].Codes.Removed) != 2 {
		t.Errorf("undo: %+v, want the coding and both codes removed", got[2])
	}
	for i := range got {
		if got[i].Seq != (*sent)[i].Seq {
			t.Errorf("change set %d at position %d, the writer saw %d", i, got[i].Seq, (*sent)[i].Seq)
		}
	}
	last, _ := reader.LastChange()
	if rest, err := reader.ChangesSince(last); err != nil || len(rest) != 0 {
		t.Errorf("after the last change: %d sets, %v; want none", len(rest), err)
	}
}

func TestChangesSinceSaysWhenTheJournalForgot(t *testing.T) {
	s := newSample(t)
	seen, _ := s.p.LastChange()
	code, err := s.p.AddCode(coding.Code{Name: "Trust", Codable: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	// A new action forgets the undone one, so its journal entry is gone.
	if _, err := s.p.AddCode(coding.Code{Name: "Norms", Codable: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.ChangesSince(seen); !errors.Is(err, storage.ErrChangesForgotten) {
		t.Errorf("ChangesSince over a forgotten action: %v, want ErrChangesForgotten", err)
	}
	last, _ := s.p.LastChange()
	if got, err := s.p.ChangesSince(last - 1); err != nil || len(got) != 1 || got[0].Codes.Added[0].Name != "Norms" {
		t.Errorf("the latest change: %v %v", got, err)
	}
	_ = code
}

func TestDocumentRenameAndMemoAreChanges(t *testing.T) {
	s := newSample(t)
	got := changeRecorder(s.p)
	if err := s.p.RenameDocument(s.sony.ID, "Sony.txt"); err != nil {
		t.Fatal(err)
	}
	if err := s.p.SetDocumentMemo(s.sony.ID, "Read twice"); err != nil {
		t.Fatal(err)
	}
	if err := s.p.RenameDocument(s.sony.ID, s.setb.Name); err == nil {
		t.Error("renaming onto another document's name was accepted")
	}
	if len(*got) != 2 {
		t.Fatalf("%d change sets, want 2", len(*got))
	}
	if u := (*got)[1].Documents.Updated; len(u) != 1 || u[0].After.Name != "Sony.txt" || u[0].After.Memo != "Read twice" {
		t.Errorf("memo change: %+v", (*got)[1].Documents)
	}
	if d, _ := s.p.Document(s.sony.ID); d.Name != "Sony.txt" || d.Memo != "Read twice" {
		t.Errorf("stored: %q %q", d.Name, d.Memo)
	}
}

// A code keeps its number key when codes are added before it; a key given
// to another code moves, and undo gives it back.
func TestCodesKeepTheirKeys(t *testing.T) {
	s := newSample(t)
	var ids []string
	for _, name := range []string{"Trust", "Norms", "Sovereignty"} {
		c, err := s.p.AddCode(coding.Code{Name: name, Codable: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	sub, err := s.p.AddCode(coding.Code{Name: "Distrust", ParentID: ids[0], Codable: true})
	if err != nil {
		t.Fatal(err)
	}
	keys := func() map[string]int {
		cb, _ := s.p.Codebook()
		out := map[string]int{}
		for _, c := range cb.Codes() {
			out[c.Name] = c.Key
		}
		return out
	}
	if k := keys(); k["Trust"] != 1 || k["Norms"] != 2 || k["Sovereignty"] != 3 || k["Distrust"] != 4 {
		t.Errorf("keys after adding a sub-code under Trust: %v; Norms must stay 2", k)
	}
	cb, _ := s.p.Codebook()
	seen, _ := cb.Code(sub.ID)
	d := seen
	d.Key = 2
	if err := s.p.UpdateCode(seen, d); err != nil {
		t.Fatal(err)
	}
	if k := keys(); k["Distrust"] != 2 || k["Norms"] != 0 {
		t.Errorf("after giving Distrust key 2: %v; Norms must lose it", k)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if k := keys(); k["Distrust"] != 4 || k["Norms"] != 2 {
		t.Errorf("after undo: %v", k)
	}
	d.Key = 12
	if err := s.p.UpdateCode(seen, d); err == nil {
		t.Error("key 12 was accepted")
	}
}
