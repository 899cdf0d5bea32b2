# sitmap: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
export SITMAP_DATABASE_URL ?= sqlite:///var/sitmap.sqlite

.PHONY: run test lint format bench screenshots seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## seed: create the store and load the article's events (only if the store is empty)
seed: $(STAMP)
	$(BIN)/sitmap seed

## run: install, seed on first use, serve the app on localhost
run: seed
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address localhost

## lint: ruff's rules and formatting, then the import contracts (pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## test: lint, then the whole pytest suite
test: lint
	$(BIN)/pytest

## bench: benchmarks (not tests); prints tables and writes bench-results/*.json
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.geocode
	$(BIN)/python -m bench.import_throughput
	$(BIN)/python -m bench.coding

## screenshots: regenerate docs/screenshots/ from the running app in headless Chromium
screenshots: $(STAMP)
	SITMAP_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/test_app_browser.py \
		tests/test_upload_browser.py tests/test_table_mapping_browser.py \
		tests/test_coding_browser.py tests/test_overlay_browser.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

## frontend: rebuild the map component's bundle, sitmap/map_bundle/map.js (Node 20 and npm;
## the bundle is committed, so `make run` and `make test` need neither)
.PHONY: frontend
frontend:
	cd ui/map_frontend && npm ci && npm run build
