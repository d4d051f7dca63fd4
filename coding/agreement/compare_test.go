package agreement

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

func sp(start, end int) coding.Span { return coding.Span{Start: start, End: end} }

func segment(coder, code, doc string, start, end int) Segment {
	return Segment{Coder: coder, Code: code, Document: doc, Span: sp(start, end)}
}

// bits turns a string of 0s and 1s into one-rune segments where it has 1s.
func bits(coder, code, doc, pattern string) []Segment {
	var out []Segment
	for i, b := range pattern {
		if b == '1' {
			out = append(out, segment(coder, code, doc, i, i+1))
		}
	}
	return out
}

func twoCoders(docs ...Document) Options {
	return Options{Coders: []string{"A", "B"}, Documents: docs}
}

// wantStats are the figures of one row; a NaN-free zero Stat is undefined.
type wantStats struct {
	percent, kappa, alpha, bp Stat
}

func checkStats(t *testing.T, r Row, want wantStats) {
	t.Helper()
	check := func(name string, got, want Stat) {
		t.Helper()
		if want.Defined != got.Defined || (want.Defined && !near(got, want.Value, tol4)) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("percent agreement", r.PercentAgreement, want.percent)
	check("kappa", r.Kappa, want.kappa)
	check("alpha", r.Alpha, want.alpha)
	check("Brennan-Prediger", r.BrennanPrediger, want.bp)
}

// TestCompareVectors runs the published vectors that are about characters
// through Compare, from segments.
func TestCompareVectors(t *testing.T) {
	tests := []struct {
		name     string
		length   int
		segments []Segment
		all      int
		none     int
		coded    map[string]int
		want     wantStats
	}{
		{
			// Vector 5: 50 both, 100 A only, 50 B only, 800 neither. A's
			// coding is split into overlapping segments, which count once.
			name:   "5 NVivo help",
			length: 1000,
			segments: []Segment{
				segment("A", "trust", "d", 0, 120), segment("A", "trust", "d", 80, 150),
				segment("A", "trust", "d", 10, 20), segment("B", "trust", "d", 100, 200),
			},
			all: 50, none: 800, coded: map[string]int{"A": 150, "B": 100},
			want: wantStats{percent: Of(0.85), kappa: Of(0.3182), alpha: Of(0.3146), bp: Of(0.7)},
		},
		{
			name:     "11 ATLAS.ti manual",
			length:   10,
			segments: append(bits("A", "trust", "d", "1100000000"), bits("B", "trust", "d", "0110010100")...),
			all:      1, none: 5, coded: map[string]int{"A": 2, "B": 4},
			want: wantStats{percent: Of(0.6), kappa: Of(0.0909), alpha: Of(0.0952), bp: Of(0.2)},
		},
		{
			// Vector 10: Krippendorff (1995), example A, Bertha and Bill.
			name:   "10 Krippendorff 1995 A",
			length: 24,
			segments: append(bits("A", "trust", "d", "001111111100001111110000"),
				bits("B", "trust", "d", "000011110000000110000000")...),
			all: 6, none: 10, coded: map[string]int{"A": 14, "B": 6},
			want: wantStats{percent: Of(16.0 / 24), kappa: Of(0.3846), alpha: Of(0.3286), bp: Of(1.0 / 3)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Compare(tt.segments, twoCoders(Document{ID: "d", Length: tt.length}))
			if len(rep.Rows) != 1 || len(rep.Codes) != 1 {
				t.Fatalf("got %d rows and %d code rows, want 1 and 1", len(rep.Rows), len(rep.Codes))
			}
			r := rep.Rows[0]
			if r.Code != "trust" || r.Document != "d" || r.Length != tt.length || r.All != tt.all || r.None != tt.none || !reflect.DeepEqual(r.Coded, tt.coded) {
				t.Errorf("row %+v, want all %d, none %d, coded %v", r, tt.all, tt.none, tt.coded)
			}
			checkStats(t, r, tt.want)
			// One document: pooled per code and overall are the same figures.
			for _, pooled := range []Row{rep.Codes[0], rep.Overall} {
				if pooled.All != r.All || pooled.None != r.None || pooled.Kappa != r.Kappa || pooled.Alpha != r.Alpha {
					t.Errorf("pooled %+v differs from the only row %+v", pooled, r)
				}
			}
		})
	}
}

func TestCompareEdges(t *testing.T) {
	doc := func(n int) []Document { return []Document{{ID: "d", Length: n}} }
	tests := []struct {
		name     string
		docs     []Document
		codes    []string
		segments []Segment
		want     wantStats
		all      int
		none     int
	}{
		{
			name: "code used by nobody", docs: doc(100), codes: []string{"unused"},
			want: wantStats{percent: Of(1), bp: Of(1)}, none: 100,
		},
		{
			name: "both coders code everything identically", docs: doc(100),
			segments: []Segment{segment("A", "c", "d", 0, 100), segment("B", "c", "d", 0, 100)},
			want:     wantStats{percent: Of(1), bp: Of(1)}, all: 100,
		},
		{
			name: "both coders code the same part", docs: doc(100),
			segments: []Segment{segment("A", "c", "d", 10, 30), segment("B", "c", "d", 10, 20), segment("B", "c", "d", 20, 30)},
			want:     wantStats{percent: Of(1), kappa: Of(1), alpha: Of(1), bp: Of(1)}, all: 20, none: 80,
		},
		{
			// a=0, b=10, c=0, d=90: p_e = 0.9 = p_o, so κ = 0;
			// α = 1 − 199·10/(190·10).
			name: "one coder codes nothing", docs: doc(100),
			segments: []Segment{segment("A", "c", "d", 0, 10)},
			want:     wantStats{percent: Of(0.9), kappa: Of(0), alpha: Of(1 - 199.0/190), bp: Of(0.8)}, none: 90,
		},
		{
			name: "document of length 1, agreeing", docs: doc(1),
			segments: []Segment{segment("A", "c", "d", 0, 1), segment("B", "c", "d", 0, 1)},
			want:     wantStats{percent: Of(1), bp: Of(1)}, all: 1,
		},
		{
			// p_o = 0, p_e = 0: κ = 0; n = 2, n₀ = n₁ = 1: α = 1 − 1·1/1 = 0.
			name: "document of length 1, disagreeing", docs: doc(1),
			segments: []Segment{segment("A", "c", "d", 0, 1)},
			want:     wantStats{percent: Of(0), kappa: Of(0), alpha: Of(0), bp: Of(-1)},
		},
		{
			name: "segments past the end are clipped", docs: doc(10),
			segments: []Segment{segment("A", "c", "d", 5, 50), segment("B", "c", "d", 5, 10), segment("B", "c", "d", 12, 20)},
			want:     wantStats{percent: Of(1), kappa: Of(1), alpha: Of(1), bp: Of(1)}, all: 5, none: 5,
		},
		{
			name: "empty document", docs: doc(0),
			codes: []string{"c"},
			want:  wantStats{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := twoCoders(tt.docs...)
			opt.Codes = tt.codes
			rep := Compare(tt.segments, opt)
			if len(rep.Codes) != 1 {
				t.Fatalf("got %d code rows, want 1", len(rep.Codes))
			}
			r := rep.Codes[0]
			if r.All != tt.all || r.None != tt.none {
				t.Errorf("all %d none %d, want %d and %d", r.All, r.None, tt.all, tt.none)
			}
			checkStats(t, r, tt.want)
			if len(tt.segments) == 0 && len(rep.Rows) != 0 {
				t.Errorf("rows for a code nobody applied: %+v", rep.Rows)
			}
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "NaN") || (!tt.want.kappa.Defined && !strings.Contains(string(out), `"kappa":null`)) {
				t.Errorf("JSON %s: want null for an undefined kappa and never NaN", out)
			}
		})
	}
}

