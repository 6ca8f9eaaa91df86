# The README's two commands are `make run` and `make test`; the rest are for developers.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_SETTINGS := newsroom.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint format typecheck check-deploy demo worker clean bench-newsletter serve-prod bench \
	bench-faults

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

# Production settings with throwaway values: must report no issues. `check --deploy` does not
# connect to the database, so the PostgreSQL address need not exist.
check-deploy: $(STAMP)
	SECRET_KEY=ci-$$RANDOM-$$RANDOM-throwaway-secret-key-that-is-long-enough-0123456789 \
	ALLOWED_HOSTS=news.example.org DATABASE_URL=postgres://newsroom:throwaway@127.0.0.1:5432/newsroom \
	SITE_URL=https://news.example.org DJANGO_SETTINGS_MODULE=newsroom.settings.prod \
	$(PY) manage.py check --deploy --fail-level WARNING

# The production profile locally: gunicorn + db_worker against PostgreSQL and Redis on
# 127.0.0.1, plain HTTP (SECURE_SSL_REDIRECT=false), a throwaway SECRET_KEY made per run.
PROD_PORT ?= 8106
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nr_prod
PROD_REDIS_URL ?= redis://127.0.0.1:6379/7
PROD_ENV = DJANGO_SETTINGS_MODULE=newsroom.settings.prod \
	ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://$(HOST):$(PROD_PORT) \
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) SECURE_SSL_REDIRECT=false \
	SECURE_HSTS_SECONDS=0 GUNICORN_BIND=$(HOST):$(PROD_PORT)

serve-prod: $(STAMP)
	@export SECRET_KEY=local-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))'); \
	$(PY) -c 'from bench.common import ensure_database; ensure_database("$(notdir $(PROD_DATABASE_URL))")' && \
	$(PROD_ENV) $(PY) manage.py migrate --noinput && \
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput -v 0 && \
	echo "  Production profile at http://$(HOST):$(PROD_PORT)/ (health: /healthz). Ctrl-C stops it." && \
	trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(PROD_ENV) $(PY) manage.py db_worker --queue-name '*' & \
	$(PROD_ENV) $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi & \
	wait

# Seeds N stories (10,000 by default; N=100000 works) into the nr_bench database, then loads
# the production profile with wrk: about four minutes. Table in bench/results/latest.md,
# chart in docs/bench.png.
N ?= 10000
bench: $(STAMP)
	@scripts/ensure-bench-tools
	$(PY) -m bench.run --stories $(N)

# Redis down, PostgreSQL restarted (BENCH_PG_RESTART=terminate: its connections cut instead), a
# worker SIGKILLed: about a minute. Run bench first.
bench-faults: $(STAMP)
	@scripts/ensure-bench-tools
	$(PY) -m bench.faults

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
