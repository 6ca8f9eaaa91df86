"""The Stripe path with the real `stripe` SDK: requests go through a fake HTTP client (so the
SDK builds and parses them as in production), and webhook payloads are signed here with the
test webhook secret exactly as Stripe signs them."""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import parse_qs

import pytest
import stripe
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from donations.models import Donation, ProcessedEvent, RecurringGift
from donations.providers import stripe as stripe_provider

from .conftest import gift_data
from .factories import RecurringGiftFactory

SECRET = "whsec_test_secret_for_the_suite"


class FakeHTTPClient(stripe.HTTPClient):
    """Answers Stripe API calls from a table and records what the SDK sent."""

    name = "fake"

    def __init__(self):
        super().__init__()
        self.calls: list[tuple[str, str, dict]] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        params = {k: v[0] for k, v in parse_qs(post_data or "").items()}
        self.calls.append((method, url, params))
        if url.endswith("/v1/checkout/sessions"):
            body = {
                "id": "cs_test_123",
                "object": "checkout.session",
                "url": "https://pay.example/cs_test_123",
                "mode": params.get("mode"),
            }
            return json.dumps(body), 200, {"Request-Id": "req_1"}
        if "/v1/subscriptions/" in url and method == "delete":
            sub_id = url.rsplit("/", 1)[1]
            return (
                json.dumps({"id": sub_id, "object": "subscription", "status": "canceled"}),
                200,
                {},
            )
        return (
            json.dumps({"error": {"message": "unexpected call", "type": "invalid_request_error"}}),
            400,
            {},
        )

    def close(self):
        pass


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    settings.DONATIONS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_suite"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    http = FakeHTTPClient()
    monkeypatch.setattr(
        stripe_provider,
        "make_client",
        lambda: stripe.StripeClient("sk_test_suite", http_client=http),
    )
    return http


def signed(payload: str, *, secret: str = SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)


def event(event_id: str, event_type: str, obj: dict) -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "api_version": "2025-09-30.clover",
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )


def checkout_completed(*, event_id="evt_1", mode="subscription", amount=500, frequency="monthly"):
    obj = {
        "id": "cs_test_123",
        "object": "checkout.session",
        "mode": mode,
        "payment_status": "paid",
        "amount_total": amount,
        "currency": "usd",
        "customer": "cus_1",
        "customer_details": {"email": "Reader@Example.org", "name": "Rita Reader"},
        "metadata": {"frequency": frequency},
        "created": 1_795_000_000,
    }
    if mode == "subscription":
        obj["subscription"] = "sub_1"
        obj["invoice"] = "in_first"
    else:
        obj["payment_intent"] = "pi_1"
    return event(event_id, "checkout.session.completed", obj)


def invoice_paid(
    *, event_id="evt_renew_1", invoice_id="in_2", amount=500, reason="subscription_cycle"
):
    return event(
        event_id,
        "invoice.paid",
        {
            "id": invoice_id,
            "object": "invoice",
            "billing_reason": reason,
            "amount_paid": amount,
            "currency": "usd",
            "customer": "cus_1",
            "customer_email": "reader@example.org",
            "parent": {"subscription_details": {"subscription": "sub_1"}},
            "lines": {"data": [{"price": {"recurring": {"interval": "month"}}}]},
            "status_transitions": {"paid_at": 1_797_600_000},
        },
    )


def post_webhook(client, payload: str, signature: str | None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return client.post(
        reverse("donations:webhook"), data=payload, content_type="application/json", **headers
    )


# --- starting a checkout -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("frequency", "amount_field", "mode", "interval"),
    [
        ("once", {"amount_once": "2500"}, "payment", None),
        ("monthly", {"amount_monthly": "500"}, "subscription", "month"),
        ("annual", {"amount_annual": "5000"}, "subscription", "year"),
    ],
)
def test_checkout_creates_a_stripe_session_of_the_right_kind(
    client, campaign, fake_stripe, frequency, amount_field, mode, interval
):
    response = client.post(
        reverse("donations:checkout"), gift_data(campaign, frequency=frequency, **amount_field)
    )
    assert response.status_code == 303
    assert response["Location"] == "https://pay.example/cs_test_123"
    method, url, params = fake_stripe.calls[0]
    assert (method, url.endswith("/v1/checkout/sessions")) == ("post", True)
    assert params["mode"] == mode
    assert params["line_items[0][price_data][currency]"] == "usd"
    assert params["line_items[0][price_data][unit_amount]"] == next(iter(amount_field.values()))
    assert params.get("line_items[0][price_data][recurring][interval]") == interval
    assert params["customer_email"] == "reader@example.org"
    assert params["metadata[frequency]"] == frequency
    donation = Donation.objects.get()
    assert donation.provider == "stripe" and donation.provider_checkout_id == "cs_test_123"
    assert params["success_url"].endswith(
        reverse("donations:thanks", args=[donation.reference]) + "?session_id={CHECKOUT_SESSION_ID}"
    )


