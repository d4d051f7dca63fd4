package refi

import (
	"path/filepath"
	"slices"
	"testing"

	"desktop/marginalia/coding"
)

// The GUIDs of the MAXQDA document-variables fixture, upper case as
// MAXQDA writes them.
const (
	mvSony      = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9001"
	mvSet       = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9002"
	mvUser      = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90A0"
	mvTrust     = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90C1"
	mvSovereign = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90C2"
	mvAuthor    = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90B1"
	mvYear      = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90B2"
	mvPublished = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90B3"
	mvOpEd      = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90B4"
	mvWords     = "4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F90B5"
)

// maxqdaVariablesFixture is shaped like a MAXQDA project export with
// document variables, as QualCoder's REFI-QDA importer describes MAXQDA's
// files (ccbogel/QualCoder, src/qualcoder/refi.py, the docstring of
// parse_case_for_file_variables, and issue #465, where QualCoder had to
// read MAXQDA's and Quirkos's variables each their own way): the
// variables are <Variables> with a typeOfVariable; each document's values
// sit in a <Case> WITHOUT a name holding <VariableValue>s and one
// <SourceRef> to the document; a value is often a <TextValue> whatever the
// variable's type ("0"/"1" for a Boolean, "2015" for an Integer), a date a
// <DateValue>, and a variable a document has no value for is an empty
// <TextValue/>. GUIDs are upper case, the texts sit in "sources/" with
// CRLF line ends, the project file is named after the project. A named
// <Case> is a real case, and a <Set> of <MemberCode>s is a MAXQDA code set.
func maxqdaVariablesFixture(t testing.TB) fixture {
	sony, set := corpus(t, sonyFile), corpus(t, setbackFile)
	value := func(variable, element, v string) string {
		if v == "" {
			return `<VariableValue><VariableRef targetGUID="` + variable + `"/><` + element + `/></VariableValue>` + "\n"
		}
		return `<VariableValue><VariableRef targetGUID="` + variable + `"/><` + element + `>` + v + `</` + element + `></VariableValue>` + "\n"
	}
	return fixture{
		name: "maxqda-variables", qdeName: "Op-eds 2014-2015.qde",
		files: map[string]string{"sources/" + mvSony + ".txt": crlf(sony), "sources/" + mvSet + ".txt": crlf(set)},
		qde: `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Op-eds 2014-2015" origin="MAXQDA 2022 (Release 22.7.0)" creatingUserGUID="` + mvUser + `" creationDateTime="2024-02-19T09:12:44Z">
<Users><User guid="` + mvUser + `" name="MQ"/></Users>
<CodeBook><Codes>
<Code guid="` + mvTrust + `" name="Trust" isCodable="true" color="#FF8000"/>
<Code guid="` + mvSovereign + `" name="Sovereignty" isCodable="true" color="#0080FF"/>
</Codes></CodeBook>
<Variables>
<Variable guid="` + mvAuthor + `" name="Author" typeOfVariable="Text"/>
<Variable guid="` + mvYear + `" name="Year" typeOfVariable="Integer"/>
<Variable guid="` + mvPublished + `" name="Published" typeOfVariable="Date"/>
<Variable guid="` + mvOpEd + `" name="Op-ed" typeOfVariable="Boolean"/>
<Variable guid="` + mvWords + `" name="Words" typeOfVariable="Float"><Description>Length in words, counted by MAXQDA</Description></Variable>
</Variables>
<Cases>
<Case guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9D01">
` + value(mvAuthor, "TextValue", "Shen Yi") + value(mvYear, "TextValue", "2015") + value(mvPublished, "DateValue", "2015-01-12") +
			value(mvOpEd, "TextValue", "1") + value(mvWords, "FloatValue", "1043.5") + `<SourceRef targetGUID="` + mvSony + `"/>
</Case>
<Case guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9D02">
` + value(mvAuthor, "TextValue", "Li Zheng") + value(mvYear, "IntegerValue", "2014") + value(mvPublished, "DateValue", "2014-06-05") +
			value(mvOpEd, "BooleanValue", "false") + value(mvWords, "TextValue", "") + `<SourceRef targetGUID="` + mvSet + `"/>
</Case>
<Case guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9D03" name="Chinese authors">
<SourceRef targetGUID="` + mvSony + `"/>
<SourceRef targetGUID="` + mvSet + `"/>
</Case>
</Cases>
<Sources>
<TextSource guid="` + mvSony + `" name="Sony hack" plainTextPath="internal://` + mvSony + `.txt" creatingUser="` + mvUser + `" creationDateTime="2024-02-19T09:13:02Z">
<PlainTextSelection guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9E01" {{pos "sources/` + mvSony + `.txt" "This incident has only deepened their distrust"}} creatingUser="` + mvUser + `"><Coding guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9E02" creatingUser="` + mvUser + `"><CodeRef targetGUID="` + mvTrust + `"/></Coding></PlainTextSelection>
<PlainTextSelection guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9E05" {{pos "sources/` + mvSony + `.txt" "the “BAT” as we call them in China"}} creatingUser="` + mvUser + `"><Coding guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9E06" creatingUser="` + mvUser + `"><CodeRef targetGUID="` + mvSovereign + `"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="` + mvSet + `" name="Setback" plainTextPath="internal://` + mvSet + `.txt" creatingUser="` + mvUser + `" creationDateTime="2024-02-19T09:13:05Z">
<PlainTextSelection guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9E03" {{pos "sources/` + mvSet + `.txt" "the Court is the last place to resolve differences"}} creatingUser="` + mvUser + `"><Coding guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9E04" creatingUser="` + mvUser + `"><CodeRef targetGUID="` + mvSovereign + `"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
<Sets>
<Set guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9F01" name="Core codes"><MemberCode targetGUID="` + mvTrust + `"/><MemberCode targetGUID="` + mvSovereign + `"/></Set>
<Set guid="4D5A0F00-1C2B-4E3D-8A4B-5C6D7E8F9F02" name="2015"><MemberSource targetGUID="` + mvSony + `"/></Set>
</Sets>
</Project>
`,
		want: []string{
			"Trust|MQ|This incident has only deepened their distrust",
			"Sovereignty|MQ|the “BAT” as we call them in China",
			"Sovereignty|MQ|the Court is the last place to resolve differences",
		},
	}
}

