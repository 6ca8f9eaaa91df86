"""My account: display name, panels from other apps, data download and deletion."""

from __future__ import annotations

import json
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db.models import ProtectedError
from django.urls import reverse

from accounts import panels
from accounts.models import User
from tests.factories import UserFactory

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def clean_registry(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    saved = list(panels.registry)
    panels.registry.clear()
    yield panels.registry
    panels.registry[:] = saved


def test_my_account_sends_visitors_to_sign_in(client):
    response = client.get(reverse("accounts:home"))
    assert response["Location"] == f"{reverse('account_login')}?next=/my-account/"


def test_my_account_is_never_cached(signed_in):
    response = signed_in.get(reverse("accounts:home"))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_reader_changes_the_display_name(signed_in, reader):
    response = signed_in.post(reverse("accounts:home"), {"display_name": "  Ann R.  "})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Ann R."


def test_a_display_name_with_a_line_break_is_refused_in_plain_words(signed_in, reader):
    response = signed_in.post(reverse("accounts:home"), {"display_name": "Ann\r\nBcc: x"})
    assert response.status_code == 200
    assert "Use a single line." in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Ann Reader"


def test_panels_render_in_the_order_they_were_registered(signed_in, clean_registry):
    def newsletter(request):
        return ("accounts/tests/panel.html", {"title": "Newsletter", "who": request.user.email})

    def nothing_here(request):
        return None

    def donations(request):
        return ("accounts/tests/panel.html", {"title": "Donations", "who": "-"})

    for panel in (newsletter, nothing_here, donations, newsletter):
        panels.register(panel)
    assert panels.registry == [newsletter, nothing_here, donations]
    page = signed_in.get(reverse("accounts:home")).content.decode()
    assert page.count("test-panel") == 2
    assert page.index("Newsletter: reader@example.org") < page.index("Donations: -")


def test_download_my_data_is_a_json_attachment(signed_in):
    response = signed_in.get(reverse("accounts:data"))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "reader@example.org"


def test_deleting_needs_the_password(signed_in, reader):
    response = signed_in.post(reverse("accounts:delete"), {"password": "not my password"})
    assert response.status_code == 200
    assert "That password is not right." in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()

    response = signed_in.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(pk=reader.pk).exists()
    assert signed_in.get(reverse("accounts:home")).status_code == 302
    assert signed_in.get(reverse("accounts:deleted")).status_code == 200


def test_the_goodbye_page_answers_head_like_get(client):
    response = client.head(reverse("accounts:deleted"))
    assert response.status_code == 200
    assert not response.content


def test_an_account_without_a_password_deletes_with_an_emailed_code(client):
    person = UserFactory(email="nopass@example.org", password=None)
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    page = client.get(reverse("accounts:delete"))
    assert "Email me a code" in page.content.decode()

    client.post(reverse("accounts:delete"), {"action": "send-code"})
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("accounts:delete"), {"code": wrong})
    assert "That code is not right or has expired." in response.content.decode()
    response = client.post(reverse("accounts:delete"), {"code": code})
    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(email="nopass@example.org").exists()


def test_the_deletion_code_stops_working_after_five_wrong_tries(client):
    person = UserFactory(email="nopass@example.org", password=None)
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    client.post(reverse("accounts:delete"), {"action": "send-code"})
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("accounts:delete"), {"code": wrong})
    client.post(reverse("accounts:delete"), {"code": code})
    assert User.objects.filter(email="nopass@example.org").exists()


def test_an_account_other_records_protect_is_not_deleted_and_says_why(signed_in, reader):
    with mock.patch("accounts.services.User.delete", side_effect=ProtectedError("kept", set())):
        response = signed_in.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)
    assert "cannot be deleted here" in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()


def test_a_new_deletion_code_is_sent_at_most_once_a_minute(client):
    person = UserFactory(email="nopass@example.org", password=None)
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    client.post(reverse("accounts:delete"), {"action": "send-code"})
    again = client.post(reverse("accounts:delete"), {"action": "send-code"}, follow=True)
    assert len(mail.outbox) == 1
    assert "less than a minute ago" in again.content.decode()
