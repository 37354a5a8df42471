# Margin: `make run` sets up a fresh Debian machine, builds and opens the
# app on a demo project; `make test` sets up and runs every test.

GO       ?= go
BIN      ?= margin
# System packages Fyne (OpenGL, X11) and go-sqlite3 (cgo) need to build.
DEB_DEPS := gcc pkg-config libgl1-mesa-dev xorg-dev
# What the tests need besides: a private X server and xdotool for the
# real-window tests (internal/xwin), ImageMagick for their screenshots,
# xmllint for the REFI-QDA schema check.
TEST_DEB_DEPS := xvfb xdotool imagemagick libxml2-utils
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Packages where goroutines meet shared state (SQLite handles, background
# imports/exports reporting through fyne.Do): tested with -race.
RACE_PKGS := ./storage/... ./dataset/... ./ui/...

.PHONY: run build test deps bench bench-gui stress lint clean

run: build
	./$(BIN)

build: deps
	$(GO) build -o $(BIN) ./cmd/margin

# Install the missing system packages only (apt-get update once, when needed).
deps:
	@missing=""; for p in $(DEB_DEPS) $(EXTRA_DEB_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

test: EXTRA_DEB_DEPS = $(TEST_DEB_DEPS)
test: deps
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) test ./...
	$(GO) test -race $(RACE_PKGS)

# Issue 8's figures with the Python baseline of the same run and the ratios
# (bench/run.py, BENCHMARKS.md); every Go benchmark: go test -bench . ./...
bench: deps
	python3 bench/run.py

# Issue 14's real-window figures (bench/gui.py): the app under its own Xvfb
# (software GL), keys through XTEST, frames seen as status-bar crop hashes;
# launch, key-to-frame at the start/middle/end of a 1 MB / 10,000-span
# document, scrolling, a 10,000-document project and a 1,000-action soak.
# GUI_BENCH="--runs 3 --soak 1000 --json out.json" passes options.
GUI_DEPS := xvfb xdotool python3-xlib
bench-gui: build
	@missing=""; for p in $(GUI_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	/usr/bin/python3 bench/gui.py ./$(BIN) $(GUI_BENCH)

# Long reliability runs: 400 SIGKILLed writers, concurrent writers under -race.
stress: deps
	MARGIN_STRESS=1 $(GO) test -count=1 -timeout 20m -run 'Stress|Crash|Concurrent' -v ./cmd/margin ./storage
	MARGIN_STRESS=1 $(GO) test -count=1 -race -run 'Concurrent|Backup' ./storage

clean:
	rm -f $(BIN)