// The MAXQDA document variables arrive as the documents' values, typed by
// their variables (a number written as text is a number, "1" and "false"
// are yes and no), not as one case per document; the named case stays a
// case, the code set becomes a code group.
func TestReadMAXQDADocumentVariables(t *testing.T) {
	p, err := ReadProjectFile(filepath.Join("testdata", "maxqda-variables.qdpx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) > 0 {
		t.Errorf("warnings %q", p.Warnings)
	}
	attrs := mapped(p.Attributes, func(a coding.Attribute) string { return a.Name + ":" + string(a.Type) })
	if want := []string{"Author:text", "Year:number", "Published:date", "Op-ed:yes/no", "Words:number"}; !slices.Equal(attrs, want) {
		t.Errorf("attributes %q, want %q", attrs, want)
	}
	names := map[string]string{}
	for _, d := range p.Documents {
		names[d.ID] = d.Name
	}
	byName := map[string]string{}
	for _, a := range p.Attributes {
		byName[a.ID] = a.Name
	}
	values := mapped(p.Values, func(v coding.AttributeValue) string {
		return names[v.DocumentID] + "|" + byName[v.AttributeID] + "=" + v.Value
	})
	want := []string{
		"Sony hack|Author=Shen Yi", "Sony hack|Year=2015", "Sony hack|Published=2015-01-12", "Sony hack|Op-ed=yes", "Sony hack|Words=1043.5",
		"Setback|Author=Li Zheng", "Setback|Year=2014", "Setback|Published=2014-06-05", "Setback|Op-ed=no",
	}
	if !slices.Equal(values, want) {
		t.Errorf("values\n%q\nwant\n%q", values, want)
	}
	if len(p.Cases) != 1 || p.Cases[0].Name != "Chinese authors" || len(p.Cases[0].Documents) != 2 {
		t.Errorf("cases %+v, want only Chinese authors, with both documents", p.Cases)
	}
	if len(p.CodeSets) != 1 || p.CodeSets[0].Name != "Core codes" || len(p.CodeSets[0].Codes) != 2 {
		t.Errorf("code groups %+v, want Core codes with both codes", p.CodeSets)
	}
	if len(p.Sets) != 1 || p.Sets[0].Name != "2015" || len(p.Sets[0].Documents) != 1 {
		t.Errorf("document sets %+v, want 2015 with the Sony article", p.Sets)
	}
}
