package app

import (
	"cmp"
	"maps"
	"reflect"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
)

// stateMatchesProject fails the test when the window's state, kept up to
// date from change sets only, differs from what reading the project now
// gives: codebook, coders, documents, counts and the open document's codings.
func stateMatchesProject(t *testing.T, wb *Workbench, after string) {
	t.Helper()
	o, err := wb.project.Overview()
	if err != nil {
		t.Fatal(err)
	}
	fresh := newState(o)
	byID := func(a, b coding.Code) int { return cmp.Compare(a.ID, b.ID) }
	got, want := slices.SortedFunc(slices.Values(wb.st.codebook.Codes()), byID), slices.SortedFunc(slices.Values(fresh.codebook.Codes()), byID)
	if !slices.Equal(got, want) {
		t.Errorf("after %s: codebook\n got %+v\nwant %+v", after, got, want)
	}
	if !slices.Equal(wb.st.coders, fresh.coders) {
		t.Errorf("after %s: coders %v, want %v", after, wb.st.coders, fresh.coders)
	}
	if !slices.Equal(wb.st.docs, fresh.docs) {
		t.Errorf("after %s: documents %v, want %v", after, wb.st.docs, fresh.docs)
	}
	for name, c := range map[string][2]counts{"code": {wb.st.codeCounts, fresh.codeCounts}, "document": {wb.st.docCounts, fresh.docCounts}} {
		if g, w := nonEmpty(c[0]), nonEmpty(c[1]); !reflect.DeepEqual(g, w) {
			t.Errorf("after %s: counts per %s %v, want %v", after, name, g, w)
		}
	}
	codings, err := wb.project.CodingsOf(wb.st.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(wb.st.codings, codings, func(a, b coding.Coding) bool {
		return a.ID == b.ID && a.Span == b.Span && a.CodeID == b.CodeID && a.Memo == b.Memo
	}) {
		t.Errorf("after %s: open document's codings\n got %+v\nwant %+v", after, wb.st.codings, codings)
	}
	if wb.st.seq != o.Seq {
		t.Errorf("after %s: the state is at change %d, the project at %d", after, wb.st.seq, o.Seq)
	}
	if n := len(wb.Viewer.Highlights()); n != len(codings) {
		t.Errorf("after %s: %d highlights for %d codings (everyone shown)", after, n, len(codings))
	}
}

func nonEmpty(c counts) counts {
	out := maps.Clone(c)
	maps.DeleteFunc(out, func(_ string, byCoder map[string]int) bool { return len(byCoder) == 0 })
	return out
}

// The window never reads the project again after an action: it applies
// the change set. After every kind of action, and undo and redo of each,
// what it shows equals what a fresh read gives.
func TestStateFollowsEveryActionFromItsChangeSet(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	cb := func() *coding.Codebook { return wb.st.codebook }
	code := func(path string) coding.Code {
		c, ok := cb().ByPath(path)
		if !ok {
			t.Fatalf("no code %s", path)
		}
		return c
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"coding", func() {
			wb.Viewer.SetSelection(spanOf(t, wb, "cyber vandalism"))
			test.Type(wb.Viewer, "2")
		}},
		{"another coder's coding", func() {
			wb.SetCoder("bob")
			wb.Viewer.SetSelection(spanOf(t, wb, "Sony hack"))
			wb.ApplyCode(code("Trust").ID)
		}},
		{"rename", func() {
			c := code("Trust")
			c.Name = "Mutual trust"
			if err := wb.saveCode(c); err != nil {
				t.Fatal(err)
			}
		}},
		{"move", func() {
			c := code("Norms")
			c.ParentID = code("Mutual trust").ID
			if err := wb.saveCode(c); err != nil {
				t.Fatal(err)
			}
		}},
		{"memo", func() {
			wb.selected = wb.st.codings[0]
			if err := wb.project.SetCodingMemo(wb.selected.ID, "ask alice"); err != nil {
				t.Fatal(err)
			}
			wb.sync()
		}},
		{"merge", func() {
			if _, err := wb.project.MergeCode(code("Conflict").ID, code("Sovereignty").ID); err != nil {
				t.Fatal(err)
			}
			wb.sync()
		}},
		{"delete", func() {
			if _, err := wb.project.DeleteCode(code("Mutual trust").ID); err != nil {
				t.Fatal(err)
			}
			wb.sync()
		}},
		{"undo delete", wb.Undo},
		{"undo merge", wb.Undo},
		{"redo merge", wb.Redo},
		{"in vivo", func() {
			wb.Viewer.SetSelection(spanOf(t, wb, "cyber vandalism"))
			wb.InVivo()
		}},
		{"import", func() {
			if _, err := wb.project.AddDocuments([]coding.Document{coding.NewDocument("notes.txt", "Trust, again.")}); err != nil {
				t.Fatal(err)
			}
			wb.sync()
		}},
		{"coder switch", func() { wb.SetCoder("alice") }},
		{"undo in vivo", wb.Undo},
	}
	for _, s := range steps {
		s.do()
		stateMatchesProject(t, wb, s.name)
	}
	if !slices.ContainsFunc(wb.st.docs, func(d coding.Document) bool { return d.Name == "notes.txt" }) {
		t.Error("the imported document is not listed")
	}
}
