package xlsx_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage/xlsx"
)

// largeStudy is docs documents of about length runes each (words with
// accents, an em dash and Chinese), 2 coders and 20 codes, each coder
// applying perDoc codings per document; the second coder mostly codes the
// first coder's passages with shifted boundaries.
func largeStudy(docs, length, perDoc int) xlsx.Study {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"cyber", "coopération", "norms", "sovereignty", "网络", "安全", "trust", "—", "dialogue", "state", "attack", "the", "of", "and"}
	coders := []coding.Coder{{ID: coding.NewID(), Name: "Ana"}, {ID: coding.NewID(), Name: "Ben"}}
	var codes []coding.Code
	for i := range 20 {
		codes = append(codes, coding.Code{ID: coding.NewID(), Name: "Code " + strconv.Itoa(i+1), Color: coding.PaletteColor(i), Codable: true,
			Position: i, Description: coding.Description{Definition: "What code " + strconv.Itoa(i+1) + " means."}})
	}
	var documents []coding.Document
	var codings []coding.Coding
	for d := range docs {
		var sb strings.Builder
		n := 0
		for n < length {
			w := words[rng.IntN(len(words))]
			sb.WriteString(w)
			sb.WriteByte(' ')
			n += len([]rune(w)) + 1
		}
		doc := coding.NewDocument(fmt.Sprintf("article-%04d.txt", d+1), sb.String())
		documents = append(documents, doc)
		for range perDoc {
			start := rng.IntN(doc.Length - 400)
			span := coding.Span{Start: start, End: start + 20 + rng.IntN(300)}
			code := codes[rng.IntN(len(codes))].ID
			codings = append(codings, coding.Coding{ID: coding.NewID(), DocumentID: doc.ID, CodeID: code, CoderID: coders[0].ID, Span: span})
			if rng.IntN(5) > 0 { // the other coder codes it too, with shifted boundaries
				span = coding.Span{Start: max(span.Start+rng.IntN(21)-10, 0), End: span.End + rng.IntN(21) - 10}
			} else {
				start = rng.IntN(doc.Length - 400)
				span = coding.Span{Start: start, End: start + 20 + rng.IntN(300)}
			}
			codings = append(codings, coding.Coding{ID: coding.NewID(), DocumentID: doc.ID, CodeID: code, CoderID: coders[1].ID, Span: span})
		}
	}
	return studyOf(coders, documents, coding.NewCodebook(codes), codings)
}

// heapMetric is the memory taken by heap objects, live or not yet collected.
const heapMetric = "/memory/classes/heap/objects:bytes"

// BenchmarkWrite100kCodings writes the workbook of 1,000 documents of
// 5,000 characters with 100,000 codings by 2 coders with 20 codes to a
// file: as Write does ("later": the large sheets' rows written straight
// into the file) and, for comparison, with excelize's stream writer alone
// ("streamed", as before). Besides time and allocations it reports the CPU
// time, the peak heap in use while writing above the heap before (sampled
// every 10 ms), the process's peak RSS while writing (the study included;
// the peak is reset after building the study, whose garbage is returned to
// the system first), the peak RSS building the study reached, and the file
// size. Run one sub-benchmark per process (-run '^$' -bench
// 'Write100kCodings/later'): the runtime keeps memory an earlier one freed.
func BenchmarkWrite100kCodings(b *testing.B) {
	for _, later := range []bool{true, false} {
		name := "later"
		if !later {
			name = "streamed"
		}
		b.Run(name, func(b *testing.B) {
			defer xlsx.SetWriteLater(later)()
			benchmarkWrite(b)
		})
	}
}

func benchmarkWrite(b *testing.B) {
	s := largeStudy(1000, 5000, 50)
	b.Logf("%d codings, %d report rows, %d disagreements", len(s.Codings), len(s.Report.Rows), len(s.Disagreements))
	path := filepath.Join(b.TempDir(), "agreement.xlsx")
	building := peakRSS()
	debug.FreeOSMemory()
	resetPeakRSS()
	before := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(before)
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() { // runtime/metrics, unlike ReadMemStats, does not stop the world
		sample := []metrics.Sample{{Name: heapMetric}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	cpu0 := cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		if err := xlsx.Write(w, s); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	close(done)
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), before[0].Value.Uint64()))/(1<<20), "peak-heap-MB")
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peak-RSS-MB")
		b.ReportMetric(building, "peak-RSS-building-MB")
	}
}

// peakRSS is the process's peak resident set size in MB (VmHWM on Linux), or 0.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// resetPeakRSS sets the process's peak RSS (VmHWM) to its RSS now, on
// Linux; elsewhere it does nothing.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// cpuTime is the user and system CPU time of the process so far: on a busy
// machine a steadier measure than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
