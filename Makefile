# Benchtop: `make run` opens the app, `make test` runs every test.
# Both install what is missing first (scripts/deps.sh).

GO        ?= go
VERSION   ?= $(shell awk -F'"' '/^Version/ {print $$2}' FyneApp.toml)
LDFLAGS   := -X benchtop/internal/version.Number=$(VERSION)
# no_animations: Fyne's animations (a focused entry's fading cursor, button
# ripples, tab underlines) redraw the whole window at the frame rate: 25% of
# a core under Xvfb for a cursor in a form field, 2% without. The cursor
# stays, solid. migrated_fynedo: every UI call goes through fyne.Do (doUI),
# so Fyne may skip its check of the calling goroutine, which parses
# runtime.Stack on every Refresh (half the Live tab's CPU at 1,000 MIDI
# messages a second). The tests build with the same tags.
GOTAGS    := no_animations migrated_fynedo
BIN       := build/benchtop
FYNE      := build/bin/fyne
FYNE_TOOLS_VERSION := v1.7.4
STATICCHECK := build/bin/staticcheck
RIE := build/bin/aws-lambda-rie
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
STATICCHECK_VERSION := v0.8.2
ERRCHECK := build/bin/errcheck
ERRCHECK_VERSION := v1.30.0
export CGO_ENABLED := 1

.PHONY: windows windows-test vet-cross darwin-app release-check run build lambda deps deps-test test fmt-check docs-check vet lint gotest fuzz fuzz-smoke fuzz-each bench-gui package package-test install uninstall clean

run: deps lambda
	$(GO) run -tags '$(GOTAGS)' -ldflags '$(LDFLAGS)' .

# -buildvcs=auto: stamp the commit into the binary (benchtop version, every
# saved run) even where GOFLAGS turns it off.
build: deps lambda
	$(GO) build -buildvcs=auto -tags '$(GOTAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) .

# The keep-alive probe as an AWS Lambda function (provided.al2023: an
# executable named bootstrap at the root of a zip), for arm64 and amd64,
# embedded in the benchtop binary (assets/lambda).
LAMBDA_ZIPS := assets/lambda/keepalive-arm64.zip assets/lambda/keepalive-amd64.zip
LAMBDA_SRC := $(shell find probes/keepalive internal -name '*.go' -not -name '*_test.go') go.mod go.sum
FARGATE_TASKS := assets/fargate/benchtop-task-arm64 assets/fargate/benchtop-task-amd64
lambda: $(LAMBDA_ZIPS) $(FARGATE_TASKS)
# The socket bench's Fargate task program (benchtop-task: the app and the
# load client of `sockets --in fargate`), static, embedded in benchtop
# (assets/fargate), pushed to ECR as a one-file image.
FARGATE_SRC := $(shell find probes/sockets probes/loadgen internal -name '*.go' -not -name '*_test.go') go.mod go.sum
assets/fargate/benchtop-task-%: $(FARGATE_SRC)
	CGO_ENABLED=0 GOOS=linux GOARCH=$* $(GO) build -trimpath -ldflags '-s -w' -o $@ ./probes/sockets/infargate/taskmain
assets/lambda/keepalive-%.zip: $(LAMBDA_SRC)
	CGO_ENABLED=0 GOOS=linux GOARCH=$* $(GO) build -trimpath -tags lambda.norpc -ldflags '-s -w' -o build/lambda/$*/bootstrap ./probes/keepalive/lambdafn
	$(GO) run ./scripts/lambdazip build/lambda/$*/bootstrap $@

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

# The one test command (.ci/run calls it).
test: deps-test fmt-check docs-check vet vet-cross lint build gotest fuzz-smoke package-test windows-test release-check

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# README.md at most 300 lines (the depth lives in docs/), and every relative
# link and #anchor in README.md and docs/*.md resolving (perl from perl-base).
docs-check:
	@perl scripts/check-docs.pl

vet:
	$(GO) vet ./...

# Every package without Fyne or RtMidi (cgo), tests included, vetted for
# the other desktops: macOS and Windows cannot be built whole here (no
# Cocoa/CoreMIDI SDK; the Windows exe is built by `make windows`).
NO_CGO = grep -v -e '^benchtop$$' -e '^benchtop/app$$' -e '^benchtop/ui' -e /rtmidi -e /barefyne -e /fynefloor
CROSS_PKGS = $$($(GO) list ./... | $(NO_CGO))
vet-cross: $(STATICCHECK)
	@for os in darwin windows freebsd; do echo "vet + staticcheck GOOS=$$os"; \
		GOOS=$$os CGO_ENABLED=0 $(GO) vet $(CROSS_PKGS) || exit 1; \
		GOOS=$$os CGO_ENABLED=0 $(STATICCHECK) $(CROSS_PKGS) || exit 1; done

