# SXSH — the developer's front door. `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SXSH := $(BIN)/sxsh
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_FACILITIES ?= 120

.PHONY: run setup test test-sqlite test-postgres lint messages bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

## run: install, migrate the SQLite database in data/, load reference data, the seed plan
##      and the demo data set, create demo users, then serve on http://127.0.0.1:8000 with
##      the background worker beside the server (Ctrl-C stops both)
run: setup
	@echo
	@echo "SXSH chạy tại / is running at: http://$(HOST):$(PORT)/"
	SXSH_DEBUG=1 $(SXSH) serve $(HOST):$(PORT)

setup: $(STAMP)
	SXSH_DEBUG=1 $(SXSH) migrate --noinput -v0
	SXSH_DEBUG=1 $(SXSH) load-reference
	SXSH_DEBUG=1 $(SXSH) demo-users
	SXSH_DEBUG=1 $(SXSH) plan-load sxsh/plans/data/157-KH-UBND-2016.yaml
	SXSH_DEBUG=1 $(SXSH) demo-data --facilities $(DEMO_FACILITIES) --seed 1

## test: system packages (Chromium, PostgreSQL, fonts, poppler), lint, migrations check,
##       the whole suite on SQLite, then again on a PostgreSQL server started for the run
test: $(STAMP)
	tools/system-deps.sh
	$(MAKE) lint
	tools/test-all.sh

## lint: ruff (style, imports, complexity), mypy with django-stubs (files in pyproject.toml),
##       and a check that no model change lacks its migration
lint: $(STAMP)
	$(BIN)/ruff check .
	SXSH_DEBUG=1 SXSH_DATA_DIR=$$(mktemp -d) $(BIN)/mypy
	SXSH_DEBUG=1 SXSH_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: $(STAMP)
	$(BIN)/pytest -n 2

test-postgres: $(STAMP)
	tools/test-all.sh postgres

## messages: collect translatable strings into the vi catalogues (needs gettext)
messages: $(STAMP)
	SXSH_DEBUG=1 $(BIN)/python manage.py makemessages -l vi --no-location \
		--ignore=.venv --ignore=bench --ignore=tools
	for po in locale/vi/LC_MESSAGES/django.po sxsh/*/locale/vi/LC_MESSAGES/django.po; do \
		$(BIN)/python tools/po_fill.py $$po || true; done

## bench: the benchmarks in bench/ at small sizes (a few minutes); larger ones with e.g.
##        make bench BENCH_FACILITIES=1000,10000,100000 BENCH_ROWS=100000
##        (DATABASE_URL set to a PostgreSQL server: the indicators also run there)
BENCH_FACILITIES ?= 1000,10000
BENCH_ROWS ?= 10000
BENCH_PAGES ?= 10000
bench: $(STAMP)
	$(BIN)/python bench/indicators.py --sizes $(BENCH_FACILITIES)
	$(BIN)/python bench/import_bench.py --rows $(BENCH_ROWS)
	$(BIN)/python bench/import_background.py --rows $(BENCH_ROWS)
	$(BIN)/python bench/pages.py --facilities $(BENCH_PAGES) --seconds 5

clean:
	rm -rf $(VENV) staticfiles .mypy_cache
