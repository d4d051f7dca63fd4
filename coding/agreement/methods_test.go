package agreement

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMethodsParagraph(t *testing.T) {
	segs, opt := process(rand.New(rand.NewPCG(4, 4)), 30, "trust", "norms")
	rep := Compare(segs, opt)
	iv := Bootstrap(segs, opt, BootstrapOptions{Resamples: 400})
	text := MethodsParagraph(MethodsInput{Coders: []string{"Ann", "Bob"}, ProjectDocuments: 120, Documents: 30,
		Selection: "a random sample", Report: rep, Intervals: &iv, Software: "Marginalia 0.1.0"})
	o := rep.Overall
	lo, hi, _ := alphaRange(rep.Codes)
	for _, want := range []string{
		"Two coders (Ann and Bob) independently coded the same 30 documents with 2 codes: a random sample, 30 of the 120 in the project (25.0 %).",
		"(30,000 characters per code, 60,000 units in all)",
		"Cohen's kappa was " + FormatCoefficient(o.Kappa) + " (95 % CI " + FormatInterval(iv.Overall.Kappa) + ")",
		"alpha (nominal) " + FormatCoefficient(o.Alpha) + " (95 % CI " + FormatInterval(iv.Overall.Alpha) + ")",
		"percent agreement was " + FormatPercent(o.PercentAgreement),
		"alpha ranged from " + FormatCoefficient(lo.Alpha) + " (" + lo.Code + ") to " + FormatCoefficient(hi.Alpha) + " (" + hi.Code + ")",
		"below 0.667 was " + FormatShare(iv.Overall.AlphaBelow[0].Share) + " and below 0.8 was " + FormatShare(iv.Overall.AlphaBelow[1].Share),
		"with 400 resamples (seed 2007) that resampled whole documents",
		"Marginalia 0.1.0.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("paragraph lacks %q:\n%s", want, text)
		}
	}
	// Three coders, no intervals: Fleiss, and no bootstrap sentence.
	segs3 := append(segs, Segment{Coder: "cyd", Code: "trust", Document: "doc0", Span: sp(0, 50)})
	rep3 := Compare(segs3, Options{Coders: []string{"ann", "bob", "cyd"}, Documents: opt.Documents})
	text = MethodsParagraph(MethodsInput{Coders: []string{"Ann", "Bob", "Cyd"}, Documents: 30, Report: rep3})
	if !strings.Contains(text, "Three coders (Ann, Bob and Cyd)") || !strings.Contains(text, "Fleiss' kappa was "+FormatCoefficient(rep3.Overall.Kappa)+" and") ||
		strings.Contains(text, "bootstrap") || strings.Contains(text, "CI") {
		t.Errorf("three coders, no intervals:\n%s", text)
	}
}
