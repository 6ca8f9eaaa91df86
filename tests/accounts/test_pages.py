"""allauth's pages wear the site's design, and a new email address counts once verified."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from .conftest import link_in_last_mail
from .factories import PASSWORD

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_request_login_code",
    "account_email_verification_sent",
    "accounts:deleted",
]
SIGNED_IN_PAGES = [
    "accounts:home",
    "accounts:delete",
    "account_email",
    "account_change_password",
    "mfa_index",
]


def in_site_design(html: str) -> bool:
    return 'class="masthead"' in html and 'class="site-footer"' in html and "accounts.css" in html


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_public_account_pages_use_the_site_design(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert in_site_design(response.content.decode())


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_use_the_site_design(client, reader, name):
    client.force_login(reader)
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert in_site_design(html)
    assert "form-control" in html or name == "mfa_index"  # crispy-styled fields


def test_the_header_links_to_my_account_without_asking_who_is_signed_in(client):
    html = client.get(reverse("newsroom:home")).content.decode()
    assert f'href="{reverse("accounts:home")}"' in html
    assert "sessionid" not in client.cookies


def test_a_new_email_address_counts_only_once_verified(client, reader):
    client.force_login(reader)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    reader.refresh_from_db()
    assert reader.email == "reader@example.org"
    assert not EmailAddress.objects.get(email="new@example.org").verified

    client.post(link_in_last_mail("new@example.org"))
    reader.refresh_from_db()
    assert reader.email == "new@example.org"
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["new@example.org"]
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
