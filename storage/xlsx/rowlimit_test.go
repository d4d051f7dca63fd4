package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// TestRowLimit: a table longer than a sheet holds keeps its first rows and
// ends with a note saying how many were left out.
func TestRowLimit(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 10
	doc := coding.NewDocument("letters.txt", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")
	coders := []coding.Coder{{ID: "a", Name: "Ana"}, {ID: "b", Name: "Ben"}}
	cb := coding.NewCodebook([]coding.Code{{ID: "k", Name: "Key", Codable: true}})
	var codings []coding.Coding
	var segs []agreement.Segment
	for i := 0; i < 40; i += 2 { // 20 one-letter codings by Ana alone: 20 disagreements
		c := coding.Coding{ID: coding.NewID(), DocumentID: doc.ID, CodeID: "k", CoderID: "a", Span: coding.Span{Start: i, End: i + 1}}
		codings = append(codings, c)
		segs = append(segs, agreement.Segment{Coder: "a", Code: "k", Document: doc.ID, Span: c.Span})
	}
	opt := agreement.Options{Coders: []string{"a", "b"}, Documents: []agreement.Document{{ID: doc.ID, Length: doc.Length}}}
	s := Study{Coders: coders, Documents: []coding.Document{doc}, Codebook: cb, Codings: codings,
		Report: agreement.Compare(segs, opt), Disagreements: agreement.Disagreements(segs, opt)}
	var buf bytes.Buffer
	if err := Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range []string{DisagreementsSheet, CodingsSheet} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		// The header, 8 rows and the note fill the 10 rows.
		if len(rows) != 10 || rows[8][len(rows[8])-1] == "" {
			t.Fatalf("%s: %d rows, want 10", sheet, len(rows))
		}
		if dim, err := f.GetSheetDimension(sheet); err != nil || !strings.HasSuffix(dim, "10") {
			t.Errorf("%s: dimension %q (%v), want it to end at row 10", sheet, dim, err)
		}
		if want := "12 more rows are left out: Excel holds at most " + strconv.Itoa(maxRows) + " rows."; rows[9][0] != want {
			t.Errorf("%s: last row %q, want %q", sheet, rows[9], want)
		}
	}
}
