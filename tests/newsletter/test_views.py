import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import services, tokens
from newsletter.forms import LINE_BREAK_ERROR
from newsletter.models import Issue, Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
State = Subscriber.State
SIGNUP = "/newsletter/"


@pytest.fixture
def strict():
    """A client that enforces CSRF as browsers and mail clients meet it."""
    return Client(enforce_csrf_checks=True)


def post_signup(client, email="reader@example.net", **extra):
    data = {"email": email, "website": "", "source": "/2026/11/28/ferry/", **extra}
    return client.post(SIGNUP, data, REMOTE_ADDR=extra.pop("ip", "203.0.113.9"))


# --- The box and the page ---------------------------------------------------------------------


def test_article_and_home_pages_show_the_box_without_setting_a_cookie(client):
    story = ArticleFactory()
    for url in (story.get_absolute_url(), reverse("newsroom:home"), SIGNUP):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Sign up for our free weekly newsletter" in html
        assert "Subscribers agree to the" in html and "Privacy Policy" in html
        assert f'action="{SIGNUP}"' in html
        assert "csrfmiddlewaretoken" not in html
        assert not response.cookies


def test_the_box_records_the_page_it_was_shown_on(client):
    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'name="source" value="{story.get_absolute_url()}"' in html


def test_the_consent_sentence_links_to_the_privacy_policy_wherever_the_box_is(client):
    story = ArticleFactory()
    link = f'<a href="{reverse("newsroom:page", args=["privacy"])}">Privacy Policy</a>'
    for url in (story.get_absolute_url(), reverse("newsroom:home"), SIGNUP):
        assert link in client.get(url).content.decode(), url


# --- Signing up -------------------------------------------------------------------------------


def test_signup_works_without_a_csrf_token_and_records_consent(strict, committed):
    with committed():
        response = post_signup(strict)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert "The link works for 7 days." in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.state == State.PENDING
    assert subscriber.source == "/2026/11/28/ferry/"
    assert subscriber.consent_at is not None
    assert len(mail.outbox) == 1
    assert not response.cookies


def test_the_box_on_a_story_with_a_long_address_still_signs_the_reader_up(client, committed):
    # A slug may be 200 characters, so the story's path (the hidden source) can be longer
    # than the column; refusing it showed the reader no error at all.
    story = ArticleFactory(slug="a" * 200)
    html = client.get(story.get_absolute_url()).content.decode()
    source = re.search(r'name="source" value="([^"]*)"', html).group(1)
    assert len(source) > 200
    with committed():
        response = post_signup(client, source=source)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert Subscriber.objects.get().source == source[:200]


def test_a_signup_is_acknowledged_when_its_email_task_cannot_be_queued(
    client, committed, monkeypatch
):
    def refuse(subscriber_id):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_enqueue_confirmation", refuse)
    with committed():
        response = post_signup(client)
    # The signup committed: the reader is told so, and the catch-up sends the email.
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert Subscriber.objects.get().confirmation_due_at is not None


def test_new_pending_and_confirmed_addresses_get_identical_answers(client, committed):
    SubscriberFactory(email="known@example.net")
    SubscriberFactory(email="waiting@example.net", state=State.PENDING)
    bodies = set()
    for email in ("new@example.net", "known@example.net", "waiting@example.net"):
        with committed():
            response = post_signup(client, email=email)
        bodies.add((response.status_code, response.content))
    assert len(bodies) == 1