// TestCompareThreeCoders checks Fleiss' kappa, mean pairwise agreement and
// alpha for three coders against figures worked out by hand. Units: 0 coded
// by A and B, 1 by A and C, 2 by C, 3 by nobody.
func TestCompareThreeCoders(t *testing.T) {
	segs := []Segment{segment("A", "c", "d", 0, 2), segment("B", "c", "d", 0, 1), segment("C", "c", "d", 1, 3)}
	rep := Compare(segs, Options{Coders: []string{"A", "B", "C"}, Documents: []Document{{ID: "d", Length: 4}}})
	r := rep.Rows[0]
	// P_i = 1/3, 1/3, 1/3, 1 → P̄ = 0.5; p₁ = 5/12, P̄_e = 74/144;
	// κ = (0.5 − 74/144)/(1 − 74/144) = −1/35. Coincidences o₁₁ = 2,
	// o₀₀ = 4, o₀₁ = 3, n₁ = 5, n₀ = 7, n = 12: α = 1 − 11·3/35 = 2/35.
	checkStats(t, r, wantStats{percent: Of(0.5), kappa: Of(-1.0 / 35), alpha: Of(2.0 / 35), bp: Of(0)})
	if !near(r.Unanimity, 0.25, 1e-12) || r.All != 0 || r.None != 1 {
		t.Errorf("unanimity %v all %d none %d, want 0.25, 0, 1", r.Unanimity, r.All, r.None)
	}
	want := map[string]int{"A": 2, "B": 1, "C": 2}
	if !reflect.DeepEqual(r.Coded, want) {
		t.Errorf("coded %v, want %v", r.Coded, want)
	}
}