# staticcheck (pinned, installed into build/bin on first use), errcheck over
# the measuring code and what it stands on, and a go.mod that says exactly
# what the code imports. errcheck: every error in probes/, devices/ and
# internal/, tests included, is handled or discarded on purpose (`_ =` with
# the reason beside it). Close is excepted (.errcheck-excludes lists the
# Close methods called): closing what is no longer used has no one to tell,
# and a Close whose error matters (a file just written) is checked where it
# is called. It runs with the build's tags, then for windows and darwin on
# the packages that build without cgo (as vet-cross), so platform files are
# checked too.
ERRCHECK_PKGS = ./probes/... ./devices/... ./internal/...
lint: $(STATICCHECK) $(ERRCHECK)
	$(STATICCHECK) ./...
	$(ERRCHECK) -exclude .errcheck-excludes -tags '$(GOTAGS)' $(ERRCHECK_PKGS)
	@for os in windows darwin; do echo "errcheck GOOS=$$os"; \
		GOOS=$$os CGO_ENABLED=0 $(ERRCHECK) -exclude .errcheck-excludes -tags '$(GOTAGS)' $$($(GO) list $(ERRCHECK_PKGS) | $(NO_CGO)) || exit 1; done
	$(GO) mod tidy -diff

# The official Lambda Runtime Interface Emulator, for the Lambda tests.
$(RIE):
	GOBIN=$(CURDIR)/build/bin $(GO) install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

$(STATICCHECK):
	GOBIN=$(CURDIR)/build/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(ERRCHECK):
	GOBIN=$(CURDIR)/build/bin $(GO) install github.com/kisielk/errcheck@$(ERRCHECK_VERSION)

# -race everywhere; the window smoke test (app/smoke_test.go) runs the
# binary built above under Xvfb. The keep-alive tests assert connection
# reuse call by call, which Go's transport only guarantees on a machine
# that is not saturated: they run on their own, after the rest.
TEST_ENV := BENCHTOP_BIN=$(CURDIR)/$(BIN) BENCHTOP_DYNALITE=$(CURDIR)/build/npm/node_modules/dynalite/cli.js BENCHTOP_RIE=$(CURDIR)/$(RIE)
gotest: $(RIE)
	$(TEST_ENV) $(GO) test -race -count=1 -tags '$(GOTAGS)' -timeout 20m $$($(GO) list ./... | grep -v /probes/keepalive)
	$(TEST_ENV) $(GO) test -race -count=1 -tags '$(GOTAGS)' -timeout 10m ./probes/keepalive/...

# Every reader's fuzz target, with its smoke budget in executions. `make fuzz`
# runs each for FUZZTIME (default 60s); `make test` runs the smoke budget. The
# smoke run counts executions, not seconds: a wall-clock -fuzztime races Go's
# fuzz coordinator at its deadline and fails a target that found nothing
# ("context deadline exceeded" with no crasher, seen on a loaded CI machine).
# A crasher is written to the package's testdata/fuzz/<target>/ and stays
# there as a regression seed.
FUZZ_TARGETS := \
	devices/usb:FuzzParse:20000 devices/usb:FuzzIoreg:20000 \
	devices/usb:FuzzLsusbVerbose:20000 devices/usb:FuzzLsusbTree:20000 \
	devices/usb:FuzzJSON:20000 devices/usb:FuzzSysfsAttr:1000 \
	devices/usb:FuzzUSBView:20000 devices/usb:FuzzUSBTreeView:20000 \
	devices/usb:FuzzPnputil:20000 \
	devices/midi:FuzzParseSMF:20000 devices/midi:FuzzDecodeStream:20000 \
	devices/midi:FuzzReadMIDI:20000 devices/midi/assemble:FuzzAssemble:20000
