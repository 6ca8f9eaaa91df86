# The README's two commands are `make run` and `make test`; the rest are for developers.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_SETTINGS := newsroom.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint format typecheck check-deploy demo worker clean bench-newsletter

$(STAMP): requirements/dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

venv: $(STAMP)

# Photo renditions are made in the background, so the first page views need not wait.
run: $(STAMP)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo --if-empty
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py create_demo_campaign --if-empty
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo --print-logins
	@echo "  Emails the site sends are written to var/mail/. Ctrl-C stops the server and the worker."
	@echo ""
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py db_worker & \
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) nice $(PY) manage.py make_renditions >/dev/null 2>&1 & \
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
	$(VENV)/bin/mypy newsroom articles accounts donations newsletter

# Production settings with throwaway values: must report no issues.
check-deploy: $(STAMP)
	SECRET_KEY=ci-$$RANDOM-$$RANDOM-throwaway-secret-key-that-is-long-enough-0123456789 \
	ALLOWED_HOSTS=news.example.org DATABASE_URL=sqlite:///$(CURDIR)/var/deploy-check.sqlite3 \
	SITE_URL=https://news.example.org DJANGO_SETTINGS_MODULE=newsroom.settings.prod \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles var

# Newsletter sending speed: one issue to 100,000 subscribers through a counting mailer, on a
# throwaway database (SUBSCRIBERS=... to change the size).
BENCH_NEWSLETTER_DB := $(CURDIR)/var/bench-newsletter.sqlite3
bench-newsletter: $(STAMP)
	@mkdir -p var && rm -f $(BENCH_NEWSLETTER_DB)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) DATABASE_URL=sqlite:///$(BENCH_NEWSLETTER_DB) \
	$(PY) manage.py migrate --noinput -v 0
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) DATABASE_URL=sqlite:///$(BENCH_NEWSLETTER_DB) \
	$(PY) manage.py bench_newsletter --subscribers $${SUBSCRIBERS:-100000}
	@rm -f $(BENCH_NEWSLETTER_DB)
