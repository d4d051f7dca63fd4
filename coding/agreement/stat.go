package agreement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Stat is a figure that may be undefined, such as a kappa whose chance
// agreement is 1. An undefined Stat has Defined false and Value 0; it is
// written to JSON as null, never as NaN or as a made-up 0.
type Stat struct {
	Value   float64
	Defined bool
}

// Of is a defined Stat holding v, or Undefined when v is NaN or infinite.
func Of(v float64) Stat {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Undefined()
	}
	return Stat{Value: v, Defined: true}
}

// Undefined is the Stat of a figure that cannot be computed from the data.
func Undefined() Stat { return Stat{} }

// ratio is num/den, undefined when den is 0.
func ratio(num, den float64) Stat {
	if den == 0 {
		return Undefined()
	}
	return Of(num / den)
}

// String gives the value with four decimals, or "undefined".
func (s Stat) String() string {
	if !s.Defined {
		return "undefined"
	}
	return strconv.FormatFloat(s.Value, 'f', 4, 64)
}

// MarshalJSON writes the value as a JSON number, or null when undefined.
func (s Stat) MarshalJSON() ([]byte, error) {
	if !s.Defined || math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, s.Value, 'g', -1, 64), nil
}

// UnmarshalJSON reads a JSON number, or null as undefined.
func (s *Stat) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*s = Undefined()
		return nil
	}
	var v float64
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("agreement statistic %s: %w", data, err)
	}
	*s = Of(v)
	return nil
}
