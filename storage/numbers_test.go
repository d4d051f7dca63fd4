package storage_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// numberValue is the value of the attribute named name for a document
// (a text attribute would keep "1,5" as it is).
func numberValue(t *testing.T, p *storage.Project, name, docID string) string {
	t.Helper()
	id := attrID(t, p, name)
	table, err := p.AttributeTable()
	if err != nil {
		t.Fatal(err)
	}
	return table.Value(docID, id)
}

// A decimal comma in an attribute table (.csv or .xlsx) or given through
// the storage API is read as a decimal, never as digits run together;
// "1,500", which may be either, is refused with the reason and changes
// nothing; a workbook's number shown with thousands separators is read as
// the number the cell holds.
func TestNumberAttributesReadDecimalCommas(t *testing.T) {
	s := newSample(t)
	csvPath := writeFile(t, "weights.csv", "document,weight\n"+s.sony.Name+",\"1,5\"\n"+s.setb.Name+",\"1.234,5\"\n")
	if _, err := s.p.ImportAttributes(csvPath); err != nil {
		t.Fatal(err)
	}
	if got := numberValue(t, s.p, "weight", s.sony.ID); got != "1.5" {
		t.Errorf(`"1,5" in a .csv is stored as %s; want 1.5`, got)
	}
	if got := numberValue(t, s.p, "weight", s.setb.ID); got != "1234.5" {
		t.Errorf(`"1.234,5" in a .csv is stored as %s; want 1234.5`, got)
	}

	before, _ := s.p.AttributeRows(nil)
	_, err := s.p.ImportAttributes(writeFile(t, "ambiguous.csv", "document,weight\n"+s.sony.Name+",\"1,500\"\n"))
	if err == nil || !strings.Contains(err.Error(), `line 2, column weight: "1,500" is ambiguous: 1500 with a thousands separator, or 1.5 with a decimal comma?`) {
		t.Errorf("an ambiguous number: %v", err)
	}
	if after, _ := s.p.AttributeRows(nil); !slices.EqualFunc(before, after, slices.Equal) {
		t.Errorf("the refused import changed the table: %q, was %q", after, before)
	}

	// A workbook: a text cell with a decimal comma, and a number cell
	// shown as 1,500 by its format.
	book := excelize.NewFile()
	sheet := book.GetSheetName(0)
	for cell, v := range map[string]any{"A1": "document", "B1": "share", "C1": "readers", "A2": s.sony.Name, "B2": "0,25", "C2": 1500} {
		if err := book.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	format := "#,##0"
	style, err := book.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		t.Fatal(err)
	}
	if err := book.SetCellStyle(sheet, "C2", "C2", style); err != nil {
		t.Fatal(err)
	}
	if shown, _ := book.GetCellValue(sheet, "C2"); shown != "1,500" {
		t.Fatalf("the workbook shows %q; the test wants 1,500", shown)
	}
	xlsx := filepath.Join(t.TempDir(), "numbers.xlsx")
	if err := book.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.ImportAttributes(xlsx); err != nil {
		t.Fatal(err)
	}
	if got := numberValue(t, s.p, "share", s.sony.ID); got != "0.25" {
		t.Errorf(`"0,25" in an .xlsx text cell is stored as %s; want 0.25`, got)
	}
	if got := numberValue(t, s.p, "readers", s.sony.ID); got != "1500" {
		t.Errorf("1500 shown as 1,500 in an .xlsx is stored as %s; want 1500", got)
	}

	// The API the Attributes tab uses.
	table, _ := s.p.AttributeTable()
	weight, _ := table.Attribute("weight")
	if err := s.p.SetValues("Edit weight", []coding.AttributeValue{{DocumentID: s.sony.ID, AttributeID: weight.ID, Value: "2,75"}}); err != nil {
		t.Fatal(err)
	}
	if got := numberValue(t, s.p, "weight", s.sony.ID); got != "2.75" {
		t.Errorf(`SetValues "2,75" stored %s; want 2.75`, got)
	}
	err = s.p.SetValues("Edit weight", []coding.AttributeValue{{DocumentID: s.sony.ID, AttributeID: weight.ID, Value: "2,750"}})
	if err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf(`SetValues "2,750": %v; want it refused as ambiguous`, err)
	}
	if got := numberValue(t, s.p, "weight", s.sony.ID); got != "2.75" {
		t.Errorf("after the refused edit the value is %s; want 2.75 still", got)
	}
}
