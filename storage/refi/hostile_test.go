package refi

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
)

// miniQDE is a small project: one code, one source "s.txt" (Hello, 世界!)
// with one selection from start to end.
func miniQDE(start, end int, extra string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="mini">
<CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111" name="Greeting" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="22222222-2222-4222-8222-222222222222" name="hello" plainTextPath="internal://s.txt">
<PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="%d" endPosition="%d" creatingUser="44444444-4444-4444-8444-444444444444">
<Coding guid="55555555-5555-4555-8555-555555555555"><CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding>
</PlainTextSelection>
</TextSource>%s</Sources>
</Project>`, start, end, extra)
}

const miniText = "Hello, 世界!"

func TestReadMiniProject(t *testing.T) {
	p := mustReadProject(t, makeZip(t, zipEntry{"project.qde", miniQDE(7, 9, "")}, zipEntry{"sources/s.txt", miniText}))
	if got := codedText(p); len(got) != 1 || got[0] != "Greeting|Coder 44444444|世界" {
		t.Errorf("codings %q", got)
	}
}

// rawZip builds a zip whose single entry declares a size of declared bytes
// but holds data: a zip bomb that lies in its header.
func rawZip(t *testing.T, name string, data []byte, declared uint64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func symlinkZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.Create("project.qde")
	h := &zip.FileHeader{Name: "sources/s.txt"}
	h.SetMode(fs.ModeSymlink | 0o777)
	w, _ := zw.CreateHeader(h)
	w.Write([]byte("/etc/passwd"))
	zw.Close()
	return buf.Bytes()
}

func TestReadProjectRefusesHostileFiles(t *testing.T) {
	good := func(extra ...zipEntry) []byte {
		return makeZip(t, append([]zipEntry{{"project.qde", miniQDE(7, 9, "")}, {"sources/s.txt", miniText}}, extra...)...)
	}
	sample := writeProject(t, sampleProject(t))
	billion := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Project name="&lol2;"/>`
	tests := []struct {
		name  string
		data  func() []byte
		setup func() (undo func())
		want  []string
	}{
		{"zip slip", func() []byte { return good(zipEntry{"../evil.txt", "x"}) }, nil, []string{`"../evil.txt"`, "leaves the project folder"}},
		{"zip slip deeper", func() []byte { return good(zipEntry{"sources/../../evil.txt", "x"}) }, nil, []string{"leaves the project folder"}},
		{"zip slip with backslashes", func() []byte { return good(zipEntry{`sources\..\..\evil.txt`, "x"}) }, nil, []string{"leaves the project folder"}},
		{"absolute path", func() []byte { return good(zipEntry{"/etc/cron.d/evil", "x"}) }, nil, []string{"absolute path"}},
		{"drive letter", func() []byte { return good(zipEntry{`C:\Windows\evil.dll`, "x"}) }, nil, []string{"drive letter"}},
		{"symlink entry", func() []byte { return symlinkZip(t) }, nil, []string{`"sources/s.txt"`, "symbolic link"}},
		{"repeated entry", func() []byte { return good(zipEntry{"Sources/S.txt", "x"}) }, nil, []string{"occurs twice"}},
		{"zip bomb (ratio)", func() []byte {
			return good(zipEntry{"sources/big.txt", strings.Repeat("\x00", 10<<20)})
		}, nil, []string{`"sources/big.txt"`, "zip bomb"}},
		{"zip bomb (total)", func() []byte {
			return good(zipEntry{"sources/a.txt", strings.Repeat("abcdefghij", 60_000)}, zipEntry{"sources/b.txt", strings.Repeat("klmnopqrst", 60_000)})
		}, func() func() {
			old := limits
			limits.total, limits.ratio = 1<<20, 1<<20
			return func() { limits = old }
		}, []string{"more than 1 MiB"}},
		{"zip bomb (header lies)", func() []byte {
			return rawZip(t, "project.qde", bytes.Repeat([]byte("<a>"), 1<<20), 100)
		}, nil, []string{"project.qde", "larger than its header declares"}},
		{"too many entries", func() []byte { return good(zipEntry{"a", ""}, zipEntry{"b", ""}) }, func() func() {
			old := limits
			limits.entries = 3
			return func() { limits = old }
		}, []string{"4 entries", "more than the 3"}},
		{"external entity (XXE)", func() []byte {
			return makeZip(t, zipEntry{"project.qde", `<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project name="&xxe;"/>`})
		}, nil, []string{"project.qde", "line 2", "DOCTYPE"}},
		{"billion laughs", func() []byte { return makeZip(t, zipEntry{"project.qde", billion}) }, nil, []string{"DOCTYPE"}},
		{"deep nesting", func() []byte {
			return makeZip(t, zipEntry{"project.qde", `<Project name="x">` + strings.Repeat("<a>", 5000) + strings.Repeat("</a>", 5000) + `</Project>`})
		}, nil, []string{"nested deeper"}},
		{"truncated zip", func() []byte { return sample[:len(sample)/2] }, nil, []string{"truncated"}},
		{"truncated central directory", func() []byte { return sample[:len(sample)-10] }, nil, []string{"truncated"}},
		{"not a zip", func() []byte { return []byte(miniQDE(0, 1, "")) }, nil, []string{"not a readable .qdpx"}},
		{"no project file", func() []byte { return makeZip(t, zipEntry{"sources/s.txt", miniText}) }, nil, []string{"no project file"}},
		{"position past the end", func() []byte {
			return makeZip(t, zipEntry{"project.qde", miniQDE(7, 11, "")}, zipEntry{"sources/s.txt", miniText})
		}, nil, []string{`source "hello"`, "selection 33333333-3333-4333-8333-333333333333", "endPosition 11", "10 characters"}},
		{"negative position", func() []byte {
			return makeZip(t, zipEntry{"project.qde", miniQDE(-1, 3, "")}, zipEntry{"sources/s.txt", miniText})
		}, nil, []string{"33333333-3333-4333-8333-333333333333", "negative"}},
		{"end before start", func() []byte {
			return makeZip(t, zipEntry{"project.qde", miniQDE(5, 3, "")}, zipEntry{"sources/s.txt", miniText})
		}, nil, []string{"33333333-3333-4333-8333-333333333333", "before startPosition"}},
		{"position not a number", func() []byte {
			return makeZip(t, zipEntry{"project.qde", strings.Replace(miniQDE(5, 7, ""), `"7"`, `"7.5"`, 1)}, zipEntry{"sources/s.txt", miniText})
		}, nil, []string{"33333333-3333-4333-8333-333333333333", `endPosition="7.5"`}},
		{"text file missing", func() []byte { return makeZip(t, zipEntry{"project.qde", miniQDE(7, 9, "")}) }, nil, []string{`source "hello"`, `"internal://s.txt" is not inside`}},
		{"text not UTF-8", func() []byte {
			return makeZip(t, zipEntry{"project.qde", miniQDE(0, 1, "")}, zipEntry{"sources/s.txt", "caf\xe9"})
		}, nil, []string{`source "hello"`, "not UTF-8"}},
		{"code not in the codebook", func() []byte {
			return makeZip(t, zipEntry{"project.qde", strings.Replace(miniQDE(7, 9, ""), `targetGUID="11111111`, `targetGUID="99999999`, 1)}, zipEntry{"sources/s.txt", miniText})
		}, nil, []string{"99999999-1111-4111-8111-111111111111", "not in the codebook"}},
		{"two sources with one GUID", func() []byte {
			return makeZip(t, zipEntry{"project.qde", miniQDE(7, 9, `<TextSource guid="{22222222-2222-4222-8222-222222222222}" name="again"><PlainTextContent>x</PlainTextContent></TextSource>`)}, zipEntry{"sources/s.txt", miniText})
		}, nil, []string{`source "again"`, "two sources"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data()
			if tt.setup != nil {
				defer tt.setup()()
			}
			p, err := ReadProject(bytes.NewReader(data), int64(len(data)))
			wantErr(t, err, tt.want...)
			if !reflect.DeepEqual(p, Project{}) {
				t.Errorf("returned a partial project along with the error: %+v", p)
			}
		})
	}
}
