# Two commands set everything up on a fresh machine (see README.md):
#   make demo   the рапорт of the bundled example, as DOCX and PDF, in out/smirnov/
#   make test   the whole test suite, with LibreOffice and poppler as real clients
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/complaintgen: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("complaintgen needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(BIN)/complaintgen
	scripts/system-deps run
	$(BIN)/complaintgen build examples/smirnov.yaml -o out/smirnov --force

test: $(BIN)/complaintgen
	scripts/system-deps test
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(BIN)/complaintgen
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(BIN)/complaintgen
	scripts/system-deps run
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out dist build .pytest_cache
