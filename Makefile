# Two commands set everything up on a fresh machine with Python >= 3.11 and make:
#   make run    virtualenv, dependencies, migrations, reference content, local admin, server
#   make test   the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate load schema lint worker bench bench-faults e2e clean

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_initial_data

run: load
	$(PY) manage.py ensure_local_admin
	@echo "Hub : http://$(HOST):$(PORT)/admin/  GraphQL : http://$(HOST):$(PORT)/graphql/  GraphiQL : http://$(HOST):$(PORT)/graphiql/"
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: migrate
	$(PY) manage.py worker

test: install
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

e2e: install
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

schema: install
	$(PY) manage.py graphql_schema --out graphql/schema.graphql
	$(PY) -m hub.erreurs > docs/erreurs.md

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install
	$(PY) -m tests.bench
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hub} $(PY) -m tests.bench.bench_annuaire
	$(PY) -m tests.bench.bench_widget
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hub} $(PY) -m tests.bench.bench_suivi

bench-faults: install
	$(PY) -m tests.bench.bench_faults

lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -o requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 test_db*.sqlite3 media static
