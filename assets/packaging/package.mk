# Packaging: included by the Makefile. `make package` builds the Linux .deb, the
# fyne tarball, the Windows executables and the NSIS installer into dist/;
# `make package-check` installs them (apt; Wine) and runs them. See README.md.

VERSION    := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT     := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
BUILD_DATE := $(shell date -u $${SOURCE_DATE_EPOCH:+-d @$$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ)
# The version, commit and date `marginalia --version` and Help → About show.
LDFLAGS    := -X desktop/marginalia/assets.version=$(VERSION) -X desktop/marginalia/assets.commit=$(COMMIT) -X desktop/marginalia/assets.buildDate=$(BUILD_DATE)
