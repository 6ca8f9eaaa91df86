"""Reads other parts of the site may use (the accounts helper's "My account" page)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import normalise_email

from .models import Donation, RecurringGift, RecurringGiftQuerySet


def donations_for(*, email: str, user=None) -> QuerySet[Donation]:
    """Paid gifts of a person, newest first: by normalised address and by linked account."""
    return (
        Donation.objects.paid()
        .of_donor(email=normalise_email(email), user=user)
        .select_related("recurring_gift")
        .order_by("-paid_at", "-pk")
    )


def recurring_gifts_for(*, email: str, user=None) -> RecurringGiftQuerySet:
    return RecurringGift.objects.of_donor(email=normalise_email(email), user=user).order_by(
        "state", "-started_at"
    )


def has_active_recurring_gift(*, email: str, user=None) -> bool:
    return recurring_gifts_for(email=email, user=user).active().exists()
