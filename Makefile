# Verbund — set up, run and test on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/verbund_test
BENCH_DB_URL ?= postgres://postgres@127.0.0.1:5432/verbund_bench
CHROMIUM := /usr/bin/chromium

.PHONY: run install pdf-deps test lint typecheck migrations-check test-sqlite test-postgres browser-deps messages bench clean var

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed pdf-deps

## Pango for WeasyPrint (minutes and documents as PDF), from Debian when missing and we are root.
pdf-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 >/dev/null) || echo "Could not install Pango"; \
	  else echo "Pango (libpango-1.0-0, libpangoft2-1.0-0) is missing: PDFs will fail"; fi; \
	fi

messages: install
	$(PY) -m babel.messages.frontend compile -d src/verbund/locale -D django --statistics 2>&1 | tail -n 1

## The data directory; VERBUND_VAR_DIR moves it (settings.py reads the same variable).
var:
	mkdir -p "$${VERBUND_VAR_DIR:-var}"

## make run: migrate, load demo data once, compile translations, collect static files, serve;
## the task worker runs under run_worker, which starts it again whenever it stops.
run: install messages var
	@test -n "$$VERBUND_COUNSELLING_KEYS" || $(MANAGE) generate_counselling_key --write
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Verbund runs at http://$(HOST):$(PORT)/de/organisations/"
	@echo "  Demo admin login: $$($(PY) -c 'from verbund import settings as s; print(s.DEMO_ADMIN_EMAIL, "/", s.DEMO_ADMIN_PASSWORD)')"
	@echo ""
	$(MANAGE) run_worker & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT; \
	$(MANAGE) runserver --insecure $(HOST):$(PORT)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

## Chromium, and Java for the Nu HTML Checker (vnu-jar from npm), from Debian when they are
## missing and we may install them (root); CI=true makes a missing browser or Java fail the
## tests that need them instead of skipping them.
browser-deps: node_modules/.installed
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install chromium"; \
	  else echo "chromium is missing and cannot be installed here"; fi; \
	fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
	      || echo "Could not install Java"; \
	  else echo "Java is missing and cannot be installed here: the HTML check is skipped"; fi; \
	fi

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports --no-cache

## The models and the migrations agree, on SQLite and on PostgreSQL (whose search objects
## are part of the migration state too).
migrations-check: install
	VERBUND_TESTING=1 DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run
	VERBUND_TESTING=1 DATABASE_URL=$(PG_URL) $(MANAGE) makemigrations --check --dry-run

typecheck: install
	$(VENV)/bin/mypy

test-sqlite: install messages browser-deps
	VERBUND_TESTING=1 $(VENV)/bin/pytest -q -n 2 --dist loadgroup

test-postgres: install messages browser-deps
	VERBUND_TESTING=1 DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -n 2 --dist loadgroup

## make test: lint, type check, migrations, and the whole suite on SQLite and on PostgreSQL.
test: lint typecheck migrations-check test-sqlite test-postgres

bench: install messages
	@command -v wrk >/dev/null || { [ "$$(id -u)" = "0" ] && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) bench/directory.py --database-url $(BENCH_DB_URL) \
	  --sizes 5000,20000,100000 --load-sizes 20000,100000 --output bench-directory.md

clean:
	rm -rf $(VENV) node_modules var