// TestComparePooling: pooled figures come from the summed tables (the
// concatenated texts), not from the mean of the documents' figures, and a
// document where nobody applied the code adds to None.
func TestComparePooling(t *testing.T) {
	docs := []Document{{ID: "d1", Length: 50}, {ID: "d2", Length: 1000}, {ID: "d3", Length: 30}}
	segs := []Segment{
		// d1: a=20, b=5, c=10, d=15 (vector 1).
		segment("A", "c", "d1", 0, 25), segment("B", "c", "d1", 0, 20), segment("B", "c", "d1", 25, 35),
		// d2: a=50, b=100, c=50, d=800 (vector 5).
		segment("A", "c", "d2", 0, 150), segment("B", "c", "d2", 100, 200),
		// d3: nobody codes c; but A codes another code there.
		segment("A", "other", "d3", 0, 30),
	}
	rep := Compare(segs, twoCoders(docs...))
	if len(rep.Rows) != 3 || len(rep.Codes) != 2 {
		t.Fatalf("got %d rows and %d code rows, want 3 and 2: %+v", len(rep.Rows), len(rep.Codes), rep)
	}
	order := []string{"c/d1", "c/d2", "other/d3"}
	for i, r := range rep.Rows {
		if got := r.Code + "/" + r.Document; got != order[i] {
			t.Errorf("row %d is %s, want %s", i, got, order[i])
		}
	}
	if !near(rep.Rows[0].Kappa, 0.4, tol4) || !near(rep.Rows[1].Kappa, 0.3182, tol4) {
		t.Errorf("per-document kappas %v and %v, want 0.4 and 0.3182", rep.Rows[0].Kappa, rep.Rows[1].Kappa)
	}
	// Summed table: a = 70, b = 105, c = 60, d = 815 + 30.
	c := rep.Codes[0]
	sum := [][]float64{{70, 105}, {60, 845}}
	if c.Code != "c" || c.Document != "" || c.Length != 1080 || c.All != 70 || c.None != 845 || c.Coded["A"] != 175 || c.Coded["B"] != 130 {
		t.Errorf("pooled row %+v", c)
	}
	if want := CohenKappa(sum); !near(c.Kappa, want.Value, 1e-12) {
		t.Errorf("pooled kappa %v, want %v from the summed table", c.Kappa, want)
	}
	if want := binaryAlphaFormula(70, 105, 60, 845); !near(c.Alpha, want, 1e-12) {
		t.Errorf("pooled alpha %v, want %v from the summed table", c.Alpha, want)
	}
	if mean := (0.4 + 0.3182) / 2; near(c.Kappa, mean, 0.001) {
		t.Errorf("pooled kappa %v is the mean of the documents' kappas", c.Kappa)
	}
	// Overall: code c's table plus code other's: A codes d3 (30 of 1080).
	o := rep.Overall
	if o.Code != "" || o.Length != 2160 || o.All != 70 || o.None != 845+1050 || o.Coded["A"] != 205 || o.Coded["B"] != 130 {
		t.Errorf("overall row %+v", o)
	}
	if want := CohenKappa([][]float64{{70, 135}, {60, 1895}}); !near(o.Kappa, want.Value, 1e-12) {
		t.Errorf("overall kappa %v, want %v", o.Kappa, want)
	}
}

func TestCompareSelection(t *testing.T) {
	segs := []Segment{
		segment("A", "z", "d2", 0, 5), segment("B", "z", "d2", 0, 5),
		segment("A", "a", "d1", 0, 5), segment("B", "a", "d2", 0, 5),
		segment("C", "a", "d1", 0, 5),        // coder not selected
		segment("A", "a", "elsewhere", 0, 5), // document not considered
		segment("A", "m", "d1", 0, 0),        // empty
		segment("A", "m", "d1", 20, 30),      // past the end
	}
	opt := Options{
		Coders:    []string{"B", "A", "B"},
		Documents: []Document{{ID: "d2", Length: 10}, {ID: "d1", Length: 10}, {ID: "d2", Length: 99}},
	}
	rep := Compare(segs, opt)
	if !reflect.DeepEqual(rep.Coders, []string{"B", "A"}) {
		t.Errorf("coders %v, want [B A]", rep.Coders)
	}
	var got []string
	for _, r := range rep.Rows {
		got = append(got, r.Code+"/"+r.Document)
	}
	if want := []string{"a/d2", "a/d1", "z/d2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows %v, want %v (codes by ID, documents in the given order)", got, want)
	}
	if len(rep.Codes) != 2 || rep.Codes[0].Length != 20 {
		t.Errorf("code rows %+v, want a and z over 20 runes", rep.Codes)
	}
	// Codes given: their order, unlisted codes ignored, unused ones kept.
	opt.Codes = []string{"z", "unused", "a"}
	rep = Compare(segs, opt)
	got = nil
	for _, r := range rep.Codes {
		got = append(got, r.Code)
	}
	if want := []string{"z", "unused", "a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("code rows %v, want %v", got, want)
	}
	if rep.Overall.Length != 60 {
		t.Errorf("overall length %d, want 3 codes × 20 runes", rep.Overall.Length)
	}
}

