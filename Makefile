# burdenshare — the two commands a fresh machine needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run overview test lint typecheck bench clean i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The main job: the service (REST API and pages) on the embedded data at
# http://127.0.0.1:8000/ (API docs at /docs); Ctrl-C stops it. The embedded ledger
# (BURDENSHARE_DATABASE_URL, else the user's data directory) is set up and, while it holds
# no pledge, seeded with the labelled SYNTHETIC units; later starts leave it as it is.
run: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m burdenshare.service.seed
	$(BIN)/burdenshare serve --host 127.0.0.1 --port 8000

# The alliance overview for the latest year, in the terminal.
overview: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/burdenshare overview

# The whole suite: lint, type-check, tests (with doctests).
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Benchmarks print ratios against plain reference implementations (no timing assertions).
bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_simulation.py
	$(BIN)/python benchmarks/bench_funding.py
	$(BIN)/python benchmarks/bench_burden.py
	$(BIN)/python benchmarks/bench_sourcing.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_reports.py

# Collect the sentences of every surface into the one catalog, and update the Dutch one.
i18n: $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k say -k say_n:1,2 -k t \
		--project burdenshare --copyright-holder 'burdenshare contributors' \
		-o src/burdenshare/locale/burdenshare.pot --no-location --sort-output .
	$(BIN)/pybabel update -D burdenshare -i src/burdenshare/locale/burdenshare.pot \
		-d src/burdenshare/locale -l nl --no-fuzzy-matching

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
