package agreement

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"desktop/marginalia/coding"
)

// Unit is one stretch of the continuum that a coder marked with a category,
// the input of UnitizingAlpha.
type Unit struct {
	Coder    int // index in [0, UnitizingStudy.Coders)
	Category string
	coding.Span
}

// UnitizingStudy is what UnitizingAlpha measures: Coders coders who each
// marked units on the continuum [Continuum.Start, Continuum.End). Units of
// one coder and one category must not overlap (they may touch); a coder who
// marked nothing of a category left the whole continuum as one gap.
type UnitizingStudy struct {
	Coders    int
	Continuum coding.Span
	Units     []Unit
}

// CategoryAlpha is the unitizing alpha of one category with its observed
// (D_o) and expected (D_e) disagreement.
type CategoryAlpha struct {
	Category string
	Observed float64
	Expected float64
	Alpha    Stat
}

// UnitizingResult is the outcome of UnitizingAlpha: the alpha over all
// categories, 1 − Σ_c D_o,c / Σ_c D_e,c, and each category's own figures,
// sorted by category.
type UnitizingResult struct {
	Alpha      Stat
	Categories []CategoryAlpha
}

// section is a unit (isUnit) or a gap in one coder's partition of the
// continuum for one category.
type section struct {
	coding.Span
	isUnit bool
}

// UnitizingAlpha is Krippendorff's alpha for unitizing a continuum (the
// version of Content Analysis, 2nd ed., 2004, pp. 251–256; see the package
// documentation for the formulas). It returns an error naming the offending
// unit when the study is malformed: an empty continuum, a unit outside it or
// empty, a coder index out of range, or two overlapping units of one coder in
// one category. With fewer than two coders every alpha is undefined.
func UnitizingAlpha(study UnitizingStudy) (UnitizingResult, error) {
	var res UnitizingResult
	cont := study.Continuum
	if cont.Empty() {
		return res, fmt.Errorf("unitizing alpha: the continuum %v is empty", cont)
	}
	byCategory := map[string][][]coding.Span{} // category → coder → units
	for i, u := range study.Units {
		switch {
		case u.Coder < 0 || u.Coder >= study.Coders:
			return res, fmt.Errorf("unitizing alpha: unit %d: coder %d is not in [0, %d)", i, u.Coder, study.Coders)
		case u.Empty() || u.Start < cont.Start || u.End > cont.End:
			return res, fmt.Errorf("unitizing alpha: unit %d: %v is empty or outside the continuum %v", i, u.Span, cont)
		}
		perCoder := byCategory[u.Category]
		if perCoder == nil {
			perCoder = make([][]coding.Span, study.Coders)
			byCategory[u.Category] = perCoder
		}
		perCoder[u.Coder] = append(perCoder[u.Coder], u.Span)
	}
	categories := make([]string, 0, len(byCategory))
	for c := range byCategory {
		categories = append(categories, c)
	}
	slices.Sort(categories)
	sumObserved, sumExpected := 0.0, 0.0
	for _, c := range categories {
		partitions := make([][]section, study.Coders)
		for coder, units := range byCategory[c] {
			p, err := partition(cont, units)
			if err != nil {
				return UnitizingResult{}, fmt.Errorf("unitizing alpha: coder %d, category %q: %w", coder, c, err)
			}
			partitions[coder] = p
		}
		ca := CategoryAlpha{Category: c}
		if study.Coders >= 2 {
			ca.Observed = unitizingObserved(partitions, cont.Len())
			ca.Expected = unitizingExpected(partitions, cont.Len())
			if ca.Expected > 0 {
				ca.Alpha = Of(1 - ca.Observed/ca.Expected)
			}
			sumObserved += ca.Observed
			sumExpected += ca.Expected
		}
		res.Categories = append(res.Categories, ca)
	}
	if sumExpected > 0 {
		res.Alpha = Of(1 - sumObserved/sumExpected)
	}
	return res, nil
}

