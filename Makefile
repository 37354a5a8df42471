# Margin: `make run` sets up a fresh Debian machine, builds and opens the
# app on a demo project; `make test` sets up and runs every test;
# `make install` installs it with a desktop entry and the *.margin file
# type (PREFIX, DESTDIR honoured), `make package` makes the tar.xz with
# Fyne's packager.

GO       ?= go
BIN      ?= margin
# Build tags for every go build/test/vet/run below and in the tools they
# start (exported through GOFLAGS, which child go commands inherit):
# sqlite_fts5 compiles FTS5 into go-sqlite3 for search across documents.
# The same list is internal/xwin.BuildTags and bench/run.py's GO_TAGS.
GOTAGS   := sqlite_fts5
export GOFLAGS += -tags=$(GOTAGS)
# System packages Fyne (OpenGL, X11) and go-sqlite3 (cgo) need to build.
DEB_DEPS := gcc pkg-config libgl1-mesa-dev xorg-dev
# What the tests need besides: a private X server and xdotool for the
# real-window tests (internal/xwin), ImageMagick for their screenshots,
# tesseract to read the counts a real window shows (Curate's test),
# xmllint for the REFI-QDA schema check, desktop-file-validate and the
# MIME/desktop database tools for the make install test.
TEST_DEB_DEPS := xvfb xdotool imagemagick tesseract-ocr libxml2-utils desktop-file-utils shared-mime-info postgresql
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Packages where goroutines meet shared state (SQLite handles, background
# imports/exports reporting through fyne.Do): tested with -race.
RACE_PKGS := ./storage/... ./dataset/... ./ui/...

# The version margin --version and the About dialog show.
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X github.com/margin-app/margin/internal/version.Version=$(VERSION)

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   := $(DESTDIR)$(PREFIX)/bin
DATADIR  := $(DESTDIR)$(PREFIX)/share
# Fyne's packager (fyne.io/tools), run from the Go module proxy.
FYNE     ?= $(GO) run fyne.io/tools/cmd/fyne@v1.7.4

.PHONY: run build test deps bench bench-team bench-gui stress lint clean install install-files uninstall refresh-desktop package

run: build
	./$(BIN)

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/margin

# Install the missing system packages only (apt-get update once, when needed).
deps:
	@missing=""; for p in $(DEB_DEPS) $(EXTRA_DEB_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The PostgreSQL store's tests (storage/postgres, and the shared suite
# storage/storetest) need a server: with MARGIN_TEST_POSTGRES set, that one;
# otherwise, when PostgreSQL is installed, a private one on 127.0.0.1:54329
# (.ci/postgres, the same as CI), stopped again after the tests if this
# started it. Without either, those tests fail saying how to start one.
test: EXTRA_DEB_DEPS = $(TEST_DEB_DEPS)
test: deps
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	@started=""; \
	if [ -z "$$MARGIN_TEST_POSTGRES" ]; then \
		.ci/postgres status || started=1; \
		if url=$$(.ci/postgres start); then export MARGIN_TEST_POSTGRES="$$url"; else started=""; fi; \
	fi; \
	$(GO) test -timeout 30m ./... && $(GO) test -timeout 30m -race $(RACE_PKGS); rc=$$?; \
	[ -n "$$started" ] && .ci/postgres stop; exit $$rc

# Issue 8's figures with the Python baseline of the same run and the ratios
# (bench/run.py, BENCHMARKS.md); every Go benchmark: go test -bench . ./...
bench: deps
	python3 bench/run.py

# Issue 17's PostgreSQL figures (BENCHMARKS.md, PostgreSQL): 20 team
# clients for TEAM_SECONDS (60; shorter for CI), the same with an
# immediate server restart halfway, 1,000,000 spans imported vs psql's
# \copy (BENCH_SPANS), agreement over 1,000 server documents. The team and
# import benchmarks start private servers of their own (.ci/postgres on
# ports 54341 and 54343, fsync on), never restarting the shared one; the
# agreement one uses MARGIN_TEST_POSTGRES, or starts the shared one.
TEAM_SECONDS ?= 60
BENCH_SPANS  ?= 1000000
bench-team: EXTRA_DEB_DEPS = postgresql
bench-team: deps
	@uptime
	MARGIN_BENCH_TEAM_SECONDS=$(TEAM_SECONDS) $(GO) test -run '^$$' -bench 'TeamEdits' -benchtime 1x -timeout 30m ./storage/postgres/
	MARGIN_BENCH_SPANS=$(BENCH_SPANS) $(GO) test -run '^$$' -bench 'ImportMillionVsPsqlCopy' -benchtime 3x -timeout 60m ./storage/postgres/
	@if [ -z "$$MARGIN_TEST_POSTGRES" ]; then export MARGIN_TEST_POSTGRES=$$(.ci/postgres start); fi; \
		$(GO) test -run '^$$' -bench 'Agreement(Postgres)?1000x3x50' -benchtime 3x -timeout 30m ./bench/
	@uptime

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
	$(GO) build -o framefloor ./bench/cmd/framefloor
	/usr/bin/python3 bench/gui.py ./$(BIN) --floor ./framefloor $(GUI_BENCH)

# Long reliability runs: 400 SIGKILLed writers; 100 more beside a real
# window whose file dialog listed the project's folder; concurrent writers
# under -race.
stress: EXTRA_DEB_DEPS = $(TEST_DEB_DEPS)
stress: deps
	MARGIN_STRESS=1 $(GO) test -count=1 -timeout 20m -run 'Stress|Crash|Concurrent' -v ./cmd/margin ./storage
	MARGIN_STRESS=1 $(GO) test -count=1 -race -run 'Concurrent|Backup' ./storage

# The binary, a desktop entry that opens *.margin files, the icon (as the
# app's and as the file type's) and the shared-mime-info type
# application/x-margin-project for *.margin (a subclass of SQLite).
install: build install-files

# install-files installs an already built $(BIN) (make install builds it).
install-files:
	install -Dm755 $(BIN) $(BINDIR)/margin
	install -Dm644 assets/margin.desktop $(DATADIR)/applications/margin.desktop
	install -Dm644 assets/icon.png $(DATADIR)/icons/hicolor/256x256/apps/margin.png
	install -Dm644 assets/icon.png $(DATADIR)/icons/hicolor/256x256/mimetypes/application-x-margin-project.png
	install -Dm644 assets/margin-mime.xml $(DATADIR)/mime/packages/margin.xml
	@$(MAKE) --no-print-directory refresh-desktop

uninstall:
	rm -f $(BINDIR)/margin $(DATADIR)/applications/margin.desktop $(DATADIR)/mime/packages/margin.xml \
		$(DATADIR)/icons/hicolor/256x256/apps/margin.png \
		$(DATADIR)/icons/hicolor/256x256/mimetypes/application-x-margin-project.png
	@$(MAKE) --no-print-directory refresh-desktop

# Rebuild the MIME, desktop and icon caches when the tools are there. A
# staged install (DESTDIR set: a distribution package) leaves that to the
# package's own scripts, so no caches land in the package.
refresh-desktop:
	@if [ -z "$(DESTDIR)" ]; then \
		if command -v update-mime-database >/dev/null 2>&1; then update-mime-database $(DATADIR)/mime; fi; \
		if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q $(DATADIR)/applications; fi; \
		if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -qtf $(DATADIR)/icons/hicolor; fi; \
	fi; true

# Margin.tar.xz from Fyne's packager (FyneApp.toml: name, ID, icon,
# desktop metadata), of the binary built above (with its version), then
# completed with what the packager has no notion of: the *.margin MIME
# type and the desktop entry that opens it (its Makefile gains the lines
# that install and remove the type). The packager bumps Details.Build in
# FyneApp.toml; the file is put back as it was.
PKG_STAGE := .package
# The file-type icon of *.margin, under share/.
MIME_ICON := icons/hicolor/256x256/mimetypes/application-x-margin-project.png
# The tarball's install refreshes the MIME cache only for a real install:
# a staged one (DESTDIR set, a distribution package) gets no caches.
PKG_REFRESH_MIME := -if [ -z "$$(DESTDIR)" ]; then update-mime-database $$(PREFIX)/share/mime; fi
package: build
	cp FyneApp.toml $(PKG_STAGE).FyneApp.toml
	$(FYNE) package -os linux --exe $(BIN) --name Margin; rc=$$?; mv $(PKG_STAGE).FyneApp.toml FyneApp.toml; exit $$rc
	rm -rf $(PKG_STAGE) && mkdir -p $(PKG_STAGE) && tar -xJf Margin.tar.xz -C $(PKG_STAGE)
	set -e; apps=$$(find $(PKG_STAGE) -type d -path '*/share/applications'); share=$$(dirname $$apps); \
		top=$$(echo $$share | cut -d/ -f2); rel=$${share#$(PKG_STAGE)/$$top/}; \
		sed 's/^Icon=margin$$/Icon=app.margin.annotator/' assets/margin.desktop > $$apps/app.margin.annotator.desktop; \
		install -Dm644 assets/margin-mime.xml $$share/mime/packages/margin.xml; \
		install -Dm644 assets/icon.png $$share/$(MIME_ICON); \
		printf '%s\n' '' 'install: install-mime' 'uninstall: uninstall-mime' 'install-mime:' \
			"	install -Dm00644 $$rel/mime/packages/margin.xml \$$(DESTDIR)\$$(PREFIX)/share/mime/packages/margin.xml" \
			"	install -Dm00644 $$rel/$(MIME_ICON) \$$(DESTDIR)\$$(PREFIX)/share/$(MIME_ICON)" \
			'	$(PKG_REFRESH_MIME)' 'uninstall-mime:' \
			'	-rm -f $$(DESTDIR)$$(PREFIX)/share/mime/packages/margin.xml $$(DESTDIR)$$(PREFIX)/share/$(MIME_ICON)' \
			'	$(PKG_REFRESH_MIME)' >> $(PKG_STAGE)/$$top/Makefile; \
		tar -cJf Margin.tar.xz -C $(PKG_STAGE) $$top
	rm -rf $(PKG_STAGE)
	@echo "Margin.tar.xz: unpack, then 'sudo make install' inside"

clean:
	rm -f $(BIN) framefloor Margin.tar.xz
