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

.PHONY: run test install migrate load schema lint worker bench bench-faults e2e clean lock image smoke deploy-check

# uv installs the lock in seconds where pip takes minutes (pip asks the index about every package,
# even from its cache): from uv's cache alone when it holds every pinned wheel (--offline), from
# PyPI otherwise. Python compiles the modules it imports on first use (compiling the whole
# virtualenv ahead, as pip does, costs more than the suite's imports).
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(UV) pip install --quiet --python $(PY) --offline -r requirements.lock 2>/dev/null \
	  || $(UV) pip install --quiet --python $(PY) -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_initial_data

# The task worker runs beside the server: emails, webhooks, and Wagtail's search and reference
# index updates are tasks of the database queue (without a worker, search misses new pages).
run: load
	$(PY) manage.py ensure_local_admin
	@echo "Hub : http://$(HOST):$(PORT)/admin/  GraphQL : http://$(HOST):$(PORT)/graphql/  GraphiQL : http://$(HOST):$(PORT)/graphiql/"
	$(PY) manage.py worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
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

# requirements.lock: the development lock (`make install`); requirements-prod.lock: the image's
# runtime dependencies only, for Debian bookworm's Python (3.11.2, the image's: docker/base.sh).
lock: install
	$(UV) pip compile pyproject.toml --extra dev -o requirements.lock
	$(UV) pip compile pyproject.toml --python-version 3.11.2 -o requirements-prod.lock

# The production image (a Debian bookworm base built locally when no registry is reachable).
IMAGE ?= hub-1000-jours:latest
image:
	IMAGE=$(IMAGE) sh docker/build.sh

# The image against the local PostgreSQL: migrate, healthy, GraphQL, an EPDS submission sent by
# the worker container, logs without personal data (docker/smoke.py).
smoke: install
	IMAGE=$(IMAGE) $(PY) docker/smoke.py

# deploy/kubernetes/cronjobs.yaml regenerated from deploy/schedule.json, manifests validated.
deploy-check: install
	$(PY) -m deploy.generer
	$(VENV)/bin/kubernetes-validate --strict --quiet deploy/kubernetes/[!k]*.yaml

clean:
	rm -rf $(VENV) db.sqlite3 test_db*.sqlite3 media static
