package coding

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrAmbiguousNumber is wrapped by ParseNumber's error for a number whose
// comma or point may be either a decimal mark or a thousands separator
// ("1,500": 1500 or 1.5?).
var ErrAmbiguousNumber = errors.New("ambiguous")

// ParseNumber reads a number as a user types it or a table holds it, with
// a decimal point or a decimal comma, never merging digits silently. The
// rule, after an optional sign (and before an optional exponent such as
// e-3):
//
//   - digits with one "." or one "," are a decimal: "3.5", "1,5", "0,25",
//     "12,3456" (a comma followed by other than exactly three digits);
//   - a single comma followed by exactly three digits is refused as
//     ambiguous ("1,500": 1500 or 1.5?), unless the digits before it are 0
//     ("0,500" is 0.5);
//   - separators of one kind repeated group thousands: "1,234,567" and
//     "1.234.567" are 1234567 (every group after the first of exactly
//     three digits, the first of one to three);
//   - both kinds: the last one is the decimal mark and the other groups
//     thousands before it, "1,234.5" (English) and "1.234,5" (German,
//     French …) are both 1234.5;
//   - anything else (letters, spaces, two decimal marks, groups not of
//     three digits, "inf", hexadecimal) is not a number.
//
// The error says why, quoting s; it wraps ErrAmbiguousNumber for the
// ambiguous case.
func ParseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	notNumber := func(why string) (float64, error) {
		if why != "" {
			return 0, fmt.Errorf("%q is not a number (%s)", s, why)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	body := strings.TrimLeft(s, "+-")
	sign := s[:len(s)-len(body)]
	if len(sign) > 1 {
		return notNumber("")
	}
	exponent := ""
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		body, exponent = body[:i], body[i:]
		digits := exponent[1:]
		if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
			digits = digits[1:]
		}
		if digits == "" || strings.Trim(digits, "0123456789") != "" {
			return notNumber("")
		}
	}
	if body == "" || strings.Trim(body, "0123456789.,") != "" || strings.Trim(body, ".,") == "" {
		return notNumber("")
	}
	commas, points := strings.Count(body, ","), strings.Count(body, ".")
	var plain string // body with a decimal point and no thousands separator
	switch {
	case commas == 0 && points <= 1:
		plain = body
	case commas+points == 1: // one comma
		whole, frac, _ := strings.Cut(body, ",")
		if len(frac) == 3 && whole != "" && strings.Trim(whole, "0") != "" {
			decimal, _ := strconv.ParseFloat(sign+whole+"."+frac, 64)
			return 0, fmt.Errorf("%q is %w: %s with a thousands separator, or %s with a decimal comma? Write it without the separator, or with a decimal point",
				s, ErrAmbiguousNumber, sign+whole+frac, strconv.FormatFloat(decimal, 'f', -1, 64))
		}
		plain = whole + "." + frac
	case points == 0 || commas == 0: // one kind, repeated: thousands
		sep := ","
		if commas == 0 {
			sep = "."
		}
		if !groupsOfThree(strings.Split(body, sep)) {
			return notNumber(fmt.Sprintf("the digits between %q are not in groups of three", sep))
		}
		plain = strings.ReplaceAll(body, sep, "")
	default: // both: the last is the decimal mark
		mark := body[strings.LastIndexAny(body, ".,")]
		group := ","
		if mark == ',' {
			group = "."
		}
		whole, frac := body[:strings.LastIndexByte(body, mark)], body[strings.LastIndexByte(body, mark)+1:]
		if strings.Contains(whole, string(mark)) || !groupsOfThree(strings.Split(whole, group)) {
			return notNumber(`it has both "," and ".": the last may be the decimal mark, after digits the other groups in threes`)
		}
		plain = strings.ReplaceAll(whole, group, "") + "." + frac
	}
	f, err := strconv.ParseFloat(sign+plain+exponent, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return notNumber("")
	}
	return f, nil
}

// groupsOfThree reports whether digit groups split at a thousands
// separator are well formed: the first of one to three digits, the others
// of exactly three.
func groupsOfThree(groups []string) bool {
	for i, g := range groups {
		if g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
			return false
		}
	}
	return true
}
