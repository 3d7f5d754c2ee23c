# Thin wrappers around manage.py and pytest. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_SEED ?= 2018
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo demo-data test test-sqlite test-postgres system-deps messages bench serve clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

messages: install
	$(MANAGE) compilemessages --ignore=.venv >/dev/null

demo-data: install messages
	HOPTAC_DEMO=true $(MANAGE) migrate --noinput
	HOPTAC_DEMO=true $(MANAGE) load_demo --seed $(DEMO_SEED)

demo: demo-data
	$(MANAGE) collectstatic --noinput >/dev/null
	@$(MANAGE) demo_banner --url http://$(HOST):$(PORT)/
	HOPTAC_DEMO=true DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

system-deps:
	@scripts/system-deps.sh

test: install messages system-deps
	@scripts/run-tests.sh

test-sqlite: install messages
	HOPTAC_TESTING=true $(BIN)/pytest

test-postgres: install messages
	HOPTAC_TESTING=true DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest

bench: install
	$(BIN)/python bench/indicators.py
	$(BIN)/python bench/import.py

clean:
	rm -rf $(VENV) staticfiles hoptac.sqlite3
