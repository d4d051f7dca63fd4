package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// names is the documents' names.
func names(docs []coding.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Name)
	}
	return out
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const sampleAttributes = `document,date,author,affiliation:category,language,words
sony-hack-cyber-dialogue.txt,2015-01-12,Lu Chuanying,SIIS,English,1100
setback-cyber-cooperation.txt,2014-06-05,Li Zheng,CICIR,English,950
`

func TestImportAttributesInfersTypesAndIsUndoable(t *testing.T) {
	s := newSample(t)
	got := changeRecorder(s.p)
	report, err := s.p.ImportAttributes(writeFile(t, "attrs.csv", sampleAttributes))
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, a := range report.Attributes {
		types = append(types, a.Name+":"+string(a.Type))
	}
	want := []string{"date:date", "author:text", "affiliation:category", "language:text", "words:number"}
	if !slices.Equal(types, want) || report.Documents != 2 || report.Changed != 10 {
		t.Fatalf("import: types %v, %d documents, %d values; want %v, 2, 10", types, report.Documents, report.Changed, want)
	}
	if cs := (*got)[0]; len(cs.Attributes.Added) != 5 || len(cs.Values.Added) != 10 {
		t.Errorf("change set: %d attributes, %d values added; want 5 and 10", len(cs.Attributes.Added), len(cs.Values.Added))
	}
	old, err := s.p.SelectDocuments("", coding.Where{{Attribute: "date", Op: "<", Value: "2015-01-01"}})
	if err != nil || !slices.Equal(names(old), []string{s.setb.Name}) {
		t.Errorf("date < 2015-01-01: %v, %v; want the setback article", names(old), err)
	}
	long, err := s.p.SelectDocuments("", coding.Where{{Attribute: "words", Op: ">", Value: "1000"}})
	if err != nil || !slices.Equal(names(long), []string{s.sony.Name}) {
		t.Errorf("words > 1000: %v, %v; want the Sony article (numbers compared as numbers)", names(long), err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	table, err := s.p.AttributeTable()
	if err != nil || len(table.Attributes) != 0 || len(table.Values) != 0 {
		t.Fatalf("after undo: %+v, %v; want no attributes", table, err)
	}
	if _, err := s.p.Redo(); err != nil {
		t.Fatal(err)
	}
	table, _ = s.p.AttributeTable()
	if a, ok := table.Attribute("affiliation"); !ok || table.Value(s.setb.ID, a.ID) != "CICIR" || !slices.Equal(a.Choices, []string{"SIIS", "CICIR"}) {
		t.Errorf("after redo: affiliation %+v, setback's value %q", a, table.Value(s.setb.ID, a.ID))
	}
	// Another window sees the same change sets.
	sets, err := s.p.ChangesSince(0)
	if err != nil {
		t.Fatal(err)
	}
	last := sets[len(sets)-1]
	if last.Kind != storage.Redid || len(last.Attributes.Added) != 5 || len(last.Values.Added) != 10 {
		t.Errorf("ChangesSince: the redo has %d attributes, %d values", len(last.Attributes.Added), len(last.Values.Added))
	}
	undo := sets[len(sets)-2]
	if undo.Kind != storage.Undid || len(undo.Values.Removed) != 10 || len(undo.Attributes.Removed) != 5 {
		t.Errorf("ChangesSince: the undo removes %d attributes, %d values", len(undo.Attributes.Removed), len(undo.Values.Removed))
	}
}

func TestBadAttributeTableChangesNothing(t *testing.T) {
	s := newSample(t)
	if _, err := s.p.ImportAttributes(writeFile(t, "ok.csv", sampleAttributes)); err != nil {
		t.Fatal(err)
	}
	before, _ := s.p.AttributeRows(nil)
	tests := []struct {
		name, content string
		want          []string
	}{
		{"bad date", "document,date\nsony-hack-cyber-dialogue.txt,2015-01-12\nsetback-cyber-cooperation.txt,last June\n", []string{"line 3", "column date", `"last June" is not a date`}},
		{"not in category", "document,affiliation\nsony-hack-cyber-dialogue.txt,RAND\n", []string{"line 2", "column affiliation", `"RAND" is not one of affiliation's values (SIIS, CICIR)`}},
		{"unknown document", "document,author\nno-such.txt,Someone\n", []string{"line 2", `no document named "no-such.txt"`}},
		{"type clash", "document,date:number\nsony-hack-cyber-dialogue.txt,3\n", []string{"line 1", "type date"}},
		{"new attribute then bad row", "document,outlet\nsony-hack-cyber-dialogue.txt,China-US Focus\n,orphan\n", []string{"line 3", "no document name"}},
	}
	for _, tt := range tests {
		_, err := s.p.ImportAttributes(writeFile(t, "bad.csv", tt.content))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, w)
			}
		}
		after, _ := s.p.AttributeRows(nil)
		if !slices.EqualFunc(before, after, slices.Equal) {
			t.Errorf("%s: the table changed: %q, was %q", tt.name, after, before)
		}
	}
}