FUZZTIME ?= 60s
fuzz:
	@$(MAKE) --no-print-directory fuzz-each FUZZ_BUDGET='$(FUZZTIME)' FUZZ_MINIMIZE=5s
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz-each FUZZ_BUDGET=smoke FUZZ_MINIMIZE=500x
fuzz-each:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; count=$${rest#*:}; \
		budget='$(FUZZ_BUDGET)'; [ "$$budget" = smoke ] && budget=$${count}x; \
		echo "fuzz $$name ($$budget)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $$budget -fuzzminimizetime $(FUZZ_MINIMIZE) ./$$pkg; \
	done

# The window at rest beside a bare Fyne window: first frame, idle CPU per
# tab, RSS, as ratios; then key to pixel beside the floor program
# (scripts/fynefloor), 23 and 1,000 messages/s, three rounds, about 4
# minutes (scripts/bench-gui.sh; needs Xvfb). Not part of make test; vet
# and lint build the floor program there.
bench-gui: deps-test
	scripts/bench-gui.sh

# Windows: a static exe (libgcc and libstdc++ linked in, so it imports only
# DLLs that ship with Windows) with its icon, version and manifest
# (go-winres), cross-built with Debian's mingw-w64 (scripts/deps.sh windows).
WIN_EXE    := build/windows/benchtop.exe
WINRES     := build/bin/go-winres
WINRES_VERSION := v0.3.3
WIN_ENV    := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++
$(WINRES):
	GOBIN=$(CURDIR)/build/bin $(GO) install github.com/tc-hib/go-winres@$(WINRES_VERSION)
windows: lambda $(WINRES)
	@scripts/deps.sh windows
	@mkdir -p build/windows
	$(WINRES) simply --arch amd64 --out rsrc --manifest gui --icon assets/icon.png \
		--product-name Benchtop --file-description "Benchtop: USB, MIDI and latency inspector" \
		--product-version $(VERSION) --file-version $(VERSION) --original-filename benchtop.exe \
		--copyright "$$(sed -n 3p LICENSE)"
	$(WIN_ENV) $(GO) build -buildvcs=auto -tags '$(GOTAGS)' -ldflags '$(LDFLAGS) -s -w -H windowsgui -extldflags -static' -o $(WIN_EXE) . ; \
		rc=$$?; rm -f rsrc_windows_amd64.syso; exit $$rc
	scripts/check-windows-exe.sh $(WIN_EXE)

# The exe under Wine 8 and Xvfb: version, devices, a listing, a short lab
# run, a short Sockets run and the window (scripts/wine-smoke.sh).
windows-test: windows
	@scripts/deps.sh wine
	CGO_ENABLED=0 GOOS=windows $(GO) test -c -o build/windows/proc.test.exe ./internal/proc
	CGO_ENABLED=0 GOOS=windows $(GO) test -c -o build/windows/usb.test.exe ./devices/usb
	CGO_ENABLED=0 GOOS=windows $(GO) test -c -o build/windows/hrclock.test.exe ./internal/hrclock
	scripts/wine-smoke.sh $(WIN_EXE) build/windows/proc.test.exe=Job \
		'build/windows/usb.test.exe=WinTree|SetupAPI' build/windows/hrclock.test.exe=.

$(FYNE):
	GOBIN=$(CURDIR)/build/bin $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

# Linux desktop bundle: Benchtop.tar.xz with the binary, a .desktop entry,
# the icon, the AppStream metainfo, LICENSE and NOTICE, and a Makefile that
# installs and uninstalls them (packaging/bundle.mk).
package: build $(FYNE)
	$(FYNE) package --os linux --release --app-version $(VERSION) --exe $(BIN)
	scripts/finish-package.sh Benchtop.tar.xz
	@ls -l Benchtop.tar.xz

package-test: package
	scripts/check-package.sh Benchtop.tar.xz

# Installs the bundle for the current user (~/.local): the app appears in the desktop's menu.
install: package
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	tar -xJf Benchtop.tar.xz -C "$$tmp" && $(MAKE) -C "$$tmp/benchtop" user-install

# Removes what `make install` put under ~/.local.
uninstall:
	$(MAKE) -f packaging/bundle.mk user-uninstall

clean:
	rm -rf build Benchtop.tar.xz

# --- Releases: .github/workflows/release.yml runs only these targets (and
# `make test`, `make package`), so every step of it can be run here.
.PHONY: test-ci moto test-unit windows-native release-publish

# actionlint (pinned, into build/bin) on the workflow; it runs shellcheck on
# each `run:` block when shellcheck is installed (scripts/deps.sh test
# installs it; under CI=true a missing shellcheck is an error).
ACTIONLINT := build/bin/actionlint
ACTIONLINT_VERSION := v1.7.12
$(ACTIONLINT):
	GOBIN=$(CURDIR)/build/bin $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)
