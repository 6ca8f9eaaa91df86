"""Payment providers behind one small interface (see `base`): `stripe` for real money,
`offline` for development, demos and tests."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .base import CheckoutSession, InvalidWebhook, PaymentProvider, ProviderError, ProviderEvent

__all__ = [
    "CheckoutSession",
    "InvalidWebhook",
    "PaymentProvider",
    "ProviderError",
    "ProviderEvent",
    "get_provider",
    "payment_methods_text",
]


def get_provider(name: str | None = None) -> PaymentProvider:
    """The named provider, or the configured one (`DONATIONS_PROVIDER`)."""
    name = name or settings.DONATIONS_PROVIDER
    if name == "stripe":
        from .stripe import StripeProvider

        return StripeProvider()
    if name == "offline":
        from .offline import OfflineProvider

        return OfflineProvider()
    raise ValueError(f"Unknown donations provider {name!r}: use 'offline' or 'stripe'.")


def payment_methods_text() -> str:
    """The line under Continue telling readers how they can pay."""
    if settings.DONATIONS_PROVIDER == "stripe":
        return _("Pay securely by card, Apple Pay or Google Pay through Stripe.")
    return _("Test payments only: no money is taken on this site.")
