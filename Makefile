# Marginalia: `make run` builds and opens the app, `make test` runs every check.
# Both install what a fresh Debian/Ubuntu machine lacks (via apt-get when run
# as root; otherwise they print the exact command to run).


GO       ?= go
BIN      := bin
BINARY   := $(BIN)/marginalia
STATICCHECK_VERSION := v0.8.2
# Build: cgo, OpenGL and X11 headers for Fyne; a CJK font so the sample's Chinese renders.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev fonts-noto-cjk
# Tests: xmllint validates REFI-QDA exports, LibreOffice (Calc and Writer) and openpyxl open the workbooks and .docx; Xvfb, xdotool and
# ImageMagick's import run and drive the real window (cmd/marginalia/window_test.go) and take screenshots;
# PostgreSQL is the real server of the team-project tests (.ci/postgres starts it on 127.0.0.1).
TEST_PKGS  := libxml2-utils libreoffice-calc-nogui libreoffice-writer-nogui python3-openpyxl xvfb xdotool imagemagick postgresql

.PHONY: run build test check deps test-deps bench fuzz screenshot clean

run: build
	$(BINARY)

build: deps
	@echo "== go build: the first build compiles Fyne (OpenGL, GLFW) and SQLite with cgo and takes a few minutes"
	@echo "   (about four on 2 cores) with no output; later builds take seconds."
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BINARY) ./cmd/marginalia

deps:
	@./.ci/apt-ensure $(BUILD_PKGS)

test-deps: deps
	@./.ci/apt-ensure $(TEST_PKGS)

$(BIN)/staticcheck:
	GOBIN=$(abspath $(BIN)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

test: test-deps $(BIN)/staticcheck
	@echo "== gofmt"; out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@echo "== go mod tidy"; $(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }
	@echo "== go vet"; $(GO) vet ./...
	@echo "== staticcheck"; $(BIN)/staticcheck ./...
	@echo "== go test (the team-project tests run against the PostgreSQL server .ci/postgres starts)"; \
	  if ./.ci/postgres >/dev/null; then export MARGINALIA_REQUIRE_POSTGRES=1; \
	  else echo "   no PostgreSQL server: the team-project tests skip (run .ci/postgres as root)"; fi; \
	  $(GO) test -count=1 ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Each parser of outside files, fuzzed for FUZZTIME; crashers land in the
# package's testdata/fuzz and become regression tests.
FUZZTIME ?= 30s
FUZZ_TARGETS := ./storage:FuzzImportCodingsCSV ./storage:FuzzImportAttributes ./storage/refi:FuzzReadCodebook ./storage/refi:FuzzReadProject ./storage/refi:FuzzPositionTable \
	./storage/textimport:FuzzReadTXT ./storage/textimport:FuzzReadHTML ./storage/textimport:FuzzReadDOCX \
	./storage/textimport:FuzzReadODT ./storage/textimport:FuzzReadPDF

fuzz: deps
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "== $$fn"; $(GO) test $$pkg -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) || exit 1; done

screenshot: build
	./.ci/screenshot $(BINARY) docs/screenshot.png

clean:
	rm -rf $(BIN)

include assets/packaging/package.mk
