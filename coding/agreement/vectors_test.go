package agreement

import (
	"math"
	"strings"
	"testing"
)

// The published test vectors of /work/shared/agreement-vectors.md; each
// figure must match to 4 decimals (or to the decimals it was published with).

// near reports whether a defined s equals want to within tol.
func near(s Stat, want, tol float64) bool {
	return s.Defined && math.Abs(s.Value-want) <= tol
}

const tol4 = 0.00005 // to 4 decimals

func TestCohenVectors(t *testing.T) {
	tests := []struct {
		name          string
		table         [][]float64
		po, pe, kappa float64
		brennanPredig float64 // 0: not published
	}{
		{name: "1 Wikipedia worked example", table: [][]float64{{20, 5}, {10, 15}}, po: 0.7, pe: 0.5, kappa: 0.4, brennanPredig: 0.4},
		{name: "2 Wikipedia", table: [][]float64{{45, 15}, {25, 15}}, po: 0.6, pe: 0.54, kappa: 0.1304},
		{name: "3 Wikipedia", table: [][]float64{{25, 35}, {5, 35}}, po: 0.6, pe: 0.46, kappa: 0.2593},
		{name: "4 statsmodels SAS 3x3", table: [][]float64{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, po: 13.0 / 19, pe: (5*0 + 8*13 + 6*6) / 361.0, kappa: 0.4842},
		{name: "5 NVivo help", table: [][]float64{{50, 100}, {50, 800}}, po: 0.85, pe: (150*100 + 850*900) / 1e6, kappa: 0.3182},
		{name: "10 Krippendorff 1995 A", table: [][]float64{{10, 0}, {8, 6}}, po: 16.0 / 24, pe: (10*18 + 14*6) / 576.0, kappa: 0.385},
		{name: "11 ATLAS.ti manual", table: [][]float64{{1, 1}, {3, 5}}, po: 0.6, pe: 0.56, kappa: 0.0909},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Published to 3 decimals (vector 10) is checked to 3 decimals.
			kappaTol := tol4
			if s := tt.name; strings.HasPrefix(s, "10 ") {
				kappaTol = 0.0005
			}
			if got := ObservedAgreement(tt.table); !near(got, tt.po, 1e-12) {
				t.Errorf("p_o = %v, want %v", got, tt.po)
			}
			if got := CohenExpected(tt.table); !near(got, tt.pe, 1e-12) {
				t.Errorf("p_e = %v, want %v", got, tt.pe)
			}
			if got := CohenKappa(tt.table); !near(got, tt.kappa, kappaTol) {
				t.Errorf("kappa = %v, want %v", got, tt.kappa)
			}
			if tt.brennanPredig != 0 {
				if got := BrennanPrediger(tt.po, len(tt.table)); !near(got, tt.brennanPredig, tol4) {
					t.Errorf("Brennan-Prediger = %v, want %v", got, tt.brennanPredig)
				}
			}
		})
	}
}

// TestQualCoderBugNotCopied: QualCoder multiplies the chance terms and
// reports 0.213 on the NVivo example; Cohen's kappa is 0.318.
func TestQualCoderBugNotCopied(t *testing.T) {
	got := CohenKappa([][]float64{{50, 100}, {50, 800}})
	if !near(got, 0.318, 0.0005) || near(got, 0.213, 0.01) {
		t.Fatalf("kappa = %v, want Cohen's 0.318, not QualCoder's 0.213", got)
	}
}

// binaryAlphaFormula is the closed form for two coders on binary units with
// no missing values: α = 1 − (n−1)(b+c) / (n₀ n₁).
func binaryAlphaFormula(a, b, c, d float64) float64 {
	n := 2 * (a + b + c + d)
	return 1 - (n-1)*(b+c)/((2*d+b+c)*(2*a+b+c))
}

// binaryData expands a 2×2 table into data[coder][unit] with "1"/"0".
func binaryData(a, b, c, d int) [][]string {
	rows := [][]string{nil, nil}
	add := func(n int, x, y string) {
		for range n {
			rows[0] = append(rows[0], x)
			rows[1] = append(rows[1], y)
		}
	}
	add(a, "1", "1")
	add(b, "1", "0")
	add(c, "0", "1")
	add(d, "0", "0")
	return rows
}

