package refi

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
)

const (
	attrDate   = "a77e0000-0000-4000-8000-000000000001"
	attrWords  = "a77e0000-0000-4000-8000-000000000002"
	attrOpEd   = "a77e0000-0000-4000-8000-000000000003"
	attrAffil  = "a77e0000-0000-4000-8000-000000000004"
	attrAuthor = "a77e0000-0000-4000-8000-000000000005"
	setSony    = "5e7e0000-0000-4000-8000-000000000001"
	setBefore  = "5e7e0000-0000-4000-8000-000000000002"
	caseShen   = "cace0000-0000-4000-8000-000000000001"
	caseLi     = "cace0000-0000-4000-8000-000000000002"
)

// describedProject is the sample project with one attribute of each type,
// values for both articles, a static set and a saved filter.
func describedProject(t testing.TB) Project {
	p := sampleProject(t)
	p.Attributes = []coding.Attribute{
		{ID: attrDate, Name: "date", Type: coding.TypeDate, Position: 0},
		{ID: attrWords, Name: "words", Type: coding.TypeNumber, Position: 1},
		{ID: attrOpEd, Name: "op-ed", Type: coding.TypeYesNo, Position: 2},
		{ID: attrAffil, Name: "affiliation", Type: coding.TypeCategory, Choices: []string{"CICIR", "Shanghai Institute for Int'l Studies", "Other & <more>"}, Position: 3},
		{ID: attrAuthor, Name: "author", Type: coding.TypeText, Position: 4},
	}
	p.Values = []coding.AttributeValue{
		{DocumentID: docSony, AttributeID: attrDate, Value: "2015-01-12"},
		{DocumentID: docSony, AttributeID: attrWords, Value: "1234.5"},
		{DocumentID: docSony, AttributeID: attrOpEd, Value: "no"},
		{DocumentID: docSony, AttributeID: attrAffil, Value: "Shanghai Institute for Int'l Studies"},
		{DocumentID: docSony, AttributeID: attrAuthor, Value: "Shen Yi 沈逸"},
		{DocumentID: docSet, AttributeID: attrDate, Value: "2014-06-05"},
		{DocumentID: docSet, AttributeID: attrOpEd, Value: "yes"},
		{DocumentID: docSet, AttributeID: attrAffil, Value: "CICIR"},
	}
	p.Sets = []coding.DocumentSet{
		{ID: setSony, Name: "Sony", Documents: []string{docSony}},
		{ID: setBefore, Name: "Before 2015", Where: "date < 2015-01-01", Documents: []string{docSet}},
	}
	p.Cases = []coding.Case{
		{ID: caseShen, Name: "Shen Yi", Documents: []string{docSony}, Values: map[string]string{attrAffil: "Shanghai Institute for Int'l Studies", attrDate: "1980-01-02"}},
		{ID: caseLi, Name: "Li & <Zheng>", Documents: []string{docSet, docSony}},
	}
	return p
}

