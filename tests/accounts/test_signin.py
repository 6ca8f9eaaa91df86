"""Sign-up, sign-in (password and code), sign-out and reset through allauth, as a reader sees
them: enumeration, rate limits, password rules, reset links."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

from .conftest import clock_moved_on, link_in_last_mail
from .factories import PASSWORD, VerifiedReaderFactory

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody@example.org"


def same_page(first, second, *, swap: tuple[str, str] | None = None) -> bool:
    """Two responses read the same once CSRF tokens (and the typed address) are set aside."""

    def clean(response) -> str:
        text = response.content.decode()
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        if swap:
            text = text.replace(swap[0], "ADDRESS").replace(swap[1], "ADDRESS")
        return text

    return clean(first) == clean(second)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


# --- Sign-up and verification -----------------------------------------------------------


def test_reader_signs_up_verifies_the_address_and_signs_in(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "New.Reader@Example.org ", "display_name": "New Reader", "password1": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "new.reader@example.org"
    assert user.display_name == "New Reader"
    assert sign_in(client, user.email).status_code == 302
    assert "_auth_user_id" not in client.session  # not verified yet

    confirm_url = link_in_last_mail(user.email)
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    response = sign_in(client, user.email)
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200


def test_signup_answers_the_same_for_a_known_and_an_unknown_address(client, reader):
    answers = []
    for email in (reader.email, UNKNOWN):
        mail.outbox.clear()
        fresh = client.__class__()
        response = fresh.post(
            reverse("account_signup"), {"email": email, "password1": "a different long phrase"}
        )
        page = fresh.get(response["Location"])
        answers.append((response.status_code, response["Location"], page, len(mail.outbox)))
    (status_a, location_a, page_a, mails_a), (status_b, location_b, page_b, mails_b) = answers
    assert (
        (status_a, location_a, mails_a)
        == (status_b, location_b, mails_b)
        == (
            302,
            reverse("account_email_verification_sent"),
            1,
        )
    )
    assert same_page(page_a, page_b, swap=(reader.email, UNKNOWN))
    assert User.objects.filter(email=reader.email).count() == 1


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(client, reader):
    answers = []
    for email in (reader.email, UNKNOWN):
        mail.outbox.clear()
        fresh = client.__class__()
        response = fresh.post(reverse("account_reset_password"), {"email": email})
        page = fresh.get(response["Location"])
        answers.append((response.status_code, response["Location"], page, len(mail.outbox)))
    assert answers[0][:2] == answers[1][:2] == (302, reverse("account_reset_password_done"))
    assert answers[0][3] == answers[1][3] == 1
    assert same_page(answers[0][2], answers[1][2], swap=(reader.email, UNKNOWN))


def test_sign_in_code_request_answers_the_same_for_a_known_and_an_unknown_address(client, reader):
    answers = []
    for email in (reader.email, UNKNOWN):
        mail.outbox.clear()
        fresh = client.__class__()
        response = fresh.post(reverse("account_request_login_code"), {"email": email})
        page = fresh.get(response["Location"])
        answers.append((response.status_code, response["Location"], page, len(mail.outbox)))
    assert answers[0][:2] == answers[1][:2]
    assert answers[0][0] == 302
    assert answers[0][3] == answers[1][3] == 1
    assert same_page(answers[0][2], answers[1][2], swap=(reader.email, UNKNOWN))


def test_wrong_password_answers_the_same_for_a_known_and_an_unknown_address(client, reader):
    known = sign_in(client, reader.email, "not the right password at all")
    unknown = sign_in(client.__class__(), UNKNOWN, "not the right password at all")
    assert known.status_code == unknown.status_code == 200
    assert "do not match an account" in known.content.decode()
    assert same_page(known, unknown, swap=(reader.email, UNKNOWN))


def test_account_emails_go_out_from_a_task_sealed(client, reader):
    with mock.patch("accounts.adapters.send_sealed_email") as task:
        client.post(reverse("account_reset_password"), {"email": reader.email})
    assert mail.outbox == []
    (sealed,), _kwargs = task.enqueue.call_args
    assert reader.email not in sealed
    assert "password" not in sealed.lower()


def test_reader_signs_in_with_an_emailed_code(client, reader):
    client.post(reverse("account_request_login_code"), {"email": reader.email})
    code = re.search(r"browser window\.\s+(\S+)", mail.outbox[-1].body).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == reader.pk
    assert client.session.get_expiry_date() <= timezone.now() + timedelta(days=14)


# --- Rate limits ----------------------------------------------------------------------------


def test_failed_sign_ins_are_limited_per_account_and_the_right_password_works_later(client, reader):
    for _ in range(5):
        response = sign_in(client, reader.email, "wrong password number one")
        assert "do not match an account" in response.content.decode()
    blocked = sign_in(client, reader.email, PASSWORD)  # right password, but inside the burst
    assert blocked.status_code == 200
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session

    with clock_moved_on(5 * 60 + 1):
        response = sign_in(client, reader.email, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_the_per_account_limit_holds_across_client_addresses(client, reader):
    for number in range(5):
        sign_in(client, reader.email, "wrong", REMOTE_ADDR=f"198.51.100.{number}")
    response = sign_in(client, reader.email, PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_failed_sign_ins_are_limited_per_client_address(client):
    readers = VerifiedReaderFactory.create_batch(11)
    for person in readers[:10]:
        sign_in(client, person.email, "wrong password")
    blocked = sign_in(client, readers[10].email)
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    elsewhere = sign_in(client.__class__(), readers[10].email, REMOTE_ADDR="203.0.113.50")
    assert elsewhere.status_code == 302


def test_one_account_gets_at_most_100_tries_in_an_hour(client, reader):
    """An attacker rotating client addresses and trying every 20 seconds for an hour."""
    evaluated = 0
    for attempt in range(180):
        with clock_moved_on(attempt * 20):
            response = sign_in(
                client, reader.email, "guess", REMOTE_ADDR=f"10.0.{attempt // 250}.{attempt % 250}"
            )
        if "do not match an account" in response.content.decode():
            evaluated += 1
    assert 0 < evaluated <= 100


# --- Password rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "display_name", "error"),
    [
        ("too short!", "", "at least 12 characters"),
        ("liverpool123", "", "too common"),
        ("harriet.longbottom", "", "too similar"),
        ("bartholomewfairweather", "Bartholomew Fairweather", "too similar"),
    ],
)
def test_weak_passwords_are_refused_in_plain_words(client, password, display_name, error):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "harriet.longbottom@example.org",
            "display_name": display_name,
            "password1": password,
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not User.objects.exists()


def test_a_100_character_password_is_accepted(client):
    long_password = ("the tide comes in over the harbour wall, and goes out again " * 2)[:100]
    assert len(long_password) == 100
    client.post(
        reverse("account_signup"),
        {"email": "long@example.org", "password1": long_password},
    )
    user = User.objects.get()
    EmailAddress.objects.filter(user=user).update(verified=True)
    assert sign_in(client, user.email, long_password).status_code == 302


# --- Reset links ----------------------------------------------------------------------------


def reset_link(client, email: str) -> str:
    client.post(reverse("account_reset_password"), {"email": email})
    return link_in_last_mail(email)


def test_a_reset_link_works_once(client, reader):
    link = reset_link(client, reader.email)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new long phrase", "password2": "a brand new long phrase"},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password("a brand new long phrase")

    again = client.get(link, follow=True)
    assert again.context["token_fail"] is True
    assert reverse("account_reset_password") in again.content.decode()  # offers a new link


def test_a_reset_link_expires_within_an_hour(client, reader):
    link = reset_link(client, reader.email)
    later = timezone.now() + timedelta(hours=1, seconds=1)
    with mock.patch(
        "django.contrib.auth.tokens.PasswordResetTokenGenerator._now",
        return_value=later.replace(tzinfo=None),
    ):
        response = client.get(link, follow=True)
    assert response.context["token_fail"] is True


def test_signup_for_a_known_address_does_the_same_hashing_work(client, reader):
    with mock.patch("accounts.forms.make_password") as hashing:
        client.post(reverse("account_signup"), {"email": reader.email, "password1": PASSWORD})
    hashing.assert_called_once_with(PASSWORD)


def test_too_many_sign_in_requests_get_a_plain_page(client):
    for _ in range(30):
        sign_in(client, UNKNOWN, "wrong")
        client.cookies.clear()
    response = sign_in(client, UNKNOWN, "wrong")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 'class="masthead"' in response.content.decode()
