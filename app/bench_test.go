package app

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// largeDocument is the open document of the window benchmarks: 1,000,000
// characters, with 10,000 codings by alice and bob.
const largeDocument = "large.txt"

// benchCodes are the sample codebook's top-level codes, which the
// benchmarks' codings use.
var benchCodes = []string{"Trust", "Norms", "Sovereignty", "Cooperation", "Conflict"}

// buildLargeProject creates at path the sample project plus largeDocument
// with its 10,000 codings and, when others > 0, others/1,000 more
// documents of 5,000 characters with 1,000 codings each, imported as CSV
// in parts of 200,000 rows.
func buildLargeProject(tb testing.TB, path string, others int) {
	tb.Helper()
	if err := CreateSampleProject(path); err != nil {
		tb.Fatal(err)
	}
	p, err := storage.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	sentence := "President Obama used the term “cyber vandalism” to describe North Korea’s behavior. 信任 "
	docs := []coding.Document{coding.NewDocument(largeDocument, strings.Repeat(sentence, 1_000_000/utf8.RuneCountInString(sentence)+1))}
	for j := range others / 1000 {
		text := []rune(fmt.Sprintf("Article %d\n\n", j) + strings.Repeat(sentence, 5000/utf8.RuneCountInString(sentence)+1))
		docs = append(docs, coding.NewDocument(fmt.Sprintf("article-%04d.txt", j), string(text[:5000])))
	}
	if _, err := p.AddDocuments(docs); err != nil {
		tb.Fatal(err)
	}
	var csv bytes.Buffer
	importCSV := func() {
		if _, err := p.ImportCodingsCSV(&csv, "codings.csv"); err != nil {
			tb.Fatal(err)
		}
		csv.Reset()
	}
	row := func(i int, doc string, start, end int) {
		if csv.Len() == 0 {
			csv.WriteString("coder,document,code,start,end\n")
		}
		fmt.Fprintf(&csv, "%s,%s,%s,%d,%d\n", []string{"alice", "bob"}[i%2], doc, benchCodes[i%5], start, end)
	}
	for i := range 10_000 {
		row(i, largeDocument, i*97, i*97+40+i%60)
	}
	importCSV()
	for k := range others / 1000 * 1000 {
		i := k % 1000
		row(i, docs[1+k/1000].Name, i*4, i*4+10+i%50)
		if (k+1)%200_000 == 0 {
			importCSV()
		}
	}
	if csv.Len() > 0 {
		importCSV()
	}
}

// millionCodings is the path of a project built by buildLargeProject with
// 1,000,000 codings in all, cached in os.TempDir() (keyed by the schema
// version) for the benchmarks of this and later runs; each benchmark
// works on a copy in its own temporary folder.
func millionCodings(b *testing.B) string {
	b.Helper()
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("marginalia-app-bench-1000000-schema%d.qdb", storage.SchemaVersion))
	if _, err := os.Stat(cached); err != nil {
		building := cached + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(building + suffix)
		}
		buildLargeProject(b, building, 990_000) // closing it checkpoints the WAL into the file
		if err := os.Rename(building, cached); err != nil {
			b.Fatal(err)
		}
	}
	path := filepath.Join(b.TempDir(), "million.qdb")
	if err := copyFile(cached, path); err != nil {
		b.Fatal(err)
	}
	p, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if n, err := p.CodingCount(); err != nil || n != 1_000_000 {
		b.Fatalf("%s holds %d codings (%v), want 1,000,000: remove it to rebuild it", cached, n, err)
	}
	return path
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// openLargeWorkbench opens the project at path in a headless window of
// 1300×850, coding as carol, with largeDocument open.
func openLargeWorkbench(b *testing.B, path string) (*Workbench, fyne.Window) {
	b.Helper()
	a := test.NewTempApp(b)
	p, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	w := test.NewWindow(nil)
	b.Cleanup(func() { w.Close() })
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(1300, 850))
	wb.SetCoder("carol")
	doc, err := p.DocumentNamed(largeDocument)
	if err != nil {
		b.Fatal(err)
	}
	wb.OpenDocument(doc.ID)
	return wb, w
}

