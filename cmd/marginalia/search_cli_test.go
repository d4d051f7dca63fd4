package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBinarySearch runs `marginalia search` on the sample articles: hits
// in both documents with code-point positions that `marginalia text` cuts
// back to the words, Chinese matched as written, a set narrowing the
// documents, and coding every hit as one action, twice (nothing new the
// second time).
func TestBinarySearch(t *testing.T) {
	bin := buildBinary(t)
	project := filepath.Join(t.TempDir(), "study.qdb")
	env := parseableLocale
	run := func(want int, args ...string) outcome {
		t.Helper()
		o := execute(t, bin, env, args...)
		if o.code != want {
			t.Fatalf("marginalia %s: exit %d, want %d; stderr %q", strings.Join(args, " "), o.code, want, o.stderr)
		}
		return o
	}
	run(0, "new", project, "--sample")
	type result struct {
		Hits []struct {
			Document, Text, Before, After string
			Start, End                    int
		}
		Coded *int
	}
	search := func(args ...string) result {
		t.Helper()
		o := run(0, append([]string{"search", project}, append(args, "--json")...)...)
		var r result
		if err := json.Unmarshal([]byte(o.stdout), &r); err != nil {
			t.Fatalf("%v\n%s", err, o.stdout)
		}
		return r
	}

	got := search("CYBER vandalism", "--context", "5")
	if len(got.Hits) != 2 {
		t.Fatalf("%d hits of “cyber vandalism”, want 2: %+v", len(got.Hits), got.Hits)
	}
	for _, h := range got.Hits {
		text := storedText(t, h.Document)
		if want := runeIndex(t, text, "cyber vandalism", 0); h.Start < want || h.End-h.Start != 15 || h.Text != "cyber vandalism" {
			t.Errorf("hit %+v: want 15 characters from %d on", h, want)
		}
		cut := run(0, "text", project, h.Document, "--start", itoa(h.Start-5), "--end", itoa(h.End+5)).stdout
		if strings.TrimSuffix(cut, "\n") != h.Before+h.Text+h.After {
			t.Errorf("text [%d,%d) = %q, the hit says %q", h.Start-5, h.End+5, cut, h.Before+h.Text+h.After)
		}
	}
	cjk := search("简体")
	if len(cjk.Hits) != 2 || cjk.Hits[0].Document == cjk.Hits[1].Document {
		t.Errorf("简体: %+v, want one hit in each document", cjk.Hits)
	}
	if one := search("简体", "--documents", cjk.Hits[0].Document); len(one.Hits) != 1 {
		t.Errorf("in one document: %+v", one.Hits)
	}
	if re := search(`cyber\s+\w+`, "--regex", "--match-case"); len(re.Hits) == 0 {
		t.Error("no hit for a regular expression")
	}

	coded := search("cyber vandalism", "--code", "Searched>Vandalism", "--coder", "carol")
	if coded.Coded == nil || *coded.Coded != 2 {
		t.Fatalf("coded %v, want 2", coded.Coded)
	}
	if again := search("cyber vandalism", "--code", "Searched>Vandalism", "--coder", "carol"); *again.Coded != 0 {
		t.Errorf("coded again: %d, want 0", *again.Coded)
	}
	rows := exportCSV(t, project)
	n := 0
	for _, r := range rows {
		if strings.Contains(strings.Join(r, ","), "Vandalism") && strings.Contains(strings.Join(r, ","), "carol") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d of carol's Vandalism codings exported, want 2", n)
	}

	for _, bad := range [][]string{
		{"search", project, "(", "--regex"},
		{"search", project, "   "},
		{"search", project, "x", "--code", "A"},
		{"search", project, "x", "--context", "-1"},
	} {
		if o := run(2, bad...); o.stderr == "" {
			t.Errorf("%v: no message", bad)
		}
	}
}

// TestSearchIgnoreCaseFolds: --ignore-case matches by Unicode simple case
// folding, and `marginalia text` cuts each hit's positions back to the
// words as written: final sigma, ß and capital ẞ, after an emoji.
func TestSearchIgnoreCaseFolds(t *testing.T) {
	dir := t.TempDir()
	project := newProject(t)
	doc := filepath.Join(dir, "greek.txt")
	if err := os.WriteFile(doc, []byte("😀 Η ΟΔΟΣ, η οδος. STRAẞE und Straße, STRASSE.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustMG(t, "import", project, doc)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"οδοσ", []string{"ΟΔΟΣ", "οδος"}},
		{"straße", []string{"STRAẞE", "Straße"}},
	} {
		var r struct {
			Hits []struct {
				Text       string
				Start, End int
			}
		}
		if err := json.Unmarshal([]byte(mustMG(t, "search", project, tc.query, "--ignore-case", "--json")), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) != len(tc.want) {
			t.Fatalf("%q: %+v, want %q", tc.query, r.Hits, tc.want)
		}
		for i, h := range r.Hits {
			cut := mustMG(t, "text", project, "greek.txt", "--start", strconv.Itoa(h.Start), "--end", strconv.Itoa(h.End))
			if h.Text != tc.want[i] || strings.TrimSuffix(cut, "\n") != tc.want[i] {
				t.Errorf("%q hit %d: %q at [%d,%d), text cuts %q; want %q", tc.query, i, h.Text, h.Start, h.End, cut, tc.want[i])
			}
		}
	}
}
