# Regie. Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   sets up the virtual environment, makes a small synthetic region, selects on it
#   make test   sets up the virtual environment and runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= demo-uitvoer
DEMO_PERSONS ?= 5000

.PHONY: demo test lint format check-regelingen clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("Regie needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/regie synth --personen $(DEMO_PERSONS) --seed 1 --peildatum 2026-02-01 --zonder-ruis \
		--overschrijven --output $(DEMO_OUT)/levering
	$(BIN)/regie select --peildatum 2026-02-01 --leverdatum 2026-02-01 \
		--input $(DEMO_OUT)/levering --output $(DEMO_OUT)/uitkomst
	@echo
	@echo "uitkomsten.csv: de eerste 19 van $$(($$(wc -l < $(DEMO_OUT)/uitkomst/uitkomsten.csv) - 1)) uitkomsten"
	@head -n 20 $(DEMO_OUT)/uitkomst/uitkomsten.csv

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	REGIE_SQLITE=:memory: $(BIN)/regie-beheer makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

check-regelingen: $(STAMP)
	$(BIN)/regie regeling check

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache
