# Two commands for a fresh machine:  make run  |  make test
# Everything installs into .venv; nothing is downloaded at run time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
PORT   ?= 8501

.PHONY: run test check install install-test browser knowledge bench harden clean help
.DEFAULT_GOAL := help

help:
	@echo "make run    set up, build the knowledge base, serve the chat on http://localhost:$(PORT)"
	@echo "make test   set up (with test tools and Chromium) and run the whole test suite"
	@echo "make bench  run the retrieval-quality and speed benchmarks, then the hardening harnesses"
	@echo "make harden run only the hardening harnesses (attacks, participants, hostile uploads)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: the CPU build lies on these machines, and letting
# sentence-transformers pick torch would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet "torch==2.13.0"
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[test,bench]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The browser test drives Debian's Chromium (Playwright's own browser download fails offline).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "Installing Chromium for the browser test..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

knowledge: install
	$(PY) -m assistant ingest --quiet

run: knowledge
	$(PY) -m streamlit run app.py --server.address localhost --server.port $(PORT) --server.headless true

# Static checks first: they take seconds and name the exact line.
check: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: check browser
	$(PY) -m pytest -q

bench: install-test
	$(PY) benchmarks/retrieval_quality.py
	$(PY) benchmarks/speed.py
	$(MAKE) harden

# Figures in BENCHMARKS.md ("Hardening"); about 25 minutes on 2 cores.
harden: install-test
	$(PY) benchmarks/harden/attacks.py
	$(PY) benchmarks/harden/attacks.py --sample 110 --no-screen
	$(PY) benchmarks/harden/participants.py
	$(PY) benchmarks/harden/fuzz_uploads.py

clean:
	rm -rf .data .pytest_cache
