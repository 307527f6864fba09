# Two commands do all the set-up on a fresh machine:
#   make demo   creates .venv if needed and parses the bundled seed report
#   make test   creates .venv if needed and runs the whole test suite (tests, ruff, mypy)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
STAMP  := $(VENV)/.policytext-installed

.PHONY: demo test env speedups browser clean

demo: $(STAMP)
	$(VENV)/bin/policytext parse --format table seeds/jinzhou_2019_part2.txt

test: $(STAMP)
	$(PY) -m pytest
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

env: $(STAMP)

# Compile the parsing modules again (after editing them: an edited module runs from its source,
# correct but slower, until it is compiled again; see src/policytext/_speedups.py).
speedups: $(STAMP)
	$(PIP) install --no-deps -e .

# Headless Chromium and a CJK font for the browser tests (Debian's packages, as root); the
# browser tests skip without them unless POLICYTEXT_REQUIRE_CHROMIUM=1.
browser:
	command -v chromium >/dev/null 2>&1 || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null)

# pkuseg ships its model in its sdist and builds against numpy and cython, which must be
# present first (hence --no-build-isolation); everything else comes from the extras. Installing
# policytext compiles its parsing modules with Cython (hatch_build.py), about two minutes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel
	$(PIP) install numpy cython
	$(PIP) install --no-build-isolation "pkuseg>=0.0.25"
	$(PIP) install -e ".[all,dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/policytext/_compiled
