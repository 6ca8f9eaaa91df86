"""Deleting an account, exporting its data, and purging unverified sign-ups."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Reader, User, UserSession
from accounts.personal_data import collect_personal_data
from accounts.services import delete_account, purge_unverified_accounts, record_verified_email
from accounts.signals import personal_data_erased, personal_data_requested
from accounts.tasks import purge_unverified_accounts as purge_task
from tests.factories import UserFactory

from .conftest import rows_mentioning
from .factories import PASSWORD, VerifiedReaderFactory

pytestmark = pytest.mark.django_db


def test_the_scan_finds_an_address_that_is_still_there(reader):
    assert f"accounts.User.email #{reader.pk}" in rows_mentioning(reader.email)


def test_deleting_an_account_leaves_no_trace_of_the_address(reader, staff):
    browser = Client()
    browser.post(reverse("account_login"), {"login": reader.email, "password": PASSWORD})
    TOTP.activate(reader, generate_totp_secret())
    RecoveryCodes.activate(reader)
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[Reader.objects.get(pk=reader.pk)], action_flag=CHANGE
    )
    LogEntry.objects.create(
        user=reader,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(staff.pk),
        object_repr=reader.email,
        action_flag=CHANGE,
    )
    assert rows_mentioning(reader.email)

    delete_account(user=reader, by=reader)

    assert rows_mentioning(reader.email) == []
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not Authenticator.objects.exists()
    assert not UserSession.objects.exists()
    assert browser.get(reverse("accounts:home")).status_code == 302


def test_queued_account_emails_hold_neither_the_address_nor_the_link(client, reader, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.post(reverse("account_reset_password"), {"email": reader.email})
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()
    assert reader.email not in json.dumps(queued.args_kwargs)
    assert "password/reset/key" not in json.dumps(queued.args_kwargs)


def test_deletion_asks_other_apps_to_erase_what_they_hold(reader):
    calls = []

    def receiver(sender, user, email, **kwargs):
        calls.append((user.pk, email))

    reader_id = reader.pk
    personal_data_erased.connect(receiver)
    try:
        delete_account(user=reader, by=None)
    finally:
        personal_data_erased.disconnect(receiver)
    assert calls == [(reader_id, "reader@example.org")]


def test_a_failing_eraser_keeps_the_account_whole(reader):
    def receiver(sender, **kwargs):
        raise RuntimeError("newsletter store unavailable")

    personal_data_erased.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            delete_account(user=reader, by=None)
    finally:
        personal_data_erased.disconnect(receiver)
    assert User.objects.filter(pk=reader.pk).exists()
    assert EmailAddress.objects.filter(user=reader).exists()


def test_export_holds_the_account_and_every_apps_section(reader):
    def newsletter(sender, user, **kwargs):
        return ("newsletter", {"subscribed": True, "consent": "2026-01-02T03:04:05+00:00"})

    personal_data_requested.connect(newsletter)
    try:
        data = collect_personal_data(reader)
    finally:
        personal_data_requested.disconnect(newsletter)
    assert data["account"]["email"] == "reader@example.org"
    assert data["account"]["display_name"] == "Ann Reader"
    assert data["account"]["email_addresses"] == [
        {"email": "reader@example.org", "verified": True, "primary": True}
    ]
    assert data["newsletter"] == {"subscribed": True, "consent": "2026-01-02T03:04:05+00:00"}
    json.dumps(data)


def test_unverified_accounts_older_than_30_days_are_purged():
    old = timezone.now() - timedelta(days=31)
    stale = VerifiedReaderFactory(verified_address=False, date_joined=old)
    fresh = VerifiedReaderFactory(verified_address=False)
    verified = VerifiedReaderFactory(date_joined=old)
    staff_without_row = UserFactory(is_staff=True, date_joined=old)
    assert purge_unverified_accounts(by=None) == 1
    remaining = set(User.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, verified.pk, staff_without_row.pk}
    assert not EmailAddress.objects.filter(email=stale.email).exists()


def test_purge_command_reports_and_removes(capsys):
    VerifiedReaderFactory(verified_address=False, date_joined=timezone.now() - timedelta(days=40))
    call_command("purge_unverified_accounts", "--dry-run")
    assert "1 unverified accounts older than 30 days would go." in capsys.readouterr().out
    assert User.objects.count() == 1
    call_command("purge_unverified_accounts")
    assert "Removed 1 unverified accounts" in capsys.readouterr().out
    assert User.objects.count() == 0


def test_the_purge_runs_as_a_task():
    VerifiedReaderFactory(verified_address=False, date_joined=timezone.now() - timedelta(days=31))
    result = purge_task.enqueue()
    assert result.return_value == 1
    assert not User.objects.exists()


def test_an_account_set_up_by_staff_signs_in_without_a_verification_mail(client):
    person = UserFactory(email="demo.editor@example.org", is_staff=True)
    record_verified_email(user=person)
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:home")
