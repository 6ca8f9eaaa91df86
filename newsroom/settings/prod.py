"""Production: refuses to start on development defaults.

Every required value must come from the environment (or `.env`); a missing one stops the
process with a message naming it, instead of quietly running with a development fallback.
Optional parts are chosen by configuration:

- `REDIS_URL`: the default and `pages` caches in Redis (django-redis, IGNORE_EXCEPTIONS). Left
  unset, each process keeps its own local-memory caches: correct, but every gunicorn worker
  then holds its own page cache and a purge reaches only the worker that runs it, so cached
  pages may lag a change by up to PAGE_CACHE_TIMEOUT. Set it for any real deployment.
- `MEDIA_STORAGE`: `local` (MEDIA_ROOT, served by nginx) or `s3` (django-storages; needs
  `AWS_STORAGE_BUCKET_NAME`, credentials from the usual `AWS_*` variables or the instance role).
- `MAILER`: `smtp` (`EMAIL_*`) or `anymail` (`ANYMAIL_ESP` such as `postmark`, `mailgun`,
  `sendgrid`, `amazon_ses`, and `ANYMAIL_API_KEY`).
"""

import os
import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SITE_URL, env

# After the base import: it has read `.env` into the environment.
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL")


def _require(*names: str) -> None:
    missing = [name for name in names if not os.environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            "Production settings need these environment variables: " + ", ".join(missing)
        )


_require(*REQUIRED)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL in production "
        "(postgres://user:password@host:5432/name); SQLite is for development only."
    )
# A database that does not answer fails a request (and /healthz) in seconds, not minutes.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DATABASE_CONNECT_TIMEOUT", default=3
)

if SITE_URL.startswith("https://"):
    CSRF_TRUSTED_ORIGINS = [SITE_URL, *env.list("CSRF_TRUSTED_ORIGINS", default=[])]

# HTTPS everywhere. SECURE_SSL_REDIRECT=false only for a local run over plain HTTP
# (`make serve-prod`, the benchmark); behind nginx the proxy sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# `__Host-` cookies are only accepted over HTTPS, for the exact host, with Path=/.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Sessions in the database, read through the cache: a Redis outage loses no sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
_media_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_STORAGE == "s3":
    _require("AWS_STORAGE_BUCKET_NAME")
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # S3-compatible services (MinIO, R2, Spaces) need their own endpoint.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES: dict[str, dict[str, Any]] = {  # type: ignore[no-redef]  # replaces base.py's
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Donations: taking real money needs both Stripe secrets.
if env.str("DONATIONS_PROVIDER", default="offline") == "stripe":
    _missing_stripe = [
        name for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET") if not env.str(name, "")
    ]
    if _missing_stripe:
        raise ImproperlyConfigured(
            "DONATIONS_PROVIDER=stripe needs these environment variables: "
            + ", ".join(_missing_stripe)
        )

# Accounts: staff always pass a second factor in production.
STAFF_REQUIRE_MFA = True

MAILER = env.str("MAILER", default="smtp")
if MAILER == "anymail":
    _require("ANYMAIL_ESP")
    ANYMAIL_ESP = env.str("ANYMAIL_ESP")
    if not re.fullmatch(r"[a-z_]+", ANYMAIL_ESP):
        raise ImproperlyConfigured(f"ANYMAIL_ESP must be an anymail backend name: {ANYMAIL_ESP!r}")
    ANYMAIL = {}
    if ANYMAIL_ESP != "amazon_ses":  # Amazon SES authenticates with the AWS credentials.
        _require("ANYMAIL_API_KEY")
        credential = "SERVER_TOKEN" if ANYMAIL_ESP == "postmark" else "API_KEY"
        ANYMAIL[f"{ANYMAIL_ESP.upper()}_{credential}"] = env.str("ANYMAIL_API_KEY")
    # Transactional and bulk mail (the newsletter alias) both go through the email service.
    _anymail: dict[str, Any] = {"BACKEND": f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"}
    MAILERS = {"default": _anymail, "newsletter": dict(_anymail)}
elif MAILER != "smtp":
    raise ImproperlyConfigured(f"MAILER must be 'smtp' or 'anymail', not {MAILER!r}.")

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "newsroom.logs.JsonLineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            # On the handler too: Django's own "django" logger, set up before this, sends
            # its records on to the root's handler at its own level (INFO), whatever root's.
            "level": LOG_LEVEL,
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Gunicorn writes its own access log; Django's duplicate request lines go.
        "django.server": {"level": "WARNING"},
    },
}
