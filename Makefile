# The public interface of the package. `make help` lists the targets.
# Both `make reproduce` and `make test` bootstrap .venv themselves on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The registered notebooks (carbonlib/machinery/notebooks.py); others in notebooks/ are not run
STEMS := $(notdir $(basename $(wildcard notebooks/fig[0-9][0-9]_*.ipynb)))
# Parameter overrides, e.g. P="-p pue 1.5" or P="-f my_assumptions.yaml"
P ?=
# Kernels at once; empty means one per core
JOBS ?=
PIPELINE = $(PY) -m carbonlib.machinery.pipeline $(if $(JOBS),-j $(JOBS))

.PHONY: nbstripout-filter help env reproduce test lab bench lock clean checksums lint report gallery footprint

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_%-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  make figNN          rebuild one figure, e.g. make fig07 (P=... works here too)"

$(STAMP): pyproject.toml requirements.lock
	@echo ">> setting up $(VENV) (pinned versions from requirements.lock)"
	@start=$$(date +%s); \
	test -x $(PY) || $(PYTHON) -m venv $(VENV); \
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.9.7 && \
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock && \
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e . && \
	echo ">> environment ready in $$(( $$(date +%s) - start )) s"
	@$(MAKE) --no-print-directory nbstripout-filter
	@touch $@

# Notebooks are committed without outputs: git runs this filter on `git add` (see .gitattributes)
NBSTRIP := $(VENV)/bin/nbstripout --keep-id --extra-keys "metadata.papermill cell.metadata.papermill"
nbstripout-filter:
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 && \
	  git config filter.nbstripout.clean '$(NBSTRIP)' && git config filter.nbstripout.smudge cat && \
	  git config diff.ipynb.textconv '$(NBSTRIP) -t' || echo ">> not a git checkout: no filter"

env: $(STAMP) nbstripout-filter ## Create or update the virtual environment only

reproduce: $(STAMP) ## Rebuild the figures whose notebook, code, data or parameters changed; ledger, report
	@export CARBONLIB_RUN_ID=$$(date -u +%Y%m%dT%H%M%SZ)-$$$$; \
	  $(PIPELINE) reproduce $(P)

report: $(STAMP) ## Assemble build/claims.csv and build/report/index.html from the last run
	@$(PY) -m carbonlib.paper.report

# make fig07 -> run notebooks/fig07_lm_chain.ipynb now (one short name per figure)
define short_target
$(firstword $(subst _, ,$(1))): $(STAMP)
	@$$(PIPELINE) reproduce --only $(1) --force $$(P)
.PHONY: $(firstword $(subst _, ,$(1)))
endef
$(foreach s,$(STEMS),$(eval $(call short_target,$(s))))
footprint: $(STAMP) ## Run notebooks/your_footprint.ipynb
	@$(PIPELINE) reproduce --only your_footprint --force $(P)

test: $(STAMP) ## Unit, data and pipeline tests; nbval over every notebook; report and gallery checks
	@echo ">> ruff"
	@$(VENV)/bin/ruff check carbonlib tests tools notebooks
	@echo ">> unit, property, data and pipeline tests; docstring examples"
	@$(PY) -m pytest -q -m "not artifacts" --doctest-modules carbonlib tests; rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi
	@echo ">> nbval: every notebook executed, its claims asserted"
	@CARBONLIB_STRICT=1 $(PY) -m pytest -q -p no:cacheprovider --nbval-lax notebooks
	@$(PY) -m carbonlib.paper.report
	@echo ">> report and JupyterLab (fig07, your_footprint) in headless chromium; gallery thumbnails"
	@$(PY) -m pytest -q -m artifacts tests; rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi

gallery: report ## Refresh the README thumbnails in docs/gallery/ from the last run
	@mkdir -p docs/gallery && cp build/report/gallery/*.png docs/gallery/
	@$(PY) -m carbonlib.paper.report --readme
	@echo ">> docs/gallery and the README's verdict table updated; commit them"

lint: $(STAMP) ## ruff over the package, tests, tools and notebooks (make test runs it too)
	@$(VENV)/bin/ruff check carbonlib tests tools notebooks

bench: $(STAMP) ## Time the pipeline and the Monte Carlo against floors measured in the same run
	@$(PY) -m carbonlib.machinery.bench

lab: $(STAMP) ## Open JupyterLab on the notebooks
	@$(VENV)/bin/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

checksums: $(STAMP) ## Record SHA-256 of data/ after a deliberate edit
	@$(PY) -c "from carbonlib.data import write_checksums; print('wrote', write_checksums())"

lock: ## Re-resolve requirements.lock from pyproject.toml (needs network)
	@test -x $(VENV)/bin/uv || ($(PYTHON) -m venv $(VENV) && $(PY) -m pip install -q uv==0.9.7)
	$(VENV)/bin/uv pip compile pyproject.toml --extra notebooks --extra test \
	  --python-version 3.11 --quiet -o requirements.lock

clean: ## Remove build/ and figures/ (not the environment)
	rm -rf build figures

today: $(STAMP) ## The paper's figures with today's inputs (params/today.yaml) and then_and_now, into build/today/
	@$(PY) -m carbonlib.machinery.pipeline check $(NOTEBOOKS) -f params/today.yaml
	@CARBONLIB_OUTPUT_DIR=build/today $(PY) -m carbonlib.machinery.pipeline run $(NOTEBOOKS) \
	  -f params/today.yaml
.PHONY: today
