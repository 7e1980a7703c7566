# Setup and entry points. `make synth` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
ENV ?= example
CONFIG ?= environments/$(ENV).yaml
OUT ?= cdktf.out

.PHONY: synth test bench golden clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --progress-bar off -e '.[test]'
	touch $@

synth: $(VENV)/.installed
	$(VENV)/bin/python main.py --config $(CONFIG) --out $(OUT)

test: $(VENV)/.installed
	$(VENV)/bin/python -m pytest

$(VENV)/.bench-installed: $(VENV)/.installed
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --progress-bar off -e '.[test,bench]'
	touch $@

# Measures synth and the test suite (several minutes) and rewrites the figures in docs/benchmarks.md.
bench: $(VENV)/.bench-installed
	$(VENV)/bin/python bench/synth.py

# Rewrite tests/golden/ from the current code; review the diff before committing it.
golden: $(VENV)/.installed
	OASIS_UPDATE_GOLDEN=1 $(VENV)/bin/python -m pytest tests/test_golden.py

clean:
	rm -rf $(VENV) $(OUT)
