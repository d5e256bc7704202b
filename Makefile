# kcost: two commands for a fresh clone.
#   make run   set up .venv if needed and open the app on the shipped defaults
#   make test  set up .venv if needed and run the whole test suite
#   make bench benchmarks against same-run baselines (see docs/benchmarks.md)
#   make lock  refresh requirements.lock (exact versions + hashes) from pyproject.toml, with uv
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.PHONY: run test bench lock clean

# Dependencies come only from the lock, each file checked against its hash; kcost itself is then
# installed without resolving anything again (--no-deps), editable so that edits take effect.
$(STAMP): pyproject.toml setup.py $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kcost needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
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
	$(BIN)/python benchmarks/handout_speed.py

# Newest versions that pyproject.toml allows, for Python 3.11 on any platform, with every file's hash.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv && $(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal --python-version 3.11 --upgrade --no-header -q -o $(LOCK).new && { sed -n 1,3p $(LOCK); cat $(LOCK).new; } > $(LOCK).tmp && rm $(LOCK).new && mv $(LOCK).tmp $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
