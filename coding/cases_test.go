package coding

import (
	"strings"
	"testing"
)

func TestCaseCheckValues(t *testing.T) {
	attrs := map[string]Attribute{
		"d": {ID: "d", Name: "born", Type: TypeDate},
		"a": {ID: "a", Name: "affiliation", Type: TypeCategory, Choices: []string{"CICIR", "SIIS"}},
	}
	tests := []struct {
		name    string
		values  map[string]string
		want    map[string]string
		wantErr string
	}{
		{"canonical forms", map[string]string{"d": "Jun 05 , 1970", "a": "cicir"}, map[string]string{"d": "1970-06-05", "a": "CICIR"}, ""},
		{"empty is no value", map[string]string{"d": " "}, nil, ""},
		{"not a date", map[string]string{"d": "soon"}, nil, `case "Li Zheng": born: "soon" is not a date`},
		{"not in the list", map[string]string{"a": "RAND"}, nil, `"RAND" is not one of affiliation's values`},
		{"no such attribute", map[string]string{"x": "1"}, nil, "attribute x is not in the project"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Case{Name: "Li Zheng", Values: tt.values}
			err := c.CheckValues(attrs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Values) != len(tt.want) {
				t.Fatalf("values %v, want %v", c.Values, tt.want)
			}
			for k, v := range tt.want {
				if c.Values[k] != v {
					t.Errorf("values %v, want %v", c.Values, tt.want)
				}
			}
		})
	}
}

func TestCaseCloneSharesNothing(t *testing.T) {
	c := Case{Name: "x", Documents: []string{"a"}, Values: map[string]string{"k": "v"}}
	d := c.Clone()
	d.Documents[0], d.Values["k"] = "b", "w"
	if c.Documents[0] != "a" || c.Values["k"] != "v" || !c.Has("a") || c.Has("b") {
		t.Errorf("the clone changed the original: %+v", c)
	}
}
