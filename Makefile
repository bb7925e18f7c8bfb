# Regie. Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   sets up the virtual environment and runs a selection on the shipped example
#   make test   sets up the virtual environment and runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= demo-uitvoer

.PHONY: demo test lint format check-regelingen clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("Regie needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/regie select --peildatum 2026-02-01 --leverdatum 2026-02-01 \
		--input src/regie/data/voorbeeld --output $(DEMO_OUT)
	@echo
	@echo "uitkomsten.csv:"
	@cat $(DEMO_OUT)/uitkomsten.csv

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

check-regelingen: $(STAMP)
	$(BIN)/regie regeling check

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache
