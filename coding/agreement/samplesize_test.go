package agreement

import (
	"math"
	"testing"
)

// TestRequiredUnitsPublished checks the planner against the values of
// Krippendorff's table of minimum sample sizes as reproduced in ATLAS.ti's
// inter-coder agreement manual ("Sample Size and Decision Rules"): four
// equally used values (P_c = 0.25), two coders, p = 0.05.
func TestRequiredUnitsPublished(t *testing.T) {
	for _, tc := range []struct {
		alphaMin, level, pc float64
		want                int
	}{
		{0.800, 0.05, 0.25, 139},
		{0.667, 0.05, 0.25, 81},
	} {
		plan, err := RequiredUnits(tc.alphaMin, tc.level, tc.pc, 2)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Units != tc.want {
			t.Errorf("RequiredUnits(%v, %v, %v) = %d, want %d (published)", tc.alphaMin, tc.level, tc.pc, plan.Units, tc.want)
		}
	}
}

// TestRequiredUnitsWorked checks other cells against the formula worked by
// hand (z = 1.6449 for p = 0.05, 2.3263 for p = 0.01).
func TestRequiredUnitsWorked(t *testing.T) {
	for _, tc := range []struct {
		alphaMin, level, pc float64
		coders              int
		want                int
	}{
		// 2·1.6449²·(1.8·2.2/(4·0.2·0.25) − 0.8) = 5.4111·19 = 102.8
		{0.8, 0.05, 0.5, 2, 103},
		// 2·2.3263²·(1.8·2.2/(4·0.2·0.09) − 0.8) = 10.8239·54.2 = 586.7
		{0.8, 0.01, 0.1, 2, 587},
		// three coders: 3·1.6449²·19 = 154.2
		{0.8, 0.05, 0.5, 3, 155},
	} {
		plan, err := RequiredUnits(tc.alphaMin, tc.level, tc.pc, tc.coders)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Units != tc.want {
			t.Errorf("RequiredUnits(%v, %v, %v, %d) = %d, want %d", tc.alphaMin, tc.level, tc.pc, tc.coders, plan.Units, tc.want)
		}
	}
	plan, _ := RequiredUnits(0.8, 0.05, 0.5, 2)
	if math.Abs(plan.Z-1.6448536) > 1e-6 {
		t.Errorf("z for p = 0.05 is %v, want 1.6448536", plan.Z)
	}
}

func TestRequiredUnitsGrowsWithDemands(t *testing.T) {
	base, _ := RequiredUnits(0.8, 0.05, 0.25, 2)
	for _, tc := range []struct {
		name                string
		alphaMin, level, pc float64
	}{
		{"a higher minimum", 0.9, 0.05, 0.25},
		{"a smaller significance level", 0.8, 0.01, 0.25},
		{"a rarer value", 0.8, 0.05, 0.1},
	} {
		plan, _ := RequiredUnits(tc.alphaMin, tc.level, tc.pc, 2)
		if plan.Units <= base.Units {
			t.Errorf("%s needs %d units, no more than the %d of α 0.8, p 0.05, P_c 0.25", tc.name, plan.Units, base.Units)
		}
	}
}

func TestRequiredUnitsRefusesNonsense(t *testing.T) {
	for _, tc := range []struct {
		alphaMin, level, pc float64
		coders              int
	}{
		{1, 0.05, 0.5, 2}, {0, 0.05, 0.5, 2}, {0.8, 0, 0.5, 2}, {0.8, 0.6, 0.5, 2},
		{0.8, 0.05, 0, 2}, {0.8, 0.05, 0.7, 2}, {0.8, 0.05, 0.5, 1}, {math.NaN(), 0.05, 0.5, 2},
	} {
		if _, err := RequiredUnits(tc.alphaMin, tc.level, tc.pc, tc.coders); err == nil {
			t.Errorf("RequiredUnits(%v, %v, %v, %d) gave no error", tc.alphaMin, tc.level, tc.pc, tc.coders)
		}
	}
}
