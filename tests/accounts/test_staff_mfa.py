"""The admin signs in through allauth, and asks staff for a second factor when required."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse
from django.utils import timezone

from accounts.adapters import MFAAdapter

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email: str, next_url: str = "/admin/"):
    return client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD, "next": next_url}
    )


def test_admin_login_page_sends_visitors_to_the_site_sign_in(client):
    response = client.get("/admin/login/?next=/admin/articles/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Farticles%2F"


def test_admin_sends_visitors_to_sign_in_and_back(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_readers_are_refused_by_the_admin(client, reader):
    client.force_login(reader)
    assert client.get("/admin/login/").status_code == 403


def test_without_the_requirement_staff_reach_the_admin_with_a_password(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    response = sign_in(client, staff.email)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth announces the new factor after commit
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    sign_in(client, staff.email)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert reverse("mfa_activate_totp") in [url for url, _ in response.redirect_chain]

    client.post(
        response.redirect_chain[-1][0], {"password": PASSWORD}
    )  # allauth asks for the password again before adding a factor
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_an_authenticator_pass_it_at_sign_in(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    response = sign_in(client, staff.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_date() <= timezone.now() + timedelta(hours=12)


def test_a_staff_session_that_skipped_the_second_factor_is_not_admitted(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)  # signed in without passing the second factor
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_reauthenticate"))
    assert client.get("/admin/").status_code == 302


def test_without_the_requirement_such_a_session_is_admitted(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_staff_cannot_remove_their_last_second_factor_when_required(staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    totp = TOTP.activate(staff, generate_totp_secret()).instance
    assert not MFAAdapter().can_delete_authenticator(totp)
    settings.STAFF_REQUIRE_MFA = False
    assert MFAAdapter().can_delete_authenticator(totp)


def test_readers_may_remove_their_second_factor(reader, settings):
    settings.STAFF_REQUIRE_MFA = True
    totp = TOTP.activate(reader, generate_totp_secret()).instance
    assert MFAAdapter().can_delete_authenticator(totp)
