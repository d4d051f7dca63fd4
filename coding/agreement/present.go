package agreement

import (
	"fmt"
	"math"
	"strings"
)

// This file holds what every presentation of the figures shares: the names
// of the statistics, how a figure is written as text, and the colour bands
// of kappa and alpha. The Compare tab, the Excel workbook and the CLI take
// them from here, so that they never disagree.

// Names of the statistics, as headings and labels show them (the kappa by
// number of coders: KappaName).
const (
	PercentAgreementName = "Percent agreement"
	cohenKappaName       = "Cohen's κ"
	fleissKappaName      = "Fleiss' κ"
	AlphaName            = "Krippendorff's α"
	UnitizingAlphaName   = "Unitizing α"
)

// KappaName is the name of the kappa Compare reports for nCoders coders:
// Cohen's for two, Fleiss' for three or more.
func KappaName(nCoders int) string {
	if nCoders > 2 {
		return fleissKappaName
	}
	return cohenKappaName
}

// undefinedText stands for a figure that cannot be computed.
const undefinedText = "–"

// FormatCoefficient writes a kappa or alpha with two decimals, as in
// "0.37", or "–" when it is undefined. A value that rounds to zero is
// "0.00", never "-0.00".
func FormatCoefficient(s Stat) string {
	if !s.Defined {
		return undefinedText
	}
	v := math.Round(s.Value*100) / 100
	if v == 0 {
		v = 0 // not -0
	}
	return fmt.Sprintf("%.2f", v)
}

// FormatPercent writes a share as a percentage with one decimal, as in
// "12.5 %", or "–" when it is undefined.
func FormatPercent(s Stat) string {
	if !s.Defined {
		return undefinedText
	}
	return fmt.Sprintf("%.1f %%", s.Value*100)
}

// Band is the colour band of a kappa or alpha. The bands follow Landis and
// Koch's reading of kappa (0.41–0.60 moderate, 0.61–0.80 substantial, above
// 0.80 almost perfect). A value is judged as it is shown, rounded to two
// decimals: a kappa of 0.399 is shown as 0.40 and is amber.
type Band int

// The bands, from no figure through the lowest to the highest.
const (
	Grey        Band = iota // undefined
	Red                     // below 0.40
	Amber                   // from 0.40, below 0.60
	YellowGreen             // from 0.60, below 0.80
	Green                   // from 0.80
)

// bandNames and bandFloors are by Band; a floor is the lowest value (as
// rounded) in the band.
var (
	bandNames  = [...]string{Grey: "grey", Red: "red", Amber: "amber", YellowGreen: "yellow-green", Green: "green"}
	bandFloors = [...]float64{Grey: math.NaN(), Red: math.Inf(-1), Amber: 0.40, YellowGreen: 0.60, Green: 0.80}
)

// Bands are the bands of defined values, lowest first.
func Bands() []Band { return []Band{Red, Amber, YellowGreen, Green} }

// BandOf is the band of a kappa or alpha, judged on its value rounded to
// two decimals; Grey when it is undefined.
func BandOf(s Stat) Band {
	if !s.Defined {
		return Grey
	}
	v := math.Round(s.Value*100) / 100
	band := Red
	for _, b := range Bands() {
		if v >= bandFloors[b] {
			band = b
		}
	}
	return band
}

// String is the band's colour name, such as "yellow-green".
func (b Band) String() string {
	if b < Grey || b > Green {
		return fmt.Sprintf("Band(%d)", int(b))
	}
	return bandNames[b]
}

// Range is the values of a defined band, as rounded to two decimals: from
// (inclusive) and below (exclusive); from is -Inf for Red and below +Inf
// for Green. Grey has NaN for both.
func (b Band) Range() (from, below float64) {
	switch {
	case b == Grey:
		return math.NaN(), math.NaN()
	case b == Green:
		return bandFloors[b], math.Inf(1)
	}
	return bandFloors[b], bandFloors[b+1]
}

// Describe says in words which values the band holds, as in "from 0.40 to
// below 0.60", or "when undefined" for Grey.
func (b Band) Describe() string {
	from, below := b.Range()
	switch {
	case b == Grey:
		return "when undefined"
	case math.IsInf(from, -1):
		return fmt.Sprintf("below %.2f", below)
	case math.IsInf(below, 1):
		return fmt.Sprintf("from %.2f", from)
	}
	return fmt.Sprintf("from %.2f to below %.2f", from, below)
}

// BandLegend says in words which band holds which values: "red below 0.40,
// amber from 0.40 to below 0.60, …, grey when undefined".
func BandLegend() string {
	var parts []string
	for _, b := range append(Bands(), Grey) {
		parts = append(parts, b.String()+" "+b.Describe())
	}
	return strings.Join(parts, ", ")
}