@pytest.mark.django_db
def test_stripe_refusal_is_a_message_not_a_500(client, campaign, fake_stripe, monkeypatch):
    monkeypatch.setattr(
        fake_stripe,
        "request",
        lambda *a, **k: (json.dumps({"error": {"message": "Invalid API Key"}}), 401, {}),
    )
    response = client.post(reverse("donations:checkout"), gift_data(campaign))
    assert response.status_code == 502
    assert "Nothing was charged" in response.content.decode()
    assert Donation.objects.get().state == Donation.State.DECLINED


# --- webhook authenticity ----------------------------------------------------------------------


def _bad_signatures(payload: str):
    good = signed(payload)
    changed = payload.replace('"amount_total": 500', '"amount_total": 501')
    assert changed != payload
    return {
        "missing": (payload, None),
        "wrong secret": (payload, signed(payload, secret="whsec_someone_else")),
        "stale": (payload, signed(payload, timestamp=int(time.time()) - 301)),
        "one byte changed": (changed, good),
        "garbage header": (payload, "not-a-signature"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["missing", "wrong secret", "stale", "one byte changed", "garbage header"]
)
def test_unauthentic_webhook_is_400_and_writes_nothing(client, campaign, fake_stripe, case):
    payload, signature = _bad_signatures(checkout_completed())[case]
    response = post_webhook(client, payload, signature)
    assert response.status_code == 400
    assert not Donation.objects.exists()
    assert not ProcessedEvent.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_signature_just_inside_the_tolerance_is_accepted(client, fake_stripe):
    payload = checkout_completed()
    response = post_webhook(client, payload, signed(payload, timestamp=int(time.time()) - 290))
    assert response.status_code == 200


# --- recording from verified events ------------------------------------------------------------


@pytest.mark.django_db
def test_amount_and_interval_come_from_the_verified_event(
    client, campaign, fake_stripe, django_capture_on_commit_callbacks
):
    client.post(reverse("donations:checkout"), gift_data(campaign, amount_monthly="1000"))
    payload = checkout_completed(amount=500, frequency="annual")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, payload, signed(payload)).status_code == 200
    donation = Donation.objects.get()
    assert (donation.amount_cents, donation.frequency, donation.state) == (500, "annual", "paid")
    assert donation.email == "reader@example.org" and donation.name == "Rita Reader"
    assert donation.provider_customer_id == "cus_1"
    gift = RecurringGift.objects.get()
    assert gift.provider_subscription_id == "sub_1" and gift.frequency == "annual"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_one_off_checkout_records_no_recurring_gift(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    payload = checkout_completed(mode="payment", amount=2500)
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, payload, signed(payload))
    donation = Donation.objects.get()
    assert (donation.frequency, donation.amount_cents, donation.provider_payment_id) == (
        "once",
        2500,
        "pi_1",
    )
    assert not RecurringGift.objects.exists()


@pytest.mark.django_db
def test_unpaid_checkout_is_acknowledged_but_not_recorded(client, fake_stripe):
    payload = checkout_completed().replace('"payment_status": "paid"', '"payment_status": "unpaid"')
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    assert not Donation.objects.paid().exists()