func TestVariablesAndSetsRoundTrip(t *testing.T) {
	p := describedProject(t)
	out := writeProject(t, p)
	qde := unzipEntry(t, out, "project.qde")
	validate(t, "Project.xsd", qde)
	for _, want := range []string{`typeOfVariable="Float"`, `<BooleanValue>true</BooleanValue>`, `<DateValue>2014-06-05</DateValue>`,
		`<MemberSource targetGUID="` + docSony + `"/>`, filterMarker,
		`<Case guid="` + caseShen + `" name="Shen Yi">`, `<DateValue>1980-01-02</DateValue>`, `name="Li &amp; &lt;Zheng&gt;"`,
		`<SourceRef targetGUID="` + docSet + `"/>`} {
		if !bytes.Contains(qde, []byte(want)) {
			t.Errorf("project.qde lacks %s", want)
		}
	}
	shuffled := p
	shuffled.Attributes = reversed(p.Attributes)
	shuffled.Values = reversed(p.Values)
	shuffled.Sets = reversed(p.Sets)
	shuffled.Cases = reversed(p.Cases)
	if again := writeProject(t, shuffled); !bytes.Equal(out, again) {
		t.Error("the same attributes in another order give another file")
	}

	back := mustReadProject(t, out)
	if len(back.Warnings) > 0 {
		t.Errorf("warnings on our own file: %q", back.Warnings)
	}
	if !slices.EqualFunc(back.Attributes, p.Attributes, func(a, b coding.Attribute) bool {
		return a.ID == b.ID && a.Name == b.Name && a.Type == b.Type && slices.Equal(a.Choices, b.Choices) && a.Position == b.Position
	}) {
		t.Errorf("attributes read back:\n%+v\nwant\n%+v", back.Attributes, p.Attributes)
	}
	key := func(v coding.AttributeValue) string { return v.Key() + "=" + v.Value }
	got, want := mapped(back.Values, key), mapped(p.Values, key)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("values read back %q, want %q", got, want)
	}
	wantSets := []coding.DocumentSet{{ID: setBefore, Name: "Before 2015", Where: "date < 2015-01-01"}, {ID: setSony, Name: "Sony", Documents: []string{docSony}}}
	if !slices.EqualFunc(back.Sets, wantSets, func(a, b coding.DocumentSet) bool {
		return a.ID == b.ID && a.Name == b.Name && a.Where == b.Where && slices.Equal(a.Documents, b.Documents)
	}) {
		t.Errorf("sets read back %+v, want %+v (a saved filter's members follow the data)", back.Sets, wantSets)
	}
	wantCases := []coding.Case{p.Cases[1], p.Cases[0]} // by name; members in the order sources are written
	if !slices.EqualFunc(back.Cases, wantCases, func(a, b coding.Case) bool {
		return a.ID == b.ID && a.Name == b.Name && slices.Equal(a.Documents, b.Documents) && maps.Equal(a.Values, b.Values)
	}) {
		t.Errorf("cases read back %+v, want %+v", back.Cases, wantCases)
	}
}

func TestWriteProjectRefusesBadValues(t *testing.T) {
	for name, change := range map[string]func(*Project){
		"a value of no attribute":  func(p *Project) { p.Values[0].AttributeID = attrDate[:35] + "9" },
		"a value of no document":   func(p *Project) { p.Values[0].DocumentID = docSony[:35] + "9" },
		"a date that is not":       func(p *Project) { p.Values[0].Value = "soon" },
		"an attribute without id":  func(p *Project) { p.Attributes[0].ID = "" },
		"a category without list":  func(p *Project) { p.Attributes[3].Choices = nil },
		"a set without a good id":  func(p *Project) { p.Sets[0].ID = "x" },
		"a category value not in":  func(p *Project) { p.Values[3].Value = "RAND" },
		"a case's value unfit":     func(p *Project) { p.Cases[0].Values[attrDate] = "soon" },
		"a case's value of none":   func(p *Project) { p.Cases[1].Values = map[string]string{attrDate[:35] + "9": "x"} },
		"a case without a good id": func(p *Project) { p.Cases[0].ID = "x" },
	} {
		p := describedProject(t)
		change(&p)
		if err := WriteProject(&bytes.Buffer{}, p); err == nil {
			t.Errorf("%s: written without error", name)
		}
	}
}