func TestBinaryAlphaVectors(t *testing.T) {
	tests := []struct {
		name       string
		a, b, c, d int
		alpha, tol float64
	}{
		{"5 NVivo help", 50, 100, 50, 800, 0.315, 0.0005},
		{"5 NVivo help, 4 decimals", 50, 100, 50, 800, 0.3146, tol4},
		{"10 Krippendorff 1995 A", 10, 0, 8, 6, 0.329, 0.0005},
		{"10 Krippendorff 1995 A, 4 decimals", 10, 0, 8, 6, 0.3286, tol4},
		{"11 ATLAS.ti manual", 1, 1, 3, 5, 0.0952, tol4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KrippendorffAlphaNominal(binaryData(tt.a, tt.b, tt.c, tt.d))
			if !near(got, tt.alpha, tt.tol) {
				t.Errorf("alpha = %v, want %v", got, tt.alpha)
			}
			closed := binaryAlphaFormula(float64(tt.a), float64(tt.b), float64(tt.c), float64(tt.d))
			if !near(got, closed, 1e-12) {
				t.Errorf("alpha = %v, closed form gives %v", got, closed)
			}
		})
	}
}

var wikipediaFleiss = [][]float64{
	{0, 0, 0, 0, 14},
	{0, 2, 6, 4, 2},
	{0, 0, 3, 5, 6},
	{0, 3, 9, 2, 0},
	{2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},
	{3, 2, 6, 3, 0},
	{2, 5, 3, 2, 2},
	{6, 5, 2, 1, 0},
	{0, 2, 2, 3, 7},
}

