# The two commands of the README: `make demo` and `make test`. Each bootstraps .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint fuzz schemas docs bench lock venv clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("datalchemy needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench,dask]'
	touch $(STAMP)

venv: $(STAMP)

## Run the pipeline end to end on the embedded SQLite car-rental database.
demo: venv
	$(BIN)/datalchemy demo --out demo-output

## Run the whole test suite (starts its own PostgreSQL; installs the server, ODBC drivers and
## Chromium with apt if absent).
test: venv
	bash scripts/ensure_postgres.sh
	bash scripts/ensure_test_tools.sh
	@rc=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "FAILED: pytest ran no tests"; fi; exit $$rc

## Quality gates run by CI.
lint: venv
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

## A longer fuzz run than the suite's (FUZZ_CASES hostile schema/plan pairs, FUZZ_SEED), listing
## every finding: an outcome that is neither a clean run nor a coded error.
FUZZ_CASES ?= 2000
FUZZ_SEED ?= 0
fuzz: venv
	$(BIN)/python -W ignore tests/fuzz/run_fuzz.py $(FUZZ_CASES) $(FUZZ_SEED)

## Re-export the contracts' JSON Schemas into schemas/ (a test fails when they drift).
schemas: venv
	$(BIN)/python -m datalchemy.contracts.export schemas

## Regenerate the generated docs (a test fails when they are stale).
docs: venv
	$(BIN)/python -m datalchemy.generators.catalog docs/generators.md
	$(BIN)/python -m datalchemy.cli.reference docs/cli.md

## Benchmarks (not part of the tests): rows/s, MB/s and peak RSS against Faker and Mimesis.
bench: venv
	$(BIN)/python bench/generate_table.py
	$(BIN)/python bench/startup.py

## Re-lock every dependency version into constraints.txt from pyproject.toml's pins.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[dev,bench,dask]'
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) demo-output runs .pytest_cache .mypy_cache .ruff_cache