func TestCompareFewerThanTwoCoders(t *testing.T) {
	segs := []Segment{segment("A", "c", "d", 0, 5)}
	for _, coders := range [][]string{nil, {"A"}} {
		rep := Compare(segs, Options{Coders: coders, Documents: []Document{{ID: "d", Length: 10}}})
		for _, r := range append(rep.Rows, rep.Overall) {
			if r.PercentAgreement.Defined || r.Kappa.Defined || r.Alpha.Defined || r.BrennanPrediger.Defined {
				t.Errorf("%d coders: %+v has defined statistics", len(coders), r)
			}
		}
	}
}

// TestCompareRealText codes passages of the sample articles, found by
// their text, and of a text with an emoji outside the BMP: counts are runes.
func TestCompareRealText(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "sony-hack-cyber-dialogue.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sony := coding.NormalizeText(string(raw))
	emoji := "Trust 🤝 between states 👩‍💻 is 中国 built."
	texts := map[string]string{"sony": sony, "emoji": emoji}
	// find returns the rune span of the n-th occurrence of s in the text.
	find := func(doc, s string) coding.Span {
		text := texts[doc]
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("%q not in %s", s, doc)
		}
		start := coding.ByteToRune(text, i)
		return sp(start, start+utf8.RuneCountInString(s))
	}
	seg := func(coder, doc, s string) Segment {
		return Segment{Coder: coder, Code: "c", Document: doc, Span: find(doc, s)}
	}
	docs := []Document{
		{ID: "sony", Length: utf8.RuneCountInString(sony)},
		{ID: "emoji", Length: utf8.RuneCountInString(emoji)},
	}
	if docs[0].Length != 7036 {
		t.Fatalf("sample article has %d runes, want 7036", docs[0].Length)
	}
	segs := []Segment{
		seg("A", "emoji", "🤝 between"), seg("B", "emoji", "between states 👩‍💻"),
		seg("A", "emoji", "中国"), seg("B", "emoji", "中国 built."),
	}
	// A passage of the article after its non-ASCII characters.
	last := sony[len(sony)-200:]
	last = last[strings.IndexByte(last, ' ')+1:]
	segs = append(segs, seg("A", "sony", last), seg("B", "sony", last))
	rep := Compare(segs, twoCoders(docs...))
	if len(rep.Rows) != 2 {
		t.Fatalf("rows %+v", rep.Rows)
	}
	sonyRow, emojiRow := rep.Rows[0], rep.Rows[1]
	if n := utf8.RuneCountInString(last); sonyRow.All != n || sonyRow.None != 7036-n || sonyRow.Kappa != Of(1) {
		t.Errorf("sample article row %+v, want %d runes coded by both and kappa 1", sonyRow, n)
	}
	// "🤝 between" is 9 runes; "between states 👩‍💻" is 7+1+6+1+3 = 18
	// (the woman technologist is three code points joined by ZWJ).
	if emojiRow.Coded["A"] != 9+2 || emojiRow.Coded["B"] != 18+9 || emojiRow.All != 7+2 {
		t.Errorf("emoji row %+v, want A 11, B 27, all 9 runes", emojiRow)
	}
	if emojiRow.Length != utf8.RuneCountInString(emoji) || emojiRow.None != emojiRow.Length-(11+27-9) {
		t.Errorf("emoji row %+v: length or none wrong", emojiRow)
	}
}

