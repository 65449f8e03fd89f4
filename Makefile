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
ifeq ($(CI),true)
test: fresh-clone
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

# Servers the tests start for real (the relay's Redis backend). Installed only where missing,
# and only where we may (root with apt-get, as on CI); elsewhere `make test` says what to install.
system-deps:
	@command -v redis-server > /dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server > /dev/null; \
	  else echo "note: install redis-server (apt-get install redis-server / brew install redis) for the relay's Redis tests"; fi; }

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) .demo-profile build dist *.egg-info .mypy_cache .ruff_cache
