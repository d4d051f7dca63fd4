package storage

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

// The hand-written journal encoding must be exactly what encoding/json
// writes, since Undo reads it back with encoding/json.
func TestJournalEncodingMatchesEncodingJSON(t *testing.T) {
	created := time.Date(2026, 11, 23, 14, 5, 6, 789, time.UTC)
	for _, c := range []coding.Coding{
		{ID: coding.NewID(), DocumentID: coding.NewID(), CodeID: coding.NewID(), CoderID: coding.NewID(), Span: coding.Span{Start: 3, End: 99}, Created: created},
		{ID: "a", DocumentID: "b", CodeID: "c", CoderID: "d", Span: coding.Span{Start: 0, End: 1}, Memo: "“quoted” \"memo\"\n\\ 信任 <&> }{ ][", Created: created.In(time.FixedZone("x", 3600))},
		{ID: "e", DocumentID: "f", CodeID: "g", CoderID: "h", Span: coding.Span{Start: 0, End: 1}, Memo: "a < b && c > d", Created: created},
	} {
		want, _ := json.Marshal(c)
		if got := appendCodingJSON(nil, c); string(got) != string(want) {
			t.Errorf("appendCodingJSON:\n got %s\nwant %s", got, want)
		}
		changes := []change{{Entity: entityCoding, ID: c.ID, After: want}, {Entity: entityCoding, ID: c.ID, Before: want}}
		wantAll, _ := json.Marshal(changes)
		if got := encodeChanges(changes); string(got) != string(wantAll) {
			t.Errorf("encodeChanges:\n got %s\nwant %s", got, wantAll)
		}
		var decoded []change
		if err := json.Unmarshal(wantAll, &decoded); err != nil {
			t.Fatal(err)
		}
		if got, ok := parseChanges(wantAll); !ok || !reflect.DeepEqual(got, decoded) {
			t.Errorf("parseChanges(%s) = %v, %+v; want %+v", wantAll, ok, got, decoded)
		}
		if _, ok := parseChanges(wantAll[:len(wantAll)-2]); ok {
			t.Errorf("parseChanges accepts %s", wantAll[:len(wantAll)-2])
		}
	}
}

func TestJournalForgetsOldestActionsBeyondItsRoom(t *testing.T) {
	defer func(n int) { journalBytes = n }(journalBytes)
	journalBytes = 600 // room for about three "Add code" records
	p, err := Create(t.TempDir() + "/j.qdb")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, name := range []string{"A", "B", "C", "D", "E", "F"} {
		if _, err := p.AddCode(coding.Code{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	var kept, size int
	if err := p.db.QueryRow("SELECT COUNT(*), SUM(size) FROM journal").Scan(&kept, &size); err != nil {
		t.Fatal(err)
	}
	if kept < 1 || kept >= 6 || size > journalBytes {
		t.Fatalf("journal keeps %d actions of %d bytes, want the newest within %d bytes", kept, size, journalBytes)
	}
	for range kept {
		if _, err := p.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Undo(); err != ErrNothingToUndo {
		t.Errorf("undo beyond the kept actions: %v", err)
	}
	cb, _ := p.Codebook()
	if cb.Len() != 6-kept {
		t.Errorf("%d codes after undoing the %d kept actions, want %d", cb.Len(), kept, 6-kept)
	}
}

// parseCodingJSON gives what encoding/json gives, or declines.
func TestParseCodingJSONMatchesEncodingJSON(t *testing.T) {
	created := time.Date(2026, 11, 23, 14, 5, 6, 789, time.UTC)
	var inputs []string
	for _, c := range []coding.Coding{
		{ID: coding.NewID(), DocumentID: coding.NewID(), CodeID: coding.NewID(), CoderID: coding.NewID(), Span: coding.Span{Start: 3, End: 99}, Created: created},
		{ID: "a", DocumentID: "b", CodeID: "c", CoderID: "d", Span: coding.Span{Start: 0, End: 1}, Memo: "see Trust, p. 3", Created: created.In(time.FixedZone("x", 3600))},
		{ID: "a", DocumentID: "b", CodeID: "c", CoderID: "d", Span: coding.Span{Start: 0, End: 1}, Memo: "see \"Trust\"\n", Created: created},
		{ID: "e", DocumentID: "f", CodeID: "g", CoderID: "h", Span: coding.Span{Start: -1, End: 12345678}, Memo: "信任 < &", Created: created},
		{ID: "e", DocumentID: "f", CodeID: "g", CoderID: "h", Memo: "plain memo"},
	} {
		raw := string(appendCodingJSON(nil, c))
		inputs = append(inputs, raw, raw[:len(raw)-1], raw+" ", strings.Replace(raw, `"start":`, `"start":0`, 1),
			strings.Replace(raw, `"end":`, `"end":+`, 1), strings.Replace(raw, `"Created":"`, `"Created":"x`, 1))
	}
	inputs = append(inputs, "", "{}", "null", `{"ID":"a"}`)
	parsed := 0
	for _, in := range inputs {
		var want, got coding.Coding
		wantErr := json.Unmarshal([]byte(in), &want)
		if !parseCodingJSON([]byte(in), &got) {
			continue
		}
		parsed++
		if wantErr != nil {
			t.Errorf("parseCodingJSON accepts %s, which encoding/json refuses: %v", in, wantErr)
		} else if got != want {
			t.Errorf("parseCodingJSON(%s)\n = %+v\nwant %+v", in, got, want)
		}
	}
	if parsed != 3 { // the codings without escapes or non-ASCII memos
		t.Errorf("parseCodingJSON read %d codings, want 3", parsed)
	}
}
