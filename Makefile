# The README's two commands are `make run` and `make test`; the rest are for developers.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_SETTINGS := newsroom.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint format typecheck check-deploy demo worker clean

$(STAMP): requirements/dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo --if-empty
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo --print-logins
	@echo "  Emails the site sends are written to var/mail/. Ctrl-C stops the server and the worker."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py db_worker & \
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py runserver $(HOST):$(PORT) & \
	wait

test: $(STAMP)
	@scripts/ensure-chromium
	$(VENV)/bin/pytest

worker: $(STAMP)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py db_worker

demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(STAMP)
	$(VENV)/bin/mypy newsroom articles accounts

# Production settings with throwaway values: must report no issues. `check --deploy` does not
# connect to the database, so the PostgreSQL address need not exist.
check-deploy: $(STAMP)
	SECRET_KEY=ci-$$RANDOM-$$RANDOM-throwaway-secret-key-that-is-long-enough-0123456789 \
	ALLOWED_HOSTS=news.example.org DATABASE_URL=postgres://newsroom:throwaway@127.0.0.1:5432/newsroom \
	SITE_URL=https://news.example.org DJANGO_SETTINGS_MODULE=newsroom.settings.prod \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles var
