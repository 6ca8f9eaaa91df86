"""The newsletter panel of "My account": the state of the account's address and the switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from newsletter.models import Subscriber
from tests.accounts.factories import VerifiedReaderFactory

from .factories import SubscriberFactory

SWITCH = "newsletter:account-subscription"


@pytest.fixture
def reader(db):
    return VerifiedReaderFactory(email="rita@example.org")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def account_page(client) -> str:
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_a_reader_who_is_not_subscribed_a_subscribe_button(signed_in):
    page = account_page(signed_in)
    assert 'id="newsletter-panel-heading"' in page
    assert "is not subscribed to our weekly newsletter" in page
    assert "Subscribe to the newsletter</button>" in page
    assert f'action="{reverse(SWITCH)}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_panel_finds_the_subscription_whatever_the_case_of_the_address(signed_in, reader):
    SubscriberFactory(email="rita@example.org")
    User.objects.filter(pk=reader.pk).update(email="Rita@Example.ORG")
    page = account_page(signed_in)
    assert "every Friday" in page
    assert "Unsubscribe from the newsletter</button>" in page


def test_panel_shows_a_confirmed_subscriber_an_unsubscribe_button(signed_in):
    SubscriberFactory(email="rita@example.org")
    page = account_page(signed_in)
    assert "Our weekly newsletter goes to <strong>rita@example.org</strong>" in page
    assert "Unsubscribe from the newsletter</button>" in page
    assert "Subscribe to the newsletter</button>" not in page


@pytest.mark.parametrize(
    ("state", "sentence"),
    [
        (Subscriber.State.PENDING, "is waiting for its confirmation link"),
        (Subscriber.State.BOUNCED, "were returned as undeliverable"),
        (Subscriber.State.UNSUBSCRIBED, "is not subscribed"),
    ],
)
def test_panel_explains_the_other_states_and_offers_to_subscribe(signed_in, state, sentence):
    SubscriberFactory(email="rita@example.org", state=state)
    page = account_page(signed_in)
    assert sentence in page
    assert "Subscribe to the newsletter</button>" in page


def test_panel_ignores_other_peoples_subscriptions(signed_in):
    SubscriberFactory(email="someone@example.org")
    assert "is not subscribed" in account_page(signed_in)


def test_switch_subscribes_at_once_and_records_the_account_and_consent(signed_in, reader):
    response = signed_in.post(reverse(SWITCH), {"subscribed": "on"}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:home"), 302)]
    subscriber = Subscriber.objects.get(email="rita@example.org")
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert subscriber.user == reader
    assert subscriber.confirmed_at is not None and subscriber.consent_version
    page = response.content.decode()
    assert "You are subscribed" in page
    assert "Unsubscribe from the newsletter</button>" in page


def test_switch_unsubscribes_and_records_when(signed_in):
    SubscriberFactory(email="rita@example.org")
    response = signed_in.post(reverse(SWITCH), {"subscribed": "off"}, follow=True)
    subscriber = Subscriber.objects.get(email="rita@example.org")
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    page = response.content.decode()
    assert "You are unsubscribed" in page
    assert "Subscribe to the newsletter</button>" in page


def test_switch_sets_the_state_asked_for_rather_than_toggling(signed_in):
    SubscriberFactory(email="rita@example.org")
    signed_in.post(reverse(SWITCH), {"subscribed": "on"})
    assert Subscriber.objects.get(email="rita@example.org").state == Subscriber.State.CONFIRMED


def test_switch_reopens_a_bounced_address(signed_in):
    SubscriberFactory(email="rita@example.org", state=Subscriber.State.BOUNCED)
    signed_in.post(reverse(SWITCH), {"subscribed": "on"})
    assert Subscriber.objects.get(email="rita@example.org").state == Subscriber.State.CONFIRMED


def test_switch_with_a_bad_value_changes_nothing_and_says_so(signed_in):
    SubscriberFactory(email="rita@example.org")
    response = signed_in.post(reverse(SWITCH), {"subscribed": "maybe"}, follow=True)
    assert response.status_code == 200
    assert "Choose whether to subscribe or unsubscribe" in response.content.decode()
    assert Subscriber.objects.get(email="rita@example.org").state == Subscriber.State.CONFIRMED


def test_switch_after_signing_in_again_leads_back_to_my_account(signed_in):
    response = signed_in.get(reverse(SWITCH))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert not Subscriber.objects.exists()


def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(client, db):
    SubscriberFactory(email="rita@example.org")
    response = client.post(reverse(SWITCH), {"subscribed": "off"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Subscriber.objects.get(email="rita@example.org").state == Subscriber.State.CONFIRMED


def test_anonymous_post_creates_no_subscription(client, db):
    client.post(reverse(SWITCH), {"subscribed": "on"})
    assert not Subscriber.objects.exists()


def test_switch_is_protected_against_cross_site_posts(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(reverse(SWITCH), {"subscribed": "on"})
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_account_page_with_the_panel_is_private(signed_in):
    response = signed_in.get(reverse("accounts:home"))
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
