"""Readers and staff apart in the admin; staff managed by chief editors only."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts.models import User, UserSession
from accounts.permissions import can_manage_staff
from tests.factories import UserFactory

from .conftest import rows_mentioning
from .factories import PASSWORD, VerifiedReaderFactory, VerifiedStaffFactory

pytestmark = pytest.mark.django_db


def staff_with_user_perms(email: str, *groups: str) -> User:
    person = VerifiedStaffFactory(email=email)
    person.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__endswith="_user")
    )
    for name in groups:
        person.groups.add(Group.objects.get_or_create(name=name)[0])
    return person


@pytest.fixture
def superuser():
    return UserFactory(email="boss@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def editor():
    return staff_with_user_perms("editor2@example.org", "Editor")


@pytest.fixture
def chief():
    return staff_with_user_perms("chief@example.org", "Chief editor")


def test_only_chief_editors_and_superusers_manage_staff(editor, chief, superuser, reader):
    assert can_manage_staff(chief)
    assert can_manage_staff(superuser)
    assert not can_manage_staff(editor)
    assert not can_manage_staff(reader)
    chief.is_active = False
    assert not can_manage_staff(chief)


def test_readers_and_staff_are_listed_apart(client, superuser, reader, staff):
    client.force_login(superuser)
    readers = client.get(reverse("admin:accounts_reader_changelist")).content.decode()
    staff_list = client.get(reverse("admin:accounts_staffmember_changelist")).content.decode()
    assert reader.email in readers and staff.email not in readers
    assert staff.email in staff_list and reader.email not in staff_list


def test_an_editor_manages_readers_but_cannot_make_staff(client, editor, reader):
    client.force_login(editor)
    url = reverse("admin:accounts_reader_change", args=[reader.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_staff"' not in page.content.decode()
    client.post(
        url,
        {
            "email": reader.email,
            "display_name": "Renamed",
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    reader.refresh_from_db()
    assert reader.display_name == "Renamed"
    assert not reader.is_staff


def test_an_editor_cannot_change_staff_accounts(client, editor, staff):
    client.force_login(editor)
    assert client.get(reverse("admin:accounts_staffmember_changelist")).status_code == 200
    change = client.get(reverse("admin:accounts_staffmember_change", args=[staff.pk]))
    assert 'name="email"' not in change.content.decode()  # view only
    assert client.get(reverse("admin:accounts_user_change", args=[staff.pk])).status_code == 200
    delete = client.get(reverse("admin:accounts_staffmember_delete", args=[staff.pk]))
    assert delete.status_code == 403


def test_a_chief_editor_grants_staff_status(client, chief, reader):
    client.force_login(chief)
    page = client.get(reverse("admin:accounts_reader_change", args=[reader.pk]))
    assert 'name="is_staff"' in page.content.decode()
    assert 'name="is_superuser"' not in page.content.decode()


def test_unticking_active_in_the_admin_ends_the_persons_sessions(client, chief, staff):
    elsewhere = Client()
    elsewhere.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert UserSession.objects.filter(user=staff).exists()
    client.force_login(chief)
    response = client.post(
        reverse("admin:accounts_staffmember_change", args=[staff.pk]),
        {
            "email": staff.email,
            "display_name": staff.display_name,
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    assert not UserSession.objects.filter(user=staff).exists()
    assert elsewhere.get(reverse("accounts:home")).status_code == 302


def test_the_deactivate_action_ends_sessions(client, chief, reader):
    elsewhere = Client()
    elsewhere.post(reverse("account_login"), {"login": reader.email, "password": PASSWORD})
    client.force_login(chief)
    client.post(
        reverse("admin:accounts_reader_changelist"),
        {"action": "deactivate_accounts", "_selected_action": [reader.pk]},
    )
    reader.refresh_from_db()
    assert not reader.is_active
    assert elsewhere.get(reverse("accounts:home")).status_code == 302


def test_staff_download_a_readers_data(client, editor, reader):
    client.force_login(editor)
    response = client.post(
        reverse("admin:accounts_reader_changelist"),
        {"action": "download_personal_data", "_selected_action": [reader.pk]},
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)[reader.email]["account"]["display_name"] == "Ann Reader"


def test_deleting_a_reader_in_the_admin_erases_their_data(client, editor):
    person = VerifiedReaderFactory(email="leaving@example.org")
    client.force_login(editor)
    response = client.post(
        reverse("admin:accounts_reader_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert rows_mentioning("leaving@example.org") == []


def test_a_chief_editor_cannot_change_a_superuser(client, chief, superuser):
    client.force_login(chief)
    page = client.get(reverse("admin:accounts_staffmember_change", args=[superuser.pk]))
    assert 'name="email"' not in page.content.decode()
    client.post(
        reverse("admin:accounts_staffmember_changelist"),
        {"action": "deactivate_accounts", "_selected_action": [superuser.pk]},
    )
    superuser.refresh_from_db()
    assert superuser.is_active


def test_a_display_name_with_a_line_break_is_refused_when_changing_an_account(
    client, editor, reader
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:accounts_reader_change", args=[reader.pk]),
        {
            "email": reader.email,
            "display_name": "Ann\r\nBcc: victim@example.org",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["display_name"] == ["Use a single line."]
    reader.refresh_from_db()
    assert reader.display_name == "Ann Reader"


def test_a_display_name_with_a_line_break_is_refused_when_adding_an_account(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.org",
            "display_name": "New\nPerson",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["display_name"] == ["Use a single line."]
    assert not User.objects.filter(email="new@example.org").exists()
