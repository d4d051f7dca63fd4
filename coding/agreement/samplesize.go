package agreement

import (
	"fmt"
	"math"
)

// SampleSizeSource cites the formula RequiredUnits implements.
const SampleSizeSource = "Krippendorff (2004; 2013), table of minimum sample sizes, after Bloch & Kraemer (1989, eq. 3.7)"

// SampleSizeFormula is the formula, written out for people.
const SampleSizeFormula = "N = m·z²·[(1 + α_min)(3 − α_min) / (4(1 − α_min)·P_c(1 − P_c)) − α_min], z the one-tailed normal quantile of the significance level, m the number of coders"

// DefaultPc is the share of the rarer value that the planner assumes when
// told nothing: a code applied to half the units, the most favourable case.
// Rarer codes need more units.
const DefaultPc = 0.5

// SampleSizePlan is how many units must be double-coded for alpha to be
// shown above AlphaMin at significance Level, when the rarer value of a
// code (coded or not) has probability Pc.
type SampleSizePlan struct {
	AlphaMin float64
	Level    float64 // the significance level, e.g. 0.05
	Pc       float64
	Coders   int
	Z        float64 // the one-tailed normal quantile of 1 − Level
	Units    int     // the minimum number of units to double-code
}

// RequiredUnits computes the minimum number of units (items coders decide
// about) that coders must all code for Krippendorff's alpha to be shown
// above alphaMin at the significance level, when the least frequent value
// has probability pc (Krippendorff's table of minimum sample sizes in
// Content Analysis, 2004 and 2013, which follows Bloch & Kraemer 1989,
// eq. 3.7): with z the one-tailed standard normal quantile of
// 1 − level,
//
//	N = m·z²·[(1 + α_min)(3 − α_min) / (4(1 − α_min)·P_c(1 − P_c)) − α_min]
//
// rounded up, where m is the number of coders (2 in Krippendorff's table;
// for more coders z² is multiplied by their number, as ATLAS.ti's manual
// advises). For α_min = 0.800, p = 0.05 and P_c = 0.25 (four equally used
// values) it gives the table's 139; for α_min = 0.667, 81.
func RequiredUnits(alphaMin, level, pc float64, coders int) (SampleSizePlan, error) {
	plan := SampleSizePlan{AlphaMin: alphaMin, Level: level, Pc: pc, Coders: coders}
	switch {
	case !(alphaMin > 0 && alphaMin < 1):
		return plan, fmt.Errorf("the smallest acceptable alpha %v must be between 0 and 1", alphaMin)
	case !(level > 0 && level < 0.5):
		return plan, fmt.Errorf("the significance level %v must be between 0 and 0.5, e.g. 0.05", level)
	case !(pc > 0 && pc <= 0.5):
		return plan, fmt.Errorf("the probability of the rarer value %v must be above 0 and at most 0.5", pc)
	case coders < 2:
		return plan, fmt.Errorf("a reliability sample needs at least two coders (got %d)", coders)
	}
	plan.Z = math.Sqrt2 * math.Erfinv(1-2*level)
	n := float64(coders) * plan.Z * plan.Z *
		((1+alphaMin)*(3-alphaMin)/(4*(1-alphaMin)*pc*(1-pc)) - alphaMin)
	plan.Units = int(math.Ceil(n - 1e-9))
	return plan, nil
}
