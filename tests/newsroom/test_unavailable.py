"""A database that does not answer gets a 503 with Retry-After, not a 500."""

import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.test import override_settings
from django.urls import reverse

from newsletter.models import Subscriber
from newsroom.unavailable import RETRY_AFTER_SECONDS, database_unavailable

pytestmark = pytest.mark.django_db


def _assert_is_the_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "We cannot reach our database just now" in html and "Error 503" in html
    return html


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_reader_page_whose_database_is_down_is_a_503(client, monkeypatch, caplog, error):
    def unreachable(**kwargs):
        raise error("connection refused")

    monkeypatch.setattr("newsroom.views.build_front_page", unreachable)
    with caplog.at_level(logging.ERROR, logger="newsroom.unavailable"):
        response = client.get(reverse("newsroom:home"))
    html = _assert_is_the_503_page(response)
    assert "try again shortly" in html and "may not have been saved" not in html
    [record] = [r for r in caplog.records if r.name == "newsroom.unavailable"]
    assert record.status_code == 503 and "GET /" in record.getMessage()


def test_a_signup_while_the_database_is_down_asks_to_send_it_again(client, monkeypatch):
    def unreachable(**kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr("newsletter.services.subscribe", unreachable)
    response = client.post(reverse("newsletter:signup"), {"email": "reader@example.org"})
    html = _assert_is_the_503_page(response)
    assert "may not have been saved. Please send it again" in html
    assert not Subscriber.objects.exists()


def test_other_errors_are_still_500s(client, monkeypatch):
    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("newsroom.views.build_front_page", broken)
    client.raise_request_exception = False
    with override_settings(PAGE_CACHE_ENABLED=False):
        assert client.get(reverse("newsroom:home")).status_code == 500


def test_the_503_page_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable(rf.post("/newsletter/"))
    assert "may not have been saved. Please send it again" in _assert_is_the_503_page(response)
