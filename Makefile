# Atrium: `make demo` and `make test` work on a fresh Debian machine (they install what is missing).
SWIFT ?= swift
ATRIUM_DEBUG := .build/debug/atrium

.PHONY: deps build test lint demo bench clean dist dist-test fault

# Every import must be of a declared dependency: an undeclared one fails the build.
BUILD_FLAGS := --explicit-target-dependency-import-check=error

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The server suite runs against SQLite and a throwaway PostgreSQL cluster started for the run;
# the QR and onboarding-page tests use zbarimg and headless Chromium from Debian's packages, the
# controller's ssh:// test a throwaway sshd (openssh-server).
test: deps
	scripts/install-deps.sh zbar-tools chromium openssh-server
	scripts/check-layout.py
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	scripts/with-postgres.sh $(SWIFT) test --skip-build

# swift-format from the toolchain, with the repository's .swift-format (120 columns, 4 spaces);
# no function in Sources over 60 lines; no line over 120 columns outside string data; the
# workflows and action.yml through zizmor (offline), the Dockerfile through hadolint, the scripts
# through shellcheck.
lint:
	scripts/install-deps.sh lint-tools
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift
	scripts/long-functions.py 60 Sources
	scripts/long-lines.py 120 Sources Tests
	zizmor --offline --no-progress .
	hadolint Dockerfile
	shellcheck -S warning scripts/*.sh scripts/action/*.sh .ci/run

# The release archive (.build/dist/atrium-<version>-linux-<arch>.tar.gz and .sha256): a
# release build with the Swift runtime static, the C libraries in the archive's lib/.
dist: deps
	scripts/install-deps.sh patchelf
	scripts/dist.sh

# The archive on a bare Debian root (debootstrap, kept in .build/chroot-bookworm), as root.
dist-test: dist build
	scripts/install-deps.sh debootstrap
	scripts/test-dist-chroot.sh "$$(ls .build/dist/atrium-*-linux-*.tar.gz | head -1)"

# Starts the reference server on loopback, reconciles examples/ (read from git), stops it.
demo: build
	scripts/demo.sh

# Every figure is printed beside its target as it is measured, and all of them again in one table
# at the end (scripts/bench-summary.py, from .build/bench/summary.tsv).
bench: deps
	@mkdir -p .build/bench && rm -f .build/bench/summary.tsv
	scripts/bench-machine.py
	scripts/bench-load.sh
	scripts/with-postgres.sh scripts/bench-server.sh
	scripts/bench-reconcile.sh
	scripts/bench-provenance.sh
	scripts/bench-evidence.sh
	scripts/bench-hostile.sh
	BENCH_SIZES=1000 BENCH_START=empty BENCH_PARALLELISM="auto 1" BENCH_RTT=20ms scripts/bench-reconcile.sh
	scripts/bench-latency.sh
	scripts/bench-identity-cost.sh
	BENCH_SIZES=10000 BENCH_START=seeded BENCH_PARALLELISM=auto BENCH_PORTS=1 scripts/bench-reconcile.sh
	BENCH_SIZES=10000 BENCH_START=seeded BENCH_PARALLELISM=auto BENCH_RTT=20ms scripts/bench-reconcile.sh
	BENCH_SIZES=10000 BENCH_START=seeded BENCH_PARALLELISM=auto BENCH_PORTS=1 BENCH_RTT=20ms scripts/bench-reconcile.sh
	scripts/bench-scale.sh
	@scripts/bench-summary.py

clean:
	rm -rf .build

# The fault-and-fuzz campaign against the reference server (not part of `make test`): schemathesis
# from Coder's API spec and the server's extensions (no 5xx), then SIGKILL under writers on SQLite
# and PostgreSQL (no acknowledged write lost, the SQLite file intact).
fault: build
	python3 -m pip install -q schemathesis || true
	scripts/fuzz-server.sh
	scripts/with-postgres.sh scripts/fault-kill9.sh