def test_a_filled_honeypot_gets_the_same_answer_and_records_nothing(client, committed):
    genuine = post_signup(client, email="a@example.net")
    Subscriber.objects.all().delete()
    with committed():
        bot = post_signup(client, email="b@example.net", website="http://spam.example")
    assert bot.status_code == genuine.status_code == 200
    assert bot.content == genuine.content
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_signups_from_one_address_are_rate_limited(client, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "3/h"
    answers = [post_signup(client, email=f"r{n}@example.net").status_code for n in range(4)]
    assert answers == [200, 200, 200, 429]
    assert Subscriber.objects.count() == 3
    other_ip = client.post(
        SIGNUP, {"email": "x@example.net", "website": ""}, REMOTE_ADDR="198.51.100.7"
    )
    assert other_ip.status_code == 200


@pytest.mark.parametrize(
    "field,value",
    [
        ("email", "reader@example.net\nBcc: victim@example.org"),
        ("email", "reader@example.net\r\n"),
        ("source", "/page/\r\nX-Injected: yes"),
        ("website", "\n"),
    ],
)
def test_a_line_break_in_any_field_is_a_form_error(client, field, value):
    response = post_signup(client, **{field: value})
    assert response.status_code == 400
    assert str(LINE_BREAK_ERROR) in response.content.decode()
    assert not Subscriber.objects.exists()


def test_an_invalid_address_is_shown_as_an_error_on_the_page(client):
    response = post_signup(client, email="not an address")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_in_place_signup_answers_with_a_fragment(client, committed):
    with committed():
        response = client.post(
            SIGNUP,
            {"email": "reader@example.net", "website": ""},
            headers={"X-Requested-With": "fetch"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "data-newsletter-result" in html
    assert Subscriber.objects.filter(state=State.PENDING).count() == 1


# --- Confirming -------------------------------------------------------------------------------


def confirm_link_from(message) -> str:
    return re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)


def test_double_opt_in_from_the_email_link(client, strict, committed):
    with committed():
        post_signup(client)
    path = "/" + confirm_link_from(mail.outbox[0]).split("/", 3)[3]
    page = strict.get(path)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert Subscriber.objects.get().state == State.PENDING, "a GET (mail scanner) confirms nothing"
    response = strict.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:thanks")
    assert Subscriber.objects.get().state == State.CONFIRMED
    assert "subscribed" in client.get(reverse("newsletter:thanks")).content.decode()


def test_forged_and_mutated_confirmation_tokens_change_nothing(client):
    subscriber = SubscriberFactory(state=State.PENDING)
    good = tokens.make_token(subscriber, tokens.CONFIRM)
    value, stamp, signature = good.split(":")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    other_pk = f"{subscriber.pk + 1}{value[len(str(subscriber.pk)) :]}"
    for token in (
        "nonsense",
        f"{value}:{stamp}:{flipped}",
        f"{other_pk}:{stamp}:{signature}",
        tokens.make_token(subscriber, tokens.UNSUBSCRIBE),  # right reader, wrong purpose
    ):
        response = client.post(reverse("newsletter:confirm", args=[token]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == State.PENDING


def test_one_readers_token_never_touches_another_reader():
    alice = SubscriberFactory(email="alice@example.net")
    bob = SubscriberFactory(email="bob@example.net")
    alice_token = tokens.make_token(alice, tokens.UNSUBSCRIBE)
    assert tokens.read_token(alice_token, tokens.UNSUBSCRIBE) == alice
    # Bob's row takes Alice's id (as after an erasure and a reused id): her token is dead.
    Subscriber.objects.filter(pk=alice.pk).delete()
    Subscriber.objects.filter(pk=bob.pk).update(id=alice.pk)
    with pytest.raises(tokens.BadToken):
        tokens.read_token(alice_token, tokens.UNSUBSCRIBE)


def test_an_expired_confirmation_link_gets_a_clear_page_and_changes_nothing(client, settings):
    subscriber = SubscriberFactory(state=State.PENDING)
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("time.time", return_value=eight_days_ago):
        token = tokens.make_token(subscriber, tokens.CONFIRM)
    response = client.post(reverse("newsletter:confirm", args=[token]))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == State.PENDING


# --- Unsubscribing ----------------------------------------------------------------------------


def test_rfc8058_one_click_unsubscribe_needs_no_login_and_no_csrf(strict):
    subscriber = SubscriberFactory()
    url = reverse(
        "newsletter:unsubscribe", args=[tokens.make_token(subscriber, tokens.UNSUBSCRIBE)]
    )
    response = strict.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == State.UNSUBSCRIBED
    assert not response.cookies


def test_unsubscribe_get_shows_a_button_and_changes_nothing(client):
    subscriber = SubscriberFactory()
    url = reverse(
        "newsletter:unsubscribe", args=[tokens.make_token(subscriber, tokens.UNSUBSCRIBE)]
    )
    html = client.get(url).content.decode()
    assert "<button" in html and subscriber.email in html
    subscriber.refresh_from_db()
    assert subscriber.state == State.CONFIRMED


def test_a_confirmation_token_cannot_unsubscribe(client):
    subscriber = SubscriberFactory()
    url = reverse("newsletter:unsubscribe", args=[tokens.make_token(subscriber, tokens.CONFIRM)])
    assert client.post(url).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.state == State.CONFIRMED


# --- Archive ----------------------------------------------------------------------------------


def test_the_archive_lists_only_sent_issues_and_shows_their_stories(client):
    story = ArticleFactory(headline="Lighthouse reopens")
    sent = IssueFactory(
        subject="Week of the lighthouse", state=Issue.State.SENT, sent_at=timezone.now(),
        stories=[story],
    )  # fmt: skip
    draft = IssueFactory(subject="Unfinished draft")
    html = client.get(reverse("newsletter:archive")).content.decode()
    assert "Week of the lighthouse" in html and "Unfinished draft" not in html
    detail = client.get(sent.get_absolute_url())
    assert detail.status_code == 200 and "Lighthouse reopens" in detail.content.decode()
    assert client.get(reverse("newsletter:issue", args=[draft.pk])).status_code == 404
