// Command demo shows the article viewer on a sample article with a few
// codings, for looking at it under a real driver (not part of Marginalia).
//
//	go run ./app/textview/internal/demo [-big] [-codings N] [-select] [-hover] [article.txt]
package main

import (
	"flag"
	"fmt"
	"image/color"
	"log"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/app/textview"
	"desktop/marginalia/coding"
)

func main() {
	big := flag.Bool("big", false, "repeat the article to about a million characters")
	sel := flag.Bool("select", false, "select a passage at start")
	hover := flag.Bool("hover", false, "print where to point for a tooltip")
	codings := flag.Int("codings", 0, "add this many random codings")
	flag.Parse()
	path := "testdata/corpus/sony-hack-cyber-dialogue.txt"
	if flag.NArg() > 0 {
		path = flag.Arg(0)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	text := string(data)
	if *big {
		text = strings.Repeat(text+"\n", 1000000/len([]rune(text))+1)
	}

	a := fyneapp.NewWithID("org.marginalia.textview-demo")
	w := a.NewWindow("textview demo")
	v := textview.New()
	status := widget.NewLabel("")
	v.OnSelectionChanged = func(s coding.Span) { status.SetText(fmt.Sprintf("selection %v", s)) }
	v.OnHighlightTapped = func(h textview.Highlight) { status.SetText("tapped " + h.Tooltip) }
	w.SetContent(container.NewBorder(nil, status, nil, nil, v))
	w.Resize(fyne.NewSize(1000, 720))
	start := time.Now()
	v.SetText(text)
	find := func(s string) int { return coding.ByteToRune(text, strings.Index(text, s)) }
	span := func(from, to string) coding.Span {
		return coding.Span{Start: find(from), End: find(to) + len([]rune(to))}
	}
	blue := color.NRGBA{R: 0x2E, G: 0x86, B: 0xDE, A: 0xFF}
	orange := color.NRGBA{R: 0xE6, G: 0x7E, B: 0x22, A: 0xFF}
	green := color.NRGBA{R: 0x27, G: 0xAE, B: 0x60, A: 0xFF}
	v.SetHighlights([]textview.Highlight{
		{Span: span("The recent Sony hack", "bilateral cyber cooperation."), Color: blue, Code: "norms", Tooltip: "Norms — alice"},
		{Span: span("Chinese and American decision makers", "cyber policies"), Color: orange, Code: "trust", Tooltip: "Trust — bob"},
		{Span: span("President Obama used", "cyber vandalism”"), Color: green, Code: "sovereignty", Tooltip: "Sovereignty — alice"},
		{Span: span("Language", "繁體"), Color: orange, Code: "trust", Tooltip: "Trust — carol"},
	})
	hs := v.Highlights()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range *codings {
		start := rng.IntN(v.Length() - 1)
		code := rng.IntN(12)
		end := min(start+1+rng.IntN(300), v.Length())
		c, _ := coding.NormalizeColor(coding.PaletteColor(code))
		var col color.NRGBA
		_, _ = fmt.Sscanf(c, "#%02x%02x%02x", &col.R, &col.G, &col.B)
		col.A = 0xFF
		hs = append(hs, textview.Highlight{Span: coding.Span{Start: start, End: end}, Color: col,
			Code: fmt.Sprint("code", code), Tooltip: fmt.Sprintf("Code %d — coding %d", code, i)})
	}
	v.SetHighlights(hs)
	v.SetMarks([]coding.Span{span("cyber vandalism", "cyber vandalism")})
	if *sel {
		v.SetSelection(span("Most of the views", "cooperate on cyber security."))
	}
	log.Printf("SetText, SetHighlights, SetMarks: %v", time.Since(start))
	w.Show()
	fyne.Do(func() {
		log.Printf("first layout %v (%d runes), RSS %s", time.Since(start), v.Length(), rss())
		go func() {
			time.Sleep(3 * time.Second)
			log.Printf("RSS after 3 s: %s", rss())
		}()
		if *hover {
			p := v.PositionOf(find("decision makers"))
			fmt.Printf("hover at %v\n", p)
		}
	})
	a.Run()
}

// rss is the process's resident set size as reported by Linux.
func rss() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			return strings.TrimSpace(rest)
		}
	}
	return "?"
}
