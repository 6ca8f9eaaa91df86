import pytest
from django.db import OperationalError, connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
}


def test_healthz_answers_200_with_json_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies


@override_settings(
    CACHES={
        "default": CLOSED_PORT_REDIS,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
)
def test_healthz_reports_a_degraded_cache_without_failing(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "degraded"}


def test_healthz_answers_503_when_the_database_does_not(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "unavailable"


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["news.example.org"])
def test_load_balancer_probe_by_ip_over_http_is_answered_not_redirected(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="news.example.org").status_code == 301
