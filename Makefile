# One command for the reports, one for the tests; each sets up its own environment first.
# `make report` builds the English and Arabic report sites; `LANG=ar make report` only Arabic
# (LANG is otherwise the locale, so only the values en/ar are taken as a report language).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORT_LANGS := $(if $(filter ar en,$(LANG)),$(LANG),en ar)
NB_LANG := $(if $(filter ar en,$(LANG)),$(LANG),en)
export LC_ALL := C.UTF-8
# The report language is passed as an option, never left in the children's locale.
export LANG := C.UTF-8

.DEFAULT_GOAL := help
.PHONY: help env report test lab validate notebooks notebook docs browser fonts bench clean teaching

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) (Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (analysis)" >/dev/null
	touch $@

env: $(STAMP) ## Create the virtual environment (.venv) from the pinned requirements

browser: ## Install Debian's headless Chromium and fonts when missing (needs root; only the browser tests use Chromium)
	@bash .ci/install-system-deps

fonts: ## Install the Arabic fonts when possible (root + apt-get); otherwise warn which font is used instead
	@bash .ci/install-system-deps fonts

validate: $(STAMP) ## Validate the data package
	$(BIN)/python -m analysis validate

report: $(STAMP) fonts ## Execute (or reuse the cached execution of) every notebook and render the site in reports/
	$(BIN)/python -m analysis report $(foreach l,$(REPORT_LANGS),--lang $(l))

# Two workers (the machine's cores). --dist loadscope keeps a file's tests (a notebook's nbval cells, which share
# one kernel) on one worker, and a class's: the browser tests have one class per site, so each site is built
# once and the sites spread over the workers. (loadgroup's xdist_group marks do not work with pytest 9.2.)
TEST_WORKERS ?= 2
test: $(STAMP) browser ## Run every test: unit, data, broken-package corpus, notebooks (strict nbval), browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope tests --nbval notebooks --nbval-current-env -p no:cacheprovider

notebooks: $(STAMP) ## Re-execute the notebooks in place (after a change to data/ or analysis/), outputs stored for nbval
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False notebooks/[0-9]*.ipynb

# One notebook in one language, the ecosystem's way: papermill sets the `parameters` cell's LANG and writes the
# executed copy to build/notebooks/NB.LANG.ipynb; the committed notebook is never touched.
NB ?= 02-incident-frequency
notebook: $(STAMP) ## Run one notebook in one language: make notebook NB=02-incident-frequency LANG=ar (→ build/notebooks/)
	@test -f notebooks/$(NB).ipynb || { echo "no notebooks/$(NB).ipynb: NB is a notebook's name without .ipynb"; exit 1; }
	@mkdir -p build/notebooks
	cd notebooks && env LANG=C.UTF-8 LC_ALL=C.UTF-8 ../$(BIN)/papermill --kernel python3 --no-progress-bar \
	  $(NB).ipynb ../build/notebooks/$(NB).$(NB_LANG).ipynb -p LANG $(NB_LANG)
	@echo "build/notebooks/$(NB).$(NB_LANG).ipynb"

README_FIGURES := event-timeline:en incident-timeline:en agencies-cooperation:en cooperation-direction:en incident-timeline:ar
docs: $(STAMP) ## Regenerate the README's pictures in docs/figures/
	$(BIN)/python -c "import sys; from analysis.load import load; from analysis import figures; d = load(); \
	[figures.ALL[n](d, l).save('docs/figures') for n, l in (a.split(':') for a in sys.argv[1:])]" $(README_FIGURES)
	rm -f docs/figures/*.svg

teaching: $(STAMP) ## Build the teacher and student copies (en, ar) and the student bundles into build/teaching/
	$(BIN)/python -m analysis teaching

lab: $(STAMP) ## Open JupyterLab in the project environment (as root too)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP) fonts ## Benchmark the report build against plain nbconvert, and cached rebuilds
	$(BIN)/python benchmarks/bench_report.py

clean: ## Remove built reports and caches, the execution cache in build/ included (not the environment)
	rm -rf reports build test-artifacts .pytest_cache
