"""The small interface every payment provider implements, and the provider-neutral event the
webhook hands to the recording services.

A provider turns a pending donation into a hosted checkout the reader is sent to, cancels a
standing order, and turns its own webhook requests into `ProviderEvent`s after verifying them.
Everything the recording services need (amount, currency, interval) is carried in the event,
so no amount ever comes from the reader's browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from donations.models import Donation


class ProviderError(Exception):
    """The provider could not be reached or refused a request; the message is safe to log."""


class InvalidWebhook(Exception):
    """A webhook request that is not authentic (missing, wrong or stale signature) or
    not readable: answered with 400 and nothing is written."""


@dataclass(frozen=True)
class CheckoutSession:
    checkout_id: str
    redirect_url: str


@dataclass(frozen=True)
class ProviderEvent:
    """One verified provider event, reduced to what the services record.

    kind is "checkout_completed", "renewal", "cancellation" or "ignored"."""

    KINDS: ClassVar[tuple[str, ...]] = ("checkout_completed", "renewal", "cancellation", "ignored")

    event_id: str
    event_type: str
    kind: str
    checkout_id: str = ""
    payment_id: str = ""
    customer_id: str = ""
    subscription_id: str = ""
    amount_cents: int = 0
    currency: str = ""
    frequency: str = ""
    email: str = ""
    name: str = ""
    occurred_at: datetime | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


class PaymentProvider(Protocol):
    name: str

    def create_checkout(
        self, *, donation: Donation, success_url: str, cancel_url: str
    ) -> CheckoutSession: ...

    def cancel_subscription(self, *, subscription_id: str) -> None: ...

    def parse_webhook(self, *, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent: ...
