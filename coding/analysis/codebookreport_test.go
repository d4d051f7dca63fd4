package analysis

import (
	"fmt"
	"testing"

	"desktop/marginalia/coding"
)

// TestCodebookReport checks the report of the hand-worked project: x a
// described code with key 1, y plain, z under the category "group".
func TestCodebookReport(t *testing.T) {
	cb := coding.NewCodebook([]coding.Code{
		{ID: "x", Name: "X", Color: "#112233", Codable: true, Key: 1, Description: coding.Description{
			Definition: "talk of x", WhenToUse: "when x", WhenNotToUse: "when y", Example: "“x!”"}},
		{ID: "y", Name: "Y", Color: "#445566", Codable: true, Position: 1},
		{ID: "g", Name: "group", Color: "#000000", Position: 2},
		{ID: "z", Name: "Z", Color: "#778899", Codable: true, ParentID: "g"},
	})
	codings, opt := hand()
	opt.Codes = []string{"x", "y", "g", "z"}
	f := CodeFrequencies(codings, opt)
	tab := CodebookReport(cb, f, Names{Code: cb.Path, Coder: func(id string) string { return "coder " + id }})
	if len(tab.Columns) != 15 || tab.Columns[11].Header != "Codings: coder A" || tab.Columns[14].Header != "Documents: coder B" {
		t.Fatalf("columns %v", tab.Columns)
	}
	want := [][]any{
		{"X", "#112233", "1", "yes", "talk of x", "when x", "when y", "“x!”", 3, 1, 15, 2, 1, 1, 1},
		{"Y", "#445566", "", "yes", "", "", "", "", 3, 2, 18, 1, 1, 2, 2},
		{"group", "#000000", "", "no (a category)", "", "", "", "", 0, 0, 0, 0, 0, 0, 0},
		{"group > Z", "#778899", "", "yes", "", "", "", "", 1, 1, 10, 1, 1, 0, 0},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(tab.Rows), len(want))
	}
	for i, w := range want {
		if fmt.Sprint(tab.Rows[i]) != fmt.Sprint(w) {
			t.Errorf("row %d = %v\nwant     %v", i, tab.Rows[i], w)
		}
	}
}
