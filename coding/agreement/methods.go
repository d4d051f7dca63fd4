package agreement

import (
	"fmt"
	"strconv"
	"strings"
)

// MethodsInput is what MethodsParagraph describes: a comparison, named for
// readers, and optionally its confidence intervals.
type MethodsInput struct {
	// Coders are the compared coders' names, in the report's order.
	Coders []string
	// ProjectDocuments is the number of documents in the project (0 when
	// unknown), to give the share that was double-coded.
	ProjectDocuments int
	// Selection says how the considered documents were chosen, as a
	// phrase: "every document that at least one of the coders coded".
	Selection string
	// Documents is the number of considered documents.
	Documents int
	Report    Report
	// CodeName names a code by ID (nil: the ID).
	CodeName func(id string) string
	// Intervals are Bootstrap's outcome for Report, or nil.
	Intervals *Intervals
	// Software names the program and its version: "Marginalia 0.1.0".
	Software string
}

// MethodsParagraph writes the paragraph a paper's methods section needs
// about inter-coder agreement: who coded what, the unit, the overall
// coefficients with their intervals and what they mean, the range over
// codes, the bootstrap and the software. Figures are rounded as the
// reports show them (two decimals; percentages with one).
func MethodsParagraph(in MethodsInput) string {
	var b strings.Builder
	n := len(in.Coders)
	name := in.CodeName
	if name == nil {
		name = func(id string) string { return id }
	}
	docs := plural(in.Documents, "document", "documents")
	fmt.Fprintf(&b, "%s coders (%s) independently coded the same %s with %s", numberWord(n), joinAnd(in.Coders), docs,
		plural(len(in.Report.Codes), "code", "codes"))
	var which []string
	if in.Selection != "" {
		which = append(which, in.Selection)
	}
	if in.ProjectDocuments > 0 {
		which = append(which, fmt.Sprintf("%d of the %d in the project (%s)", in.Documents, in.ProjectDocuments,
			FormatPercent(Of(float64(in.Documents)/float64(in.ProjectDocuments)))))
	}
	if len(which) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(which, ", "))
	}
	b.WriteString(". ")
	perCode := 0
	if len(in.Report.Codes) > 0 {
		perCode = in.Report.Codes[0].Length
	}
	fmt.Fprintf(&b, "Agreement was measured character by character: for each code, each character (Unicode code point) of the %s "+
		"counted as coded or not coded by each coder, and the counts were pooled over documents and codes "+
		"(%s characters per code, %s units in all). ", docs, thousands(perCode), thousands(in.Report.Overall.Length))
	o := in.Report.Overall
	var ci func(Interval) string
	level := ""
	if in.Intervals != nil {
		level = strconv.FormatFloat(100*in.Intervals.Level, 'f', -1, 64) + " % CI "
		ci = func(i Interval) string {
			if !i.Defined {
				return ""
			}
			return " (" + level + FormatInterval(i) + ")"
		}
	} else {
		ci = func(Interval) string { return "" }
	}
	var oi RowInterval
	if in.Intervals != nil {
		oi = in.Intervals.Overall
	}
	fmt.Fprintf(&b, "Over all codes, %s was %s%s and Krippendorff's alpha (nominal) %s%s; percent agreement was %s. ",
		kappaWords(n), FormatCoefficient(o.Kappa), ci(oi.Kappa), FormatCoefficient(o.Alpha), ci(oi.Alpha), FormatPercent(o.PercentAgreement))
	fmt.Fprintf(&b, "Both coefficients correct percent agreement for the agreement expected by chance (%s); "+
		"1 is perfect agreement and 0 agreement no better than chance. ", chanceWords(n))
	if lo, hi, ok := alphaRange(in.Report.Codes); ok && len(in.Report.Codes) > 1 {
		fmt.Fprintf(&b, "Per code, alpha ranged from %s (%s) to %s (%s). ",
			FormatCoefficient(lo.Alpha), name(lo.Code), FormatCoefficient(hi.Alpha), name(hi.Code))
	}
	if iv := in.Intervals; iv != nil {
		var risks []string
		for _, below := range oi.AlphaBelow {
			if below.Share.Defined {
				risks = append(risks, fmt.Sprintf("below %s was %s", strconv.FormatFloat(below.Minimum, 'f', -1, 64), FormatShare(below.Share)))
			}
		}
		if len(risks) > 0 {
			fmt.Fprintf(&b, "The estimated probability that alpha is %s (Krippendorff asks for at least 0.8, and at least 0.667 for tentative conclusions). ",
				strings.Join(risks, " and "))
		}
		fmt.Fprintf(&b, "Confidence intervals are percentile intervals of a cluster bootstrap (Hayes & Krippendorff, 2007) with %s resamples (seed %d) ",
			thousands(iv.Resamples), iv.Seed)
		if iv.Unit == UnitParagraph {
			fmt.Fprintf(&b, "that resampled the %s of the documents (blocks separated by blank lines), because fewer than %d documents were double-coded; "+
				"paragraphs of one document are not independent, so these intervals are likely too narrow. ",
				plural(iv.Clusters, "paragraph", "paragraphs"), MinDocuments)
		} else {
			b.WriteString("that resampled whole documents, since characters within a document are not independent. ")
		}
	}
	if in.Software != "" {
		fmt.Fprintf(&b, "Agreement was computed with %s.", in.Software)
	}
	return strings.TrimSpace(b.String())
}

// FormatShare writes a share of resamples (a probability) with two
// decimals, as in "0.31", or "–" when it is undefined.
func FormatShare(s Stat) string {
	if !s.Defined {
		return undefinedText
	}
	return strconv.FormatFloat(s.Value, 'f', 2, 64)
}

func kappaWords(n int) string {
	if n > 2 {
		return "Fleiss' kappa"
	}
	return "Cohen's kappa"
}

func chanceWords(n int) string {
	if n > 2 {
		return "kappa and alpha from the share of coded characters over all coders"
	}
	return "kappa from each coder's share of coded characters, alpha from their pooled share"
}

// alphaRange finds the codes with the lowest and highest defined alpha.
func alphaRange(rows []Row) (lo, hi Row, ok bool) {
	for _, r := range rows {
		if !r.Alpha.Defined {
			continue
		}
		if !ok || r.Alpha.Value < lo.Alpha.Value {
			lo = r
		}
		if !ok || r.Alpha.Value > hi.Alpha.Value {
			hi = r
		}
		ok = true
	}
	return lo, hi, ok
}

func numberWord(n int) string {
	words := []string{"No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// thousands writes n with commas between thousands: 168,864.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
