# kcost: two commands for a fresh clone.
#   make run   set up .venv if needed and open the app on the shipped defaults
#   make test  set up .venv if needed and run the whole test suite
#   make bench benchmarks against same-run baselines (see docs/benchmarks.md)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kcost needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

test: $(STAMP)
	$(BIN)/python -m pytest

# Benchmarks (not timed tests): each compares against a baseline in the same run and prints the ratio.
bench: $(STAMP)
	$(BIN)/python benchmarks/simulation_speed.py
	$(BIN)/python benchmarks/payment_speed.py
	$(BIN)/python benchmarks/app_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
