"""The production profile: it refuses to start without its variables, and its security
settings hold on real responses."""

import json
import os

import pytest
from django.test import override_settings

from tests.factories import ArticleFactory, StaffFactory
from tests.processes import run_python

PROD_ENV = {
    "SECRET_KEY": "prod-test-" + "k" * 50,
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgres://newsroom:throwaway@127.0.0.1:5432/newsroom",
    "SITE_URL": "https://news.example.org",
}

# The settings a response's headers and cookies depend on.
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "SECURE_CSP",
]

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
names = json.loads(input())
print(json.dumps({n: getattr(settings, n) for n in names}, default=str))
"""


def production_environment():
    """This process's environment without what the test run adds (its database, Redis, the
    browser tests' DJANGO_ALLOW_ASYNC_UNSAFE), plus the required production variables."""
    own = ("DATABASE_", "REDIS_", "DJANGO_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    env.update(PROD_ENV)
    return env


def run_prod(env_overrides, names=(), drop=(), script=PRINT_SETTINGS):
    env = production_environment()
    env.update(env_overrides)
    for name in drop:
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.prod"
    return run_python(["-c", script], env=env, stdin=json.dumps(list(names)))


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"])
def test_production_refuses_to_start_naming_the_missing_variable(name):
    result = run_prod({}, drop=[name])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.splitlines()[-1]


def test_production_refuses_sqlite():
    result = run_prod({"DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"MAILER": "anymail"}, "ANYMAIL_ESP"),
        ({"MAILER": "anymail", "ANYMAIL_ESP": "postmark"}, "ANYMAIL_API_KEY"),
    ],
)
def test_optional_parts_name_what_they_need(overrides, missing):
    result = run_prod(overrides)
    assert result.returncode != 0
    assert missing in result.stderr.splitlines()[-1]


def test_production_caches_sessions_storage_and_mailer_follow_the_environment():
    result = run_prod(
        {
            "REDIS_URL": "redis://127.0.0.1:6379/7",
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "ledger-media",
            "MAILER": "anymail",
            "ANYMAIL_ESP": "postmark",
            "ANYMAIL_API_KEY": "token",
        },
        names=["CACHES", "SESSION_ENGINE", "STORAGES", "MAILERS", "ANYMAIL", "DATABASES"],
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    for alias in ("default", "pages"):
        cache = values["CACHES"][alias]
        assert cache["BACKEND"] == "django_redis.cache.RedisCache"
        assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert values["CACHES"]["default"]["KEY_PREFIX"] != values["CACHES"]["pages"]["KEY_PREFIX"]
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert values["STORAGES"]["default"]["OPTIONS"]["bucket_name"] == "ledger-media"
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["MAILERS"]["default"]["BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert values["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "token"}
    assert values["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


def test_without_redis_production_falls_back_to_local_memory_caches():
    result = run_prod({}, names=["CACHES"])
    assert result.returncode == 0, result.stderr
    caches = json.loads(result.stdout)["CACHES"]
    assert {c["BACKEND"] for c in caches.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }


LOG_LINES = """
import logging, django
django.setup()
logging.getLogger("django.request").warning("request-warning")
logging.getLogger("newsroom").info("app-info")
logging.getLogger("django.request").error("request-error")
"""


def test_log_level_quiets_djangos_own_loggers_too():
    result = run_prod({"LOG_LEVEL": "ERROR"}, script=LOG_LINES)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert json.loads(line)["message"] == "request-error"


def test_check_deploy_reports_no_issues():
    env = production_environment()
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.prod"
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.fixture(scope="module")
def prod_security():
    result = run_prod({}, names=SECURITY_SETTINGS)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    # The CSP dict round-trips through JSON; its enum values are plain strings already.
    return values


@pytest.mark.django_db
def test_reader_page_carries_the_production_security_headers(client, prod_security):
    story = ArticleFactory()
    with override_settings(**prod_security):
        assert client.get(story.get_absolute_url()).status_code == 301  # to HTTPS
        for _ in range(2):  # rendered, then from the page cache
            response = client.get(story.get_absolute_url(), secure=True)
            assert response.status_code == 200
            headers = response.headers
            assert headers["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            )
            assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
            assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["X-Content-Type-Options"] == "nosniff"
            csp = headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp
            script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
            assert "'unsafe-inline'" not in script_src
            assert not response.cookies
        assert response.headers["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_sign_in_sets_host_prefixed_secure_httponly_cookies(client, prod_security):
    from django.urls import reverse

    from accounts.services import record_verified_email

    staff = StaffFactory(is_superuser=True)
    record_verified_email(user=staff)
    with override_settings(**prod_security, STAFF_REQUIRE_MFA=False):
        page = client.get(reverse("account_login"), secure=True)
        csrf = page.cookies["__Host-csrftoken"]
        assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]
        response = client.post(
            reverse("account_login"),
            {"login": staff.email, "password": "correct horse battery staple"},
            secure=True,
        )
        assert response.status_code == 302
        session = response.cookies["__Host-sessionid"]
        assert session["secure"] and session["httponly"]
        assert session["path"] == "/" and not session["domain"]
        assert session["samesite"] == "Lax"
        assert "sessionid" not in response.cookies