func TestAttributeTableExportReadsBack(t *testing.T) {
	s := newSample(t)
	if _, err := s.p.ImportAttributes(writeFile(t, "ok.csv", sampleAttributes)); err != nil {
		t.Fatal(err)
	}
	want, _ := s.p.AttributeRows(nil)
	for _, ext := range []string{".csv", ".xlsx"} {
		out := filepath.Join(t.TempDir(), "attributes"+ext)
		if err := s.p.ExportAttributes(out, nil); err != nil {
			t.Fatal(err)
		}
		other := newSample(t)
		if _, err := other.p.ImportAttributes(out); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		got, _ := other.p.AttributeRows(nil)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s read back as %q, want %q", ext, got, want)
		}
		report, err := s.p.ImportAttributes(out)
		if err != nil || report.Changed != 0 {
			t.Errorf("%s: reading it back into its own project changed %d values (%v)", ext, report.Changed, err)
		}
	}
}

func TestSetsAndSavedFilters(t *testing.T) {
	s := newSample(t)
	if _, err := s.p.ImportAttributes(writeFile(t, "ok.csv", sampleAttributes)); err != nil {
		t.Fatal(err)
	}
	got := changeRecorder(s.p)
	set, err := s.p.AddSet(coding.DocumentSet{Name: "Sony only", Documents: []string{s.sony.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddSet(coding.DocumentSet{Name: "cicir", Where: "affiliation=cicir"}); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 2 || len((*got)[0].Sets.Added) != 1 {
		t.Errorf("change sets: %+v", *got)
	}
	if _, err := s.p.AddSet(coding.DocumentSet{Name: "SONY ONLY"}); err == nil {
		t.Error("a second set named SONY ONLY was accepted")
	}
	if _, err := s.p.AddSet(coding.DocumentSet{Name: "bad", Where: "outlet = X"}); err == nil || !strings.Contains(err.Error(), `no attribute named "outlet"`) {
		t.Errorf("a filter on a missing attribute: %v", err)
	}
	docs, err := s.p.SelectDocuments("Sony only", nil)
	if err != nil || !slices.Equal(names(docs), []string{s.sony.Name}) {
		t.Errorf("set Sony only: %v, %v", names(docs), err)
	}
	docs, err = s.p.SelectDocuments("CICIR", nil)
	if err != nil || !slices.Equal(names(docs), []string{s.setb.Name}) {
		t.Errorf("filter cicir: %v, %v", names(docs), err)
	}
	// A saved filter's members follow the data.
	attrs, _ := s.p.Attributes()
	if err := s.p.SetValues("Edit affiliation", []coding.AttributeValue{{DocumentID: s.sony.ID, AttributeID: attrs[2].ID, Value: "cicir"}}); err != nil {
		t.Fatal(err)
	}
	docs, _ = s.p.SelectDocuments("CICIR", nil)
	if len(docs) != 2 {
		t.Errorf("after the Sony article joined CICIR the filter has %v", names(docs))
	}
	_, err = s.p.SelectDocuments("Sony only", coding.Where{{Attribute: "date", Op: "<", Value: "2015-01-01"}})
	if !errors.Is(err, storage.ErrNoDocumentsMatch) {
		t.Errorf("an empty selection gave %v, want ErrNoDocumentsMatch", err)
	}
	if err := s.p.DeleteSet(set.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if back, err := s.p.SetNamed("sony only"); err != nil || !slices.Equal(back.Documents, []string{s.sony.ID}) {
		t.Errorf("undo delete set: %+v, %v", back, err)
	}
	if err := s.p.SetValues("bad", []coding.AttributeValue{{DocumentID: s.sony.ID, AttributeID: attrs[0].ID, Value: "soon"}}); err == nil {
		t.Error("a date that is not a date was stored")
	}
}

func TestDeleteAttributeIsUndoable(t *testing.T) {
	s := newSample(t)
	if _, err := s.p.ImportAttributes(writeFile(t, "ok.csv", sampleAttributes)); err != nil {
		t.Fatal(err)
	}
	before, _ := s.p.AttributeRows(nil)
	attrs, _ := s.p.Attributes()
	if err := s.p.DeleteAttribute(attrs[0].ID); err != nil {
		t.Fatal(err)
	}
	if rows, _ := s.p.AttributeRows(nil); len(rows[0]) != len(before[0])-1 {
		t.Errorf("after delete the header is %q", rows[0])
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.p.AttributeRows(nil); !slices.EqualFunc(before, after, slices.Equal) {
		t.Errorf("after undo %q, want %q", after, before)
	}
}
