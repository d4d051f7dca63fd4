package refi

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
)

const (
	groupTheory = "9e0f0000-0000-4000-8000-000000000001"
	groupEmpty  = "9e0f0000-0000-4000-8000-000000000002"
)

func equalCodeSets(a, b coding.CodeSet) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Description == b.Description && slices.Equal(a.Codes, b.Codes)
}

// The QualCoder codebook's <Set> is a code group of one code.
func TestReadCodebookCodeGroups(t *testing.T) {
	cb, err := ReadCodebookFile(filepath.Join("testdata", "qualcoder.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	want := []coding.CodeSet{{ID: "7b9d3a9d-acbf-4e6a-8b7c-2d3e4f5a6b7c", Name: "Pilot", Codes: []string{"6a8c2f8c-9bae-4d5f-9a6b-1c2d3e4f5a6b"}}}
	if !slices.EqualFunc(cb.Sets, want, equalCodeSets) || len(cb.Warnings) > 0 {
		t.Errorf("code groups %+v (warnings %q), want %+v", cb.Sets, cb.Warnings, want)
	}
}

// Code groups travel in a .qdc and in a .qdpx (beside the document sets),
// valid against each schema, and read back the same; an empty group stays
// a code group.
func TestCodeGroupsRoundTrip(t *testing.T) {
	groups := []coding.CodeSet{
		{ID: groupTheory, Name: "Theory & <more>", Description: "Codes from the literature.", Codes: []string{codeNorms, codeTrust, codeNorms}},
		{ID: groupEmpty, Name: "Round two"},
	}
	want := []coding.CodeSet{
		{ID: groupEmpty, Name: "Round two"},
		{ID: groupTheory, Name: "Theory & <more>", Description: "Codes from the literature.", Codes: []string{codeNorms, codeTrust}},
	}
	p := describedProject(t)
	var qdc bytes.Buffer
	if err := WriteCodebook(&qdc, p.Codes, groups...); err != nil {
		t.Fatal(err)
	}
	validate(t, "Codebook.xsd", qdc.Bytes())
	if !bytes.Contains(qdc.Bytes(), []byte(`<MemberCode guid="`+codeNorms+`"/>`)) {
		t.Errorf("the codebook's members should name their code with guid=:\n%s", qdc.Bytes())
	}
	// A codebook holds only what the project does: no description for a
	// group that has none.
	if bytes.Contains(qdc.Bytes(), []byte(codeGroupMarker)) || !bytes.Contains(qdc.Bytes(), []byte(`<Set guid="`+groupEmpty+`" name="Round two"/>`)) {
		t.Errorf("the .qdc writes a description the empty group does not have:\n%s", qdc.Bytes())
	}
	cb, err := ReadCodebook(bytes.NewReader(qdc.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(cb.Sets, want, equalCodeSets) {
		t.Errorf(".qdc code groups read back %+v, want %+v", cb.Sets, want)
	}

	p.CodeSets = groups
	out := writeProject(t, p)
	qde := unzipEntry(t, out, "project.qde")
	validate(t, "Project.xsd", qde)
	if !bytes.Contains(qde, []byte(`<MemberCode targetGUID="`+codeTrust+`"/>`)) {
		t.Errorf("the project's members should name their code with targetGUID=")
	}
	back := mustReadProject(t, out)
	if len(back.Warnings) > 0 {
		t.Errorf("warnings on our own file: %q", back.Warnings)
	}
	if !slices.EqualFunc(back.CodeSets, want, equalCodeSets) {
		t.Errorf(".qdpx code groups read back %+v, want %+v", back.CodeSets, want)
	}
	if len(back.Sets) != 2 {
		t.Errorf("document sets read back %+v, want the two of describedProject", back.Sets)
	}
	codebookOnly, err := ReadProjectWith(bytes.NewReader(out), int64(len(out)), ReadOptions{CodebookOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(codebookOnly.CodeSets, want, equalCodeSets) {
		t.Errorf("codes only: code groups %+v, want %+v", codebookOnly.CodeSets, want)
	}

	p.CodeSets = []coding.CodeSet{{ID: groupTheory, Name: "Ghost", Codes: []string{"c0de0000-0000-4000-8000-0000000000ff"}}}
	if err := WriteProject(&bytes.Buffer{}, p); err == nil || !strings.Contains(err.Error(), "not in the codebook") {
		t.Errorf("a group of a code not in the codebook: %v", err)
	}
}

// A project <Set> holding sources and codes gives a document set and a
// code group; a member code the codebook lacks is left out with a warning.
func TestReadMixedSet(t *testing.T) {
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
<CodeBook><Codes><Code guid="` + codeTrust + `" name="Trust" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="` + docSony + `" name="one"><PlainTextContent>Some text.</PlainTextContent></TextSource></Sources>
<Sets><Set guid="` + groupTheory + `" name="Wave 1"><Description>first wave</Description><MemberCode targetGUID="` + codeTrust + `"/><MemberCode targetGUID="` + codeNorms + `"/><MemberSource targetGUID="` + docSony + `"/></Set></Sets>
</Project>`
	p, err := readQDE([]byte(qde), "mixed.qde", nil, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sets) != 1 || p.Sets[0].ID != groupTheory || !slices.Equal(p.Sets[0].Documents, []string{docSony}) {
		t.Errorf("document sets %+v", p.Sets)
	}
	want := []coding.CodeSet{{ID: mixedSetCodesID(groupTheory), Name: "Wave 1", Description: "first wave", Codes: []string{codeTrust}}}
	if !slices.EqualFunc(p.CodeSets, want, equalCodeSets) {
		t.Errorf("code groups %+v, want %+v", p.CodeSets, want)
	}
	if w := strings.Join(p.Warnings, "\n"); !strings.Contains(w, codeNorms+" is not a code of the codebook") {
		t.Errorf("warnings %q", p.Warnings)
	}
}
