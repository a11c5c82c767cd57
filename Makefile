# sismo: two commands set everything up on a fresh machine: `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
SISMO  := $(VENV)/bin/sismo
PYTHON ?= python3
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint typecheck unit bench bench-scale clean browser

# sismo is installed as a package, not in editable mode: setup.py compiles the coding stage
# with mypyc, and a compiled module beside its source would shadow later edits. Any change
# under src/ reinstalls it (about a minute). For a quick loop on the pure-Python source, run
# `PYTHONPATH=src .venv/bin/python -m pytest tests/test_foo.py`.
SOURCES := $(shell find src -type f -not -path '*/__pycache__/*' -not -name '*.so' 2>/dev/null)

$(STAMP): pyproject.toml setup.py $(SOURCES)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet ".[dev,ray]"
	@# torch doubles spaCy's memory when present; sismo never needs it
	@$(PIP) uninstall --quiet --yes torch 2>/dev/null || true
	@$(SISMO) --version
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(SISMO) code examples/otan-iran-2020-01.txt --format table
	$(SISMO) ingest examples/otan-iran-2020-01.txt examples/corpus/*.jsonl --db sismo.duckdb
	@echo
	@echo "Events stored in sismo.duckdb. Explore them with:"
	@echo "  $(SISMO) events --db sismo.duckdb --dyad NATO:IRN"
	@echo "  $(SISMO) serve --db sismo.duckdb    # then open http://127.0.0.1:8000/"

lint: $(STAMP)
	$(VENV)/bin/ruff check setup.py src tests bench tools
	$(VENV)/bin/ruff format --check setup.py src tests bench tools

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# Debian's Chromium for the dashboard's browser test (driven by playwright, which downloads no
# browser of its own); the test fails, never skips, without it.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-dejavu-core)

unit: $(STAMP) browser
	$(PY) -m pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(PY) bench/bench_coding.py
	$(PY) bench/bench_overhead.py

# throughput of the process pool (1, 2 workers) and of Ray (local) on 6,000 documents, then
# peak memory at 10x documents (1,500 and 15,000); about 10 minutes on 2 cores
bench-scale: $(STAMP)
	$(PY) bench/bench_scale.py --docs 6000 --runs pool-1,pool-2,ray-2
	$(PY) bench/bench_scale.py --docs 1500 --scale 10 --runs pool-2,pool-2x

clean:
	rm -rf $(VENV) build dist src/*.egg-info src/sismo/*.so .pytest_cache .mypy_cache .ruff_cache