@pytest.mark.django_db
def test_other_event_types_are_acknowledged_and_ignored(client, fake_stripe):
    payload = event("evt_other", "customer.created", {"id": "cus_9", "object": "customer"})
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    assert not Donation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_event_replayed_three_times_records_one_donation_and_one_receipt(fake_stripe):
    """Sequential replays on every database; concurrent deliveries on PostgreSQL only, where
    the unique insert blocks on the first transaction's row lock (SQLite serialises writers
    with a file lock and would only test its own 'database is locked' errors)."""
    payload = checkout_completed(event_id="evt_replayed")
    for _ in range(3):
        assert post_webhook(Client(), payload, signed(payload)).status_code == 200
    assert Donation.objects.paid().count() == 1
    assert ProcessedEvent.objects.filter(event_id="evt_replayed").count() == 1
    assert len(mail.outbox) == 1

    if connection.vendor != "postgresql":
        return
    Donation.objects.all().delete()
    RecurringGift.objects.all().delete()
    ProcessedEvent.objects.all().delete()
    mail.outbox.clear()
    payload = checkout_completed(event_id="evt_concurrent")
    barrier = threading.Barrier(3)
    statuses: list[int] = []

    def deliver():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            statuses.append(post_webhook(Client(), payload, signed(payload)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [200, 200, 200]
    assert Donation.objects.paid().count() == 1
    assert ProcessedEvent.objects.filter(event_id="evt_concurrent").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_renewal_records_another_payment_of_the_gift(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    first = checkout_completed()
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, first, signed(first))
        renewal = invoice_paid(amount=700)
        assert post_webhook(client, renewal, signed(renewal)).status_code == 200
        # The same renewal delivered again changes nothing.
        assert post_webhook(client, renewal, signed(renewal)).status_code == 200
    gift = RecurringGift.objects.get()
    payments = list(gift.donations.order_by("paid_at"))
    assert [d.amount_cents for d in payments] == [500, 700]
    assert payments[1].provider_payment_id == "in_2" and payments[1].frequency == "monthly"
    assert payments[1].email == "reader@example.org"
    assert gift.amount_cents == 700
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_first_invoice_is_not_counted_twice(client, fake_stripe):
    first = checkout_completed()
    post_webhook(client, first, signed(first))
    creation = invoice_paid(
        event_id="evt_inv_first", invoice_id="in_first", reason="subscription_create"
    )
    assert post_webhook(client, creation, signed(creation)).status_code == 200
    assert Donation.objects.paid().count() == 1


@pytest.mark.django_db
def test_renewal_before_the_checkout_event_is_retried_later(client, fake_stripe):
    renewal = invoice_paid()
    assert post_webhook(client, renewal, signed(renewal)).status_code == 409
    assert not ProcessedEvent.objects.exists()
    first = checkout_completed()
    post_webhook(client, first, signed(first))
    assert post_webhook(client, renewal, signed(renewal)).status_code == 200
    assert Donation.objects.paid().count() == 2


@pytest.mark.django_db
def test_subscription_deleted_cancels_the_gift(client, fake_stripe):
    first = checkout_completed()
    post_webhook(client, first, signed(first))
    payload = event(
        "evt_deleted",
        "customer.subscription.deleted",
        {
            "id": "sub_1",
            "object": "subscription",
            "customer": "cus_1",
            "canceled_at": 1_798_000_000,
        },
    )
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    gift = RecurringGift.objects.get()
    assert gift.state == RecurringGift.State.CANCELLED
    assert gift.cancelled_at is not None


@pytest.mark.django_db
def test_donor_cancelling_calls_stripe_and_marks_the_gift(client, fake_stripe):
    from donations.tokens import make_manage_token

    gift = RecurringGiftFactory(
        email="ada@example.org", provider="stripe", provider_subscription_id="sub_77"
    )
    token = make_manage_token("ada@example.org")
    client.post(reverse("donations:manage-cancel", args=[token, gift.pk]))
    method, url, _params = fake_stripe.calls[-1]
    assert method == "delete" and url.endswith("/v1/subscriptions/sub_77")
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED


@pytest.mark.django_db
def test_stripe_outage_on_cancel_keeps_the_gift_active(client, fake_stripe, monkeypatch):
    from donations.tokens import make_manage_token

    monkeypatch.setattr(
        fake_stripe,
        "request",
        lambda *a, **k: (json.dumps({"error": {"message": "down", "type": "api_error"}}), 500, {}),
    )
    gift = RecurringGiftFactory(
        email="ada@example.org", provider="stripe", provider_subscription_id="sub_8"
    )
    token = make_manage_token("ada@example.org")
    response = client.post(reverse("donations:manage-cancel", args=[token, gift.pk]), follow=True)
    assert "could not reach our payment provider" in response.content.decode()
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE


@pytest.mark.django_db
def test_return_from_stripe_before_the_webhook_thanks_and_quiets_prompts(
    client, campaign, fake_stripe
):
    client.post(reverse("donations:checkout"), gift_data(campaign))
    donation = Donation.objects.get()
    url = reverse("donations:thanks", args=[donation.reference])
    response = client.get(url, {"session_id": "cs_test_123"})
    assert "being confirmed" in response.content.decode()
    assert response.cookies["support_prompt"].value.startswith("gave.")
    # Without the provider's session id nothing claims the gift is done.
    other = Client().get(url)
    assert "support_prompt" not in other.cookies
    assert "not complete" in other.content.decode()
