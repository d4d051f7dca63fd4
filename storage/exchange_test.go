package storage_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

// exportProject writes p's codings (all, or of the named coders) as a .qdpx in memory and reads it back.
func exportProject(t *testing.T, p *storage.Project, f storage.Filter) refi.Project {
	t.Helper()
	rp, err := p.ExchangeProject(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := refi.WriteProject(&buf, rp); err != nil {
		t.Fatal(err)
	}
	back, err := refi.ReadProject(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func codeSample(t *testing.T, s sample, coder, path, phrase string) coding.Coding {
	t.Helper()
	d := s.sony
	if !strings.Contains(d.Text, phrase) {
		d = s.setb
	}
	c, err := s.p.Code(storage.CodeRequest{Coder: coder, Document: d.Name, CodePath: path, Span: find(t, d, phrase)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExchangeRoundTripKeepsGUIDsAndCodings(t *testing.T) {
	s := newSample(t)
	codeSample(t, s, "alice", "Norms > Cyber vandalism", "cyber vandalism")
	codeSample(t, s, "alice", "Trust", "International trust")
	codeSample(t, s, "bob", "Trust", "Sony hack")

	first := exportProject(t, s.p, storage.Filter{})
	empty, err := storage.Create(filepath.Join(t.TempDir(), "empty.qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	report, err := empty.MergeProject(first, "study.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	if report.DocumentsAdded != 2 || report.CodesAdded != 3 || report.CodersAdded != 2 || report.CodingsAdded["alice"] != 2 || report.CodingsAdded["bob"] != 1 {
		t.Errorf("merge into an empty project: %s", report.Summary())
	}
	second := exportProject(t, empty, storage.Filter{})
	ids := func(rp refi.Project) (codes, codings, coders []string) {
		for _, c := range rp.Codes {
			codes = append(codes, c.ID)
		}
		for _, c := range rp.Codings {
			codings = append(codings, c.ID+c.Span.String())
		}
		for _, c := range rp.Coders {
			coders = append(coders, c.ID)
		}
		slices.Sort(codes)
		slices.Sort(codings)
		slices.Sort(coders)
		return
	}
	c1, g1, u1 := ids(first)
	c2, g2, u2 := ids(second)
	if !slices.Equal(c1, c2) || !slices.Equal(g1, g2) || !slices.Equal(u1, u2) {
		t.Errorf("GUIDs changed across export → import → export:\ncodes %v\n   vs %v\ncodings %v\n     vs %v", c1, c2, g1, g2)
	}
	// Every coding lands on the same words.
	var texts []string
	for _, name := range []string{"sony-hack-cyber-dialogue.txt", "setback-cyber-cooperation.txt"} {
		d, _ := empty.DocumentNamed(name)
		codings, _ := empty.CodingsOf(d.ID)
		for _, c := range codings {
			texts = append(texts, coding.Slice(d.Text, c.Span))
		}
	}
	slices.Sort(texts)
	if !slices.Equal(texts, []string{"International trust", "Sony hack", "cyber vandalism"}) {
		t.Errorf("coded passages after the round trip: %q", texts)
	}
}

func TestSecondCodersWorkMergesOntoRenamedDocumentsOnce(t *testing.T) {
	lead := newSample(t)
	codeSample(t, lead, "alice", "Norms", "cyber vandalism")

	// Bob codes his own copy, where the article has another name.
	bob := newSample(t)
	if err := bob.p.RenameDocument(bob.sony.ID, "Lu Chuanying - Sony hack.txt"); err != nil {
		t.Fatal(err)
	}
	c, err := bob.p.Code(storage.CodeRequest{Coder: "bob", Document: "Lu Chuanying - Sony hack.txt", CodePath: "Norms", Span: find(t, bob.sony, "North Korea’s behavior")})
	if err != nil {
		t.Fatal(err)
	}
	bobs := exportProject(t, bob.p, storage.Filter{Coders: []string{c.CoderID}})

	report, err := lead.p.MergeProject(bobs, "bob.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	if report.DocumentsMatched != 2 || report.DocumentsAdded != 0 || report.CodingsAdded["bob"] != 1 || report.CodesAdded != 0 {
		t.Errorf("merge: %s", report.Summary())
	}
	codings, _ := lead.p.CodingsOf(lead.sony.ID)
	if len(codings) != 2 {
		t.Fatalf("%d codings on the lead's article, want alice's and bob's", len(codings))
	}
	bobCoder, _ := lead.p.CoderNamed("bob")
	for _, c := range codings {
		if c.CoderID == bobCoder.ID && coding.Slice(lead.sony.Text, c.Span) != "North Korea’s behavior" {
			t.Errorf("bob's coding landed on %q", coding.Slice(lead.sony.Text, c.Span))
		}
	}
	// Merging the same file again adds nothing.
	again, err := lead.p.MergeProject(bobs, "bob.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.CodingsAdded) != 0 || again.CodingsAlreadyThere != 1 || again.DocumentsAdded != 0 || again.CodersAdded != 0 {
		t.Errorf("second merge: %s", again.Summary())
	}
	if n, _ := lead.p.CodingCount(); n != 2 {
		t.Errorf("%d codings after merging twice, want 2", n)
	}
}

func TestCodebookImportPreviewMatchesResult(t *testing.T) {
	s := newSample(t)
	trust, _ := s.p.EnsureCodePath("Trust")
	norms, _ := s.p.EnsureCodePath("Norms")
	// The file renames Trust (same GUID), recolours Norms (matched by name), adds a sub-code.
	file := refi.Codebook{Codes: []coding.Code{
		{ID: trust.ID, Name: "Mutual trust", Color: trust.Color, Codable: true},
		{ID: coding.NewID(), Name: "norms", Color: "#123456", Codable: true},
	}}
	file.Codes = append(file.Codes, coding.Code{ID: coding.NewID(), Name: "Cyber vandalism", ParentID: file.Codes[1].ID, Color: "#654321", Codable: true})

	plan, err := s.p.PreviewCodebook(file, "team.qdc")
	if err != nil {
		t.Fatal(err)
	}
	if plan.Count("rename") != 2 || plan.Count("recolour") != 1 || plan.Count("add") != 1 {
		t.Errorf("preview: %s %+v", plan.Summary(), plan.Changes)
	}
	cb, _ := s.p.Codebook()
	if c, _ := cb.Code(trust.ID); c.Name != "Trust" || cb.Len() != 2 {
		t.Fatalf("the preview changed the project: %+v, %d codes", c, cb.Len())
	}
	done, err := s.p.ImportCodebook(file, "team.qdc")
	if err != nil {
		t.Fatal(err)
	}
	if done.Summary() != plan.Summary() {
		t.Errorf("import did %q, preview said %q", done.Summary(), plan.Summary())
	}
	cb, _ = s.p.Codebook()
	if c, ok := cb.ByPath("norms > Cyber vandalism"); !ok || c.Color != "#654321" {
		t.Errorf("sub-code not added under the matched Norms: %+v", c)
	}
	if c, _ := cb.Code(norms.ID); c.Color != "#123456" {
		t.Errorf("Norms not recoloured: %s", c.Color)
	}
	if label, _ := s.p.UndoLabel(); label != "Import codebook team.qdc" {
		t.Errorf("undo label %q", label)
	}
}
