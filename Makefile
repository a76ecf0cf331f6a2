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
# (prosopo's own modules compiled first, as `pip install` does for a package: where
# PYTHONDONTWRITEBYTECODE is set, each start would otherwise compile them again, 0.2 s)
run: install
	$(BIN)/python -m compileall -q prosopo api
	$(BIN)/prosopo build
	$(BIN)/prosopo serve

lint: install
	$(BIN)/ruff check prosopo api tests benchmarks
	$(BIN)/ruff format --check prosopo api tests benchmarks
	$(BIN)/mypy

# Lint, type-check and run the whole test suite (SQLite, and PostgreSQL when a server is up):
# a file's tests on one worker, a worker per core; the generated requests of test_fuzz.py apart,
# because schemathesis's generated tests run only their first operation under pytest-xdist. The
# two runs go side by side (the workers leave a core partly idle, waiting on the databases): on
# two cores the suite took 3.5 minutes against 5 one after the other. The generated requests'
# report is shown when both have ended; the target fails if either failed.
test: lint
	@fuzz_log=$$(mktemp); \
	$(BIN)/python -m pytest tests/api/test_fuzz.py > $$fuzz_log 2>&1 & fuzz=$$!; \
	$(BIN)/python -m pytest -n auto --dist loadfile --ignore=tests/api/test_fuzz.py; main=$$?; \
	wait $$fuzz; fuzzed=$$?; \
	echo "--- the generated requests (tests/api/test_fuzz.py) ---"; cat $$fuzz_log; rm -f $$fuzz_log; \
	test $$main -eq 0 && test $$fuzzed -eq 0
