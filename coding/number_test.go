package coding

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		err  string // a part of the error, or "" for none
	}{
		{"3.5", 3.5, ""},
		{"12", 12, ""},
		{" -0.25 ", -0.25, ""},
		{"+7", 7, ""},
		{"1e3", 1000, ""},
		{"2.5E-2", 0.025, ""},
		// A decimal comma where nothing else is meant.
		{"1,5", 1.5, ""},
		{"-1,5", -1.5, ""},
		{"0,25", 0.25, ""},
		{"12,3456", 12.3456, ""},
		{"0,500", 0.5, ""},
		{",5", 0.5, ""},
		// Thousands.
		{"1,234,567", 1234567, ""},
		{"1.234.567", 1234567, ""},
		{"1,234.5", 1234.5, ""},
		{"1.234,5", 1234.5, ""},
		{"12,345,678.25", 12345678.25, ""},
		// Ambiguous: refused with both readings.
		{"1,500", 0, `"1,500" is ambiguous: 1500 with a thousands separator, or 1.5 with a decimal comma?`},
		{"-12,000", 0, "-12000 with a thousands separator, or -12 with a decimal comma"},
		// Not numbers.
		{"1,2,3", 0, `"1,2,3" is not a number (the digits between "," are not in groups of three)`},
		{"1.23.4", 0, "groups of three"},
		{"1,23.4", 0, `it has both "," and "."`},
		{"1.234.5,6,7", 0, "not a number"},
		{"1.2,3.4", 0, "not a number"},
		{"twelve", 0, `"twelve" is not a number`},
		{"1 500", 0, "not a number"},
		{"inf", 0, "not a number"},
		{"0x10", 0, "not a number"},
		{"1e", 0, "not a number"},
		{"1e+-3", 0, "not a number"},
		{"--1", 0, "not a number"},
		{",", 0, "not a number"},
		{"", 0, "not a number"},
		{"1e999", 0, "not a number"},
	} {
		got, err := ParseNumber(c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ParseNumber(%q) = %v, %v; want an error saying %q", c.in, got, err, c.err)
		}
		if errors.Is(err, ErrAmbiguousNumber) != strings.Contains(c.err, "decimal comma") {
			t.Errorf("ParseNumber(%q): %v; ambiguous should be %v", c.in, err, !errors.Is(err, ErrAmbiguousNumber))
		}
	}
}

// A number attribute given "1,5" stores 1.5, never 15; "1,500" is refused
// with the reason; a column holding it is still a number column, so that
// its import refuses it rather than keep text.
func TestNumberAttributeReadsADecimalComma(t *testing.T) {
	a := Attribute{Name: "weight", Type: TypeNumber}
	for in, want := range map[string]string{"1,5": "1.5", "1.234,5": "1234.5", "1,234": ""} {
		got, err := a.Parse(in)
		if want == "" {
			if err == nil || !errors.Is(err, ErrAmbiguousNumber) {
				t.Errorf("Parse(%q) = %q, %v; want it refused as ambiguous", in, got, err)
			}
		} else if err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if typ := InferType([]string{"1,5", "2", "1,500"}); typ != TypeNumber {
		t.Errorf("a column of 1,5 2 1,500 is inferred as %s; want number", typ)
	}
}
