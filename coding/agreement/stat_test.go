package agreement

import (
	"encoding/json"
	"math"
	"testing"
)

func TestStatJSON(t *testing.T) {
	tests := []struct {
		stat Stat
		json string
	}{
		{Of(0.3182), "0.3182"},
		{Of(-1), "-1"},
		{Of(0), "0"},
		{Undefined(), "null"},
		{Of(math.NaN()), "null"},
		{Of(math.Inf(1)), "null"},
		{Stat{Value: math.NaN(), Defined: true}, "null"},
	}
	for _, tt := range tests {
		out, err := json.Marshal(tt.stat)
		if err != nil || string(out) != tt.json {
			t.Errorf("%#v marshals to %s (%v), want %s", tt.stat, out, err, tt.json)
		}
		var back Stat
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if want := Of(tt.stat.Value); !tt.stat.Defined || math.IsNaN(tt.stat.Value) {
			if back.Defined {
				t.Errorf("%s reads back as %#v, want undefined", out, back)
			}
		} else if back != want {
			t.Errorf("%s reads back as %#v, want %#v", out, back, want)
		}
	}
	var s Stat
	if err := json.Unmarshal([]byte(`"high"`), &s); err == nil {
		t.Error(`"high" read as a statistic without error`)
	}
	if got := Undefined().String(); got != "undefined" {
		t.Errorf("String of undefined = %q", got)
	}
}
