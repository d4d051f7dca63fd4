package storage_test

import (
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// attrID is the ID of the project's attribute named name.
func attrID(t *testing.T, p *storage.Project, name string) string {
	t.Helper()
	table, err := p.AttributeTable()
	if err != nil {
		t.Fatal(err)
	}
	a, ok := table.Attribute(name)
	if !ok {
		t.Fatalf("no attribute %q", name)
	}
	return a.ID
}

func TestCasesGatherDocumentsWithValuesAndUndo(t *testing.T) {
	s := newSample(t)
	if _, err := s.p.ImportAttributes(writeFile(t, "ok.csv", sampleAttributes)); err != nil {
		t.Fatal(err)
	}
	affiliation, date := attrID(t, s.p, "affiliation"), attrID(t, s.p, "date")
	got := changeRecorder(s.p)
	c, err := s.p.AddCase(coding.Case{Name: " Li Zheng ", Documents: []string{s.setb.ID, s.setb.ID},
		Values: map[string]string{affiliation: "cicir", date: "Jun 05 , 2014"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Li Zheng" || !slices.Equal(c.Documents, []string{s.setb.ID}) || c.Values[affiliation] != "CICIR" || c.Values[date] != "2014-06-05" {
		t.Errorf("added case %+v: want the name trimmed, one document, canonical values", c)
	}
	if len(*got) != 1 || len((*got)[0].Cases.Added) != 1 {
		t.Fatalf("change sets %+v, want one adding a case", *got)
	}

	// Refused, changing nothing: a taken name, a value its attribute
	// cannot hold, a document not in the project.
	for _, bad := range []coding.Case{
		{Name: "LI ZHENG"},
		{Name: "Lu", Values: map[string]string{date: "soon"}},
		{Name: "Lu", Documents: []string{"no-such-document"}},
	} {
		if _, err := s.p.AddCase(bad); err == nil {
			t.Errorf("case %+v was accepted", bad)
		}
	}
	if cases, _ := s.p.Cases(); len(cases) != 1 {
		t.Errorf("after refused cases the project has %d", len(cases))
	}

	c.Documents = append(c.Documents, s.sony.ID)
	c.Name = "Author Li"
	if err := s.p.UpdateCase(c); err != nil {
		t.Fatal(err)
	}
	if u := (*got)[len(*got)-1].Cases.Updated; len(u) != 1 || u[0].Before.Name != "Li Zheng" || len(u[0].After.Documents) != 2 {
		t.Errorf("update change set %+v", u)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	back, err := s.p.CaseNamed("li zheng")
	if err != nil || len(back.Documents) != 1 {
		t.Errorf("after undoing the edit: %+v, %v", back, err)
	}

	// A category value a case has cannot be dropped; deleting the attribute
	// drops it from the case, and undo brings it back.
	attrs, _ := s.p.Attributes()
	i := slices.IndexFunc(attrs, func(a coding.Attribute) bool { return a.ID == affiliation })
	narrowed := attrs[i]
	narrowed.Choices = []string{"SIIS"}
	if err := s.p.UpdateAttribute(narrowed); err == nil || !strings.Contains(err.Error(), "value") {
		t.Errorf("dropping a value a case has: %v", err)
	}
	if err := s.p.SetValues("clear", []coding.AttributeValue{{DocumentID: s.setb.ID, AttributeID: affiliation}}); err != nil {
		t.Fatal(err)
	}
	if err := s.p.UpdateAttribute(narrowed); err == nil || !strings.Contains(err.Error(), `case "Li Zheng"`) {
		t.Errorf("dropping a value only a case has: %v", err)
	}
	if err := s.p.DeleteAttribute(affiliation); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.p.CaseNamed("Li Zheng"); c.Value(affiliation) != "" || c.Value(date) != "2014-06-05" {
		t.Errorf("after deleting affiliation the case has %v", c.Values)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.p.CaseNamed("Li Zheng"); c.Value(affiliation) != "CICIR" {
		t.Errorf("after undoing the delete the case has %v", c.Values)
	}

	if err := s.p.DeleteCase(c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.CaseNamed("Li Zheng"); err == nil {
		t.Error("the deleted case is still there")
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	o, err := s.p.Overview()
	if err != nil || len(o.Cases) != 1 || o.Cases[0].Name != "Li Zheng" {
		t.Errorf("overview after undoing the delete: %+v, %v", o.Cases, err)
	}
}

func TestCaseChangesReachAnotherProcess(t *testing.T) {
	s := newSample(t)
	other, err := storage.Open(s.p.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	seq, _ := other.LastChange()
	c, err := s.p.AddCase(coding.Case{Name: "Lu Chuanying", Documents: []string{s.sony.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	changes, err := other.ChangesSince(seq)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || len(changes[0].Cases.Added) != 1 || changes[0].Cases.Added[0].ID != c.ID || len(changes[1].Cases.Removed) != 1 {
		t.Errorf("changes seen by another process: %+v", changes)
	}
}
