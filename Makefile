# Two commands on a fresh machine: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
# no "a new pip is available" check on every pip run (a network round trip each time)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint check-dist bench schema messages clean setup dev

# `make run` installs what running cjm needs and nothing else; the dev tools (pytest, ruff, mypy...)
# come with `make test`, `make lint` and `make bench`.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "cjm needs Python 3.11+"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	# default (lenient) editable mode: its import hook resolves pyproject's package-dir mapping, so
	# the templates load as cjm.templates exactly as from a wheel; compat mode's plain .pth cannot
	# map them, and measured no faster (`python -m cjm --version`, 60 interleaved runs each).
	$(BIN)/pip install -q -e .
	@touch $(STAMP)

# the dev extra's requirements, read from pyproject.toml, not `pip install -e '.[dev]'`: that builds
# and installs cjm once more (in an isolated build environment, 5-20 s on a fresh clone) only to
# end where $(STAMP) already is
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["dev"]))' > $(VENV)/dev-requirements.txt
	$(BIN)/pip install -q -r $(VENV)/dev-requirements.txt
	@touch $(DEV_STAMP)

# cjm's byte code is written here, not left to the first import: an editable install leaves it
# to Python, and under PYTHONDONTWRITEBYTECODE (set by many CI images and containers) every `cjm`
# run would compile all its modules again (~0.1 s of a 0.4 s start-up). Stale files are redone.
setup: $(STAMP)
	@$(BIN)/python -m compileall -q cjm
	@sh tools/ensure-graphviz.sh
	@sh tools/ensure-pango.sh

dev: setup $(DEV_STAMP)

## run: set up, then validate, lint and publish the sample maps (open site/index.html)
run: setup
	$(BIN)/cjm validate sample_maps/
	$(BIN)/cjm lint sample_maps/
	$(BIN)/cjm render sample_maps/ -o site/
	@echo "The journey boards are in site/index.html"

## test: set up, then run the test suite (in parallel; options in pyproject's [tool.pytest.ini_options])
test: dev
	@sh tools/ensure-browser.sh
	$(BIN)/python -m pytest

## lint: ruff, mypy --strict, and the sample maps in canonical form (kept out of pytest)
lint: dev
	$(BIN)/ruff check cjm tests bench tools
	$(BIN)/mypy
	$(BIN)/cjm fmt --check sample_maps/

## check-dist: build the wheel and run cjm from it (the `packaging` tests, left out of `make test`)
check-dist: dev
	$(BIN)/python -m pytest -m packaging

bench: dev
	$(BIN)/python bench/run.py

## messages: re-extract the labels (cjm/i18n/cjm.pot) and merge them into each language's .po
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k say -k _say -k say_plural:1,2 -k say_in:1c,2 --no-location --sort-output --omit-header --no-wrap -o cjm/i18n/cjm.pot .
	for l in ru pl bg de uk; do $(BIN)/pybabel update -i cjm/i18n/cjm.pot -o cjm/i18n/$$l.po -l $$l --no-wrap --ignore-obsolete; done

schema: setup
	$(BIN)/cjm schema -o schema/cjm.schema.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
