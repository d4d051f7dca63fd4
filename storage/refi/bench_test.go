package refi

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

// bigProject is a project of docs documents of about 5,000 characters
// (windows of the sample articles, so curly quotes and Chinese included)
// with codings codings by 4 coders using 50 codes.
func bigProject(b *testing.B, docs, codings int) Project {
	b.Helper()
	source := []rune(corpus(b, sonyFile) + corpus(b, setbackFile))
	rng := rand.New(rand.NewPCG(1, 2))
	id := func(kind, n int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, n) }
	var p Project
	for i := range 4 {
		p.Coders = append(p.Coders, coding.Coder{ID: id(1, i), Name: fmt.Sprintf("Coder %d", i)})
	}
	for i := range 50 {
		c := coding.Code{ID: id(2, i), Name: fmt.Sprintf("Code %d", i), Color: coding.PaletteColor(i), Codable: true, Position: i,
			Description: coding.Description{Definition: "What it means.", WhenToUse: "When it applies."}}
		if i >= 10 {
			c.ParentID = id(2, i%10)
		}
		p.Codes = append(p.Codes, c)
	}
	for i := range docs {
		start := (i * 97) % (len(source) - 5000)
		text := string(source[start : start+5000])
		p.Documents = append(p.Documents, coding.Document{ID: id(3, i), Name: fmt.Sprintf("Article %04d", i), Text: text,
			Created: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)})
	}
	for i := range codings {
		start := rng.IntN(4900)
		p.Codings = append(p.Codings, coding.Coding{ID: id(4, i), DocumentID: id(3, i%docs), CodeID: id(2, 10+rng.IntN(40)),
			CoderID: id(1, rng.IntN(4)), Span: coding.Span{Start: start, End: start + 1 + rng.IntN(100)},
			Created: time.Date(2026, 2, 1, 0, 0, 0, i, time.UTC)})
	}
	return p
}

// BenchmarkWriteProject writes 1,000 documents of 5,000 characters with
// 100,000 codings.
func BenchmarkWriteProject(b *testing.B) {
	p := bigProject(b, 1000, 100_000)
	var size int64
	for b.Loop() {
		cw := &countingWriter{}
		if err := WriteProject(cw, p); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}

// BenchmarkReadProject reads the project BenchmarkWriteProject writes.
func BenchmarkReadProject(b *testing.B) {
	p := bigProject(b, 1000, 100_000)
	var buf bytes.Buffer
	if err := WriteProject(&buf, p); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for b.Loop() {
		back, err := ReadProject(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		if len(back.Codings) != len(p.Codings) {
			b.Fatalf("%d codings read", len(back.Codings))
		}
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
