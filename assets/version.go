package assets

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// ReleaseVersion is Marginalia's version when the build does not stamp
// one; it is FyneApp.toml's Version (TestReleaseVersionMatchesFyneApp).
const ReleaseVersion = "0.1.0"

// Set by the Makefile through -ldflags "-X desktop/marginalia/assets.version=…".
var (
	version   string // FyneApp.toml's Version
	commit    string // git commit, with "-dirty" when the tree had changes
	buildDate string // UTC, RFC 3339
)

// Build describes this build of Marginalia and what it is made of.
type Build struct {
	Version, Commit, Date string
	Go, Fyne, SQLite      string
}

// ThisBuild returns the version, commit and date the build was stamped
// with ("unknown" when built without the Makefile) and the versions of
// Go, Fyne and SQLite linked in.
func ThisBuild() Build {
	b := Build{Version: version, Commit: commit, Date: buildDate, Go: runtime.Version(), Fyne: "unknown"}
	if b.Version == "" {
		b.Version = ReleaseVersion
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "fyne.io/fyne/v2" {
				b.Fyne = d.Version
			}
		}
	}
	b.SQLite, _, _ = sqlite3.Version()
	return b
}

// String is the text of `marginalia --version` and of Help → About.
func (b Build) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "Marginalia %s\n", b.Version)
	fmt.Fprintf(&s, "commit %s, built %s\n", b.Commit, b.Date)
	fmt.Fprintf(&s, "Go %s, Fyne %s, SQLite %s (%s/%s)\n", strings.TrimPrefix(b.Go, "go"), b.Fyne, b.SQLite, runtime.GOOS, runtime.GOARCH)
	return s.String()
}
