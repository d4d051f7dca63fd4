package assets

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestReleaseVersionMatchesFyneApp(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if string(m[1]) != ReleaseVersion {
		t.Errorf("FyneApp.toml says version %s, assets.ReleaseVersion %s: change both", m[1], ReleaseVersion)
	}
}

func TestThisBuildNamesItsParts(t *testing.T) {
	b := ThisBuild()
	if b.Version != ReleaseVersion || b.Commit != "unknown" || b.Date != "unknown" {
		t.Errorf("an unstamped build: %+v", b)
	}
	if !regexp.MustCompile(`^3\.\d+\.\d+$`).MatchString(b.SQLite) {
		t.Errorf("SQLite version %q", b.SQLite)
	}
	if b.Fyne != "unknown" { // this test does not link Fyne; cmd/marginalia's TestVersion does
		t.Errorf("Fyne version %q", b.Fyne)
	}
	s := b.String()
	for _, want := range []string{"Marginalia " + ReleaseVersion + "\n", "SQLite " + b.SQLite, "Fyne " + b.Fyne, "Go " + strings.TrimPrefix(b.Go, "go")} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
}

// The embedded licences are those of the modules go.mod pulls in today.
func TestThirdPartyLicensesUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "licences.txt")
	if o, err := exec.Command("go", "run", "./licensegen", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("licensegen: %v\n%s", err, o)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(fresh) != ThirdPartyLicenses() {
		t.Fatal("assets/THIRD_PARTY_LICENSES.txt is stale: run go generate ./assets")
	}
	for _, want := range []string{"SQLite is in the public domain", "fyne.io/fyne/v2 v", "github.com/xuri/excelize/v2 v",
		"github.com/jackc/pgx/v5 v", "github.com/mattn/go-sqlite3 v", "Camilla Löwy", "Copyright 2009 The Go Authors"} {
		if !strings.Contains(ThirdPartyLicenses(), want) {
			t.Errorf("the licences lack %q", want)
		}
	}
}