func TestDisagreements(t *testing.T) {
	segs := []Segment{
		segment("A", "c", "d", 0, 10), segment("B", "c", "d", 5, 15),
		segment("A", "c", "d", 20, 30), segment("B", "c", "d", 20, 30), // agree
		segment("C", "c", "d", 40, 50), // not selected
		segment("B", "b", "d", 3, 4),
	}
	got := Disagreements(segs, twoCoders(Document{ID: "d", Length: 100}))
	want := []Disagreement{
		{Document: "d", Code: "b", Span: sp(3, 4), CodedBy: []string{"B"}, NotCodedBy: []string{"A"}},
		{Document: "d", Code: "c", Span: sp(0, 5), CodedBy: []string{"A"}, NotCodedBy: []string{"B"}},
		{Document: "d", Code: "c", Span: sp(10, 15), CodedBy: []string{"B"}, NotCodedBy: []string{"A"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Three coders (C now selected): a new stretch wherever the set of
	// coders changes; [20,25) where all three agree is no disagreement.
	got = Disagreements(append(segs, segment("C", "c", "d", 12, 25)), Options{
		Coders: []string{"A", "B", "C"}, Documents: []Document{{ID: "d", Length: 100}}, Codes: []string{"c"},
	})
	var spans []string
	for _, d := range got {
		spans = append(spans, d.Span.String()+strings.Join(d.CodedBy, ""))
	}
	if want := []string{"[0,5)A", "[5,10)AB", "[10,12)B", "[12,15)BC", "[15,20)C", "[25,30)AB", "[40,50)C"}; !reflect.DeepEqual(spans, want) {
		t.Errorf("three coders: %v, want %v", spans, want)
	}
	if d := Disagreements(segs, Options{Coders: []string{"A"}, Documents: []Document{{ID: "d", Length: 100}}}); d != nil {
		t.Errorf("one coder: %+v, want none", d)
	}
}

func TestSegmentAgreement(t *testing.T) {
	docs := []Document{{ID: "d", Length: 1000}}
	segs := []Segment{
		segment("A", "c", "d", 0, 100), segment("B", "c", "d", 5, 100), // IoU 0.95
		segment("A", "c", "d", 200, 300), segment("B", "c", "d", 215, 300), // IoU 0.85
		segment("A", "c", "d", 400, 410), segment("B", "c", "d", 400, 409), // IoU exactly 0.9
		segment("A", "c", "d", 500, 600), segment("A", "c", "d", 500, 600), // duplicate, counts once
		segment("A", "x", "d", 0, 100), segment("B", "y", "d", 0, 100), // different codes
	}
	tests := []struct {
		threshold          float64
		wantThreshold      float64
		matched, unmatched int
		byCoderA, byCoderB SegmentCount
	}{
		{threshold: 0, wantThreshold: 0.9, matched: 4, unmatched: 5},
		{threshold: 0.9, wantThreshold: 0.9, matched: 4, unmatched: 5},
		{threshold: 0.8, wantThreshold: 0.8, matched: 6, unmatched: 3},
		{threshold: 1, wantThreshold: 1, matched: 0, unmatched: 9},
		{threshold: 1.5, wantThreshold: 0.9, matched: 4, unmatched: 5},
	}
	for _, tt := range tests {
		rep := SegmentAgreement(segs, twoCoders(docs...), tt.threshold)
		o := rep.Overall
		if rep.Threshold != tt.wantThreshold || o.Matched != tt.matched || o.Unmatched != tt.unmatched ||
			!near(o.Percent, float64(tt.matched)/9, 1e-12) {
			t.Errorf("threshold %v: %+v, want threshold %v, %d matched, %d unmatched", tt.threshold, rep, tt.wantThreshold, tt.matched, tt.unmatched)
		}
	}
	rep := SegmentAgreement(segs, twoCoders(docs...), 0.9)
	codes := map[string]SegmentCount{}
	for _, r := range rep.Codes {
		codes[r.Code] = r.SegmentCount
	}
	if c := codes["c"]; c.Matched != 4 || c.Unmatched != 3 {
		t.Errorf("code c: %+v, want 4 matched, 3 unmatched", c)
	}
	if x := codes["x"]; x.Matched != 0 || x.Unmatched != 1 || x.Percent != Of(0) {
		t.Errorf("code x: %+v, want 0 of 1", x)
	}
	if a, b := rep.ByCoder[0], rep.ByCoder[1]; a.Coder != "A" || a.Matched != 2 || a.Unmatched != 3 || b.Coder != "B" || b.Matched != 2 || b.Unmatched != 2 {
		t.Errorf("by coder: %+v", rep.ByCoder)
	}
	// A code nobody used: its percent is undefined, not 0.
	opt := twoCoders(docs...)
	opt.Codes = []string{"unused"}
	if rep := SegmentAgreement(segs, opt, 0.9); rep.Codes[0].Percent.Defined || rep.Overall.Percent.Defined {
		t.Errorf("unused code: %+v, want undefined percent", rep)
	}
}
