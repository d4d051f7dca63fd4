package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// marginalia --version names the release of FyneApp.toml and the Fyne go.mod
// requires (a built binary: a test binary does not record its modules).
func TestVersion(t *testing.T) {
	toml, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	fyne := regexp.MustCompile(`(?m)^\s*fyne.io/fyne/v2 (v\S+)`).FindSubmatch(gomod)
	if version == nil || fyne == nil {
		t.Fatal("no Version in FyneApp.toml or no Fyne in go.mod")
	}
	bin := buildBinary(t)
	for _, arg := range []string{"--version", "version"} {
		out := succeed(t, bin, arg)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 3 || lines[0] != "Marginalia "+string(version[1]) {
			t.Fatalf("%s: %q", arg, out)
		}
		if !regexp.MustCompile(`^Go 1\.\d+\S*, Fyne ` + regexp.QuoteMeta(string(fyne[1])) + `, SQLite 3\.\d+\.\d+ \(\w+/\w+\)$`).MatchString(lines[2]) {
			t.Errorf("%s: line 3 %q", arg, lines[2])
		}
	}
	if !strings.Contains(mustMG(t, "help"), "--version") {
		t.Error("help does not mention --version")
	}
}
