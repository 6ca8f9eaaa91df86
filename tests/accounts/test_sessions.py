"""Session rotation, lifetimes and ending sessions."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from accounts.services import deactivate_user

from .conftest import link_in_last_mail
from .factories import PASSWORD

pytestmark = pytest.mark.django_db

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def sign_in(client: Client, email: str, password: str = PASSWORD) -> None:
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content


def signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:home")).status_code == 200


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_sign_in_gives_a_new_session_key_and_drops_the_old_one(client, reader):
    before = client.session
    before["seen"] = True
    before.save()
    old_key = before.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    sign_in(client, reader.email)
    assert session_key(client) != old_key
    assert not SessionStore().exists(old_key)
    assert UserSession.objects.get(user=reader).session_key == session_key(client)


def test_sign_out_ends_the_session(client, reader):
    sign_in(client, reader.email)
    key = session_key(client)
    client.post(reverse("account_logout"))
    assert not SessionStore().exists(key)
    assert not UserSession.objects.filter(session_key=key).exists()
    assert client.get(reverse("accounts:home"))["Location"].startswith(reverse("account_login"))


def test_password_change_keeps_this_session_and_ends_the_others(reader):
    here, elsewhere = Client(), Client()
    sign_in(here, reader.email)
    sign_in(elsewhere, reader.email)
    other_key = session_key(elsewhere)
    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new and long passphrase",
            "password2": "a new and long passphrase",
        },
    )
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert not SessionStore().exists(other_key)
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [session_key(here)]


def test_password_reset_ends_every_session(reader):
    signed_in_browser, resetting_browser = Client(), Client()
    sign_in(signed_in_browser, reader.email)
    resetting_browser.post(reverse("account_reset_password"), {"email": reader.email})
    form_page = resetting_browser.get(link_in_last_mail(reader.email), follow=True)
    resetting_browser.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new long phrase", "password2": "a brand new long phrase"},
    )
    assert not signed_in(signed_in_browser)
    assert not UserSession.objects.filter(user=reader).exists()


def test_sign_out_everywhere_else(reader):
    here, phone, laptop = Client(), Client(), Client()
    for browser in (here, phone, laptop):
        sign_in(browser, reader.email)
    response = here.post(reverse("accounts:sign-out-elsewhere"), follow=True)
    assert "Signed out of 2 other sessions." in response.content.decode()
    assert signed_in(here)
    assert not signed_in(phone)
    assert not signed_in(laptop)


def test_reader_sessions_last_at_most_14_days(client, reader):
    sign_in(client, reader.email)
    assert client.session.get_expiry_date() <= timezone.now() + timedelta(days=14)
    assert client.session.get_expiry_date() > timezone.now() + timedelta(days=13)


def test_staff_sessions_last_at_most_12_hours(client, staff):
    sign_in(client, staff.email)
    assert client.session.get_expiry_date() <= timezone.now() + timedelta(hours=12)
    assert client.session.get_expiry_date() > timezone.now() + timedelta(hours=11)


def test_session_end_is_fixed_at_sign_in_not_stretched_by_activity(client, staff):
    sign_in(client, staff.email)
    first = client.session.get_expiry_date()
    client.post(reverse("accounts:home"), {"display_name": "Someone else"})
    assert client.session.get_expiry_date() == first


def test_deactivating_a_staff_member_ends_their_sessions(staff):
    browser = Client()
    sign_in(browser, staff.email)
    key = session_key(browser)
    deactivate_user(user=staff, by=None)
    staff.refresh_from_db()
    assert not staff.is_active
    assert not SessionStore().exists(key)
    assert not signed_in(browser)


def test_notes_of_sessions_past_their_lifetime_are_dropped_at_the_next_sign_in(client, reader):
    UserSession.objects.create(
        user=reader, session_key="x" * 32, created_at=timezone.now() - timedelta(days=15)
    )
    UserSession.objects.create(
        user=reader, session_key="y" * 32, created_at=timezone.now() - timedelta(days=13)
    )
    sign_in(client, reader.email)
    keys = set(UserSession.objects.values_list("session_key", flat=True))
    assert keys == {"y" * 32, session_key(client)}


def test_the_owner_is_told_when_the_password_changes(client, reader, mailoutbox):
    client.force_login(reader)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new and long passphrase",
            "password2": "a new and long passphrase",
        },
    )
    assert [message.to for message in mailoutbox] == [[reader.email]]
    assert "password" in mailoutbox[0].subject.lower()
