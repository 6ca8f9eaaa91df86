"""`next` never leads off the site, whatever is put in it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "https://evil.example",
    "http://evil.example/path",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "https://testserver@evil.example",
    "https://yoursite@evil.example",
    "http://evil.example\\@testserver",
    "https://evil.example#@testserver",
    "https://evil.example?@testserver",
    "https:evil.example",
    "https:/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "http://[::1]@evil.example",
    "http://testserver.evil.example",
    "ftp://evil.example",
]


def stays_on_site(location: str) -> bool:
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    stripped = location.lstrip()
    return not stripped.startswith(("//", "/\\", "\\")) and ":" not in stripped.split("/")[0]


def test_the_checker_itself_catches_an_off_site_address():
    assert not stays_on_site("//evil.example")
    assert not stays_on_site("https://testserver@evil.example")
    assert not stays_on_site("javascript:alert(1)")
    assert stays_on_site("/my-account/")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sign_in_next_stays_on_site(client, reader, payload):
    response = client.post(
        reverse("account_login"), {"login": reader.email, "password": PASSWORD, "next": payload}
    )
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


def test_sign_in_page_escapes_whatever_next_holds(client):
    payload = '"><script>alert(1)</script>'
    page = client.get(f"{reverse('account_login')}?{urlencode({'next': payload})}")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sign_out_next_stays_on_site(client, reader, payload):
    client.force_login(reader)
    response = client.post(reverse("account_logout"), {"next": payload})
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_admin_sign_in_next_stays_on_site(client, staff, payload):
    anonymous = client.get(f"/admin/login/?{urlencode({'next': payload})}")
    carried = parse_qs(urlsplit(anonymous["Location"]).query)["next"][0]
    assert stays_on_site(carried), carried
    client.force_login(staff)
    response = client.get(f"/admin/login/?{urlencode({'next': payload})}")
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


def test_a_safe_next_is_followed(client, reader):
    response = client.post(
        reverse("account_login"),
        {"login": reader.email, "password": PASSWORD, "next": "/section/harbour/?page=2"},
    )
    assert response["Location"] == "/section/harbour/?page=2"
