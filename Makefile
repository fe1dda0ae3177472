# The two commands a user needs: `make run` and `make test`. Both start with `make install`.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
# This machine's pip config names local wheel folders that may be absent; their warnings are noise.
QUIET_PIP := 2>&1 | { grep -v 'is ignored: it is neither' || true; }
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE_DIR := data
PORT ?= 8501
SEED_STAMP := $(STORE_DIR)/.seeds-ingested
export EXPLORER_STORE ?= sqlite:///$(CURDIR)/$(STORE_DIR)/graph.db

.PHONY: install run test test-neo4j lint bench train lock clean

install: $(STAMP)

# Reinstall only when the lock or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml
	@echo "Installing explorer and its locked dependencies (spaCy and its English model, Streamlit, …) into $(VENV)."
	@echo "The first time takes about 2 minutes and prints little until it is done; later runs are instant."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . $(QUIET_PIP)
	touch $@
	@echo "Installed: \`make run\` starts the app, \`$(BIN)/explorer --help\` lists the commands."

# Ingest the seeds once (re-ingest is idempotent, but skipping it keeps a second `make run` instant).
$(SEED_STAMP): $(STAMP) $(wildcard seeds/*)
	mkdir -p $(STORE_DIR)
	@echo "Reading the articles in seeds/ into $(STORE_DIR)/graph.db (once)."
	$(BIN)/explorer ingest seeds
	touch $@

# `make run PORT=8600` serves on another port.
run: $(SEED_STAMP)
	$(BIN)/explorer ui --port $(PORT)

test: install
	$(BIN)/ruff check explorer tests bench
	$(BIN)/python -m pytest -q

test-neo4j: install
	$(BIN)/python -m pytest -q -m neo4j

# Rebuild the learned models from bench/data (deterministic: the same data and code give the same files). The
# type model first: the relation model learns on the types it gives.
train: install
	$(BIN)/python -m explorer.learn.entity_types
	$(BIN)/python -m explorer.learn.relations

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extraction_quality.py
	$(BIN)/python bench/public.py

# Regenerate the lock (needs uv); the model wheel is pinned to its one published sha256.
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock
	$(PYTHON) scripts/pin_model_hash.py requirements.lock

clean:
	rm -rf $(VENV) $(STORE_DIR)
