# The two commands: `make demo` (set up, build the gazetteer, draw the demo map) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  := gazetteer/geoevents.sqlite

.PHONY: demo test check gazetteer assets clean

demo: $(STAMP) $(STORE)
	$(BIN)/geoevents map examples/ --offline -o output/ --title "geoevents demo"
	@echo "open output/map.html"

test: $(STAMP) $(STORE) assets check
	$(BIN)/python -m pytest -q

# lint and type check (configured in pyproject.toml at what the code passes; keep them green)
check: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

gazetteer: $(STORE)

$(STORE): $(STAMP) node_modules/.installed $(wildcard geoevents/data/curated/*) geoevents/gazetteer_build.py geoevents/gazetteer.py
	$(BIN)/python -m geoevents.gazetteer_build --output $(STORE)

# the map's JS/CSS at pinned versions, for the browser tests and --inline-assets
assets: node_modules/.installed

node_modules/.installed: package.json $(wildcard package-lock.json)
	npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf $(VENV) node_modules $(STORE) output/*.html output/*.geojson