// partition sorts one coder's units of one category and fills the gaps
// between them, giving sections that tile the continuum.
func partition(cont coding.Span, units []coding.Span) ([]section, error) {
	units = slices.Clone(units)
	slices.SortFunc(units, func(a, b coding.Span) int { return a.Start - b.Start })
	var out []section
	pos := cont.Start
	for _, u := range units {
		if u.Start < pos {
			return nil, fmt.Errorf("units %v and %v overlap", out[len(out)-1].Span, u)
		}
		if u.Start > pos {
			out = append(out, section{Span: coding.Span{Start: pos, End: u.Start}})
		}
		out = append(out, section{Span: u, isUnit: true})
		pos = u.End
	}
	if pos < cont.End {
		out = append(out, section{Span: coding.Span{Start: pos, End: cont.End}})
	}
	return out, nil
}

// unitizingObserved is D_o,c = Σ_{i≠j} Σ_g Σ_h δ²(g, h) / (m(m−1)L²) over
// ordered pairs of coders; only overlapping sections can differ, so each
// pair of partitions is merged in one sweep.
func unitizingObserved(partitions [][]section, length int) float64 {
	m := len(partitions)
	sum := 0.0
	for i := range m {
		for j := i + 1; j < m; j++ {
			a, b := partitions[i], partitions[j]
			for p, q := 0, 0; p < len(a) && q < len(b); {
				sum += sectionDistance(a[p], b[q])
				ea, eb := a[p].End, b[q].End
				if ea <= eb {
					p++
				}
				if eb <= ea {
					q++
				}
			}
		}
	}
	l := float64(length)
	return 2 * sum / (float64(m*(m-1)) * l * l)
}

// sectionDistance is Krippendorff's δ² between overlapping sections g and h
// of two coders: for two units (b_g − b_h)² + (e_g − e_h)²; for a unit
// inside the other coder's gap its squared length; otherwise 0.
func sectionDistance(g, h section) float64 {
	switch {
	case g.isUnit && h.isUnit:
		ds, de := float64(g.Start-h.Start), float64(g.End-h.End)
		return ds*ds + de*de
	case g.isUnit && h.Start <= g.Start && g.End <= h.End:
		l := float64(g.Len())
		return l * l
	case h.isUnit && g.Start <= h.Start && h.End <= g.End:
		l := float64(h.Len())
		return l * l
	}
	return 0
}

// unitizingExpected is
//
//	D_e,c = (2/L) Σ_units [ (N_c−1)(2l³−3l²+l)/3 + l² Σ_{gaps γ ≥ l} (γ−l+1) ]
//	        / [ mL(mL−1) − Σ_units l(l−1) ]
//
// over the units of category c of all coders (N_c of them, lengths l) and
// the gaps of all coders' partitions (lengths γ).
func unitizingExpected(partitions [][]section, length int) float64 {
	var units, gaps []float64
	for _, p := range partitions {
		for _, s := range p {
			if s.isUnit {
				units = append(units, float64(s.Len()))
			} else {
				gaps = append(gaps, float64(s.Len()))
			}
		}
	}
	sort.Float64s(gaps)
	// suffix[i] = Σ gaps[i:], so the gaps of length ≥ l sum in O(log n).
	suffix := make([]float64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + gaps[i]
	}
	nc := float64(len(units))
	num, within := 0.0, 0.0
	for _, l := range units {
		first := sort.SearchFloat64s(gaps, l)
		fitting := float64(len(gaps) - first)
		num += (nc-1)*(2*l*l*l-3*l*l+l)/3 + l*l*(suffix[first]-(l-1)*fitting)
		within += l * (l - 1)
	}
	ml := float64(len(partitions)) * float64(length)
	den := ml*(ml-1) - within
	if den <= 0 {
		return 0
	}
	return 2 / float64(length) * num / den
}

// String lists the per-category figures, for test failures and logs.
func (r UnitizingResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "alpha %v", r.Alpha)
	for _, c := range r.Categories {
		fmt.Fprintf(&b, "; %q: D_o %.4f D_e %.4f alpha %v", c.Category, c.Observed, c.Expected, c.Alpha)
	}
	return b.String()
}
