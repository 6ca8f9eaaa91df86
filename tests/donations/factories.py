"""Factories for the donations app's tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from donations.models import Campaign, Donation, RecurringGift


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Spring appeal {n}")
    title = "Keep the Harbour Ledger independent"
    message = "Our reporters answer to readers, not owners.\n\nGive what you can."
    currency = "USD"
    amounts_once = [1000, 2500, 5000]
    amounts_monthly = [200, 500, 1000]
    amounts_annual = [5000, 10000]
    default_frequency = "monthly"
    default_amount_cents = 500
    minimum_cents = 200
    maximum_cents = 1_000_000
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class RecurringGiftFactory(DjangoModelFactory):
    class Meta:
        model = RecurringGift

    amount_cents = 500
    currency = "USD"
    frequency = "monthly"
    email = factory.Sequence(lambda n: f"donor{n}@example.org")
    name = "Ada Donor"
    provider = "offline"
    provider_subscription_id = factory.Sequence(lambda n: f"offline_sub_{n}")


class DonationFactory(DjangoModelFactory):
    class Meta:
        model = Donation

    amount_cents = 1000
    currency = "USD"
    frequency = "once"
    email = factory.Sequence(lambda n: f"donor{n}@example.org")
    name = "Ada Donor"
    provider = "offline"
    state = Donation.State.PAID
    paid_at = factory.LazyFunction(timezone.now)
