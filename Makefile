# Two commands for a fresh machine:  make run  |  make test
# Everything installs into .venv; nothing is downloaded at run time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
PORT   ?= 8501

.PHONY: run test check install install-test system-packages knowledge bench harden clean help
.DEFAULT_GOAL := help

help:
	@echo "make run    set up, build the knowledge base, serve the chat on http://localhost:$(PORT)"
	@echo "make test   set up (with test tools and Chromium) and run the whole test suite"
	@echo "make bench  run the retrieval-quality and speed benchmarks, then the hardening harnesses"
	@echo "make harden run only the hardening harnesses (attacks, participants, plan growth, hostile uploads)"

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

# System packages the tests use, from Debian: Chromium for the browser tests (Playwright's own
# browser download fails offline), poppler-utils to render exported PDFs to images, and
# PostgreSQL, whose server the tests start on a loopback port (as does a `chroma run` server), and
# Node.js, which runs the OpenID Connect provider the login tests log in through.
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (Debian packages) for the tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# The embedding model's ONNX export (what answers use; no torch at query time), then the index.
knowledge: install
	$(PY) -c "from assistant.knowledge.onnx_export import main; raise SystemExit(main())"
	$(PY) -m assistant ingest --quiet

run: knowledge
	$(PY) -m streamlit run app.py --server.address localhost --server.port $(PORT) --server.headless true

# Static checks first: they take seconds and name the exact line.
check: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The login tests' OpenID Connect provider (panva's oidc-provider, from npm, pinned by its lock file).
OIDC := tests/support/oidc
$(OIDC)/node_modules/.installed: $(OIDC)/package.json $(OIDC)/package-lock.json
	cd $(OIDC) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: check system-packages $(OIDC)/node_modules/.installed
	$(PY) -m pytest -q

bench: install-test
	$(PY) benchmarks/retrieval_quality.py
	$(PY) benchmarks/answer_quality.py
	$(PY) benchmarks/speed.py
	$(MAKE) harden

# Figures in BENCHMARKS.md ("Hardening"); about 25 minutes on 2 cores.
harden: install-test
	$(PY) benchmarks/harden/attacks.py
	$(PY) benchmarks/harden/attacks.py --sample 110 --no-screen
	$(PY) benchmarks/harden/participants.py
	$(PY) benchmarks/harden/browser_participants.py
	$(PY) benchmarks/harden/plan_growth.py
	$(PY) benchmarks/harden/fuzz_uploads.py

clean:
	rm -rf .data .pytest_cache
