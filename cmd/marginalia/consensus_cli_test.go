package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryConsensus runs the built executable: consensus by rule codes
// the rule's characters as a coder of its own, refuses to overwrite
// without --replace, and agreement of a coder against it is what the
// characters say.
func TestBinaryConsensus(t *testing.T) {
	bin := buildBinary(t)
	project := filepath.Join(t.TempDir(), "study.qdb")
	env := parseableLocale
	run := func(args ...string) outcome {
		t.Helper()
		return exitsZero(t, bin, args...)
	}
	run("new", project, "--sample")
	for _, c := range []struct{ coder, start, end string }{
		{"alice", "100", "200"}, {"alice", "150", "260"}, {"bob", "180", "300"},
	} {
		run("code", project, "--coder", c.coder, "--document", sony, "--code", "Norms", "--start", c.start, "--end", c.end)
	}
	o := run("consensus", project, "--coders", "alice,bob", "--rule", "intersection")
	if o.stdout != "coded intersection of alice and bob as Consensus in 1 document: 1 coding\n" {
		t.Errorf("consensus: %q", o.stdout)
	}
	if o := execute(t, bin, env, "consensus", project, "--coders", "alice,bob", "--rule", "union"); o.code != 1 || !strings.Contains(o.stderr, "--replace") {
		t.Errorf("a second consensus: exit %d, stderr %q; want 1 and a pointer to --replace", o.code, o.stderr)
	}
	o = run("consensus", project, "--coders", "alice,bob", "--rule", "union", "--replace")
	if !strings.Contains(o.stdout, "1 coding, replacing 1 coding") {
		t.Errorf("consensus --replace: %q", o.stdout)
	}
	run("export", project, filepath.Join(t.TempDir(), "c.csv"), "--coders", "Consensus") // a consensus exports like any coder
	var out characterJSON
	o = run("agreement", project, "--coders", "bob,Consensus", "--documents", sony, "--json")
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
		t.Fatal(err)
	}
	// Consensus is the union [100,300); bob coded [180,300) of it.
	if out.Overall.Coded["Consensus"] != 200 || out.Overall.Coded["bob"] != 120 || out.Overall.All != 120 {
		t.Errorf("bob against the union: coded %v, all %d; want Consensus 200, bob 120, all 120", out.Overall.Coded, out.Overall.All)
	}
	o = run("consensus", project, "--take", "bob", "--as", "Bob's reading")
	if o.stdout != "coded bob's codings as Bob's reading in 1 document: 1 coding\n" {
		t.Errorf("consensus --take: %q", o.stdout)
	}
	for _, bad := range [][]string{
		{"consensus", project, "--coders", "alice,bob"},
		{"consensus", project, "--coders", "alice,bob", "--rule", "majority"},
		{"consensus", project, "--coders", "alice", "--rule", "union"},
		{"consensus", project, "--coders", "alice,bob", "--rule", "union", "--take", "bob"},
	} {
		if o := execute(t, bin, env, bad...); o.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", bad, o.code, o.stderr)
		}
	}
}
