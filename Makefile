# kg: two entry points. `make run` builds the knowledge base from corpus/ and shows it;
# `make test` sets up what the tests need and runs them. Both need only Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
KG_DB ?= $(CURDIR)/out/kg.db
export KG_DB

.PHONY: run test venv test-deps bench clean

run: $(BIN)/kg
	$(BIN)/python build.py

test: $(BIN)/kg test-deps
	$(BIN)/python -m pytest -q -rs

$(BIN)/kg: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,semantic]'
	touch $(BIN)/kg

venv: $(BIN)/kg

# Browser tests drive Debian's chromium; install it when missing and we may (root, apt).
test-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "installing chromium for the browser tests (apt)"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

bench: $(BIN)/kg
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/nlp_bench.py --jobs 2
	$(BIN)/python bench/ask_bench.py

clean:
	rm -rf out $(VENV) *.egg-info
