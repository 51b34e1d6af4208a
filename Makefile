# coursepack: `make build` sets up .venv and builds the course into build/;
# `make test` runs the linter and the test suite (browser tests included: `make test-deps`
# installs chromium and axe-core for them first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: build test test-deps fonts validate serve lint lock pot bench lighthouse clean

build: $(READY) fonts
	$(BIN)/coursepack build

# the fonts every PDF is typeset with (apt, only when missing)
fonts:
	scripts/install-fonts.sh

test: $(READY) test-deps
	$(BIN)/ruff check generator tests facilitator scripts bench
	$(BIN)/pytest -q

# chromium (apt) and axe-core (npm, package-lock.json) for tests/browser/; idempotent.
test-deps:
	scripts/install-test-deps.sh

validate: $(READY)
	$(BIN)/coursepack validate

# the learner site at http://127.0.0.1:8000, rebuilt on every edit (coursepack serve --help)
serve: $(READY)
	$(BIN)/coursepack serve

# generator/messages.pot: the interface strings translators get (tests check it is current)
pot: $(READY)
	$(BIN)/python scripts/extract_messages.py

# build benchmark (slow, not part of test): timings and ratios in bench/results.json
bench: $(READY)
	$(BIN)/python bench/run.py

# Lighthouse (mobile, default throttling) on the home, a track and a module page in en and
# fa, served with gzip: scores printed and written to bench/lighthouse.json. Lighthouse
# (npm, about 185 MB, pinned in scripts/lighthouse-deps/) is installed there on first use,
# never by `make test`; it runs Debian's /usr/bin/chromium (`make test-deps`).
LIGHTHOUSE := scripts/lighthouse-deps/node_modules/lighthouse/cli/index.js
lighthouse: $(READY) $(LIGHTHOUSE)
	$(BIN)/python scripts/lighthouse.py

$(LIGHTHOUSE): scripts/lighthouse-deps/package-lock.json
	npm ci --prefix scripts/lighthouse-deps --no-audit --no-fund
	touch $@

lint: $(READY)
	$(BIN)/ruff check generator tests facilitator scripts bench

$(READY): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

lock: $(READY)
	$(BIN)/pip install --quiet -e '.[test]'
	( echo '# Pinned dependencies of coursepack and its tests: `make lock` refreshes this file.'; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^-e' ) > requirements.lock

clean:
	rm -rf build .venv
