package main

import (
	"desktop/marginalia/coding/agreement"
	"encoding/json"
	"flag"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// agreementRow is one row of `agreement --json` (character unit). Kappa
// and alpha are pointers so that JSON null (undefined) stays visible.
type agreementRow struct {
	Code             string         `json:"code"`
	Document         string         `json:"document"`
	Length           int            `json:"length"`
	Coded            map[string]int `json:"coded"`
	All              int            `json:"all"`
	None             int            `json:"none"`
	PercentAgreement *float64       `json:"percent_agreement"`
	Kappa            *float64       `json:"kappa"`
	Alpha            *float64       `json:"alpha"`
}

type agreementReport struct {
	Coders []string       `json:"coders"`
	Unit   string         `json:"unit"`
	Rows   []agreementRow `json:"rows"`
	Codes  []agreementRow `json:"codes"`
}

// counts is a two-coder contingency table over characters: a coded by
// both, b by the first only, c by the second only, d by neither.
type counts struct{ a, b, c, d int }

// cohen is Cohen's kappa from the table, (p_o − p_e) / (1 − p_e); ok is
// false when p_e = 1 and kappa is undefined.
func (k counts) cohen() (kappa float64, ok bool) {
	n := float64(k.a + k.b + k.c + k.d)
	po := float64(k.a+k.d) / n
	first, second := float64(k.a+k.b)/n, float64(k.a+k.c)/n
	pe := first*second + (1-first)*(1-second)
	if pe == 1 {
		return 0, false
	}
	return (po - pe) / (1 - pe), true
}

// alpha is Krippendorff's nominal alpha for two coders with no missing
// values: 1 − (n − 1)·(b + c) / (n_coded · n_uncoded) over n = 2N values.
func (k counts) alpha() (float64, bool) {
	n := float64(2 * (k.a + k.b + k.c + k.d))
	coded, uncoded := float64(2*k.a+k.b+k.c), float64(2*k.d+k.b+k.c)
	if coded == 0 || uncoded == 0 {
		return 0, false
	}
	return 1 - (n-1)*float64(k.b+k.c)/(coded*uncoded), true
}

func agreementJSON(t *testing.T, args ...string) (agreementReport, map[string]any) {
	t.Helper()
	out := mustMG(t, append([]string{"agreement"}, args...)...)
	var r agreementReport
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("agreement --json: %v\n%s", err, out)
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	return r, raw
}

// codeAll adds codings through the CLI: each line is
// "coder|document|code path|start|end".
func codeAll(t *testing.T, project string, lines ...string) {
	t.Helper()
	for _, line := range lines {
		f := strings.Split(line, "|")
		mustMG(t, "code", project, "--coder", f[0], "--document", f[1], "--code", f[2], "--start", f[3], "--end", f[4])
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestAgreementCharacterJSON codes overlapping passages as two coders
// (and a third, unselected one) and checks every count of the character
// report against the spans, and kappa and alpha against their formulas.
func TestAgreementCharacterJSON(t *testing.T) {
	project := projectWithArticles(t)
	start := runeIndex(t, storedText(t, sony), "cyber vandalism", 0)
	q, qEnd := strconv.Itoa(start), strconv.Itoa(start+15)
	codeAll(t, project,
		"alice|"+sony+"|Norms|100|300",
		"alice|"+sony+"|Norms|250|400", // overlaps her first: together [100,400)
		"bob|"+sony+"|Norms|200|500",
		"alice|"+sony+"|Conflict > Sony hack|"+q+"|"+qEnd,
		"bob|"+sony+"|Conflict > Sony hack|"+q+"|"+qEnd,
		"alice|"+setback+"|Trust|0|50",
		"carol|"+sony+"|Norms|0|7036", // not selected: must change nothing
		"carol|"+setback+"|Cooperation|10|20",
	)
	report, raw := agreementJSON(t, project, "--coders", "alice,bob", "--json")

	if !slices.Equal(report.Coders, []string{"alice", "bob"}) || report.Unit != "character" {
		t.Errorf("coders %q unit %q, want [alice bob] character", report.Coders, report.Unit)
	}
	for _, key := range []string{"coders", "unit", "rows", "codes"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("agreement JSON lacks %q", key)
		}
	}
	for _, row := range raw["rows"].([]any) {
		for _, key := range []string{"code", "document", "length", "coded", "all", "none", "percent_agreement", "kappa", "alpha"} {
			if _, ok := row.(map[string]any)[key]; !ok {
				t.Errorf("row %v lacks %q", row, key)
			}
		}
	}

	want := map[rowKey]struct {
		length int
		k      counts // alice as the first coder, bob as the second
	}{
		// alice [100,400), bob [200,500): both [200,400) = 200; alice only
		// [100,200) = 100; bob only [400,500) = 100; neither 7036 − 400.
		{"Norms", sony}:                {sonyLength, counts{200, 100, 100, sonyLength - 400}},
		{"Conflict > Sony hack", sony}: {sonyLength, counts{15, 0, 0, sonyLength - 15}},
		{"Trust", setback}:             {setbackLength, counts{0, 50, 0, setbackLength - 50}},
	}
	got := map[rowKey]agreementRow{}
	for _, r := range report.Rows {
		got[rowKey{r.Code, r.Document}] = r
	}
	if !slices.Equal(slices.SortedFunc(maps.Keys(got), rowKey.compare), slices.SortedFunc(maps.Keys(want), rowKey.compare)) {
		t.Fatalf("rows for %v, want %v", slices.Collect(maps.Keys(got)), slices.Collect(maps.Keys(want)))
	}
	check := func(what string, r agreementRow, length int, k counts) {
		t.Helper()
		if r.Length != length || r.Coded["alice"] != k.a+k.b || r.Coded["bob"] != k.a+k.c || r.All != k.a || r.None != k.d || len(r.Coded) != 2 {
			t.Errorf("%s: length %d coded %v all %d none %d; want %d {alice:%d bob:%d} %d %d",
				what, r.Length, r.Coded, r.All, r.None, length, k.a+k.b, k.a+k.c, k.a, k.d)
		}
		if pa := float64(k.a+k.d) / float64(length); r.PercentAgreement == nil || !near(*r.PercentAgreement, pa) {
			t.Errorf("%s: percent_agreement %v, want %v", what, r.PercentAgreement, pa)
		}
		if kappa, ok := k.cohen(); !ok || r.Kappa == nil || !near(*r.Kappa, kappa) {
			t.Errorf("%s: kappa %v, want Cohen's %v", what, r.Kappa, kappa)
		}
		if alpha, ok := k.alpha(); !ok || r.Alpha == nil || !near(*r.Alpha, alpha) {
			t.Errorf("%s: alpha %v, want %v", what, r.Alpha, alpha)
		}
	}
	for k, w := range want {
		check(k.code+" in "+k.document, got[k], w.length, w.k)
	}

	// Pooled per code over both considered documents (7036 + 4869).
	pooled := setbackLength + sonyLength
	wantCodes := map[string]counts{
		"Norms":                {200, 100, 100, pooled - 400},
		"Conflict > Sony hack": {15, 0, 0, pooled - 15},
		"Trust":                {0, 50, 0, pooled - 50},
	}
	if len(report.Codes) != len(wantCodes) {
		t.Errorf("codes = %d pooled rows, want %d (Cooperation was coded by carol only)", len(report.Codes), len(wantCodes))
	}
	for _, r := range report.Codes {
		k, ok := wantCodes[r.Code]
		if !ok {
			t.Errorf("unexpected pooled code %q", r.Code)
			continue
		}
		check("pooled "+r.Code, r, pooled, k)
	}

	// --documents restricts the study to the articles named.
	only, _ := agreementJSON(t, project, "--coders", "alice,bob", "--documents", setback, "--json")
	if len(only.Rows) != 1 || only.Rows[0].Code != "Trust" || len(only.Codes) != 1 || only.Codes[0].Length != setbackLength {
		t.Errorf("--documents %s: rows %+v codes %+v, want Trust alone over %d characters", setback, only.Rows, only.Codes, setbackLength)
	}
}

// rowKey names one (code, document) row of the report.
type rowKey struct{ code, document string }

func (k rowKey) compare(o rowKey) int {
	if c := strings.Compare(k.code, o.code); c != 0 {
		return c
	}
	return strings.Compare(k.document, o.document)
}

// TestAgreementUndefinedKappaIsNull: when both coders code the whole text,
// chance agreement is 1 and kappa (and alpha) are undefined: JSON null,
// never NaN or 0.
func TestAgreementUndefinedKappaIsNull(t *testing.T) {
	project := projectWithArticles(t)
	codeAll(t, project, "alice|"+sony+"|Norms|0|7036", "bob|"+sony+"|Norms|0|7036")
	report, raw := agreementJSON(t, project, "--json", "--coders", "alice,bob")
	if len(report.Rows) != 1 {
		t.Fatalf("rows = %+v, want one", report.Rows)
	}
	row := raw["rows"].([]any)[0].(map[string]any)
	for _, key := range []string{"kappa", "alpha"} {
		if v, ok := row[key]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want JSON null", key, v, ok)
		}
	}
	if r := report.Rows[0]; r.All != sonyLength || r.None != 0 || r.PercentAgreement == nil || *r.PercentAgreement != 1 {
		t.Errorf("row = %+v, want all %d, none 0, percent_agreement 1", r, sonyLength)
	}
	if _, ok := (counts{sonyLength, 0, 0, 0}).cohen(); ok {
		t.Error("the test's own Cohen formula should call this undefined")
	}
	if table := mustMG(t, "agreement", project, "--coders", "alice,bob"); strings.Contains(table, "NaN") {
		t.Errorf("the table shows NaN for an undefined kappa:\n%s", table)
	}
}

// TestAgreementSegmentUnit: segments match when their intersection over
// union reaches --overlap.
func TestAgreementSegmentUnit(t *testing.T) {
	project := projectWithArticles(t)
	// alice [100,300) vs bob [200,500): 100/400 = 0.25; alice [250,400) vs
	// bob [200,500): 150/300 = 0.5.
	codeAll(t, project, "alice|"+sony+"|Norms|100|300", "alice|"+sony+"|Norms|250|400", "bob|"+sony+"|Norms|200|500")
	type segRow struct {
		Code      string `json:"code"`
		Coder     string `json:"coder"`
		Matched   int    `json:"matched"`
		Unmatched int    `json:"unmatched"`
	}
	type segReport struct {
		Unit    string   `json:"unit"`
		Codes   []segRow `json:"codes"`
		ByCoder []segRow `json:"by_coder"`
	}
	for _, c := range []struct {
		overlap                    string
		matched, unmatched         int
		alice, aliceUn, bob, bobUn int
	}{
		{"0.5", 2, 1, 1, 1, 1, 0}, // alice's second and bob's segment match each other
		{"0.25", 3, 0, 2, 0, 1, 0},
		{"0.9", 0, 3, 0, 2, 0, 1},
	} {
		t.Run("overlap "+c.overlap, func(t *testing.T) {
			var r segReport
			out := mustMG(t, "agreement", project, "--coders", "alice,bob", "--unit", "segment", "--overlap", c.overlap, "--json")
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if r.Unit != "segment" || len(r.Codes) != 1 || r.Codes[0].Code != "Norms" || r.Codes[0].Matched != c.matched || r.Codes[0].Unmatched != c.unmatched {
				t.Errorf("codes = %+v, want Norms matched %d unmatched %d", r.Codes, c.matched, c.unmatched)
			}
			byCoder := map[string][2]int{}
			for _, b := range r.ByCoder {
				byCoder[b.Coder] = [2]int{b.Matched, b.Unmatched}
			}
			if want := map[string][2]int{"alice": {c.alice, c.aliceUn}, "bob": {c.bob, c.bobUn}}; !maps.Equal(byCoder, want) {
				t.Errorf("by coder = %v, want %v", byCoder, want)
			}
		})
	}
	if table := mustMG(t, "agreement", project, "--coders", "alice,bob", "--unit", "segment", "--overlap", "0.5"); !strings.Contains(table, "Norms") || !strings.Contains(table, "alice") {
		t.Errorf("segment table lacks the code or coder:\n%s", table)
	}
}

// TestAgreementTable: without --json a table a person can read, naming
// codes by path and showing the counts.
func TestAgreementTable(t *testing.T) {
	project := projectWithArticles(t)
	codeAll(t, project, "alice|"+sony+"|Norms > Cyber vandalism|100|300", "bob|"+sony+"|Norms > Cyber vandalism|200|500")
	table := mustMG(t, "agreement", "--coders", "alice,bob", project)
	var row string
	for _, line := range strings.Split(table, "\n") {
		if strings.Contains(line, "Norms > Cyber vandalism") && strings.Contains(line, sony) {
			row = line
		}
	}
	if row == "" {
		t.Fatalf("no row for Norms > Cyber vandalism in %s:\n%s", sony, table)
	}
	kappa, _ := counts{100, 100, 200, sonyLength - 400}.cohen()
	for _, cell := range []string{"7036", "200", "300", "6636", agreement.FormatCoefficient(agreement.Of(kappa))} {
		if !strings.Contains(row, cell) {
			t.Errorf("row %q lacks %s", row, cell)
		}
	}
	for _, word := range []string{"alice", "bob"} {
		if !strings.Contains(table, word) {
			t.Errorf("table does not name coder %s:\n%s", word, table)
		}
	}
}

// TestAgreementUnanimity: for three coders the JSON gives unanimity,
// (all + none) / length, beside percent_agreement on every row and
// overall; for two it leaves it out (it would equal percent agreement).
func TestAgreementUnanimity(t *testing.T) {
	project := projectWithArticles(t)
	codeAll(t, project,
		"alice|"+sony+"|Norms|100|300",
		"bob|"+sony+"|Norms|200|500",
		"carol|"+sony+"|Norms|150|250",
	)
	var report struct {
		Rows    []map[string]any `json:"rows"`
		Codes   []map[string]any `json:"codes"`
		Overall map[string]any   `json:"overall"`
	}
	if err := json.Unmarshal([]byte(mustMG(t, "agreement", project, "--coders", "alice,bob,carol", "--json")), &report); err != nil {
		t.Fatal(err)
	}
	// All three coded [200,250); nobody coded outside [100,500).
	wantNorms := float64(50+sonyLength-400) / float64(sonyLength)
	rows := append(append(report.Rows, report.Codes...), report.Overall)
	for _, r := range rows {
		u, ok := r["unanimity"].(float64)
		if !ok {
			t.Errorf("row %v has no unanimity", r)
			continue
		}
		want := (r["all"].(float64) + r["none"].(float64)) / r["length"].(float64)
		if math.Abs(u-want) > 1e-12 {
			t.Errorf("%v: unanimity %v, want (all + none) / length = %v", r["code"], u, want)
		}
		if r["code"] == "Norms" && math.Abs(u-wantNorms) > 1e-12 {
			t.Errorf("Norms: unanimity %v, want %v", u, wantNorms)
		}
		if pa := r["percent_agreement"].(float64); pa <= u {
			t.Errorf("%v: percent agreement %v not above unanimity %v (pairs agree more often than all three)", r["code"], pa, u)
		}
	}
	two := mustMG(t, "agreement", project, "--coders", "alice,bob", "--json")
	if strings.Contains(two, "unanimity") {
		t.Error("two coders: the JSON gives unanimity")
	}
}

// The methods paragraph names the documents --set, --case and --where chose.
func TestFilterPhrase(t *testing.T) {
	for args, want := range map[string]string{
		"--set Pilot":                         `the documents of the set "Pilot"`,
		"--case Li --where affiliation=CICIR": `the documents of the case "Li" and whose attributes meet affiliation=CICIR`,
		"--where year>2014 --where lang=en":   `the documents whose attributes meet year>2014 and lang=en`,
	} {
		fs := flag.NewFlagSet("agreement", flag.ContinueOnError)
		selectionFlags(fs)
		if err := fs.Parse(strings.Fields(args)); err != nil {
			t.Fatal(err)
		}
		if got := filterPhrase(&call{flags: fs}); got != want {
			t.Errorf("%s: %q, want %q", args, got, want)
		}
	}
}
