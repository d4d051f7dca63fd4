package xlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
)

// kind is what a column holds and so how its cells look.
type kind int

const (
	textKind   kind = iota // a string
	wrapKind               // a string wrapped in its cell
	intKind                // an int
	shareKind              // an agreement.Stat shown as a percentage
	coefKind               // an agreement.Stat (kappa, alpha), coloured by value
	colourKind             // "#RRGGBB", shown as the cell's fill
	dateKind               // a time.Time
	kinds
)

// Number formats.
const (
	shareFormat = "0.0%"
	coefFormat  = "0.000"
	dateFormat  = "yyyy-mm-dd hh:mm"
)

// band is a range of kappa or alpha, above the previous band's top up to
// and including its own, with its colours. The bands follow Landis and
// Koch's reading of kappa (0.41–0.60 moderate, 0.61–0.80 substantial,
// 0.81–1 almost perfect).
type band struct {
	top        float64
	fill, font string
	name       string
}

var bands = []band{
	{0.4, "FFC7CE", "9C0006", "red"},
	{0.6, "FFEB9C", "9C5700", "amber"},
	{0.8, "E2EFDA", "375623", "light green"},
	{math.Inf(1), "C6EFCE", "006100", "green"},
}

// bandRule is the Excel condition that the number in cell ref lies in band i.
func bandRule(i int, ref string) string {
	cond := "ISNUMBER(" + ref + ")"
	if i > 0 {
		cond += fmt.Sprintf(",%s>%g", ref, bands[i-1].top)
	}
	if i < len(bands)-1 {
		cond += fmt.Sprintf(",%s<=%g", ref, bands[i].top)
	}
	return "AND(" + cond + ")"
}

// bandLegend says in words which colour means what.
func bandLegend() string {
	var parts []string
	for i, b := range bands {
		switch {
		case i == 0:
			parts = append(parts, fmt.Sprintf("%s up to %g", b.name, b.top))
		case i == len(bands)-1:
			parts = append(parts, fmt.Sprintf("%s above %g", b.name, bands[i-1].top))
		default:
			parts = append(parts, fmt.Sprintf("%s above %g up to %g", b.name, bands[i-1].top, b.top))
		}
	}
	return strings.Join(parts, ", ")
}

// styles are the style IDs of the workbook.
type styles struct {
	f      *excelize.File
	header int
	label  int
	note   int
	cell   [kinds][2]int // by kind, then plain (0) or bold (1)
	bands  []int         // conditional formats, as bands
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
	formats := map[kind]string{shareKind: shareFormat, coefKind: coefFormat, dateKind: dateFormat}
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
	for _, b := range bands {
		if err != nil {
			break
		}
		var id int
		id, err = f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: b.font},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{b.fill}},
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
// whose first cell is top. Empty cells (undefined figures) stay uncoloured.
func (st *styles) colourBands(sheet, top, rangeRef string) error {
	opts := make([]excelize.ConditionalFormatOptions, len(bands))
	for i := range bands {
		opts[i] = excelize.ConditionalFormatOptions{Type: "formula", Criteria: bandRule(i, top), Format: &st.bands[i]}
	}
	if err := st.f.SetConditionalFormat(sheet, rangeRef, opts); err != nil {
		return fmt.Errorf("sheet %s: colour rules on %s: %w", sheet, rangeRef, err)
	}
	return nil
}
