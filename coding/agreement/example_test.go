package agreement_test

import (
	"encoding/json"
	"fmt"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// The NVivo help's example: 1000 characters, 50 coded by both coders, 100 by
// Ann only, 50 by Ben only.
func ExampleCompare() {
	segments := []agreement.Segment{
		{Coder: "ann", Code: "trust", Document: "article", Span: coding.Span{Start: 0, End: 150}},
		{Coder: "ben", Code: "trust", Document: "article", Span: coding.Span{Start: 100, End: 200}},
	}
	report := agreement.Compare(segments, agreement.Options{
		Coders:    []string{"ann", "ben"},
		Documents: []agreement.Document{{ID: "article", Length: 1000}},
		Codes:     []string{"trust", "norms"},
	})
	for _, r := range report.Codes {
		fmt.Printf("%s: agreement %v, kappa %v, alpha %v\n", r.Code, r.PercentAgreement, r.Kappa, r.Alpha)
	}
	out, _ := json.Marshal(report.Codes[1].Kappa)
	fmt.Println("kappa of a code nobody used, in JSON:", string(out))
	// Output:
	// trust: agreement 0.8500, kappa 0.3182, alpha 0.3146
	// norms: agreement 1.0000, kappa undefined, alpha undefined
	// kappa of a code nobody used, in JSON: null
}

func ExampleDisagreements() {
	segments := []agreement.Segment{
		{Coder: "ann", Code: "trust", Document: "article", Span: coding.Span{Start: 0, End: 150}},
		{Coder: "ben", Code: "trust", Document: "article", Span: coding.Span{Start: 100, End: 200}},
	}
	for _, d := range agreement.Disagreements(segments, agreement.Options{
		Coders:    []string{"ann", "ben"},
		Documents: []agreement.Document{{ID: "article", Length: 1000}},
	}) {
		fmt.Println(d)
	}
	// Output:
	// trust in article at [0,100): coded by ann, not by ben
	// trust in article at [150,200): coded by ben, not by ann
}

func ExampleCohenKappa() {
	fmt.Println(agreement.CohenKappa([][]float64{{20, 5}, {10, 15}}))
	// Output: 0.4000
}
