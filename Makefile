# The portal's commands. `make help` lists them.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
LANGS := es fr it de zh_Hans af el tr

.DEFAULT_GOAL := help
.PHONY: help install install-dev run test test-fast lint format messages compilemessages migrate demo check-deploy bench lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt $(BIN)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed ## Create the virtualenv with the locked dependencies

install-dev: $(BIN)/.installed-dev ## Add the test and lint tools

compilemessages: install ## Compile the translation catalogues
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v0

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load demo content and accounts (idempotent)
	$(BIN)/python manage.py load_demo

run: install compilemessages migrate demo ## Set everything up and serve on http://127.0.0.1:$(PORT) with a Celery worker and beat
	PORT=$(PORT) BIN=$(BIN) ./bin/run-dev

test: install-dev compilemessages ## Run the whole test suite (browser tests in their own process)
	$(BIN)/python -m pytest --ds=portal.settings.test -n 2 -m "not browser" $(PYTEST_ARGS)
	$(BIN)/python -m pytest --ds=portal.settings.test -m browser $(PYTEST_ARGS)

lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

MAKEMESSAGES := $(BIN)/python manage.py makemessages $(addprefix -l ,$(LANGS)) --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=locale --no-obsolete --no-location -v0

messages: install-dev ## Extract new strings into locale/*/LC_MESSAGES/django.po and prefill known ones
	$(MAKEMESSAGES)
	$(BIN)/python bin/prefill_translations.py
	$(MAKEMESSAGES)

check-deploy: install ## Django's deployment checklist under production settings
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-portal.example.org} \
	CACHE_URL=$${CACHE_URL:-redis://127.0.0.1:6379/1} \
	SITE_URL=$${SITE_URL:-https://portal.example.org} \
	EMAIL_URL=$${EMAIL_URL:-smtp+tls://portal:secret@smtp.example.org:587} \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

bench: install-dev ## Run the benchmarks in bench/ (figures in bench/results/)
	@ls bench/[!_]*.py >/dev/null 2>&1 && for b in bench/[!_]*.py; do $(BIN)/python $$b || exit 1; done || echo "no benchmarks yet"

lock: ## Re-resolve requirements.in into requirements.txt (exact versions)
	rm -rf /tmp/portal-lock && $(PYTHON) -m venv /tmp/portal-lock
	/tmp/portal-lock/bin/pip install --quiet -r requirements.in
	(echo '# Exact versions of every runtime dependency. Regenerate with `make lock` after editing requirements.in.'; /tmp/portal-lock/bin/pip freeze) > requirements.txt

clean: ## Remove the local database, mail, broker files and virtualenv
	rm -rf var $(VENV)
