package storage_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// codedWords lists a project's codings as "code path|coder|coded text",
// sorted.
func codedWords(t *testing.T, p *storage.Project) []string {
	t.Helper()
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	coders, err := p.Coders()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, c := range coders {
		names[c.ID] = c.Name
	}
	codings, err := p.Codings(storage.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	var out []string
	for _, c := range codings {
		text, ok := texts[c.DocumentID]
		if !ok {
			d, err := p.Document(c.DocumentID)
			if err != nil {
				t.Fatal(err)
			}
			text, texts[c.DocumentID] = d.Text, d.Text
		}
		out = append(out, cb.Path(c.CodeID)+"|"+names[c.CoderID]+"|"+coding.Slice(text, c.Span))
	}
	slices.Sort(out)
	return out
}

// projectCounts is "documents/codes/coders/codings" of a project.
func projectCounts(t *testing.T, p *storage.Project) string {
	t.Helper()
	docs, err1 := p.Documents()
	cb, err2 := p.Codebook()
	coders, err3 := p.Coders()
	n, err4 := p.CodingCount()
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%d/%d/%d/%d", len(docs), cb.Len(), len(coders), n)
}

// nothingAdded matches the summary of a merge that added nothing.
var nothingAdded = regexp.MustCompile(`documents \d+ matched, 0 added; codes \d+ matched, 0 added; coders \d+ matched, 0 added; codings 0 added`)

// TestImportToolFixtures imports the .qdpx files shaped like those of other
// tools (storage/refi/testdata, built by refi's fixtures_test.go) into a
// project that already holds the sample articles: every document must be
// recognised by its text, every coding must land on the words the tool
// coded, and merging the file again must add nothing.
func TestImportToolFixtures(t *testing.T) {
	tests := []struct {
		file    string
		matched int      // sample articles the file's sources match
		want    []string // "code path|coder|coded text", as refi's fixtures intend
	}{
		{"qualcoder.qdpx", 2, []string{
			"Actors > States|王芳|“cyber vandalism”",
			"Trust|default|deepened their distrust on cyber affairs",
			"Trust|王芳|China’s national dignity",
		}},
		{"nvivo.qdpx", 1, []string{ // braces and upper-case GUIDs; a coder not among the users
			"Language|JS|简体 繁體",
			"Norms/rules > Sovereignty|Coder c0ffee00|develop norms and rules in global cyberspace governance",
			"Norms/rules|JS|develop norms and rules in global cyberspace governance",
		}},
		{"maxqda.qdpx", 2, []string{ // CRLF texts under Sources/, "Cyber study.qde"
			"Conflict › escalation|MAXQDA user|This incident has only deepened their distrust",
			"Institutions|MAXQDA user|the Court is the last place to resolve differences",
			"Institutions|MAXQDA user|the “BAT” as we call them in China",
		}},
		{"atlasti.qdpx", 2, []string{ // BOMs; one source inline as PlainTextContent
			"Blame|Coder 1|A Setback in China-US Cyber Cooperation",
			"Blame|Coder 1|North Korea’s behavior",
			"Metaphor|Coder 1|we are indelibly interconnected",
		}},
		{"taguette.qdpx", 1, []string{ // empty <Sets/>
			"law enforcement|admin|five arrest warrants",
		}},
		{"crlf-as-two.qdpx", 2, []string{ // positions counting CRLF as two characters
			"Quote|legacy user|China’s national dignity",
			"Quote|legacy user|Back to Top",
			"Quote|legacy user|deepened their distrust",
			"Quote|legacy user|“cyber vandalism”",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := newSample(t)
			path := filepath.Join("refi", "testdata", tt.file)
			first := s.p.ImportFile(path)
			if first.Err != nil {
				t.Fatal(first.Err)
			}
			summary := first.Summary
			if first.Outcome != storage.ImportAdded {
				t.Errorf("first merge: outcome %v, want added", first.Outcome)
			}
			if want := fmt.Sprintf("documents %d matched, 0 added", tt.matched); !strings.Contains(summary, want) {
				t.Errorf("summary %q, want %q: the sources should match the sample articles by their text", summary, want)
			}
			docs, err := s.p.Documents()
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 2 || docs[0].Name != s.setb.Name || docs[1].Name != s.sony.Name {
				t.Errorf("documents after the import: %+v, want the two sample articles only", docs)
			}
			want := slices.Sorted(slices.Values(tt.want))
			if got := codedWords(t, s.p); !slices.Equal(got, want) {
				t.Errorf("coded words\n%q\nwant\n%q", got, want)
			}

			before := projectCounts(t, s.p)
			res := s.p.ImportFile(path)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			again := res.Summary
			if res.Outcome != storage.ImportAlreadyThere {
				t.Errorf("merging again: outcome %v, want already in the project", res.Outcome)
			}
			if !nothingAdded.MatchString(again) {
				t.Errorf("merging again: %q, want nothing added", again)
			}
			if after := projectCounts(t, s.p); after != before {
				t.Errorf("merging again changed documents/codes/coders/codings from %s to %s", before, after)
			}
		})
	}
}

// TestImportToolCodebooks imports the tools' .qdc files into the sample
// project: the codes arrive with their hierarchy, and importing the same
// file again leaves every code alone.
func TestImportToolCodebooks(t *testing.T) {
	tests := []struct {
		file string
		want []string // code paths after the import
	}{
		{"qualcoder.qdc", []string{"Actors", "Actors > States", "Actors > 国家", "Trust"}},
		{"nvivo.qdc", []string{"Norms/rules", "Norms/rules > Sovereignty", "Language"}},
		{"maxqda.qdc", []string{"Conflict › escalation", "Institutions", "Institutions > Courts"}},
		{"taguette.qdc", []string{"law enforcement", "trust"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := newSample(t)
			path := filepath.Join("refi", "testdata", tt.file)
			if res := s.p.ImportFile(path); res.Outcome != storage.ImportAdded {
				t.Fatalf("import: outcome %v (%v), want added", res.Outcome, res.Err)
			}
			cb, err := s.p.Codebook()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cb.Codes() {
				got = append(got, cb.Path(c.ID))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codebook %q, want %q", got, tt.want)
			}
			res := s.p.ImportFile(path)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			again := res.Summary
			if res.Outcome != storage.ImportAlreadyThere {
				t.Errorf("importing again: outcome %v, want already in the project", res.Outcome)
			}
			if want := fmt.Sprintf("codes %d left alone", len(tt.want)); !strings.HasSuffix(again, want) {
				t.Errorf("importing again: %q, want %q", again, want)
			}
		})
	}
}
