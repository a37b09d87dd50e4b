# Plein's everyday commands. Each target is a thin line; the work happens in the `plein`
# command (Django's manage.py with Plein's settings) and in pytest.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= auto

.PHONY: run test lint format messages assets bench clean

# Plein starts in production mode unless PLEIN_DEBUG says otherwise; these targets are for a
# development machine, so they ask for debug mode (the mailbox at /dev/mail/, a built-in
# secret key). mypy's Django plugin and the message commands read the settings too.
run messages lint: export PLEIN_DEBUG ?= true

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@ $(VENV)/.installed-run

## run: install, migrate, load the demo community into an empty database, serve on PORT
run: $(VENV)/.installed-run
	$(BIN)/plein migrate --noinput -v 0
	$(BIN)/plein demo-data --if-empty
	PLEIN_BASE_URL=$${PLEIN_BASE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/plein runserver 127.0.0.1:$(PORT)

## test: install what the tests need (Chromium too, where possible) and run the whole suite
test: $(VENV)/.installed-dev
	scripts/install-browser
	$(BIN)/pytest -n $(WORKERS) --create-db

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy plein tests bench

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: collect translatable strings into plein/locale/*/LC_MESSAGES/django.po and compile
messages: $(VENV)/.installed-run
	cd plein && ../$(BIN)/plein makemessages -l nl -l en --no-obsolete --add-location file
	$(BIN)/plein compilemessages --ignore .venv -v 0

## assets: refresh the vendored front-end files from npm (not needed to install or run)
assets:
	scripts/refresh-assets

## bench: page timings and weights on the demo community (prints figures)
bench: $(VENV)/.installed-run
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var
