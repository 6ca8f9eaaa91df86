"""`/healthz` for load balancers and process supervisors.

200 with a JSON body while the database answers; `"cache": "degraded"` (still 200) when a cache
does not answer, because the site keeps serving without Redis; 503 when the database does not
answer. Answered by a middleware placed first, before host validation and the HTTPS redirect:
load balancers probe by IP address over plain HTTP, and a health check must not touch the
session or the page cache.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("health: database does not answer", exc_info=True)
        # Let the next request open a new connection instead of reusing a broken one.
        connection.close_if_unusable_or_obsolete()
        return False


def check_caches() -> bool:
    """A write-then-read round trip on every cache alias: django-redis with IGNORE_EXCEPTIONS
    turns an outage into silent misses, so only a read-back shows it."""
    token = secrets.token_hex(8)
    healthy = True
    for alias in settings.CACHES:
        cache = caches[alias]
        key = "healthz:probe"
        cache.set(key, token, timeout=10)
        if cache.get(key) != token:
            healthy = False
    return healthy


def health_report() -> tuple[int, dict[str, str]]:
    database = check_database()
    cache = check_caches()
    report = {
        "status": "ok" if database else "unavailable",
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache else "degraded",
    }
    return (200 if database else 503), report


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info != HEALTH_PATH or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        status, report = health_report()
        response = HttpResponse(json.dumps(report), status=status, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response
