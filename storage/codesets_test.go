package storage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

// groupRows is each code group as "name: code paths".
func groupRows(t *testing.T, p *storage.Project) []string {
	t.Helper()
	groups, err := p.CodeSets()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range groups {
		var paths []string
		for _, id := range g.Codes {
			paths = append(paths, cb.Path(id))
		}
		out = append(out, g.Name+": "+strings.Join(paths, ", "))
	}
	return out
}

// codesNamed adds the codes (paths) and returns them by path.
func codesNamed(t *testing.T, p *storage.Project, paths ...string) map[string]coding.Code {
	t.Helper()
	out := map[string]coding.Code{}
	for _, path := range paths {
		c, err := p.EnsureCodePath(path)
		if err != nil {
			t.Fatal(err)
		}
		out[path] = c
	}
	return out
}

func TestCodeGroupsAreUndoableAndFollowTheCodebook(t *testing.T) {
	s := newSample(t)
	codes := codesNamed(t, s.p, "Trust", "Norms", "Norms > Sovereignty", "Actors")
	got := changeRecorder(s.p)
	g, err := s.p.AddCodeSet(coding.CodeSet{Name: " Theory ", Description: "from the literature",
		Codes: []string{codes["Trust"].ID, codes["Norms > Sovereignty"].ID, codes["Trust"].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Theory: Trust, Norms > Sovereignty"}; !slices.Equal(groupRows(t, s.p), want) {
		t.Errorf("groups %q, want %q", groupRows(t, s.p), want)
	}
	if len(*got) != 1 || len((*got)[0].CodeSets.Added) != 1 || (*got)[0].CodeSets.Added[0].ID != g.ID {
		t.Fatalf("change sets %+v, want one adding the group", *got)
	}
	if label, _ := s.p.UndoLabel(); label != "Add code group Theory" {
		t.Errorf("undo label %q", label)
	}

	// Refused, changing nothing: a taken name, a code not in the codebook,
	// an empty name.
	for _, bad := range []coding.CodeSet{{Name: "THEORY"}, {Name: "Ghost", Codes: []string{coding.NewID()}}, {Name: "  "}} {
		if _, err := s.p.AddCodeSet(bad); err == nil {
			t.Errorf("group %+v was accepted", bad)
		}
	}
	if n := len(groupRows(t, s.p)); n != 1 {
		t.Errorf("after refused groups the project has %d", n)
	}

	g.Codes = append(g.Codes, codes["Actors"].ID)
	g.Name = "Theory codes"
	if err := s.p.UpdateCodeSet(g); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Theory: Trust, Norms > Sovereignty"}; !slices.Equal(groupRows(t, s.p), want) {
		t.Errorf("after undoing the edit: %q", groupRows(t, s.p))
	}

	// Deleting Norms (and so Sovereignty) drops it from the group in the
	// same action; undo puts both back.
	if _, err := s.p.DeleteCode(codes["Norms"].ID); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Theory: Trust"}; !slices.Equal(groupRows(t, s.p), want) {
		t.Errorf("after deleting Norms: %q, want %q", groupRows(t, s.p), want)
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Theory: Trust, Norms > Sovereignty"}; !slices.Equal(groupRows(t, s.p), want) {
		t.Errorf("after undoing the delete: %q", groupRows(t, s.p))
	}

	// Merging Trust into Actors puts Actors in Trust's place.
	if _, err := s.p.MergeCode(codes["Trust"].ID, codes["Actors"].ID); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Theory: Actors, Norms > Sovereignty"}; !slices.Equal(groupRows(t, s.p), want) {
		t.Errorf("after merging Trust into Actors: %q, want %q", groupRows(t, s.p), want)
	}

	if err := s.p.DeleteCodeSet(g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.CodeSetNamed("theory"); err == nil {
		t.Error("the group is still there after deleting it")
	}
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if back, err := s.p.CodeSetNamed("theory"); err != nil || len(back.Codes) != 2 {
		t.Errorf("after undoing the delete: %+v, %v", back, err)
	}

	// The window learns of each change from its change set.
	n := 0
	for _, cs := range *got {
		n += cs.CodeSets.Len()
	}
	if n < 7 {
		t.Errorf("the change sets hold %d code group changes, want one for each action above", n)
	}
	last, err := s.p.LastChange()
	if err != nil {
		t.Fatal(err)
	}
	changes, err := s.p.ChangesSince(last - 1)
	if err != nil || len(changes) != 1 || len(changes[0].CodeSets.Added) != 1 || changes[0].Kind != storage.Undid {
		t.Errorf("another window reads the last change as %+v, %v; want the undone delete adding the group back", changes, err)
	}
}

// A codebook exported with its groups (.qdc) and a project exported as
// .qdpx are valid, and importing them into another project brings the
// groups back; importing again adds nothing, and a group of the same name
// gains the file's codes.
func TestCodeGroupsTravelInQDCAndQDPX(t *testing.T) {
	s := newSample(t)
	codes := codesNamed(t, s.p, "Trust", "Norms > Sovereignty")
	if _, err := s.p.AddCodeSet(coding.CodeSet{Name: "Theory", Description: "from the literature",
		Codes: []string{codes["Trust"].ID, codes["Norms > Sovereignty"].ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddCodeSet(coding.CodeSet{Name: "Round two"}); err != nil {
		t.Fatal(err)
	}
	want := groupRows(t, s.p)

	var qdc bytes.Buffer
	if err := s.p.ExportCodebook(&qdc); err != nil {
		t.Fatal(err)
	}
	validAgainst(t, "Codebook.xsd", "codebook.qdc", qdc.Bytes())
	cb, err := refi.ReadCodebook(bytes.NewReader(qdc.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	other := newSample(t)
	plan, err := other.p.ImportCodebook(cb, "codebook.qdc")
	if err != nil {
		t.Fatal(err)
	}
	if plan.GroupsAdded != 2 || !strings.Contains(plan.Summary(), "code groups 2 added") {
		t.Errorf("plan %+v: %s", plan, plan.Summary())
	}
	if got := groupRows(t, other.p); !slices.Equal(got, want) {
		t.Errorf("groups after the .qdc import %q, want %q", got, want)
	}
	if again, err := other.p.ImportCodebook(cb, "codebook.qdc"); err != nil || again.GroupsAdded+again.GroupsExtended != 0 {
		t.Errorf("importing again: %+v, %v", again, err)
	}

	path := filepath.Join(t.TempDir(), "study.qdpx")
	if err := s.p.ExportFile(path, storage.Filter{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	validQDE(t, data)
	third, err := storage.Create(filepath.Join(t.TempDir(), "third.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	extra, err := third.EnsureCodePath("Actors")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := third.AddCodeSet(coding.CodeSet{Name: "THEORY", Codes: []string{extra.ID}}); err != nil {
		t.Fatal(err)
	}
	res := third.ImportFile(path)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got, want := groupRows(t, third), []string{"Round two: ", "THEORY: Actors, Trust, Norms > Sovereignty"}; !slices.Equal(got, want) {
		t.Errorf("groups after merging the .qdpx %q, want %q (the project's group gains the file's codes)", got, want)
	}
}
