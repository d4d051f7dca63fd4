package xlsx_test

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage/xlsx"
)

// parts is every part of a workbook, decompressed, in the package's order.
func parts(t *testing.T, data []byte) (names []string, content map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	content = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		content[f.Name] = b
	}
	return names, content
}

// elements are the XML tags and texts of a part, sorted.
func elements(part []byte) []string {
	out := strings.Split(string(part), "<")
	slices.Sort(out)
	return out
}

// awkwardStudy is the sample study with memos and a code colour that
// stress how cells are written: leading and trailing white space, line
// breaks, tabs and carriage returns, XML's special characters, "_x0041_"
// (which Excel would read as "A"), invalid UTF-8, and a memo longer than a
// cell holds.
func awkwardStudy(t *testing.T) xlsx.Study {
	s := newSample(t).Study
	memos := []string{
		"  leading and trailing  ", "line\nbreak\r\nand\ttab", `<tag attr="x">&amp; 'q'</tag>`,
		"_x0041_ and _x005F_x0041_ and _xZZZZ_", "bad \xff utf-8", strings.Repeat("long memo 网络 ", 4000), "\n", "",
	}
	for i := range s.Codings {
		s.Codings[i].Memo = memos[i%len(memos)]
	}
	return s
}

// TestWrittenLaterSameAsStreamed: the workbook whose large sheets are
// written straight into the package is, part by part, byte for byte, the
// workbook excelize's stream writer writes for the same study.
func TestWrittenLaterSameAsStreamed(t *testing.T) {
	large := largeStudy(30, 3000, 20)
	withConsensus := newSample(t).Study
	withConsensus.Consensus = consensusOf(t, withConsensus)
	for name, s := range map[string]xlsx.Study{"sample": newSample(t).Study, "awkward": awkwardStudy(t), "generated": large, "consensus": withConsensus} {
		t.Run(name, func(t *testing.T) {
			s.Generated = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)
			var later, streamed bytes.Buffer
			if err := xlsx.Write(&later, s); err != nil {
				t.Fatal(err)
			}
			restore := xlsx.SetWriteLater(false)
			err := xlsx.Write(&streamed, s)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			gotNames, got := parts(t, later.Bytes())
			wantNames, want := parts(t, streamed.Bytes())
			// excelize writes its parts, and some of their elements, in
			// map order.
			slices.Sort(gotNames)
			slices.Sort(wantNames)
			if !slices.Equal(gotNames, wantNames) {
				t.Fatalf("parts\n%v\nwant\n%v", gotNames, wantNames)
			}
			sheets := 0
			for _, n := range wantNames {
				if !strings.HasPrefix(n, "xl/worksheets/sheet") {
					if g, w := elements(got[n]), elements(want[n]); !slices.Equal(g, w) {
						t.Errorf("%s differs:\n got %s\nwant %s", n, got[n], want[n])
					}
					continue
				}
				sheets++
				if !bytes.Equal(got[n], want[n]) {
					g, w := got[n], want[n]
					i := 0
					for i < min(len(g), len(w)) && g[i] == w[i] {
						i++
					}
					t.Errorf("%s differs at byte %d of %d/%d:\n got …%s…\nwant …%s…", n, i, len(g), len(w),
						g[max(i-80, 0):min(i+80, len(g))], w[max(i-80, 0):min(i+80, len(w))])
				}
			}
			if sheets < 5 {
				t.Errorf("%d sheets compared", sheets)
			}
		})
	}
}

// consensusOf is a consensus for s that codes what its first coder coded:
// each coder's agreement with it.
func consensusOf(t *testing.T, s xlsx.Study) *xlsx.Consensus {
	t.Helper()
	cons := coding.Coder{ID: coding.NewID(), Name: coding.ConsensusName}
	var theirs []coding.Coding
	for _, c := range s.Codings {
		if c.CoderID == s.Coders[0].ID {
			c.ID, c.CoderID = coding.NewID(), cons.ID
			theirs = append(theirs, c)
		}
	}
	out := &xlsx.Consensus{Coder: cons}
	for _, coder := range s.Coders {
		var both []coding.Coding
		for _, c := range s.Codings {
			if c.CoderID == coder.ID {
				both = append(both, c)
			}
		}
		out.Reports = append(out.Reports, studyOf([]coding.Coder{coder, cons}, s.Documents, s.Codebook, append(both, theirs...)).Report)
	}
	return out
}
