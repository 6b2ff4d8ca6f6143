# Two commands do all the set-up on a fresh machine (Python >= 3.11, no API key,
# no internet beyond PyPI):  `make run` serves the chat, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint ingest eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) app.py

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

ingest: $(STAMP)
	$(PY) -m ingest

eval: $(STAMP)
	$(PY) -m eval retrieval

clean:
	rm -rf $(VENV) store eval/reports
