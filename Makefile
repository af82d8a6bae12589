# CareerFit developer commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Settings from a local .env file (KEY=value lines), if there is one.
ifneq (,$(wildcard .env))
include .env
export $(shell sed -n 's/^\([A-Z_][A-Z0-9_]*\)=.*/\1/p' .env)
endif

.PHONY: run test lint format migrations-check bench install install-dev lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install whenever the lock file changes.
$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## Set up a local SQLite database with demo data and serve the app on http://127.0.0.1:8000
run: export DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (uses DATABASE_URL when set, else SQLite), one worker per CPU
test: install-dev
	$(BIN)/pytest -n auto --dist loadfile

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: export DEBUG ?= 1
migrations-check: install-dev
	$(PY) manage.py makemigrations --check --dry-run

## Re-pin the dependencies from pyproject.toml (then commit both files)
lock: install-dev
	$(BIN)/pip-compile --quiet --no-header --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --no-header --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe --extra dev -o requirements-dev.txt pyproject.toml

## Load benchmark: gunicorn on PostgreSQL and Redis driven by wrk; prints a table (~5 minutes)
bench: install
	$(PY) -m scripts.loadbench.run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