release-check: $(ACTIONLINT)
	@if ! command -v shellcheck >/dev/null 2>&1; then \
		echo "release-check: shellcheck is missing (apt-get install shellcheck): the workflow's shell lines go unchecked" >&2; \
		if [ -n "$$CI" ]; then exit 1; fi; fi
	$(ACTIONLINT) .github/workflows/*.yml

# The Linux job: make test where moto's server is not installed (a CI
# runner). moto is Python's (pinned), in a virtualenv under build/moto; only
# its moto_server goes on the PATH, so python3 stays the system's.
MOTO_VERSION := 5.2.1
moto:
	@if command -v moto_server >/dev/null 2>&1 || [ -x build/moto/bin/moto_server ]; then exit 0; fi; \
	set -e; scripts/deps.sh venv; rm -rf build/moto; \
	python3 -m venv build/moto/venv; \
	build/moto/venv/bin/pip install --disable-pip-version-check --quiet 'moto[server]==$(MOTO_VERSION)'; \
	mkdir -p build/moto/bin; ln -s ../venv/bin/moto_server build/moto/bin/moto_server
test-ci: moto
	PATH="$(CURDIR)/build/moto/bin:$$PATH" $(MAKE) test

# go test where make test cannot run (the macOS and Windows jobs): the
# packages whose tests need no outside tool and run no probe, with CI unset:
# those tools are not installed there, so a test needing one skips and says
# so (testenv.Need), as on a laptop. -race where the race detector is at
# home (not on Windows). Tests that cannot hold on Windows (sysfs fixtures
# whose file names hold ':', Unix file modes) skip themselves there.
UNIT_PKGS := ./devices/... ./internal/...
HOST_GOOS = $(shell $(GO) env GOOS)
UNIT_RACE = $(if $(filter windows,$(HOST_GOOS)),,-race)
test-unit:
	CI= $(GO) test $(UNIT_RACE) -count=1 -tags '$(GOTAGS)' $(UNIT_PKGS)

# macOS: Benchtop.app (fyne package around a universal binary: arm64 and
# x86_64, built with Xcode's clang, for macOS 12 and later as Go 1.26
# requires), signed ad hoc (not notarised), zipped with ditto as Finder
# would. Only on a Mac: Cocoa and CoreMIDI come with Xcode's SDK.
DARWIN_DIR := build/darwin
DARWIN_APP := $(DARWIN_DIR)/Benchtop.app
DARWIN_ZIP := $(DARWIN_DIR)/Benchtop-macos.zip
DARWIN_ARCHS := arm64 amd64
darwin-app: lambda $(FYNE)
	@mkdir -p $(DARWIN_DIR)
	@set -e; for arch in $(DARWIN_ARCHS); do \
		echo "go build GOARCH=$$arch"; \
		GOOS=darwin GOARCH=$$arch MACOSX_DEPLOYMENT_TARGET=12.0 $(GO) build -buildvcs=auto -tags '$(GOTAGS)' -ldflags '$(LDFLAGS)' -o $(DARWIN_DIR)/benchtop-$$arch . ; \
	done
	lipo -create -output $(DARWIN_DIR)/benchtop $(foreach a,$(DARWIN_ARCHS),$(DARWIN_DIR)/benchtop-$(a))
	lipo -verify_arch arm64 x86_64 $(DARWIN_DIR)/benchtop
	rm -rf Benchtop.app $(DARWIN_APP) $(DARWIN_ZIP)
	$(FYNE) package --os darwin --release --app-version $(VERSION) --exe $(DARWIN_DIR)/benchtop
	mv Benchtop.app $(DARWIN_APP)
	codesign --force --sign - $(DARWIN_APP)
	codesign --verify --strict $(DARWIN_APP)
	$(DARWIN_APP)/Contents/MacOS/benchtop version | grep -F '$(VERSION)'
	ditto -c -k --keepParent $(DARWIN_APP) $(DARWIN_ZIP)
	@ls -l $(DARWIN_ZIP)

# Windows: make windows on Windows itself, in MSYS2's MINGW64 shell (make,
# gcc, g++, objdump of mingw-w64): the same static exe, checked the same way.
windows-native:
	OBJDUMP=objdump $(MAKE) windows WIN_ENV='CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=gcc CXX=g++'

# The GitHub release for TAG (vX.Y.Z: FyneApp.toml's Version) with every file
# in DIST; run again, it replaces the files. Needs gh and GH_TOKEN.
TAG ?=
DIST ?= dist
release-publish:
	@if [ "$(TAG)" != "v$(VERSION)" ]; then \
		echo "release: tag '$(TAG)' is not v$(VERSION), FyneApp.toml's Version: bump it, commit, tag that commit" >&2; exit 1; fi
	@ls -l $(DIST)
	if gh release view '$(TAG)' >/dev/null 2>&1; then \
		gh release upload '$(TAG)' $(DIST)/* --clobber; \
	else \
		gh release create '$(TAG)' $(DIST)/* --verify-tag --title 'Benchtop $(VERSION)' --generate-notes; \
	fi
