package textview

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"desktop/marginalia/coding"
)

const (
	benchRunes      = 1_000_000
	benchHighlights = 10_000
)

var benchSize = fyne.NewSize(1000, 800)

// bigDocument is the sample article repeated to benchRunes runes.
func bigDocument(b *testing.B) string {
	b.Helper()
	article := string(corpus(b, "sony-hack-cyber-dialogue.txt"))
	runes := []rune(strings.Repeat(article+"\n", benchRunes/len([]rune(article))+1))
	return string(runes[:benchRunes])
}

// benchHighlightsFor are n codings of 12 codes spread over a text of length
// runes: mostly a sentence or a paragraph long, a few much longer.
func benchHighlightsFor(n, length int) []Highlight {
	rng := rand.New(rand.NewPCG(7, 11))
	spans := randomSpans(rng, n, length)
	hs := make([]Highlight, n)
	for i, s := range spans {
		code := rng.IntN(12)
		hs[i] = Highlight{Span: s, Color: hexColor(coding.PaletteColor(code)), Code: fmt.Sprint("code", code),
			Tooltip: fmt.Sprintf("Code %d — coder", code), Key: fmt.Sprint(i)}
	}
	return hs
}

func hexColor(s string) color.NRGBA {
	var c color.NRGBA
	_, _ = fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B)
	c.A = 0xFF
	return c
}

// openBig shows the big document with its highlights in a test window.
func openBig(b *testing.B, doc string, hs []Highlight) (*Viewer, fyne.Window) {
	b.Helper()
	v, w := newTestViewer(b, doc, benchSize)
	v.SetHighlights(hs)
	return v, w
}

// BenchmarkFirstLayout opens the big document in a new viewer: SetText,
// sizing, wrapping and the objects of the first frame (rune widths measured
// afresh each time), without and with its 10,000 codings.
func BenchmarkFirstLayout(b *testing.B) {
	doc := bigDocument(b)
	for _, n := range []int{0, benchHighlights} {
		hs := benchHighlightsFor(n, benchRunes)
		b.Run(fmt.Sprintf("highlights=%d", n), func(b *testing.B) {
			test.NewTempApp(b)
			w := test.NewTempWindow(b, New())
			w.Resize(benchSize)
			for b.Loop() {
				v := New()
				w.SetContent(v)
				v.SetText(doc)
				v.SetHighlights(hs)
				if len(v.page.objects) == 0 {
					b.Fatal("nothing drawn")
				}
			}
		})
	}
}

// BenchmarkRewrap resizes the window, alternating two widths: the whole
// document is wrapped again and the view rebuilt.
func BenchmarkRewrap(b *testing.B) {
	v, w := openBig(b, bigDocument(b), benchHighlightsFor(benchHighlights, benchRunes))
	v.ScrollTo(benchRunes / 2)
	i := 0
	for b.Loop() {
		i++
		w.Resize(fyne.NewSize(benchSize.Width-float32(i%2)*120, benchSize.Height))
	}
}

// BenchmarkAddHighlight is what one new coding costs: SetHighlights with
// all 10,000 plus one, until the visible objects are updated.
func BenchmarkAddHighlight(b *testing.B) {
	hs := benchHighlightsFor(benchHighlights+1, benchRunes)
	v, _ := openBig(b, bigDocument(b), hs[:benchHighlights])
	v.ScrollTo(benchRunes / 2)
	for b.Loop() {
		v.SetHighlights(hs)
	}
}

// BenchmarkScrollToMiddle jumps between the middle and a quarter of the
// document.
func BenchmarkScrollToMiddle(b *testing.B) {
	v, _ := openBig(b, bigDocument(b), benchHighlightsFor(benchHighlights, benchRunes))
	i := 0
	for b.Loop() {
		i++
		v.ScrollTo(benchRunes / (2 + 2*(i%2)))
	}
}

// BenchmarkDragEvent is one pointer move of a drag selection in the middle
// of the document.
func BenchmarkDragEvent(b *testing.B) {
	v, _ := openBig(b, bigDocument(b), benchHighlightsFor(benchHighlights, benchRunes))
	mid := benchRunes / 2
	v.ScrollTo(mid)
	from := v.PositionOf(mid)
	ends := []fyne.Position{v.PositionOf(mid + 300), v.PositionOf(mid + 700)}
	i := 0
	for b.Loop() {
		i++
		to := ends[i%2]
		e := &fyne.DragEvent{Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)}
		e.Position = to
		v.page.Dragged(e)
	}
	v.page.DragEnd()
	if v.Selection().Empty() {
		b.Fatal("nothing selected")
	}
}

// BenchmarkSpanLookup finds the highlights overlapping a screenful of text
// among 10,000.
func BenchmarkSpanLookup(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	ix := newSpanIndex(randomSpans(rng, benchHighlights, benchRunes))
	var out []int
	i := 0
	for b.Loop() {
		i++
		from := (i * 7919) % benchRunes
		out = ix.overlapping(from, from+4000, out[:0])
	}
}

// BenchmarkWrap wraps the big document (rune widths already measured).
func BenchmarkWrap(b *testing.B) {
	text := []rune(bigDocument(b))
	w := newRuneWidths(func(r rune) float32 { return 7 })
	breaks := breakOpportunities(text)
	var lines []line
	for b.Loop() {
		lines, _ = wrap(text, breaks, w, 900, testMetrics, lines)
	}
}

// BenchmarkBreakOpportunities finds the break opportunities of the big
// document.
func BenchmarkBreakOpportunities(b *testing.B) {
	text := []rune(bigDocument(b))
	for b.Loop() {
		breakOpportunities(text)
	}
}

// BenchmarkMemory reports how much the process grows with the big document
// and its highlights open (RSS-MB from /proc, heap-MB from the runtime).
// Run it alone: go test -run '^$' -bench Memory -benchtime 1x.
func BenchmarkMemory(b *testing.B) {
	doc := bigDocument(b)
	hs := benchHighlightsFor(benchHighlights, benchRunes)
	test.NewTempApp(b)
	runtime.GC()
	rss0, heap0 := rssMB(), heapMB()
	var keep []*Viewer
	for b.Loop() {
		v := New()
		w := test.NewTempWindow(b, v)
		w.Resize(benchSize)
		v.SetText(doc)
		v.SetHighlights(hs)
		v.ScrollTo(benchRunes / 2)
		keep = append(keep, v)
	}
	runtime.GC()
	n := float64(len(keep))
	b.ReportMetric((rssMB()-rss0)/n, "RSS-MB")
	b.ReportMetric((heapMB()-heap0)/n, "heap-MB")
	runtime.KeepAlive(keep)
}

func heapMB() float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// rssMB is the resident set size of the process (0 where /proc is missing).
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			var kb float64
			_, _ = fmt.Sscanf(strings.TrimSpace(rest), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}
