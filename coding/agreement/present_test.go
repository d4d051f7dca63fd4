package agreement

import "testing"

func TestBandOf(t *testing.T) {
	for _, tc := range []struct {
		stat Stat
		want Band
	}{
		{Undefined(), Grey},
		{Of(-0.2), Red},
		{Of(0.39), Red},
		{Of(0.394), Red},
		{Of(0.395), Amber}, // shown as 0.40
		{Of(0.4), Amber},
		{Of(0.59), Amber},
		{Of(0.6), YellowGreen},
		{Of(0.7949), YellowGreen},
		{Of(0.7951), Green}, // shown as 0.80
		{Of(0.8), Green},
		{Of(1), Green},
	} {
		if got := BandOf(tc.stat); got != tc.want {
			t.Errorf("BandOf(%v) = %s, want %s", tc.stat, got, tc.want)
		}
	}
}

func TestBandRangesMeet(t *testing.T) {
	bands := Bands()
	for i, b := range bands[1:] {
		_, below := bands[i].Range()
		if from, _ := b.Range(); from != below {
			t.Errorf("%s ends below %v but %s starts at %v", bands[i], below, b, from)
		}
	}
	want := "red below 0.40, amber from 0.40 to below 0.60, yellow-green from 0.60 to below 0.80, green from 0.80, grey when undefined"
	if got := BandLegend(); got != want {
		t.Errorf("BandLegend() = %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{FormatCoefficient(Of(0.36817)), "0.37"},
		{FormatCoefficient(Of(-0.0007)), "0.00"},
		{FormatCoefficient(Of(-0.125)), "-0.13"},
		{FormatCoefficient(Undefined()), "–"},
		{FormatPercent(Of(0.125)), "12.5 %"},
		{FormatPercent(Undefined()), "–"},
		{KappaName(2), "Cohen's κ"},
		{KappaName(3), "Fleiss' κ"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