// Fixtures shaped like MAXQDA's document variables (values in the
// sources) and NVivo's classifications (values in cases referring to
// sources), with a set of codes and a set of sources.
func TestReadVariablesMAXQDAAndNVivoShapes(t *testing.T) {
	const head = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
<Variables>
  <Variable guid="{A77E0000-0000-4000-8000-000000000001}" name="Year published" typeOfVariable="Integer"/>
  <Variable guid="a77e0000-0000-4000-8000-000000000002" name="Age > 30" typeOfVariable="Boolean"/>
  <Variable guid="a77e0000-0000-4000-8000-000000000003" name="Interviewed" typeOfVariable="DateTime"/>
  <Variable guid="a77e0000-0000-4000-8000-000000000004" name="Outlet" typeOfVariable="Text"><Description>where it ran</Description></Variable>
</Variables>
`
	source := func(id, name, values string) string {
		return `<TextSource guid="` + id + `" name="` + name + `"><PlainTextContent>Some text.</PlainTextContent>` + values + `</TextSource>`
	}
	value := func(attr, elem, v string) string {
		return `<VariableValue><VariableRef targetGUID="` + attr + `"/><` + elem + `>` + v + `</` + elem + `></VariableValue>`
	}
	maxqda := head + `<Sources>` +
		source(docSony, "one", value("a77e0000-0000-4000-8000-000000000001", "IntegerValue", "2015")+value("a77e0000-0000-4000-8000-000000000004", "TextValue", "China-US Focus")) +
		source(docSet, "two", value("a77e0000-0000-4000-8000-000000000002", "BooleanValue", "1")+value("a77e0000-0000-4000-8000-000000000003", "DateTimeValue", "2014-06-05T10:00:00Z")) +
		`</Sources>
<Sets>
  <Set guid="5e7e0000-0000-4000-8000-000000000001" name="Codes group"><MemberCode targetGUID="` + codeTrust + `"/></Set>
  <Set guid="5e7e0000-0000-4000-8000-000000000002" name="Both"><MemberSource targetGUID="` + docSony + `"/><MemberSource targetGUID="` + docSet + `"/></Set>
</Sets></Project>`
	p, err := readQDE([]byte(maxqda), "maxqda.qde", nil, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	names := mapped(p.Attributes, func(a coding.Attribute) string { return a.Name + ":" + string(a.Type) })
	if want := []string{"Year published:number", "Age - 30:yes/no", "Interviewed:date", "Outlet:text"}; !slices.Equal(names, want) {
		t.Errorf("attributes %q, want %q", names, want)
	}
	vals := mapped(p.Values, func(v coding.AttributeValue) string { return v.Value })
	if want := []string{"2015", "China-US Focus", "yes", "2014-06-05"}; !slices.Equal(vals, want) {
		t.Errorf("values %q, want %q", vals, want)
	}
	if len(p.Sets) != 1 || p.Sets[0].Name != "Both" || len(p.Sets[0].Documents) != 2 {
		t.Errorf("sets %+v, want only Both with two documents", p.Sets)
	}
	if w := strings.Join(p.Warnings, "\n"); !strings.Contains(w, `"Age > 30" is called "Age - 30"`) || !strings.Contains(w, "member "+codeTrust+" is not a code of the codebook") {
		t.Errorf("warnings %q", p.Warnings)
	}

	nvivo := head + `<Cases>
  <Case guid="cace0000-0000-4000-8000-000000000001" name="Shen Yi">` + value("a77e0000-0000-4000-8000-000000000004", "TextValue", "Focus") +
		`<SourceRef targetGUID="` + docSony + `"/><SourceRef targetGUID="` + docSet + `"/></Case>
</Cases><Sources>` + source(docSony, "one", value("a77e0000-0000-4000-8000-000000000004", "TextValue", "Own outlet")) + source(docSet, "two", "") + `</Sources></Project>`
	p, err = readQDE([]byte(nvivo), "nvivo.qde", nil, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vals = mapped(p.Values, func(v coding.AttributeValue) string { return v.DocumentID[:4] + v.Value })
	if want := []string{docSony[:4] + "Own outlet"}; !slices.Equal(vals, want) {
		t.Errorf("documents' values %q, want only the source's own %q", vals, want)
	}
	if len(p.Cases) != 1 || p.Cases[0].Name != "Shen Yi" || !slices.Equal(p.Cases[0].Documents, []string{docSony, docSet}) ||
		p.Cases[0].Value("a77e0000-0000-4000-8000-000000000004") != "Focus" {
		t.Errorf("cases %+v, want Shen Yi with both sources and Outlet Focus", p.Cases)
	}
	withPassage := strings.Replace(nvivo, `</Case>`, `<SelectionRef targetGUID="5e1e0000-0000-4000-8000-000000000001"/></Case>`, 1)
	if p, err = readQDE([]byte(withPassage), "nvivo.qde", nil, ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(p.Warnings, "\n"); !strings.Contains(w, `case "Shen Yi": selection 5e1e0000-0000-4000-8000-000000000001 is not a coded passage of a text source read; left out`) {
		t.Errorf("warnings %q", p.Warnings)
	}

	bad := head + `<Sources>` + source(docSony, "one", value("a77e0000-0000-4000-8000-00000000000f", "TextValue", "x")) + `</Sources></Project>`
	if _, err := readQDE([]byte(bad), "bad.qde", nil, ReadOptions{}); err == nil || !strings.Contains(err.Error(), "not among the <Variables>") {
		t.Errorf("a value of an unknown variable: %v", err)
	}
}

func mapped[T any](list []T, f func(T) string) []string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = f(x)
	}
	return out
}
