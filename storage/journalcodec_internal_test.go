package storage

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
)

func newCoding(doc, code, coder string, span coding.Span) coding.Coding {
	return coding.Coding{ID: coding.NewID(), DocumentID: doc, CodeID: code, CoderID: coder, Span: span, Created: time.Now().UTC()}
}

// codingChanges returns n journal changes adding codings, as an import
// records them.
func codingChanges(n int) []change {
	changes := make([]change, n)
	for i := range changes {
		c := newCoding("doc", "code", "coder", coding.Span{Start: i, End: i + 5})
		c.Memo = fmt.Sprintf("memo %d “信任”", i)
		changes[i] = change{Entity: entityCoding, ID: c.ID, After: appendCodingJSON(nil, c)}
	}
	return changes
}

// Small entries stay JSON text; large ones are compressed, in several
// chunks when large enough; every form reads back as it was written, and
// so does an entry stored as schema 2 stored them (JSON text of any size).
func TestJournalEntriesRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		n          int
		compressed bool
	}{{1, false}, {2, false}, {10, true}, {20_000, true}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			changes := codingChanges(tc.n)
			stored, size, err := encodeJournal(changes)
			if err != nil {
				t.Fatal(err)
			}
			var raw []byte
			switch v := stored.(type) {
			case string:
				raw = []byte(v)
			case []byte:
				raw = v
			}
			if size != len(raw) {
				t.Errorf("size %d, stored %d bytes", size, len(raw))
			}
			plain := encodeChanges(changes)
			if _, isText := stored.(string); isText == tc.compressed {
				t.Fatalf("%d changes stored as %T, want compressed %v", tc.n, stored, tc.compressed)
			}
			if tc.compressed && (raw[0] != journalDeflate || len(raw)*3 > len(plain)) {
				t.Errorf("compressed entry: first byte %#x, %d bytes of %d", raw[0], len(raw), len(plain))
			}
			for name, form := range map[string][]byte{"stored": raw, "schema 2": plain} {
				got, err := decodeJournal(form)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !reflect.DeepEqual(got, changes) {
					t.Errorf("%s: %d changes read back differ from the %d written", name, len(got), len(changes))
				}
			}
		})
	}
}

func TestDamagedJournalEntriesAreErrors(t *testing.T) {
	stored, _, _ := encodeJournal(codingChanges(100))
	raw := stored.([]byte)
	for name, form := range map[string][]byte{
		"empty":      nil,
		"unknown":    []byte("{}"),
		"cut short":  raw[:len(raw)/2],
		"bad length": {journalDeflate, 0xff},
	} {
		if _, err := decodeJournal(form); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// An import large enough to be compressed in several chunks undoes and
// redoes, and another process reads it from the change log; an entry a
// schema 2 project stored as JSON text still undoes.
func TestCompressedJournalUndoesAndFeedsTheChangeLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.qdb")
	p, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	doc := coding.NewDocument("a.txt", strings.Repeat("x", 20_000))
	if _, err := p.AddDocuments([]coding.Document{doc}); err != nil {
		t.Fatal(err)
	}
	code, err := p.AddCode(coding.Code{Name: "Trust"})
	if err != nil {
		t.Fatal(err)
	}
	coder, err := p.EnsureCoder("alice")
	if err != nil {
		t.Fatal(err)
	}
	start, err := p.LastChange()
	if err != nil {
		t.Fatal(err)
	}
	const n = 10_000
	cs := make([]coding.Coding, n)
	for i := range cs {
		cs[i] = newCoding(doc.ID, code.ID, coder.ID, coding.Span{Start: i, End: i + 3})
	}
	if added, err := p.AddCodings("Code all hits", cs); err != nil || added != n {
		t.Fatalf("AddCodings: %d, %v", added, err)
	}
	var first []byte
	var size int
	if err := p.db.QueryRow("SELECT substr(changes, 1, 1), size FROM journal ORDER BY seq DESC LIMIT 1").Scan(&first, &size); err != nil {
		t.Fatal(err)
	}
	if len(first) != 1 || first[0] != journalDeflate || size > n*100 {
		t.Errorf("the entry starts with %q and takes %d bytes, want compressed", first, size)
	}
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	sets, err := other.ChangesSince(start)
	if err != nil || len(sets) != 1 || len(sets[0].Codings.Added) != n {
		t.Fatalf("ChangesSince: %d sets, %v", len(sets), err)
	}
	if !reflect.DeepEqual(sets[0].Codings.Added[n-1].Span, cs[n-1].Span) {
		t.Errorf("last coding read back: %v, want %v", sets[0].Codings.Added[n-1].Span, cs[n-1].Span)
	}
	for _, step := range []func() (string, error){p.Undo, p.Redo, p.Undo} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if count, _ := p.CodingCount(); count != 0 {
		t.Errorf("%d codings after undo, redo, undo", count)
	}
	// The same action as schema 2 stored it: JSON text.
	if _, err := p.Redo(); err != nil {
		t.Fatal(err)
	}
	var stored []byte
	if err := p.db.QueryRow("SELECT changes FROM journal ORDER BY seq DESC LIMIT 1").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	changes, err := decodeJournal(stored)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := json.Marshal(changes)
	if _, err := p.db.Exec("UPDATE journal SET changes = ? WHERE seq = (SELECT MAX(seq) FROM journal)", string(text)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	if count, _ := p.CodingCount(); count != 0 {
		t.Errorf("%d codings after undoing a schema 2 entry", count)
	}
}
