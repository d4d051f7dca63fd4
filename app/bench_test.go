package app

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// BenchmarkApplyCodingInLargeDocument is what a researcher waits for after
// pressing a number key in a 1,000,000-character document with 10,000
// codings: the coding stored, the project re-read and the highlight laid
// out. Goal (issue 3): at most 20 ms.
func BenchmarkApplyCodingInLargeDocument(b *testing.B) {
	a := test.NewTempApp(b)
	path := filepath.Join(b.TempDir(), "large.qdb")
	if err := CreateSampleProject(path); err != nil {
		b.Fatal(err)
	}
	p, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	sentence := "President Obama used the term “cyber vandalism” to describe North Korea’s behavior. 信任 "
	doc := coding.NewDocument("large.txt", strings.Repeat(sentence, 1_000_000/utf8.RuneCountInString(sentence)+1))
	if _, err := p.AddDocuments([]coding.Document{doc}); err != nil {
		b.Fatal(err)
	}
	var csv bytes.Buffer
	csv.WriteString("coder,document,code,start,end\n")
	codes := []string{"Trust", "Norms", "Sovereignty", "Cooperation", "Conflict"}
	for i := range 10_000 {
		start := i * 97
		fmt.Fprintf(&csv, "%s,large.txt,%s,%d,%d\n", []string{"alice", "bob"}[i%2], codes[i%5], start, start+40+i%60)
	}
	if _, err := p.ImportCodingsCSV(&csv, "codings.csv"); err != nil {
		b.Fatal(err)
	}
	w := test.NewWindow(nil)
	defer w.Close()
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(1300, 850))
	wb.SetCoder("carol")
	wb.OpenDocument(doc.ID)
	norms, _ := wb.st.codebook.ByPath("Norms")
	b.ResetTimer()
	for i := range b.N {
		wb.Viewer.SetSelection(coding.Span{Start: 500_000 + i*10, End: 500_020 + i*10})
		wb.ApplyCode(norms.ID)
	}
	b.StopTimer()
	if n := len(wb.Viewer.Highlights()); n != 10_000+b.N {
		b.Fatalf("%d highlights, want %d", n, 10_000+b.N)
	}
}
