"""newsroom.pagefront: hits answered in front of Django, exactly as Django would answer them."""

import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory, override_settings

from newsroom import pagecache
from newsroom.pagefront import PageCacheFront
from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes database connections at the start and end of a request;
    its test client stops it from doing so, and so does this module, which calls the
    handler itself: the test's transaction lives on the connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class CountingDjango:
    """Django's own WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app():
    return CountingDjango()


@pytest.fixture
def front(django_app):
    return PageCacheFront(django_app)


def call(app, method, path, **extra):
    """One request through a WSGI application: (status, headers, body)."""
    environ = RequestFactory().generic(method, path, **extra).environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return answer["status"], answer["headers"], body


def test_a_hit_is_answered_without_django_with_the_headers_django_would_send(
    front, django_app, django_assert_num_queries
):
    url = ArticleFactory().get_absolute_url()
    call(front, "GET", url)  # a miss, rendered and stored by Django
    assert django_app.calls == 1
    finished = []
    request_finished.connect(finished.append)
    try:
        with django_assert_num_queries(0):
            status, headers, body = call(front, "GET", url)
    finally:
        request_finished.disconnect(finished.append)
    assert django_app.calls == 1
    assert finished == []
    assert status == "200 OK"
    assert headers["X-Page-Cache"] == "hit"

    # The same page as Django's own hit: every header (the security middleware's included)
    # and the same bytes.
    _, django_headers, django_body = call(django_app, "GET", url)
    assert django_headers["X-Page-Cache"] == "hit"
    assert headers == django_headers
    assert "Referrer-Policy" in headers and "Cross-Origin-Opener-Policy" in headers
    assert body == django_body
    assert headers["Content-Length"] == str(len(body))


def test_a_miss_reaches_django_and_is_looked_up_once(front, django_app, monkeypatch):
    lookups = []
    real_lookup = pagecache._lookup
    monkeypatch.setattr(
        pagecache, "_lookup", lambda *args: lookups.append(args) or real_lookup(*args)
    )
    status, headers, _ = call(front, "GET", ArticleFactory().get_absolute_url())
    assert status == "200 OK"
    assert headers["X-Page-Cache"] == "miss"
    assert django_app.calls == 1
    assert len(lookups) == 1


def test_head_and_conditional_requests_are_answered_by_the_front(front, django_app):
    url = ArticleFactory().get_absolute_url()
    _, headers, body = call(front, "GET", url)
    status, head_headers, head_body = call(front, "HEAD", url)
    assert (status, head_body, head_headers["X-Page-Cache"]) == ("200 OK", b"", "hit")
    assert head_headers["Content-Length"] == str(len(body))
    assert "ETag" in headers
    status, _, body = call(front, "GET", url, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert (status, body) == ("304 Not Modified", b"")
    assert django_app.calls == 1


def test_a_host_not_allowed_is_left_to_django_which_refuses_it(front, django_app):
    url = ArticleFactory().get_absolute_url()
    call(front, "GET", url)
    with override_settings(ALLOWED_HOSTS=["news.example.org"]):
        status, _, _ = call(front, "GET", url, HTTP_HOST="evil.example")
    assert status.startswith("400")
    assert django_app.calls == 2


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600)
def test_https_redirects_and_hsts_are_kept_for_hits():
    # Built under these settings: like Django's, the security middleware reads them once.
    django_app = CountingDjango()
    front = PageCacheFront(django_app)
    url = ArticleFactory().get_absolute_url()
    call(front, "GET", url, secure=True)
    status, headers, _ = call(front, "GET", url)  # plain HTTP: Django redirects
    assert status.startswith("301")
    assert headers["Location"].startswith("https://")
    status, headers, _ = call(front, "GET", url, secure=True)
    assert headers["X-Page-Cache"] == "hit"
    assert headers["Strict-Transport-Security"] == "max-age=3600"
    assert django_app.calls == 2


def test_signed_in_readers_and_posts_go_to_django(client, front, django_app):
    url = ArticleFactory().get_absolute_url()
    call(front, "GET", url)
    client.force_login(StaffFactory())
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    _, headers, _ = call(front, "GET", url, HTTP_COOKIE=cookie)
    assert headers["X-Page-Cache"] == "bypass"
    call(front, "POST", url)
    assert django_app.calls == 3


def test_a_failing_lookup_leaves_the_page_to_django(front, django_app, monkeypatch, caplog):
    url = ArticleFactory().get_absolute_url()
    call(front, "GET", url)

    def broken(request):
        raise RuntimeError("cache client bug")

    monkeypatch.setattr("newsroom.pagefront.serve_hit", broken)
    with caplog.at_level(logging.ERROR, logger="newsroom.pagefront"):
        status, _, body = call(front, "GET", url)
    assert status == "200 OK" and body
    assert django_app.calls == 2
    assert "page cache front failed" in caplog.text
