# Two commands for people: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 3000
export REFLEX_USE_NPM := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run run-scaled test install migrate seed browser services check-services evaluate bench reindex

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python -c "from support_app.migrations import upgrade_database; upgrade_database()"

seed: migrate
	$(BIN)/python seed.py --if-empty

run: seed
	@echo ""
	@echo "  Support desk: http://localhost:$(PORT)"
	@if [ "$${SUPPORT_ENV:-development}" != "production" ]; then \
		echo "  Demo accounts (demo data only), password demo1234:"; \
		echo "    customer@example.com   agent@example.com   admin@example.com"; fi
	@echo ""
	APP_PORT=$(PORT) $(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# The scale-out setup on this machine: local PostgreSQL + Redis, a Chroma server, WORKERS backend
# workers and JOB_PROCESSES job-worker processes.
WORKERS ?= 3
JOB_PROCESSES ?= 1
SCALED_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/support_scaled
SCALED_REDIS_URL ?= redis://127.0.0.1:6379/0
CHROMA_SERVER_PORT ?= 8001
run-scaled: install
	$(BIN)/python -m support_app.cli.run_scaled --workers $(WORKERS) --job-workers $(JOB_PROCESSES) --port $(PORT) \
		--database-url $(SCALED_DATABASE_URL) --redis-url $(SCALED_REDIS_URL) --chroma-port $(CHROMA_SERVER_PORT)

# A Chromium for the end-to-end tests: Debian's where apt works, else Playwright's own download.
browser: install
	@if command -v chromium >/dev/null 2>&1; then echo "Chromium: $$(command -v chromium)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else $(BIN)/playwright install chromium; fi

test: install browser
	$(BIN)/python -m pytest -ra --timeout=900 tests

evaluate: install
	$(BIN)/python -m support_app.cli.evaluate --split-dev ../shared/eval/tickets-dev.csv

bench: install
	$(BIN)/python -m support_app.cli.bench --tickets $${TICKETS:-100000}

reindex: install
	$(BIN)/python -m support_app.cli.reindex
