# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run demo test bench bench-browser bench-mobile load switches init seed chromium office clean screenshots

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## make run: set up, create the SQLite registry with demo data when empty, start the dashboard.
## A fresh registry also gets one read-only account, demo-viewer, whose random password is printed
## once; `init` prints how to create the first administrator when there is none.
run: $(VENV)/.runtime
	$(PY) -m registry init
	$(PY) -m registry seed --demo --if-empty --viewer
	$(PY) -m streamlit run dashboard.py --server.headless true --browser.gatherUsageStats false

## make demo: as `make run`, with all five demo accounts (one per role), random passwords printed once.
demo: $(VENV)/.runtime
	$(PY) -m registry init
	$(PY) -m registry seed --demo --if-empty --accounts
	$(PY) -m streamlit run dashboard.py --server.headless true --browser.gatherUsageStats false

## make test: set up (dev requirements, Debian's Chromium and LibreOffice Writer), lint, check the formatting,
## then run the whole suite.
test: $(VENV)/.dev chromium office
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q -rs -n 2 -p no:cacheprovider

## Debian's Chromium for the browser tests and the PNG/SVG export (never a downloaded browser).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium (browser tests, PNG/SVG export)"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; fi

## Debian's LibreOffice Writer (headless, no GUI) and poppler-utils: the Word report's PDF test
## converts the .docx with soffice and reads the PDF with pdftotext.
office:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's libreoffice-writer-nogui and poppler-utils (Word report PDF test)"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui poppler-utils >/dev/null; \
	else echo "LibreOffice or poppler-utils is missing: run 'sudo apt-get install libreoffice-writer-nogui poppler-utils' (the PDF test will be skipped)"; fi

## make bench: measure (not part of the tests); prints a table, writes benchmarks/results.json.
bench: $(VENV)/.dev chromium
	$(PY) benchmarks/run.py

## make bench-browser: click-to-drawn time and server CPU per page switch in Chromium, at 100.000 and
## 1.000.000 records, against a one-chart Streamlit app in the same run; writes
## benchmarks/browser_results.json (not part of the tests). BENCH_ARGS="--profile" adds a py-spy profile.
bench-browser: $(VENV)/.dev chromium
	$(PY) benchmarks/browser.py $(BENCH_ARGS)

## make bench-mobile: a leader's phone (390 px) over an emulated slow 4G and 3G link: the brief and
## the overview, first and returning visits, against the one-chart Streamlit app; seconds, bytes and
## the physical limit; writes benchmarks/mobile_results.json (not part of the tests).
bench-mobile: $(VENV)/.dev chromium
	$(PY) benchmarks/mobile.py $(BENCH_ARGS)

## make load: 10 concurrent browser users (8 viewers, 2 editors) for 2 minutes against one server on
## loopback; prints p50/p95 per interaction, writes benchmarks/load_results.json (not part of the tests).
load: $(VENV)/.dev chromium
	$(PY) benchmarks/load.py $(LOAD_ARGS)

## make switches: page switches per second of one and of two app servers on the same registry, driven
## through Streamlit's protocol without browsers (SWITCHES_ARGS="--postgres" for PostgreSQL).
switches: $(VENV)/.dev
	$(PY) benchmarks/switches.py $(SWITCHES_ARGS)

screenshots: $(VENV)/.dev chromium
	$(PY) ../shared/tools/screenshots.py --out shots/

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
