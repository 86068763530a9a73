# Two commands set everything up on a fresh machine (see README.md):
#   make demo   the рапорт of the bundled example, as DOCX and PDF, in out/smirnov/
#   make test   the whole test suite, with LibreOffice and poppler as real clients
# `make demo` installs the program alone; `make test` adds the test tools ('.[test]').
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/complaintgen: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("complaintgen needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# The test tools, on top of the program; pytest's own file marks them installed.
$(BIN)/pytest: $(BIN)/complaintgen
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(BIN)/complaintgen
	scripts/system-deps run
	$(BIN)/complaintgen build examples/smirnov.yaml -o out/smirnov --force
	@echo "The program is $(BIN)/complaintgen (or: . $(BIN)/activate; complaintgen --help)"

test: $(BIN)/pytest
	scripts/system-deps test
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(BIN)/pytest
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(BIN)/pytest
	scripts/system-deps run
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out dist build .pytest_cache
