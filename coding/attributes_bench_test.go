package coding

import (
	"fmt"
	"testing"
)

// BenchmarkSelectTwoConditions filters 10,000 documents with 20 attributes
// each (dates, numbers, categories, texts, yes/no) by a two-condition
// filter, reading and compiling the condition each time, as the window does
// on each keystroke. Goal: at most 20 ms.
func BenchmarkSelectTwoConditions(b *testing.B) {
	const docs, attrs = 10_000, 20
	types := []AttributeType{TypeDate, TypeNumber, TypeCategory, TypeText, TypeYesNo}
	var list []Attribute
	for j := range attrs {
		a := Attribute{ID: fmt.Sprintf("attr-%02d", j), Name: fmt.Sprintf("a%02d", j), Type: types[j%len(types)], Position: j}
		if a.Type == TypeCategory {
			a.Choices = []string{"CICIR", "SIIS", "CASS", "Other"}
		}
		list = append(list, a)
	}
	list[0].Name, list[2].Name = "date", "affiliation"
	var values []AttributeValue
	ids := make([]string, docs)
	for i := range ids {
		ids[i] = fmt.Sprintf("doc-%05d", i)
		for j, a := range list {
			v := ""
			switch a.Type {
			case TypeDate:
				v = fmt.Sprintf("%d-%02d-%02d", 2000+(i+j)%20, 1+i%12, 1+i%28)
			case TypeNumber:
				v = fmt.Sprint((i * (j + 1)) % 3000)
			case TypeCategory:
				v = a.Choices[(i+j)%len(a.Choices)]
			case TypeText:
				v = fmt.Sprintf("Author %d", (i+j)%700)
			case TypeYesNo:
				v = []string{"yes", "no"}[(i+j)%2]
			}
			values = append(values, AttributeValue{DocumentID: ids[i], AttributeID: a.ID, Value: v})
		}
	}
	table := NewAttributeTable(list, values)
	var n int
	for b.Loop() {
		w, err := ParseWhere("affiliation = CICIR and date < 2015-01-01")
		if err != nil {
			b.Fatal(err)
		}
		got, err := table.Select(ids, w)
		if err != nil {
			b.Fatal(err)
		}
		n = len(got)
	}
	if n == 0 || n == docs {
		b.Fatalf("the filter selects %d of %d documents", n, docs)
	}
	b.ReportMetric(float64(n), "selected")
}
