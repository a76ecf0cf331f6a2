# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test build serve lint install

$(BIN)/prosopo: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/prosopo

# Build the database on the embedded SQLite default and serve the API on http://127.0.0.1:8000
run: install
	$(BIN)/prosopo build
	$(BIN)/prosopo serve

lint: install
	$(BIN)/ruff check prosopo api tests benchmarks
	$(BIN)/ruff format --check prosopo api tests benchmarks
	$(BIN)/mypy

# Lint, type-check and run the whole test suite (SQLite, and PostgreSQL when a server is up):
# a file's tests on one worker, a worker per core; the generated requests of test_fuzz.py apart,
# because schemathesis's generated tests run only their first operation under pytest-xdist
test: lint
	$(BIN)/python -m pytest -n auto --dist loadfile --ignore=tests/api/test_fuzz.py
	$(BIN)/python -m pytest tests/api/test_fuzz.py
