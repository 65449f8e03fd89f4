# Mixtape: `make run` opens the app on the demo library; `make test` runs every check.
# Both bootstrap .venv from the pinned requirements.lock first (only when it changed).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PROFILE := $(CURDIR)/.demo-profile

.PHONY: install run test lint types layering pytest fresh-clone bench system-deps clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mixtape needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# The demo profile lives in the checkout (git-ignored) and never touches your real library.
run: install
	MIXTAPE_HOME=$(DEMO_PROFILE) MIXTAPE_PASSPHRASE=mixtape-demo $(BIN)/mixtape demo --open

test: install system-deps lint types layering pytest
# CI also proves the fresh-machine claim and checks the frozen desktop app (issue 9).
ifeq ($(CI),true)
test: fresh-clone package-test
endif

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy

layering: install
	$(BIN)/lint-imports

pytest: install
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

# CI proves the fresh-machine claim: a clean clone bootstraps from the pins alone.
fresh-clone:
	rm -rf /tmp/mixtape-fresh-clone
	git clone --quiet . /tmp/mixtape-fresh-clone
	$(MAKE) -C /tmp/mixtape-fresh-clone install PYTHON=$(PYTHON)
	/tmp/mixtape-fresh-clone/.venv/bin/mixtape --help > /dev/null
	rm -rf /tmp/mixtape-fresh-clone

# System packages the checks use for real: redis-server (the relay's Redis backend), and for the
# frozen-app checks Xvfb, Qt's xcb libraries, objdump, desktop-file-validate and appstreamcli.
# Installed only where missing and only where we may (root with apt-get, as on CI); elsewhere
# `make test` says what to install.
SYSTEM_PACKAGES := redis-server xvfb xauth binutils desktop-file-utils appstream gnome-keyring dbus libxcb-cursor0 \
  libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p > /dev/null 2>&1 || echo $$p; done 2>/dev/null); \
	if [ -n "$$missing" ] && command -v dpkg > /dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
	    echo "installing: $$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing > /dev/null; \
	  else echo "note: install these for the full checks: $$missing"; fi; fi

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) .demo-profile build dist *.egg-info .mypy_cache .ruff_cache

# Desktop packages (packaging/RELEASING.md). `make package` builds the one-folder app
# dist/mixtape/ from its own venv (build/package-venv: wheels only, annoy built portably);
# `make package-test` runs the frozen app's checks (self-test, Xvfb, link hand-off, relay).
.PHONY: package package-test
package:
	PYTHON=$(PYTHON) packaging/build.sh

package-test:
	@test -x dist/mixtape/mixtape || $(MAKE) package
	packaging/package_test.sh
