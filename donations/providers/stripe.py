"""Stripe: hosted Checkout Sessions and signed webhooks.

Once → `mode=payment`; Monthly / Annual → `mode=subscription` with inline `price_data` that
recurs every month or year. The webhook is verified with `stripe.Webhook.construct_event` on the
raw request body (300-second tolerance), and every amount, currency and interval recorded is
read from that verified event: the interval from the metadata *our server* put on the session
when creating it, never from anything the browser sent afterwards."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.utils.translation import gettext

from donations.models import Frequency

from .base import CheckoutSession, InvalidWebhook, ProviderError, ProviderEvent

if TYPE_CHECKING:
    from donations.models import Donation

logger = logging.getLogger(__name__)

INTERVALS = {Frequency.MONTHLY: "month", Frequency.ANNUAL: "year"}
FREQUENCY_OF_INTERVAL = {"month": Frequency.MONTHLY, "year": Frequency.ANNUAL}


def make_client() -> stripe.StripeClient:
    """One client per call: cheap, and tests replace this function to pass a fake
    `http_client` while keeping the real SDK's request building and response parsing."""
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2)


def _when(timestamp: object) -> datetime | None:
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None  # type: ignore[call-overload]


class StripeProvider:
    name = "stripe"

    def create_checkout(
        self, *, donation: Donation, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        metadata = {"donation_reference": str(donation.reference), "frequency": donation.frequency}
        price_data: dict[str, Any] = {
            "currency": donation.currency.lower(),
            "unit_amount": donation.amount_cents,
            "product_data": {"name": gettext("Support %(site)s") % {"site": settings.SITE_NAME}},
        }
        params: dict[str, Any] = {
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": str(donation.reference),
            "customer_email": donation.email,
            "metadata": metadata,
        }
        if donation.frequency == Frequency.ONCE:
            params["mode"] = "payment"
            params["submit_type"] = "donate"
            params["payment_intent_data"] = {"metadata": metadata}
        else:
            params["mode"] = "subscription"
            price_data["recurring"] = {"interval": INTERVALS[Frequency(donation.frequency)]}
            params["subscription_data"] = {"metadata": metadata}
        params["line_items"] = [{"quantity": 1, "price_data": price_data}]
        try:
            session = make_client().v1.checkout.sessions.create(
                params=params,  # type: ignore[arg-type]
                # A retried request (network hiccup) must not open a second session.
                options={"idempotency_key": f"donation-checkout-{donation.reference}"},
            )
        except stripe.StripeError as error:
            logger.warning("Stripe refused a checkout session: %s", error)
            raise ProviderError(str(error)) from error
        return CheckoutSession(checkout_id=session.id, redirect_url=session.url or "")

    def cancel_subscription(self, *, subscription_id: str) -> None:
        try:
            make_client().v1.subscriptions.cancel(subscription_id)
        except stripe.InvalidRequestError as error:
            # Already cancelled at Stripe (e.g. from their dashboard): the goal is reached.
            if getattr(error, "code", "") != "resource_missing":
                raise ProviderError(str(error)) from error
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error

    def parse_webhook(self, *, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            raise InvalidWebhook("STRIPE_WEBHOOK_SECRET is not configured")
        try:
            event = stripe.Webhook.construct_event(
                payload,
                headers.get("Stripe-Signature"),
                secret,
                tolerance=settings.DONATIONS_WEBHOOK_TOLERANCE_SECONDS,
            )
        except (stripe.SignatureVerificationError, ValueError) as error:
            raise InvalidWebhook(str(error)) from error
        data = event.to_dict()
        obj = (data.get("data") or {}).get("object") or {}
        try:
            return self._reduce(event_id=data["id"], event_type=data["type"], obj=obj)
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidWebhook(f"Unreadable {data.get('type')} event: {error}") from error

    def _reduce(self, *, event_id: str, event_type: str, obj: dict[str, Any]) -> ProviderEvent:
        if event_type == "checkout.session.completed":
            return self._checkout_completed(event_id, event_type, obj)
        if event_type == "invoice.paid":
            return self._invoice_paid(event_id, event_type, obj)
        if event_type == "customer.subscription.deleted":
            return ProviderEvent(
                event_id=event_id,
                event_type=event_type,
                kind="cancellation",
                subscription_id=obj["id"],
                customer_id=obj.get("customer") or "",
                occurred_at=_when(obj.get("ended_at") or obj.get("canceled_at")),
            )
        return ProviderEvent(event_id=event_id, event_type=event_type, kind="ignored")

    def _checkout_completed(self, event_id: str, event_type: str, obj: dict[str, Any]):
        # Delayed payment methods complete the session before the money arrives.
        if obj.get("payment_status") not in ("paid", "no_payment_required"):
            return ProviderEvent(event_id=event_id, event_type=event_type, kind="ignored")
        if obj["mode"] == "payment":
            frequency = Frequency.ONCE
        else:
            frequency = Frequency((obj.get("metadata") or {})["frequency"])
            if frequency == Frequency.ONCE:
                raise ValueError("a subscription cannot be a one-off gift")
        details = obj.get("customer_details") or {}
        return ProviderEvent(
            event_id=event_id,
            event_type=event_type,
            kind="checkout_completed",
            checkout_id=obj["id"],
            payment_id=obj.get("payment_intent") or obj.get("invoice") or "",
            customer_id=obj.get("customer") or "",
            subscription_id=obj.get("subscription") or "",
            amount_cents=int(obj["amount_total"]),
            currency=str(obj["currency"]).upper(),
            frequency=frequency.value,
            email=details.get("email") or obj.get("customer_email") or "",
            name=details.get("name") or "",
            occurred_at=_when(obj.get("created")),
        )

    def _invoice_paid(self, event_id: str, event_type: str, obj: dict[str, Any]):
        # The first invoice of a subscription is the checkout itself, recorded from
        # checkout.session.completed; only later cycles are renewals.
        if obj.get("billing_reason") != "subscription_cycle":
            return ProviderEvent(event_id=event_id, event_type=event_type, kind="ignored")
        parent = obj.get("parent") or {}
        subscription_id = (parent.get("subscription_details") or {}).get("subscription") or obj.get(
            "subscription"
        )
        if not subscription_id:
            raise ValueError("invoice without a subscription")
        frequency = ""
        for line in (obj.get("lines") or {}).get("data") or []:
            interval = ((line.get("price") or {}).get("recurring") or {}).get("interval")
            if interval in FREQUENCY_OF_INTERVAL:
                frequency = FREQUENCY_OF_INTERVAL[interval].value
                break
        paid_at = (obj.get("status_transitions") or {}).get("paid_at") or obj.get("created")
        return ProviderEvent(
            event_id=event_id,
            event_type=event_type,
            kind="renewal",
            payment_id=obj["id"],
            customer_id=obj.get("customer") or "",
            subscription_id=subscription_id,
            amount_cents=int(obj["amount_paid"]),
            currency=str(obj["currency"]).upper(),
            frequency=frequency,
            email=obj.get("customer_email") or "",
            name=obj.get("customer_name") or "",
            occurred_at=_when(paid_at),
        )
