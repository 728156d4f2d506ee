# Samen – the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8

.PHONY: demo test setup system-deps migrate messages schema lint format clean

## demo: set everything up, load the demo region and run Samen on http://127.0.0.1:8000 (SQLite)
demo: setup
	$(PY) src/manage.py migrate --noinput
	$(PY) src/manage.py load_demo
	@echo ""
	@echo "Samen runs on http://127.0.0.1:8000 – log in with one of the demo logins above."
	$(PY) src/manage.py runserver 127.0.0.1:8000

## test: set everything up and run the whole test suite (SQLite, or PostgreSQL via DATABASE_URL)
test: setup system-deps
	$(PY) -m pytest

setup: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## system-deps: Debian's Chromium (browser tests), gettext (translations), Pango (PDF letters); needs root
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset; } || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 $$missing; \
	  else echo "Please install:$$missing (apt-get install$$missing)"; fi; \
	fi

messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then cd src/samen && ../../$(PY) ../manage.py compilemessages -v0; \
	else echo "gettext (msgfmt) missing: the English translation is not compiled"; fi

## schema: regenerate the committed OpenAPI schema
schema: setup
	$(PY) src/manage.py spectacular --file docs/api/openapi.yaml --validate

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules var
