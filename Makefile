# Two commands for a newcomer: `make run` and `make test`. Both need only Python 3.12+ and make.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-slow test-all lint format migrations-check import ci clean check-python browser-deps deploy-check audit lock

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12, python3.13 or python3)."; exit 1; }

# Installs are pinned by requirements.lock (used as constraints); `make lock` refreshes it.
$(BIN)/.installed-run: pyproject.toml requirements.lock | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $@

$(BIN)/.installed-dev: pyproject.toml requirements.lock | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@ $(BIN)/.installed-run

## Re-pin every dependency (run after changing pyproject.toml's dependencies)
lock: $(BIN)/.installed-dev
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--output-file requirements.lock pyproject.toml

## Install, migrate, import fixtures/sources/ and serve on http://127.0.0.1:8000
run: export DEBUG ?= 1
run: $(BIN)/.installed-run
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_sources
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Import (or re-import) the sources without serving
import: export DEBUG ?= 1
import: $(BIN)/.installed-run
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_sources

AXE := tests/browser/node_modules/axe-core/axe.min.js

## axe-core for the browser tests' accessibility check (skipped with a notice without npm)
browser-deps: $(AXE)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "note: npm not found: the accessibility check will be skipped"; fi

## The fast set, on every core (SQLite unless DATABASE_URL says otherwise): quick feedback
test: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -m "not slow" -n auto $(PYTEST_ARGS)

## The slow set: browsers, gunicorn and nginx, faults, the benchmark tools, the seed crawl
test-slow: $(BIN)/.installed-dev $(AXE)
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

## The whole suite, as CI runs it: the fast set, then the slow set
test-all: test test-slow

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Django's deployment checklist with production settings
deploy-check: $(BIN)/.installed-dev
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	ALLOWED_HOSTS=archive.example.org DEBUG= $(BIN)/python manage.py check --deploy --fail-level WARNING

## Known vulnerabilities in the locked dependencies
audit: $(BIN)/.installed-dev
	$(BIN)/pip-audit --requirement requirements.lock --no-deps --disable-pip --progress-spinner off

migrations-check: export SECRET_KEY ?= tests-only-not-a-secret
migrations-check: $(BIN)/.installed-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* tests/artifacts .pytest_cache .ruff_cache
