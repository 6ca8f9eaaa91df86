"""The offline provider for development, demos and tests: the "hosted checkout" is a local
page (`donations:offline-pay`) with Approve and Decline buttons. Approving produces the same
`ProviderEvent` a verified Stripe webhook would and goes through the same recording service,
so the whole path after the payment page is exercised without a network."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from .base import CheckoutSession, InvalidWebhook, ProviderEvent

if TYPE_CHECKING:
    from donations.models import Donation


class OfflineProvider:
    name = "offline"

    def create_checkout(
        self, *, donation: Donation, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        return CheckoutSession(
            checkout_id=f"offline_cs_{donation.reference.hex}",
            redirect_url=reverse("donations:offline-pay", args=[donation.reference]),
        )

    def cancel_subscription(self, *, subscription_id: str) -> None:
        """Nothing is charged offline, so there is nothing to stop remotely."""

    def parse_webhook(self, *, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        raise InvalidWebhook("The offline provider sends no webhooks.")

    def completion_event(self, *, donation: Donation) -> ProviderEvent:
        """What the provider reports when the reader approves: amounts come from the
        pending record the server created, as Stripe's come from its own session."""
        recurring = donation.frequency != "once"
        return ProviderEvent(
            event_id=f"offline_evt_{donation.reference.hex}",
            event_type="checkout.session.completed",
            kind="checkout_completed",
            checkout_id=donation.provider_checkout_id,
            payment_id=f"offline_pay_{donation.reference.hex}",
            customer_id=f"offline_cus_{donation.reference.hex}",
            subscription_id=f"offline_sub_{donation.reference.hex}" if recurring else "",
            amount_cents=donation.amount_cents,
            currency=donation.currency,
            frequency=donation.frequency,
            email=donation.email,
            name=donation.name,
            occurred_at=timezone.now(),
        )
