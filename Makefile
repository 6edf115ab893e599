# One command for the reports, one for the tests; each sets up its own environment first.
# `make report` builds the English and Arabic report sites; `LANG=ar make report` only Arabic
# (LANG is otherwise the locale, so only the values en/ar are taken as a report language).
SHELL := /bin/bash
# Supported: CPython 3.11 (every patch release), 3.12, 3.13. The first of CANDIDATES that is one is taken,
# unless PYTHON= names the interpreter (make report PYTHON=python3.12); its version is checked before
# anything is installed. An existing .venv made by a supported Python is kept.
SUPPORTED := 3.11, 3.12 or 3.13
CANDIDATES := python3 python3.13 python3.12 python3.11 python
VERSION_CHECK := import sys; sys.exit(0 if sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
REPORT_LANGS := $(if $(filter ar en,$(LANG)),$(LANG),en ar)
NB_LANG := $(if $(filter ar en,$(LANG)),$(LANG),en)
LAB_LANG := $(filter ar en,$(LANG))
export LC_ALL := C.UTF-8
# The report language is passed as an option, never left in the children's locale.
export LANG := C.UTF-8

.DEFAULT_GOAL := help
.PHONY: help which-python check-venv env lock report test test-core lab tidy validate notebooks notebook docs browser fonts bench clean teaching

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# The interpreter: PYTHON= when given (checked), else the first supported one of CANDIDATES; a missing
# venv module (Debian's python3.X-venv) is named before anything is created.
# Sets py to the interpreter, or stops with the versions accepted (shared by the venv rule and which-python).
FIND_PYTHON = py="$(PYTHON)"; \
	if [ -n "$$py" ]; then \
	  command -v "$$py" >/dev/null || { echo "PYTHON=$$py: not found; supported: CPython $(SUPPORTED)"; exit 1; }; \
	  "$$py" -c '$(VERSION_CHECK)' 2>/dev/null || { echo "PYTHON=$$py is $$("$$py" -c 'import platform; print(platform.python_implementation(), platform.python_version())' 2>/dev/null || echo 'not a working Python'); supported: CPython $(SUPPORTED)"; exit 1; }; \
	else \
	  for c in $(CANDIDATES); do \
	    if command -v $$c >/dev/null && $$c -c '$(VERSION_CHECK)' 2>/dev/null; then py=$$c; break; fi; \
	  done; \
	  [ -n "$$py" ] || { echo "no supported Python found (tried: $(CANDIDATES)); install CPython $(SUPPORTED), or name one: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12"; exit 1; }; \
	fi; \
	echo "$$py: Python $$("$$py" -c 'import platform; print(platform.python_version())')"

which-python: # The Python the Makefile would make .venv with (make which-python [PYTHON=…])
	@$(FIND_PYTHON)

$(BIN)/python:
	@$(FIND_PYTHON); \
	"$$py" -m ensurepip --version >/dev/null 2>&1 || { echo "$$py cannot make a virtual environment (no ensurepip): on Debian/Ubuntu, apt-get install python3-venv (or python3.X-venv for your version)"; exit 1; }; \
	"$$py" -m venv $(VENV) || { rm -rf $(VENV); echo "could not create $(VENV) with $$py (Debian/Ubuntu: apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip

# The runtime (notebooks and report) from the lock requirements.txt; the package installed editable (its
# paths are the checkout's). Development and tests add requirements/dev.txt (the same versions, and the test tools).
# PYTHON= names another Python than the one .venv was made with: say so rather than use the wrong one.
check-venv:
	@if [ -n "$(PYTHON)" ] && [ -x $(BIN)/python ] && command -v "$(PYTHON)" >/dev/null; then \
	  want=$$("$(PYTHON)" -c 'import platform; print(platform.python_version())'); \
	  have=$$($(BIN)/python -c 'import platform; print(platform.python_version())'); \
	  [ "$$want" = "$$have" ] || { echo "$(VENV) was made by Python $$have, not PYTHON=$(PYTHON) ($$want): remove it (rm -rf $(VENV)) or name another one (VENV=.venv-$$want)"; exit 1; }; \
	fi

$(RUNTIME): requirements.txt pyproject.toml | $(BIN)/python check-venv
	@$(BIN)/python -c '$(VERSION_CHECK)' || { echo "$(VENV) was made by an unsupported Python: remove it (rm -rf $(VENV))"; exit 1; }
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(DEV): requirements/dev.txt $(RUNTIME)
	$(BIN)/python -m pip install -q -r requirements/dev.txt
	touch $@

env: $(DEV) ## Create the virtual environment (.venv) for development: runtime and test tools, pinned

lock: $(DEV) ## Re-make the locks from requirements/*.in for every supported Python and system (uv)
	$(BIN)/uv pip compile requirements/runtime.in --universal --python-version 3.11 --custom-compile-command "make lock" -q -o requirements.txt
	$(BIN)/uv pip compile requirements/dev.in -c requirements.txt --universal --python-version 3.11 --custom-compile-command "make lock" -q -o requirements/dev.txt
	$(BIN)/uv pip compile requirements/teaching.in -c requirements.txt --universal --python-version 3.11 --custom-compile-command "make lock" -q -o requirements/teaching.txt

browser: ## Install Debian's headless Chromium and fonts when missing (needs root; only the browser tests use Chromium)
	@bash .ci/install-system-deps

fonts: ## Install the Arabic fonts when possible (root + apt-get); otherwise warn which font is used instead
	@bash .ci/install-system-deps fonts

validate: $(RUNTIME) ## Validate the data package
	$(BIN)/python -m analysis validate

report: $(RUNTIME) fonts ## Execute (or reuse the cached execution of) every notebook and render the site in reports/
	$(BIN)/python -m analysis report $(foreach l,$(REPORT_LANGS),--lang $(l))

# Two workers (the machine's cores). --dist loadscope keeps a file's tests (a notebook's nbval cells, which share
# one kernel) on one worker, and a class's: the browser tests have one class per site, so each site is built
# once and the sites spread over the workers. (loadgroup's xdist_group marks do not work with pytest 9.2.)
TEST_WORKERS ?= 2
test: $(DEV) browser ## Run every test: unit, data, broken-package corpus, notebooks (strict nbval), browser, JupyterLab
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope tests --nbval notebooks --nbval-current-env -p no:cacheprovider

# CI's second Python: everything but the browser tests (which test the site and Lab, not the Python).
test-core: $(DEV) ## The tests without a browser: unit, data, corpus, report builder, notebooks (strict nbval)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope tests --ignore=tests/browser --nbval notebooks --nbval-current-env -p no:cacheprovider

notebooks: $(RUNTIME) ## Re-execute the notebooks in place (after a change to data/ or analysis/), outputs stored for nbval
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False notebooks/[0-9]*.ipynb
	$(BIN)/python -m analysis notebooks tidy

tidy: $(RUNTIME) ## Put the notebooks in the committed form (install check, Arabic right to left, saved outputs normalised)
	$(BIN)/python -m analysis notebooks tidy

# One notebook in one language, the ecosystem's way: papermill sets the `parameters` cell's LANG and writes the
# executed copy to build/notebooks/NB.LANG.ipynb; the committed notebook is never touched.
NB ?= 02-incident-frequency
notebook: $(RUNTIME) ## Run one notebook in one language: make notebook NB=02-incident-frequency LANG=ar (→ build/notebooks/)
	@test -f notebooks/$(NB).ipynb || { echo "no notebooks/$(NB).ipynb: NB is a notebook's name without .ipynb"; exit 1; }
	@mkdir -p build/notebooks
	cd notebooks && env LANG=C.UTF-8 LC_ALL=C.UTF-8 ../$(BIN)/papermill --kernel python3 --no-progress-bar \
	  $(NB).ipynb ../build/notebooks/$(NB).$(NB_LANG).ipynb -p LANG $(NB_LANG)
	@echo "build/notebooks/$(NB).$(NB_LANG).ipynb"

README_FIGURES := event-timeline:en incident-timeline:en agencies-cooperation:en cooperation-direction:en incident-timeline:ar
docs: $(RUNTIME) ## Regenerate the README's pictures in docs/figures/
	$(BIN)/python -c "import sys; from analysis.load import load; from analysis import figures; d = load(); \
	[figures.ALL[n](d, l).save('docs/figures') for n, l in (a.split(':') for a in sys.argv[1:])]" $(README_FIGURES)
	rm -f docs/figures/*.svg

teaching: $(RUNTIME) ## Build the teacher and student copies (en, ar) and the student bundles into build/teaching/
	$(BIN)/python -m analysis teaching

# JupyterLab at the project root (data/, docs/, reports/ reachable). LANG=ar or LANG=en opens one-language
# copies of the notebooks (build/lab/<lang>/, made from the committed bilingual ones; LANG set as papermill
# sets it); without LANG, the bilingual notebooks. Saving normalises the notebook (analysis.notebooks).
lab: $(RUNTIME) ## Open JupyterLab at the project root; LANG=ar (or en): the notebooks in one language
	$(BIN)/python -m analysis lab $(if $(LAB_LANG),--lang $(LAB_LANG))

bench: $(DEV) fonts ## Benchmark the report build against plain nbconvert, and cached rebuilds
	$(BIN)/python benchmarks/bench_report.py

clean: ## Remove built reports and caches, the execution cache in build/ included (not the environment)
	rm -rf reports .reports.analysis-report build test-artifacts .pytest_cache
