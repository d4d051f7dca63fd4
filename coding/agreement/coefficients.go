package agreement

import "math"

// This file holds the coefficients computed from tables and data, as the
// literature defines them. Compare builds such tables from codings and calls
// the same code. Malformed input (a ragged or non-square table, a negative,
// NaN or infinite count) gives Undefined, never a panic.

// table is a validated k×k contingency table with its margins.
type table struct {
	n          float64   // total count
	diag       float64   // count on the diagonal (agreements)
	rows, cols []float64 // margins
}

// readTable checks that t is a non-empty square table of finite,
// non-negative counts and sums it up.
func readTable(t [][]float64) (table, bool) {
	k := len(t)
	tab := table{rows: make([]float64, k), cols: make([]float64, k)}
	if k == 0 {
		return tab, false
	}
	for i, row := range t {
		if len(row) != k {
			return tab, false
		}
		for j, v := range row {
			if !validCount(v) {
				return tab, false
			}
			tab.n += v
			tab.rows[i] += v
			tab.cols[j] += v
			if i == j {
				tab.diag += v
			}
		}
	}
	return tab, tab.n > 0
}

func validCount(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }

// chance is Σ_i rows_i·cols_i, N² times the expected agreement.
func (t table) chance() float64 {
	s := 0.0
	for i := range t.rows {
		s += t.rows[i] * t.cols[i]
	}
	return s
}

// ObservedAgreement is the share of a k×k contingency table on its diagonal
// (p_o). table[i][j] counts the units coder A put in category i and coder B
// in category j. It is undefined for an empty or malformed table.
func ObservedAgreement(t [][]float64) Stat {
	tab, ok := readTable(t)
	if !ok {
		return Undefined()
	}
	return ratio(tab.diag, tab.n)
}

// CohenExpected is Cohen's chance agreement of a k×k contingency table:
// p_e = Σ_i (row_i · col_i) / N². It is undefined for an empty or malformed
// table.
func CohenExpected(t [][]float64) Stat {
	tab, ok := readTable(t)
	if !ok {
		return Undefined()
	}
	return ratio(tab.chance(), tab.n*tab.n)
}

// CohenKappa is Cohen's kappa of a k×k contingency table (see
// ObservedAgreement for its layout): κ = (p_o − p_e) / (1 − p_e). It is
// undefined when p_e = 1 (both coders put every unit in one and the same
// category), for an empty table and for a malformed one.
func CohenKappa(t [][]float64) Stat {
	tab, ok := readTable(t)
	if !ok {
		return Undefined()
	}
	// Multiplied through by N² to keep integer counts exact as long as possible.
	chance := tab.chance()
	return ratio(tab.n*tab.diag-chance, tab.n*tab.n-chance)
}

// BrennanPrediger is the free-marginal kappa of Brennan and Prediger (1981),
// which MAXQDA reports: κ_BP = (p_o − 1/q) / (1 − 1/q) for an observed
// agreement p_o and q categories. With p_o the mean pairwise agreement of
// three or more coders it is Randolph's free-marginal multirater kappa. It is
// undefined when q < 2 or p_o is not in [0, 1] or is undefined.
func BrennanPrediger(po float64, q int) Stat {
	if q < 2 || !(po >= 0 && po <= 1) {
		return Undefined()
	}
	chance := 1 / float64(q)
	return Of((po - chance) / (1 - chance))
}

// fleiss holds the two parts of Fleiss' kappa.
type fleiss struct {
	observed Stat // P̄, the mean over units of the pairwise agreement P_i
	expected Stat // P̄_e = Σ_j p_j²
}

// kappa is (P̄ − P̄_e) / (1 − P̄_e), undefined when P̄_e = 1.
func (f fleiss) kappa() Stat {
	if !f.observed.Defined || !f.expected.Defined {
		return Undefined()
	}
	return ratio(f.observed.Value-f.expected.Value, 1-f.expected.Value)
}

// fleissOf computes Fleiss' parts from rows of per-category counts, row i
// standing for weight[i] units (nil weight: 1 each). Every row must count the
// same number n ≥ 2 of ratings.
func fleissOf(counts [][]float64, weight []float64) fleiss {
	if len(counts) == 0 {
		return fleiss{}
	}
	k := len(counts[0])
	n := -1.0
	units, agree := 0.0, 0.0
	perCategory := make([]float64, k)
	for i, row := range counts {
		if len(row) != k {
			return fleiss{}
		}
		w := 1.0
		if weight != nil {
			w = weight[i]
		}
		sum, squares := 0.0, 0.0
		for j, v := range row {
			if !validCount(v) {
				return fleiss{}
			}
			sum += v
			squares += v * v
			perCategory[j] += w * v
		}
		if n < 0 {
			n = sum
		}
		if sum != n || n < 2 || !validCount(w) {
			return fleiss{}
		}
		units += w
		agree += w * (squares - n) / (n * (n - 1))
	}
	if units == 0 {
		return fleiss{}
	}
	expected := 0.0
	for _, c := range perCategory {
		p := c / (units * n)
		expected += p * p
	}
	return fleiss{observed: Of(agree / units), expected: Of(expected)}
}

