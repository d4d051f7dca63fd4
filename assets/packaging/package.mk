# Packaging: included by the Makefile. `make package` builds the Linux .deb, the
# fyne tarball, the Windows executables and the NSIS installer into dist/;
# `make package-check` installs them (apt; Wine) and runs them. See README.md.

VERSION    := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT     := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
BUILD_DATE := $(shell date -u $${SOURCE_DATE_EPOCH:+-d @$$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ)
# The version, commit and date `marginalia --version` and Help → About show.
LDFLAGS    := -X desktop/marginalia/assets.version=$(VERSION) -X desktop/marginalia/assets.commit=$(COMMIT) -X desktop/marginalia/assets.buildDate=$(BUILD_DATE)
DIST       := dist
PKGDIR     := assets/packaging
DEB        := $(DIST)/marginalia_$(VERSION)_amd64.deb
# Packaging tools: dpkg-shlibdeps, ImageMagick (icon sizes), the checkers of the desktop entry, AppStream and
# the .deb, mingw-w64 and NSIS for Windows, Wine to run the installer in package-check.
PACKAGE_PKGS := dpkg-dev imagemagick desktop-file-utils appstream lintian gcc-mingw-w64-x86-64 nsis wine wine64

.PHONY: package package-deps package-deb package-windows package-check package-mac

package: package-deb package-windows

package-deps: deps
	@./.ci/apt-ensure $(PACKAGE_PKGS)

# The Linux binary, stripped (-s -w); built like `make build`, so that it reuses the tests' build cache.
package-deb: package-deps
	$(GO) build -ldflags "$(LDFLAGS) -s -w" -o $(DIST)/linux/marginalia ./cmd/marginalia
	$(PKGDIR)/deb.sh $(DIST)/linux/marginalia $(VERSION) $(DIST)

WIN       := $(DIST)/windows
INSTALLER := $(DIST)/Marginalia-Setup-$(VERSION).exe

# marginalia.exe (GUI subsystem) and marginalia.com (console: the CLI), then the NSIS installer.
package-windows: package-deps
	GO=$(GO) $(PKGDIR)/windows/build.sh $(VERSION) "$(LDFLAGS)" $(WIN)
	makensis -V2 -DVERSION=$(VERSION) -DSRC=$(abspath $(WIN)) -DOUT=$(abspath $(INSTALLER)) $(PKGDIR)/windows/installer.nsi
	@ls -l $(DEB) $(INSTALLER) 2>/dev/null || true

# The slow checks of what `make package` built (.ci/run runs them after make test).
package-check: package
	$(PKGDIR)/check-deb.sh $(DEB)
	$(PKGDIR)/windows/check-wine.sh $(INSTALLER) $(DIST)/linux/marginalia

# macOS: NOT BUILT OR TESTED HERE (no Mac; Fyne does not cross-compile to macOS from Linux).
# Run on a Mac with Go and the Xcode command-line tools: it builds dist/Marginalia.app with the
# Info.plist of assets/packaging/macos (document types .qdb, .qdpx, .qdc) and the icon.
package-mac:
	@[ "$$(uname)" = Darwin ] || { echo "package-mac runs on macOS only"; exit 1; }
	rm -rf $(DIST)/Marginalia.app $(DIST)/icon.iconset
	mkdir -p $(DIST)/Marginalia.app/Contents/MacOS $(DIST)/Marginalia.app/Contents/Resources $(DIST)/icon.iconset
	CGO_ENABLED=1 $(GO) build -trimpath -ldflags "$(LDFLAGS) -s -w" -o $(DIST)/Marginalia.app/Contents/MacOS/marginalia ./cmd/marginalia
	sed 's/@VERSION@/$(VERSION)/g' $(PKGDIR)/macos/Info.plist.in > $(DIST)/Marginalia.app/Contents/Info.plist
	for s in 16 32 128 256; do sips -z $$s $$s assets/icon.png --out $(DIST)/icon.iconset/icon_$${s}x$${s}.png; done
	iconutil -c icns -o $(DIST)/Marginalia.app/Contents/Resources/icon.icns $(DIST)/icon.iconset
	cp assets/THIRD_PARTY_LICENSES.txt $(DIST)/Marginalia.app/Contents/Resources/
	codesign --force --deep --sign - $(DIST)/Marginalia.app
