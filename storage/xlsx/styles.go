package xlsx

import (
	"fmt"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// kind is what a column holds and so how its cells look.
type kind int

const (
	textKind    kind = iota // a string
	wrapKind                // a string wrapped in its cell
	intKind                 // an int
	shareKind               // an agreement.Stat shown as a percentage
	coefKind                // an agreement.Stat (kappa, alpha), coloured by value
	boundKind               // an agreement.Stat as coefKind, not coloured (an interval's bound, a probability)
	colourKind              // "#RRGGBB", shown as the cell's fill
	dateKind                // a time.Time
	decimalKind             // a float64, three decimals, not coloured
	kinds
)

// Number formats.
const (
	shareFormat = "0.0%"
	coefFormat  = "0.000"
	dateFormat  = "yyyy-mm-dd hh:mm"
)

// bandColours are the fill and font colours of the kappa and alpha bands
// (agreement.BandOf): solid, as Excel's own "good, neutral, bad" styles.
// Grey is an empty cell, a figure that cannot be computed.
var bandColours = map[agreement.Band]struct{ fill, font string }{
	agreement.Red:         {"FFC7CE", "9C0006"},
	agreement.Amber:       {"FFEB9C", "9C5700"},
	agreement.YellowGreen: {"E2EFDA", "375623"},
	agreement.Green:       {"C6EFCE", "006100"},
	agreement.Grey:        {"EDEDED", "595959"},
}

// colouredBands are the bands in the order of styles.bands.
var colouredBands = append(agreement.Bands(), agreement.Grey)

// bandRule is the Excel condition that cell ref lies in band b: its number
// rounded to two decimals, as agreement.BandOf judges it, or an empty cell
// for Grey.
func bandRule(b agreement.Band, ref string) string {
	if b == agreement.Grey {
		return "ISBLANK(" + ref + ")"
	}
	cond := "ISNUMBER(" + ref + ")"
	rounded := "ROUND(" + ref + ",2)"
	from, below := b.Range()
	if !math.IsInf(from, -1) {
		cond += fmt.Sprintf(",%s>=%g", rounded, from)
	}
	if !math.IsInf(below, 1) {
		cond += fmt.Sprintf(",%s<%g", rounded, below)
	}
	return "AND(" + cond + ")"
}

// styles are the style IDs of the workbook.
type styles struct {
	f      *excelize.File
	header int
	label  int
	note   int
	cell   [kinds][2]int // by kind, then plain (0) or bold (1)
	bands  []int         // conditional formats, as colouredBands
	fills  map[string]int
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{f: f, fills: map[string]int{}}
	bold := font(true, "")
	top := &excelize.Alignment{Vertical: "top"}
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.header = add(&excelize.Style{
		Font:   bold,
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
	})
	st.label = add(&excelize.Style{Font: bold, Alignment: top})
	st.note = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	formats := map[kind]string{shareKind: shareFormat, coefKind: coefFormat, boundKind: coefFormat, dateKind: dateFormat, decimalKind: coefFormat}
	for k := range kinds {
		for b := range 2 {
			// Top-aligned, so that a row with a wrapped cell reads from the top.
			s := &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: k == wrapKind}}
			if b == 1 {
				s.Font = bold
			}
			if format, ok := formats[k]; ok {
				s.CustomNumFmt = &format
			}
			if k == dateKind {
				s.Alignment.Horizontal = "left"
			}
			st.cell[k][b] = add(s)
		}
	}
	for _, b := range colouredBands {
		if err != nil {
			break
		}
		c := bandColours[b]
		var id int
		id, err = f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: c.font},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
		})
		st.bands = append(st.bands, id)
	}
	if err != nil {
		return nil, fmt.Errorf("create styles: %w", err)
	}
	return st, nil
}

// font is the workbook's font (named, so that every application shows the
// same), in bold or not, in a colour ("RRGGBB") or the default.
func font(bold bool, colour string) *excelize.Font {
	return &excelize.Font{Family: "Calibri", Size: 11, Bold: bold, Color: colour}
}

// fill is the style of a cell showing a code's colour: the colour as fill,
// the hex text in black or white, whichever reads better. An invalid colour
// gets no fill.
func (st *styles) fill(colour string, bold int) (int, error) {
	hex, err := coding.NormalizeColor(colour)
	if err != nil {
		return st.cell[textKind][bold], nil
	}
	key := hex + strconv.Itoa(bold)
	if id, ok := st.fills[key]; ok {
		return id, nil
	}
	id, err := st.f.NewStyle(&excelize.Style{
		Font:      font(bold == 1, contrast(hex)),
		Alignment: &excelize.Alignment{Vertical: "top"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hex[1:]}},
	})
	if err != nil {
		return 0, fmt.Errorf("style for colour %s: %w", hex, err)
	}
	st.fills[key] = id
	return id, nil
}

// contrast is black or white, whichever is more legible on the colour
// "#RRGGBB" (by its relative luminance).
func contrast(hex string) string {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	r, g, b := float64(v>>16&0xFF), float64(v>>8&0xFF), float64(v&0xFF)
	if 0.299*r+0.587*g+0.114*b < 140 {
		return "FFFFFF"
	}
	return "000000"
}

// colourBands adds the kappa/alpha colour rules to a range of one column
// whose first cell is top. Empty cells (undefined figures) are grey.
func (st *styles) colourBands(sheet, top, rangeRef string) error {
	opts := make([]excelize.ConditionalFormatOptions, len(colouredBands))
	for i, b := range colouredBands {
		opts[i] = excelize.ConditionalFormatOptions{Type: "formula", Criteria: bandRule(b, top), Format: &st.bands[i]}
	}
	if err := st.f.SetConditionalFormat(sheet, rangeRef, opts); err != nil {
		return fmt.Errorf("sheet %s: colour rules on %s: %w", sheet, rangeRef, err)
	}
	return nil
}
