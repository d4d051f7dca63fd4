package storage_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

// describe gives the sample project the sample attributes (affiliation a
// category), a static set and a saved filter.
func describe(t *testing.T, s sample) {
	t.Helper()
	if _, err := s.p.ImportAttributes(writeFile(t, "attrs.csv", sampleAttributes)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddSet(coding.DocumentSet{Name: "Sony", Documents: []string{s.sony.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddSet(coding.DocumentSet{Name: "Before 2015", Where: "date < 2015-01-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddCase(coding.Case{Name: "Li Zheng", Documents: []string{s.setb.ID},
		Values: map[string]string{attrID(t, s.p, "affiliation"): "CICIR", attrID(t, s.p, "date"): "1970-01-01"}}); err != nil {
		t.Fatal(err)
	}
}

// caseRows is each case as "name: documents · attribute=value…".
func caseRows(t *testing.T, p *storage.Project) []string {
	t.Helper()
	cases, err := p.Cases()
	if err != nil {
		t.Fatal(err)
	}
	table, _ := p.AttributeTable()
	var out []string
	for _, c := range cases {
		var docs, vals []string
		for _, id := range c.Documents {
			d, err := p.Document(id)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, d.Name)
		}
		for _, a := range table.Attributes {
			if v := c.Value(a.ID); v != "" {
				vals = append(vals, a.Name+"="+v)
			}
		}
		out = append(out, c.ID+" "+c.Name+": "+strings.Join(docs, ",")+" · "+strings.Join(vals, ","))
	}
	return out
}

// attributeRows is every document's values by name: "doc|attr|value".
func attributeRows(t *testing.T, p *storage.Project) []string {
	t.Helper()
	table, err := p.AttributeTable()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := p.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		for _, a := range table.Attributes {
			if v := table.Value(d.ID, a.ID); v != "" {
				out = append(out, d.Name+"|"+a.Name+":"+string(a.Type)+"|"+v)
			}
		}
	}
	return out
}

func setRows(t *testing.T, p *storage.Project) []string {
	t.Helper()
	sets, err := p.Sets()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range sets {
		docs, _ := p.SelectDocuments(s.Name, nil)
		out = append(out, s.ID+" "+s.Name+" where "+s.Where+": "+strings.Join(names(docs), ","))
	}
	return out
}

// validQDE checks a .qdpx's project.qde against Project.xsd with xmllint.
func validQDE(t *testing.T, qdpx []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(qdpx), int64(len(qdpx)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("project.qde")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	validAgainst(t, "Project.xsd", "project.qde", data)
}

// validAgainst checks the XML file name (its content data) against the
// REFI-QDA schema with xmllint; without xmllint the test is skipped.
func validAgainst(t *testing.T, schema, name string, data []byte) {
	t.Helper()
	xsd := filepath.Join("..", "..", "shared", "refi", schema)
	if _, err := os.Stat(xsd); err != nil {
		xsd = "/work/shared/refi/" + schema
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--schema", xsd, path).CombinedOutput(); err != nil {
		t.Fatalf("%s is not valid against %s: %v\n%s", name, schema, err, out)
	}
}

// A project's attributes, values and sets go through a .qdpx into an
// empty project unchanged (GUIDs kept); merging the file again adds
// nothing; the merge is one action.
func TestExchangeRoundTripOfAttributesAndSets(t *testing.T) {
	s := newSample(t)
	describe(t, s)
	rp, err := s.p.ExchangeProject(storage.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := refi.WriteProject(&buf, rp); err != nil {
		t.Fatal(err)
	}
	validQDE(t, buf.Bytes())
	back, err := refi.ReadProject(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}

	other, err := storage.Create(filepath.Join(t.TempDir(), "other.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	r, err := other.MergeProject(back, "study.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	if r.AttributesAdded != 5 || r.ValuesSet != 10 || r.SetsAdded != 2 || r.CasesAdded != 1 || !strings.Contains(r.Summary(), "attributes 5 added, 10 values set; sets 2 added; cases 1 added") {
		t.Errorf("merge report %+v: %s", r, r.Summary())
	}
	if got, want := attributeRows(t, other), attributeRows(t, s.p); !slices.Equal(got, want) {
		t.Errorf("values after the round trip:\n%q\nwant\n%q", got, want)
	}
	if got, want := setRows(t, other), setRows(t, s.p); !slices.Equal(got, want) {
		t.Errorf("sets after the round trip:\n%q\nwant\n%q", got, want)
	}
	if got, want := caseRows(t, other), caseRows(t, s.p); !slices.Equal(got, want) || len(got) != 1 {
		t.Errorf("cases after the round trip:\n%q\nwant\n%q", got, want)
	}
	table, _ := other.AttributeTable()
	if aff, _ := table.Attribute("affiliation"); aff.Type != coding.TypeCategory || !slices.Equal(aff.Choices, []string{"SIIS", "CICIR"}) {
		t.Errorf("affiliation came back as %+v", aff)
	}
	again, err := other.MergeProject(back, "study.qdpx")
	if err != nil || again.AttributesAdded+again.ValuesSet+again.SetsAdded+again.CasesAdded != 0 {
		t.Errorf("merging again: %+v, %v", again, err)
	}
	if _, err := other.Undo(); err != nil { // the first merge (the second changed nothing)
		t.Fatal(err)
	}
	if rows := append(attributeRows(t, other), caseRows(t, other)...); len(rows) != 0 {
		t.Errorf("after undoing the merge, values and cases %q remain", rows)
	}
}

// A project's own values win over a file's; an export of one document
// carries its values and the sets it belongs to, and the saved filter.
func TestMergeKeepsProjectValuesAndExportByDocument(t *testing.T) {
	s := newSample(t)
	describe(t, s)
	rp, err := s.p.ExchangeProject(storage.Filter{Documents: []string{s.setb.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, set := range rp.Sets {
		sets = append(sets, set.Name)
	}
	if !slices.Equal(sets, []string{"Before 2015"}) || len(rp.Values) != 5 {
		t.Errorf("an export of the setback article has sets %v and %d values; want the saved filter only and its 5 values", sets, len(rp.Values))
	}
	table, _ := s.p.AttributeTable()
	author, _ := table.Attribute("author")
	for i, v := range rp.Values {
		if v.AttributeID == author.ID {
			rp.Values[i].Value = "Someone else"
		}
	}
	r, err := s.p.MergeProject(rp, "changed.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	if r.ValuesSet != 0 || !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "1 attribute values differ") }) {
		t.Errorf("merge of a different author: %+v", r)
	}
	if table, _ = s.p.AttributeTable(); table.Value(s.setb.ID, author.ID) != "Li Zheng" {
		t.Errorf("the project's author became %q", table.Value(s.setb.ID, author.ID))
	}
}

// A .qdpx shaped like MAXQDA's export of document variables (see
// storage/refi/maxqda_variables_test.go): importing it gives each document
// its values, typed by their variables, so that numbers and dates compare
// as such; the named case, the document set and the code set come too.
func TestImportMAXQDADocumentVariables(t *testing.T) {
	p, err := storage.Create(filepath.Join(t.TempDir(), "study.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	res := p.ImportFile(filepath.Join("refi", "testdata", "maxqda-variables.qdpx"))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	table, err := p.AttributeTable()
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, a := range table.Attributes {
		types = append(types, a.Name+":"+string(a.Type))
	}
	if want := []string{"Author:text", "Year:number", "Published:date", "Op-ed:yes/no", "Words:number"}; !slices.Equal(types, want) {
		t.Errorf("attributes %q, want %q", types, want)
	}
	if got, want := attributeRows(t, p), []string{
		"Setback|Author:text|Li Zheng", "Setback|Year:number|2014", "Setback|Published:date|2014-06-05", "Setback|Op-ed:yes/no|no",
		"Sony hack|Author:text|Shen Yi", "Sony hack|Year:number|2015", "Sony hack|Published:date|2015-01-12", "Sony hack|Op-ed:yes/no|yes", "Sony hack|Words:number|1043.5",
	}; !slices.Equal(got, want) {
		t.Errorf("values\n%q\nwant\n%q", got, want)
	}
	for _, tt := range []struct {
		where string
		want  string
	}{
		{"Year < 2015", "Setback"},
		{"Published > 2014-12-31", "Sony hack"},
		{"Op-ed = yes", "Sony hack"},
		{"Words >= 1000", "Sony hack"},
	} {
		w, err := coding.ParseWhere(tt.where)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := p.SelectDocuments("", w)
		if err != nil || len(docs) != 1 || docs[0].Name != tt.want {
			t.Errorf("where %s: %+v, %v; want %s", tt.where, docs, err, tt.want)
		}
	}
	if got := caseRows(t, p); len(got) != 1 || !strings.Contains(got[0], " Chinese authors: Sony hack,Setback") {
		t.Errorf("cases %q, want only Chinese authors", got)
	}
	if got := setRows(t, p); len(got) != 1 || !strings.HasSuffix(got[0], " 2015 where : Sony hack") {
		t.Errorf("sets %q", got)
	}
	if got := groupRows(t, p); !slices.Equal(got, []string{"Core codes: Trust, Sovereignty"}) {
		t.Errorf("code groups %q", got)
	}
}