// BenchmarkApplyCodingInLargeDocument is what a researcher waits for after
// pressing a number key in a 1,000,000-character document with 10,000
// codings: the coding stored, the project re-read and the highlight laid
// out. Goal (issue 3): at most 20 ms.
func BenchmarkApplyCodingInLargeDocument(b *testing.B) {
	path := filepath.Join(b.TempDir(), "large.qdb")
	buildLargeProject(b, path, 0)
	wb, _ := openLargeWorkbench(b, path)
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

// The benchmarks below work in a project of 1,000,000 codings, with the
// 1,000,000-character document and its 10,000 codings open. Goal (issue
// 8): each action reaches a redrawn window in at most 50 ms.

// BenchmarkUndoOneCoding times Ctrl+Z after coding a passage: the coding
// removed from the project, the state and the viewer. It reports the
// coding of the passage before it, not timed, as apply-ms.
func BenchmarkUndoOneCoding(b *testing.B) {
	wb, _ := openLargeWorkbench(b, millionCodings(b))
	norms, _ := wb.st.codebook.ByPath("Norms")
	before := len(wb.Viewer.Highlights())
	var applying time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		wb.Viewer.SetSelection(coding.Span{Start: 500_000 + i*10, End: 500_020 + i*10})
		start := time.Now()
		wb.ApplyCode(norms.ID)
		applying += time.Since(start)
		added := wb.selected
		if added.ID == "" || len(wb.Viewer.Highlights()) != before+1 {
			b.Fatalf("coding %d was not applied", i)
		}
		b.StartTimer()
		wb.Undo()
		b.StopTimer()
		if _, ok := wb.openCoding(added.ID); ok {
			b.Fatalf("undo left coding %d in the state", i)
		}
		if n := len(wb.Viewer.Highlights()); n != before {
			b.Fatalf("after undo the viewer shows %d highlights, want %d", n, before)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(applying.Microseconds())/1000/float64(b.N), "apply-ms")
}

// BenchmarkRenameCode times saving a new name typed in the code details:
// the code updated in the project, the codebook tree and the viewer's
// highlights (whose tooltips name the code) redrawn.
func BenchmarkRenameCode(b *testing.B) {
	wb, w := openLargeWorkbench(b, millionCodings(b))
	norms, _ := wb.st.codebook.ByPath("Norms")
	wb.Codes.reveal(norms.ID)
	if wb.Codes.Details.id != norms.ID {
		b.Fatal("Norms is not shown in the code details")
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		name := fmt.Sprintf("Norms %d", i)
		wb.Codes.Details.Name.SetText(name) // as typed; commit saves it
		b.StartTimer()
		wb.Codes.Details.commit()
		b.StopTimer()
		if r := codeRowFor(b, w, wb, name); r.name.Text != name {
			b.Fatalf("the tree shows %q, want %q", r.name.Text, name)
		}
		b.StartTimer()
	}
}

// BenchmarkSwitchCoder times changing "Coding as" between alice and bob
// while only one's own codings are shown: the viewer then shows the other
// coder's 5,000 codings of the open document.
func BenchmarkSwitchCoder(b *testing.B) {
	wb, _ := openLargeWorkbench(b, millionCodings(b))
	wb.ShowPick.SetSelected(ShowMine)
	coders := []string{"alice", "bob"}
	b.ResetTimer()
	for i := range b.N {
		name := coders[i%2]
		wb.SetCoder(name)
		b.StopTimer()
		if wb.st.coder.Name != name || wb.CoderPick.Selected != name {
			b.Fatalf("coding as %q (the pick says %q), want %q", wb.st.coder.Name, wb.CoderPick.Selected, name)
		}
		if n := len(wb.Viewer.Highlights()); n != 5000 {
			b.Fatalf("the viewer shows %d of %s's codings, want 5000", n, name)
		}
		b.StartTimer()
	}
}

// BenchmarkLiveRefresh times, after another process (a second Project on
// the same file) committed one coding in the open document, what the
// window's watcher does: LastChange, ChangesSince and applyOthers. The
// watcher polls every watchEvery, which adds up to that much to the wait.
// Goal (issue 8): at most 1 s from the other process's commit.
func BenchmarkLiveRefresh(b *testing.B) {
	path := millionCodings(b)
	wb, _ := openLargeWorkbench(b, path)
	other, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer other.Close()
	bob, err := other.CoderNamed("bob")
	if err != nil {
		b.Fatal(err)
	}
	trust, _ := wb.st.codebook.ByPath("Trust")
	before := len(wb.Viewer.Highlights())
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		added, err := other.AddCoding(coding.Coding{DocumentID: wb.st.doc.ID, CodeID: trust.ID, CoderID: bob.ID, Span: coding.Span{Start: 700_000 + i*10, End: 700_030 + i*10}})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		seen := wb.seen.Load()
		last, err := wb.project.LastChange()
		if err != nil || last <= seen {
			b.Fatalf("LastChange = %d, %v; the window has seen %d", last, err, seen)
		}
		sets, err := wb.project.ChangesSince(seen)
		wb.applyOthers(sets, err)
		b.StopTimer()
		if _, ok := wb.openCoding(added.ID); !ok || wb.st.seq != last {
			b.Fatalf("the window did not apply the coding added elsewhere (state at %d, log at %d)", wb.st.seq, last)
		}
		if n := len(wb.Viewer.Highlights()); n != before+i+1 {
			b.Fatalf("the viewer shows %d highlights, want %d", n, before+i+1)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(watchEvery.Milliseconds()), "poll-interval-ms")
}

// BenchmarkStateApplyBulkImport times State.Apply of a change set of
// 200,000 added codings, which a window applies on its own goroutine when
// another process imported them: in other documents than the open one
// (counts only), and in the open document (its codings merged and sorted
// too). The window's own redraw is not included.
func BenchmarkStateApplyBulkImport(b *testing.B) {
	path := filepath.Join(b.TempDir(), "large.qdb")
	buildLargeProject(b, path, 0)
	wb, _ := openLargeWorkbench(b, path)
	coders := []string{wb.st.coders[0].ID, wb.st.coders[1].ID}
	codes := wb.st.codebook.Codes()
	for _, where := range []string{"elsewhere", "open"} {
		b.Run(where, func(b *testing.B) {
			const n = 200_000
			cs := storage.ChangeSet{Seq: wb.st.seq + 1, Kind: storage.Did, Label: "Import codings"}
			for i := range n {
				c := coding.Coding{ID: fmt.Sprintf("bulk-%d", i), CodeID: codes[i%len(codes)].ID, CoderID: coders[i%2], Span: coding.Span{Start: i * 5, End: i*5 + 20}}
				if where == "open" {
					c.DocumentID = wb.st.doc.ID
				} else {
					c.DocumentID = wb.st.docs[i%len(wb.st.docs)].ID
					if c.DocumentID == wb.st.doc.ID {
						c.DocumentID = wb.st.docs[(i+1)%len(wb.st.docs)].ID
					}
				}
				cs.Codings.Added = append(cs.Codings.Added, c)
			}
			open := len(wb.st.codings)
			if where == "open" {
				open += n
			}
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				st := copyState(wb.st)
				b.StartTimer()
				st.Apply(cs)
				b.StopTimer()
				if len(st.codings) != open || st.seq != cs.Seq {
					b.Fatalf("after Apply the open document has %d codings, want %d", len(st.codings), open)
				}
				b.StartTimer()
			}
		})
	}
}

// copyState is a copy of s that Apply can change without changing s.
func copyState(s *State) *State {
	c := *s
	c.codeCounts, c.docCounts = counts{}, counts{}
	for _, pair := range []struct{ from, to counts }{{s.codeCounts, c.codeCounts}, {s.docCounts, c.docCounts}} {
		for key, byCoder := range pair.from {
			for coder, n := range byCoder {
				pair.to.add(key, coder, n)
			}
		}
	}
	return &c
}