// diagnoses is Fleiss (1971), R irr::diagnoses: 30 patients, 6 raters,
// diagnoses 1..5.
var diagnoses = [][]int{
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
	{2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
	{1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
	{2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
	{1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
	{1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
	{1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

// aggregate turns unit × rater category labels 1..k into unit × category counts.
func aggregate(ratings [][]int, k int) [][]float64 {
	counts := make([][]float64, len(ratings))
	for i, r := range ratings {
		counts[i] = make([]float64, k)
		for _, c := range r {
			counts[i][c-1]++
		}
	}
	return counts
}

func TestFleissVectors(t *testing.T) {
	if got := FleissKappa(wikipediaFleiss); !near(got, 0.2099, tol4) {
		t.Errorf("6 Wikipedia: kappa = %v, want 0.2099", got)
	}
	pbar := MeanPairwiseAgreement(wikipediaFleiss)
	if !near(pbar, 0.378, tol4) {
		t.Errorf("6 Wikipedia: P̄ = %v, want 0.378", pbar)
	}
	if got := BrennanPrediger(pbar.Value, 5); !near(got, 0.2225, tol4) {
		t.Errorf("6 Randolph free-marginal kappa = %v, want 0.2225", got)
	}
	if got := FleissKappa(aggregate(diagnoses, 5)); !near(got, 0.4302445, 1e-7) {
		t.Errorf("12 Fleiss 1971 diagnoses: kappa = %v, want 0.4302445", got)
	}
}

// parseCoders reads rows of space-separated values, "." for missing.
func parseCoders(rows ...string) [][]string {
	data := make([][]string, len(rows))
	for i, r := range rows {
		data[i] = strings.Fields(strings.ReplaceAll(r, ".", "_"))
		for j, v := range data[i] {
			if v == "_" {
				data[i][j] = ""
			}
		}
	}
	return data
}

// asNumbers converts parsed values to float64, NaN for missing.
func asNumbers(data [][]string) [][]float64 {
	out := make([][]float64, len(data))
	for i, row := range data {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = math.NaN()
			if v != "" {
				out[i][j] = float64(v[0] - '0')
			}
		}
	}
	return out
}

func TestKrippendorffVectors(t *testing.T) {
	tests := []struct {
		name              string
		data              [][]string
		nominal, interval float64 // interval 0: not published
	}{
		{
			name: "7 Krippendorff 2011",
			data: parseCoders(
				"1 2 3 3 2 1 4 1 2 . . .",
				"1 2 3 3 2 2 4 1 2 5 . 3",
				". 3 3 3 2 3 4 2 2 5 1 .",
				"1 2 3 3 2 4 4 1 2 5 1 ."),
			nominal: 0.7434, interval: 0.8491,
		},
		{
			name: "8 Wikipedia",
			data: parseCoders(
				". . . . . 3 4 1 2 1 1 3 3 . 3",
				"1 . 2 1 3 3 4 3 . . . . . . .",
				". . 2 1 3 4 4 . 2 1 1 3 3 . 4"),
			nominal: 0.6914, interval: 0.8108,
		},
		{
			name:    "9 fast-krippendorff string labels",
			data:    parseCoders("pos neg neu .", "pos neg neu pos", "pos neg pos pos"),
			nominal: 0.7222,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KrippendorffAlphaNominal(tt.data); !near(got, tt.nominal, tol4) {
				t.Errorf("nominal alpha = %v, want %v", got, tt.nominal)
			}
			if tt.interval != 0 {
				if got := KrippendorffAlphaInterval(asNumbers(tt.data)); !near(got, tt.interval, tol4) {
					t.Errorf("interval alpha = %v, want %v", got, tt.interval)
				}
			}
		})
	}
}

func TestCoefficientsUndefined(t *testing.T) {
	tests := []struct {
		name string
		got  Stat
	}{
		{"Cohen, both coders one category (p_e = 1)", CohenKappa([][]float64{{10, 0}, {0, 0}})},
		{"Cohen, empty table", CohenKappa([][]float64{{0, 0}, {0, 0}})},
		{"Cohen, no table", CohenKappa(nil)},
		{"Cohen, ragged table", CohenKappa([][]float64{{1, 2}, {3}})},
		{"Cohen, negative count", CohenKappa([][]float64{{1, -2}, {3, 4}})},
		{"Cohen, NaN count", CohenKappa([][]float64{{1, math.NaN()}, {3, 4}})},
		{"observed, empty table", ObservedAgreement([][]float64{{0}})},
		{"Brennan-Prediger, one category", BrennanPrediger(0.5, 1)},
		{"Brennan-Prediger, p_o > 1", BrennanPrediger(1.5, 2)},
		{"Brennan-Prediger, p_o NaN", BrennanPrediger(math.NaN(), 2)},
		{"Fleiss, every rating in one category", FleissKappa([][]float64{{3, 0}, {3, 0}})},
		{"Fleiss, rows of different n", FleissKappa([][]float64{{3, 0}, {1, 1}})},
		{"Fleiss, one rater", FleissKappa([][]float64{{1, 0}, {0, 1}})},
		{"Fleiss, no units", FleissKappa(nil)},
		{"alpha, one value throughout", KrippendorffAlphaNominal(parseCoders("a a a", "a a a"))},
		{"alpha, nothing pairable", KrippendorffAlphaNominal(parseCoders("a . b", ". c ."))},
		{"alpha, no data", KrippendorffAlphaNominal(nil)},
		{"interval alpha, infinite value", KrippendorffAlphaInterval([][]float64{{1, math.Inf(1)}, {1, 2}})},
	}
	for _, tt := range tests {
		if tt.got.Defined {
			t.Errorf("%s: got %v, want undefined", tt.name, tt.got)
		}
	}
}

func TestCoefficientsPerfectAgreement(t *testing.T) {
	if got := CohenKappa([][]float64{{5, 0}, {0, 7}}); !near(got, 1, 1e-12) {
		t.Errorf("Cohen = %v, want 1", got)
	}
	if got := FleissKappa([][]float64{{3, 0}, {0, 3}}); !near(got, 1, 1e-12) {
		t.Errorf("Fleiss = %v, want 1", got)
	}
	if got := KrippendorffAlphaNominal(parseCoders("a b a", "a b a")); !near(got, 1, 1e-12) {
		t.Errorf("alpha = %v, want 1", got)
	}
}
