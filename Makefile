# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of theirs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: demo test lint format check-migrations pytest system-deps clean help

help:
	@echo "make demo   - install, migrate a SQLite database, load the demo and serve it on http://$(ADDR)"
	@echo "make test   - install with the test extras, run ruff, the migration check and the whole test suite"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project's declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

# System packages the product and its tests use: OCR for scanned directives, LibreOffice and poppler for
# the PDF of the summary, Chromium for the browser tests, Redis for the job broker's tests. Installed with apt-get where we are
# root; elsewhere the tests that need them skip with a reason (and fail under CI=true).
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr tesseract-ocr-vie"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing="$$missing libreoffice-calc-nogui"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "WARNING: could not install$$missing"; \
	  else \
	    echo "NOTE: not root; install these for OCR and its tests:$$missing"; \
	  fi; \
	fi

demo: $(VENV)/.installed
	$(BIN)/lantoa demo --addr $(ADDR)

lint: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(VENV)/.installed-test
	$(BIN)/lantoa makemigrations --check --dry-run

pytest: $(VENV)/.installed-test system-deps
	$(BIN)/pytest

test: lint check-migrations pytest

clean:
	rm -rf $(VENV) var .pytest_cache
