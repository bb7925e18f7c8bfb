# Regie. Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   sets up the virtual environment, makes a small synthetic region, loads it into
#               the web application and serves it at http://127.0.0.1:$(DEMO_PORT)/
#   make test   sets up the virtual environment and runs every test
# make demo-select: the command-line demo (a selection round on a region without noise).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= demo-uitvoer
DEMO_PERSONS ?= 2000
DEMO_PORT ?= 8000
DEMO_SELECT_PERSONS ?= 5000
# The demo's own SQLite database, whatever DATABASE_URL or REGIE_OMGEVING say.
DEMO_ENV := DATABASE_URL= REGIE_OMGEVING=ontwikkeling REGIE_SQLITE=$(DEMO_OUT)/regie.sqlite3

.PHONY: demo demo-select test lint format check-regelingen clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("Regie needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/regie synth --personen $(DEMO_PERSONS) --seed 1 --peildatum 2026-02-01 \
		--output $(DEMO_OUT)/levering --overschrijven
	rm -f $(DEMO_OUT)/regie.sqlite3
	$(DEMO_ENV) $(BIN)/regie-beheer migrate --no-input --verbosity 0
	$(DEMO_ENV) $(BIN)/regie-beheer demo --map $(DEMO_OUT)/levering --adres http://127.0.0.1:$(DEMO_PORT)/
	@echo "Stoppen: Ctrl+C."
	$(DEMO_ENV) $(BIN)/regie-beheer runserver 127.0.0.1:$(DEMO_PORT) --noreload

demo-select: $(STAMP)
	$(BIN)/regie synth --personen $(DEMO_SELECT_PERSONS) --seed 1 --peildatum 2026-02-01 --zonder-ruis \
		--overschrijven --output $(DEMO_OUT)/selectie/levering
	$(BIN)/regie select --peildatum 2026-02-01 --leverdatum 2026-02-01 \
		--input $(DEMO_OUT)/selectie/levering --output $(DEMO_OUT)/selectie/uitkomst
	@echo
	@echo "uitkomsten.csv: de eerste 19 van $$(($$(wc -l < $(DEMO_OUT)/selectie/uitkomst/uitkomsten.csv) - 1)) uitkomsten"
	@head -n 20 $(DEMO_OUT)/selectie/uitkomst/uitkomsten.csv

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
