package coding

import (
	"slices"
	"strings"
	"testing"
)

func TestAttributeParse(t *testing.T) {
	cat := Attribute{Name: "affiliation", Type: TypeCategory, Choices: []string{"CICIR", "SIIS"}}
	tests := []struct {
		attr    Attribute
		in      string
		want    string
		wantErr string
	}{
		{Attribute{Type: TypeNumber}, " 12.50 ", "12.5", ""},
		{Attribute{Type: TypeNumber}, "1,200", "", "ambiguous"},
		{Attribute{Type: TypeNumber}, "12,000,000", "12000000", ""},
		{Attribute{Type: TypeNumber}, "1,5", "1.5", ""},
		{Attribute{Type: TypeNumber}, "twelve", "", "not a number"},
		{Attribute{Type: TypeDate}, "2014-06-05", "2014-06-05", ""},
		{Attribute{Type: TypeDate}, "Jun 05 , 2014", "2014-06-05", ""},
		{Attribute{Type: TypeDate}, "2014-13-05", "", "not a date"},
		{Attribute{Type: TypeYesNo}, "TRUE", "yes", ""},
		{Attribute{Type: TypeYesNo}, "n", "no", ""},
		{Attribute{Type: TypeYesNo}, "maybe", "", "not yes or no"},
		{cat, "cicir", "CICIR", ""},
		{cat, "RAND", "", "not one of affiliation's values (CICIR, SIIS)"},
		{Attribute{Type: TypeText}, " Li Zheng ", "Li Zheng", ""},
		{Attribute{Type: TypeDate}, "  ", "", ""},
	}
	for _, tt := range tests {
		got, err := tt.attr.Parse(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s Parse(%q) error = %v, want %q", tt.attr.Type, tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s Parse(%q) = %q, %v; want %q", tt.attr.Type, tt.in, got, err, tt.want)
		}
	}
}

func TestInferType(t *testing.T) {
	tests := []struct {
		values []string
		want   AttributeType
	}{
		{[]string{"2014-06-05", "", "2015-01-12"}, TypeDate},
		{[]string{"12", "3.5"}, TypeNumber},
		{[]string{"1", "0"}, TypeNumber},
		{[]string{"yes", "No"}, TypeYesNo},
		{[]string{"CICIR", "12"}, TypeText},
		{[]string{"", ""}, TypeText},
	}
	for _, tt := range tests {
		if got := InferType(tt.values); got != tt.want {
			t.Errorf("InferType(%q) = %s, want %s", tt.values, got, tt.want)
		}
	}
}

func TestParseWhere(t *testing.T) {
	w, err := ParseWhere("affiliation = CICIR AND date<2015-01-01 and words>=1000 and lang!=English")
	if err != nil {
		t.Fatal(err)
	}
	want := "affiliation = CICIR and date < 2015-01-01 and words >= 1000 and lang != English"
	if w.String() != want {
		t.Errorf("ParseWhere = %q, want %q", w.String(), want)
	}
	for _, bad := range []string{"affiliation", "=CICIR", "a ! b"} {
		if _, err := ParseWhere(bad); err == nil {
			t.Errorf("ParseWhere(%q) gave no error", bad)
		}
	}
}

func TestSelect(t *testing.T) {
	attrs := []Attribute{
		{ID: "a", Name: "affiliation", Type: TypeCategory, Choices: []string{"CICIR", "SIIS"}},
		{ID: "d", Name: "date", Type: TypeDate, Position: 1},
		{ID: "n", Name: "words", Type: TypeNumber, Position: 2},
	}
	values := []AttributeValue{
		{"doc1", "a", "CICIR"}, {"doc1", "d", "2014-06-05"}, {"doc1", "n", "900"},
		{"doc2", "a", "SIIS"}, {"doc2", "d", "2015-01-12"}, {"doc2", "n", "1200"},
		{"doc3", "a", "CICIR"}, {"doc3", "d", "2016-03-01"}, {"doc3", "n", "80"},
		{"doc4", "d", "2013-01-01"},
	}
	tab := NewAttributeTable(attrs, values)
	docs := []string{"doc1", "doc2", "doc3", "doc4"}
	tests := []struct {
		where   string
		want    []string
		wantErr string
	}{
		{"affiliation = cicir", []string{"doc1", "doc3"}, ""},
		{"affiliation=CICIR and date < 2015-01-01", []string{"doc1"}, ""},
		{"words > 100", []string{"doc1", "doc2"}, ""}, // as numbers: "900" > "100" > "80"
		{"words < 1000", []string{"doc1", "doc3"}, ""},
		{"date >= 2015-01-12", []string{"doc2", "doc3"}, ""},
		{"affiliation != CICIR", []string{"doc2", "doc4"}, ""},
		{"affiliation = RAND", nil, "not one of"},
		{"author = Li", nil, `no attribute named "author"`},
		{"date < soon", nil, "not a date"},
	}
	for _, tt := range tests {
		w, err := ParseWhere(tt.where)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tab.Select(docs, w)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Select(%q) error = %v, want %q", tt.where, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Select(%q) = %v, %v; want %v", tt.where, got, err, tt.want)
		}
	}
	static, _ := tab.Members(DocumentSet{Name: "mine", Documents: []string{"doc3", "doc1", "gone"}}, docs)
	if !slices.Equal(static, []string{"doc1", "doc3"}) {
		t.Errorf("static set members = %v", static)
	}
	filter, _ := tab.Members(DocumentSet{Name: "old", Where: "date < 2015-01-01"}, docs)
	if !slices.Equal(filter, []string{"doc1", "doc4"}) {
		t.Errorf("saved filter members = %v", filter)
	}
}