// FleissKappa is Fleiss' kappa for units rated by the same number n ≥ 2 of
// raters: counts[i][j] is how many raters put unit i in category j, and every
// row must sum to n. P_i = (Σ_j n_ij² − n) / (n(n−1)), P̄ = mean P_i,
// p_j = Σ_i n_ij / (N·n), P̄_e = Σ_j p_j², κ = (P̄ − P̄_e) / (1 − P̄_e).
// It is undefined when P̄_e = 1 (every rating in one category), when the
// rows do not all sum to the same n ≥ 2, and for malformed input.
func FleissKappa(counts [][]float64) Stat { return fleissOf(counts, nil).kappa() }

// MeanPairwiseAgreement is P̄ of Fleiss' kappa for the same counts as
// FleissKappa: the mean over units of the share of agreeing rater pairs.
// For two raters it is the plain percent agreement. BrennanPrediger of it
// with q categories is Randolph's free-marginal multirater kappa.
func MeanPairwiseAgreement(counts [][]float64) Stat { return fleissOf(counts, nil).observed }

// coincidences builds Krippendorff's coincidence matrix from units, each the
// list of category indices (in [0, k)) the coders who coded it gave. Units
// with fewer than two values are not pairable and add nothing.
func coincidences(units [][]int, k int) [][]float64 {
	o := square(k)
	count := make([]float64, k)
	for _, values := range units {
		m := float64(len(values))
		if m < 2 {
			continue
		}
		clear(count)
		for _, v := range values {
			count[v]++
		}
		for c := range k {
			if count[c] == 0 {
				continue
			}
			for d := range k {
				pairs := count[c] * count[d]
				if c == d {
					pairs = count[c] * (count[c] - 1)
				}
				o[c][d] += pairs / (m - 1)
			}
		}
	}
	return o
}

func square(k int) [][]float64 {
	o := make([][]float64, k)
	for i := range o {
		o[i] = make([]float64, k)
	}
	return o
}

// alphaFromCoincidences is Krippendorff's alpha of a coincidence matrix o
// with squared distances delta: α = 1 − (n−1) Σ o_ck δ_ck / Σ n_c n_k δ_ck.
// It is undefined when fewer than two values are pairable or when the
// expected disagreement is 0 (a single value throughout).
func alphaFromCoincidences(o [][]float64, delta func(c, k int) float64) Stat {
	k := len(o)
	margin := make([]float64, k)
	n := 0.0
	for c := range k {
		for d := range k {
			margin[c] += o[c][d]
		}
		n += margin[c]
	}
	observed, expected := 0.0, 0.0
	for c := range k {
		for d := range k {
			if dist := delta(c, d); dist != 0 {
				observed += o[c][d] * dist
				expected += margin[c] * margin[d] * dist
			}
		}
	}
	if n < 2 {
		return Undefined()
	}
	return ratio(expected-(n-1)*observed, expected)
}

func nominal(c, k int) float64 {
	if c == k {
		return 0
	}
	return 1
}

// KrippendorffAlphaNominal is Krippendorff's alpha with the nominal metric
// for data[coder][unit], "" marking a missing value. Any number of coders;
// units with fewer than two values are left out. A row shorter than the
// longest is missing its remaining units. It is undefined when fewer than two
// values are pairable or only one value occurs in pairable units.
func KrippendorffAlphaNominal(data [][]string) Stat {
	index := map[string]int{}
	units := unitsOf(data, func(s string) (int, bool) {
		if s == "" {
			return 0, false
		}
		i, ok := index[s]
		if !ok {
			i = len(index)
			index[s] = i
		}
		return i, true
	})
	return alphaFromCoincidences(coincidences(units, len(index)), nominal)
}

// KrippendorffAlphaInterval is Krippendorff's alpha with the interval metric
// δ²(c, k) = (c − k)² for data[coder][unit], NaN marking a missing value.
// Otherwise as KrippendorffAlphaNominal; an infinite value makes it undefined.
func KrippendorffAlphaInterval(data [][]float64) Stat {
	index := map[float64]int{}
	var values []float64
	infinite := false
	units := unitsOf(data, func(v float64) (int, bool) {
		if math.IsNaN(v) {
			return 0, false
		}
		infinite = infinite || math.IsInf(v, 0)
		i, ok := index[v]
		if !ok {
			i = len(values)
			index[v] = i
			values = append(values, v)
		}
		return i, true
	})
	if infinite {
		return Undefined()
	}
	return alphaFromCoincidences(coincidences(units, len(values)), func(c, k int) float64 {
		d := values[c] - values[k]
		return d * d
	})
}

// unitsOf turns data[coder][unit] into per-unit lists of category indices,
// leaving out values category reports as missing.
func unitsOf[T any](data [][]T, category func(T) (int, bool)) [][]int {
	n := 0
	for _, row := range data {
		n = max(n, len(row))
	}
	units := make([][]int, n)
	for u := range units {
		for _, row := range data {
			if u >= len(row) {
				continue
			}
			if c, ok := category(row[u]); ok {
				units[u] = append(units[u], c)
			}
		}
	}
	return units
}
