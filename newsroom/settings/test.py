"""Tests: fast and deterministic. No network, no worker, no real mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env.str("REDIS_URL", default=""):
    # CI's second pass runs the suite against a real Redis too.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
            "KEY_PREFIX": "newsroom-test",
        }
    }
# The page cache is always local memory in tests (cleared before each test by conftest).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    "newsletter": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
MAIL_DIR = BASE_DIR / "var" / "test-mail"
ALLOWED_HOSTS = ["*"]
TIME_ZONE = "Europe/London"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
