package agreement

import (
	"math"
	"strings"
	"testing"

	"desktop/marginalia/coding"
)

func unit(coder int, category string, start, length int) Unit {
	return Unit{Coder: coder, Category: category, Span: coding.Span{Start: start, End: start + length}}
}

// krippendorff2004 is the unitizing example of Krippendorff, Content
// Analysis, 2nd ed. (2004), p. 254: two coders on the continuum 150–450.
func krippendorff2004() UnitizingStudy {
	return UnitizingStudy{
		Coders:    2,
		Continuum: coding.Span{Start: 150, End: 450},
		Units: []Unit{
			unit(0, "c", 225, 70), unit(0, "c", 370, 30),
			unit(1, "c", 220, 80), unit(1, "c", 355, 20), unit(1, "c", 400, 20),
			unit(0, "k", 180, 60), unit(0, "k", 300, 50),
			unit(1, "k", 180, 60), unit(1, "k", 300, 50),
		},
	}
}

func TestUnitizingAlphaKrippendorff2004(t *testing.T) {
	res, err := UnitizingAlpha(krippendorff2004())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Categories) != 2 {
		t.Fatalf("categories: %v", res)
	}
	c, k := res.Categories[0], res.Categories[1]
	// The book prints 0.8591 = 1 − 0.0144 / (0.0532 + 0.0490), computed from
	// D_o and D_e rounded to 4 decimals; unrounded the same formula gives
	// 0.85867. We report the unrounded figure and check both.
	if !near(res.Alpha, 0.85867, 0.000005) {
		t.Errorf("alpha = %.6f, want 0.85867 (%v)", res.Alpha.Value, res)
	}
	round4 := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	if book := 1 - round4(c.Observed)/(round4(c.Expected)+round4(k.Expected)); !near(Of(book), 0.8591, tol4) {
		t.Errorf("alpha from rounded D_o and D_e = %.4f, want the published 0.8591", book)
	}
	if c.Category != "c" || !near(Of(c.Observed), 0.0144, tol4) || !near(Of(c.Expected), 0.0532, tol4) || !near(c.Alpha, 0.7286, tol4) {
		t.Errorf("category c: %+v, want D_o 0.0144, D_e 0.0532, alpha 0.7286", c)
	}
	if k.Category != "k" || k.Observed != 0 || !near(Of(k.Expected), 0.0490, tol4) || !near(k.Alpha, 1, 1e-12) {
		t.Errorf("category k: %+v, want D_o 0, D_e 0.0490, alpha 1", k)
	}
}

// TestUnitizingObservedKrippendorff1995 checks D_o on the four pairs of
// coders of Krippendorff (1995, p. 57), as dkpro-statistics does.
func TestUnitizingObservedKrippendorff1995(t *testing.T) {
	study := UnitizingStudy{Coders: 2, Continuum: coding.Span{Start: 0, End: 24}, Units: []Unit{
		unit(0, "A", 2, 8), unit(0, "A", 14, 6), unit(1, "A", 4, 4), unit(1, "A", 15, 2),
		unit(0, "B", 0, 18), unit(1, "B", 0, 2), unit(1, "B", 2, 1), unit(1, "B", 3, 1),
		unit(1, "B", 4, 1), unit(1, "B", 5, 1), unit(1, "B", 6, 3), unit(1, "B", 9, 1),
		unit(0, "C", 2, 6), unit(0, "C", 10, 2), unit(0, "C", 14, 4), unit(0, "C", 20, 2),
		unit(1, "C", 0, 2), unit(1, "C", 4, 4), unit(1, "C", 10, 4), unit(1, "C", 16, 2), unit(1, "C", 20, 2),
		unit(0, "D", 0, 2), unit(0, "D", 2, 8), unit(0, "D", 10, 4), unit(0, "D", 14, 6), unit(0, "D", 20, 4),
		unit(1, "D", 0, 4), unit(1, "D", 4, 4), unit(1, "D", 8, 7), unit(1, "D", 15, 2), unit(1, "D", 17, 7),
	}}
	res, err := UnitizingAlpha(study)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
	for _, c := range res.Categories {
		if !near(Of(c.Observed), want[c.Category], 0.00001) {
			t.Errorf("category %s: D_o = %.5f, want %.5f", c.Category, c.Observed, want[c.Category])
		}
	}
}

func TestUnitizingAlphaEdges(t *testing.T) {
	span := func(s, e int) coding.Span { return coding.Span{Start: s, End: e} }
	tests := []struct {
		name    string
		study   UnitizingStudy
		wantErr string
		alpha   Stat
	}{
		{name: "identical units", alpha: Of(1), study: UnitizingStudy{Coders: 2, Continuum: span(0, 10),
			Units: []Unit{unit(0, "x", 2, 3), unit(1, "x", 2, 3)}}},
		{name: "touching units are two units", alpha: Of(1), study: UnitizingStudy{Coders: 2, Continuum: span(0, 10),
			Units: []Unit{unit(0, "x", 2, 3), unit(0, "x", 5, 3), unit(1, "x", 2, 3), unit(1, "x", 5, 3)}}},
		{name: "no units", alpha: Undefined(), study: UnitizingStudy{Coders: 2, Continuum: span(0, 10)}},
		{name: "one coder", alpha: Undefined(), study: UnitizingStudy{Coders: 1, Continuum: span(0, 10),
			Units: []Unit{unit(0, "x", 2, 3)}}},
		{name: "empty continuum", wantErr: "continuum", study: UnitizingStudy{Coders: 2, Continuum: span(5, 5)}},
		{name: "unit outside", wantErr: "unit 0", study: UnitizingStudy{Coders: 2, Continuum: span(0, 10),
			Units: []Unit{unit(0, "x", 8, 3)}}},
		{name: "bad coder", wantErr: "coder 2", study: UnitizingStudy{Coders: 2, Continuum: span(0, 10),
			Units: []Unit{unit(2, "x", 1, 3)}}},
		{name: "overlap", wantErr: "[1,4) and [3,5) overlap", study: UnitizingStudy{Coders: 2, Continuum: span(0, 10),
			Units: []Unit{unit(0, "x", 3, 2), unit(0, "x", 1, 3)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := UnitizingAlpha(tt.study)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Alpha != tt.alpha {
				t.Errorf("alpha = %v, want %v", res.Alpha, tt.alpha)
			}
		})
	}
}
