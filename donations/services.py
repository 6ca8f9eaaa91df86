"""Every write of the donations app: verb-named, keyword-only, each in one transaction, with
emails and tasks sent on commit.

Recording is idempotent by construction. Each provider event first claims its
`ProcessedEvent` row (unique on provider + event id) inside the same transaction that records
the money; a replayed event fails that insert and changes nothing, and a concurrent duplicate
on PostgreSQL waits on the first one's row lock and then fails the same way. The partial unique
constraints on checkout and payment ids back this up should two different events describe the
same payment."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import normalise_email

from .models import Campaign, Donation, ProcessedEvent, RecurringGift
from .providers import CheckoutSession, ProviderEvent, get_provider
from .tasks import send_receipt

logger = logging.getLogger(__name__)


class UnknownSubscription(Exception):
    """A renewal arrived for a subscription we have not recorded yet (events can arrive out of
    order): the event is not marked processed, so the provider delivers it again later."""


@dataclass(frozen=True)
class StartedCheckout:
    donation: Donation
    session: CheckoutSession


def start_checkout(
    *,
    campaign: Campaign,
    amount_cents: int,
    currency: str,
    frequency: str,
    email: str,
    name: str = "",
    user: Any = None,
    base_url: str,
) -> StartedCheckout:
    """Create the pending donation and the provider's checkout for it. The amount is checked
    against the campaign again here, whatever the caller validated. `base_url` is the
    scheme and host the provider returns the reader to."""
    problems = campaign.check_gift(
        amount_cents=amount_cents, currency=currency, frequency=frequency
    )
    if problems:
        raise ValidationError(problems)
    provider = get_provider()
    with transaction.atomic():
        donation = Donation.objects.create(
            campaign=campaign,
            amount_cents=amount_cents,
            currency=currency.upper(),
            frequency=frequency,
            email=normalise_email(email),
            name=name.strip(),
            user=user if user is not None and user.pk else None,
            provider=provider.name,
        )
    thanks = reverse("donations:thanks", args=[donation.reference])
    try:
        session = provider.create_checkout(
            donation=donation,
            success_url=f"{base_url}{thanks}?session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=base_url + reverse("donations:support"),
        )
    except Exception:
        Donation.objects.filter(pk=donation.pk).update(state=Donation.State.DECLINED)
        raise
    donation.provider_checkout_id = session.checkout_id
    donation.save(update_fields=["provider_checkout_id"])
    return StartedCheckout(donation=donation, session=session)


def _claim_event(*, provider: str, event: ProviderEvent) -> bool:
    """Insert the event's ProcessedEvent row; False when it was already processed. Call inside
    the transaction that records the event, so a failure later releases the claim."""
    try:
        with transaction.atomic():
            ProcessedEvent.objects.create(
                provider=provider, event_id=event.event_id, event_type=event.event_type
            )
    except IntegrityError:
        return False
    return True


def record_provider_event(
    *, provider: str, event: ProviderEvent
) -> Donation | RecurringGift | None:
    """Dispatch one verified event to its recording service; None when nothing changed."""
    if event.kind == "checkout_completed":
        return record_checkout_completed(provider=provider, event=event)
    if event.kind == "renewal":
        return record_renewal(provider=provider, event=event)
    if event.kind == "cancellation":
        return record_cancellation(provider=provider, event=event)
    with transaction.atomic():
        _claim_event(provider=provider, event=event)
    return None


def record_checkout_completed(*, provider: str, event: ProviderEvent) -> Donation | None:
    """Mark the checkout's donation paid with the amounts from the event, start the recurring
    gift for a subscription, and send the receipt. None for a duplicate."""
    with transaction.atomic():
        if not _claim_event(provider=provider, event=event):
            return None
        donation = (
            Donation.objects.select_for_update()
            .filter(provider=provider, provider_checkout_id=event.checkout_id)
            .first()
        )
        if donation is None:
            # A checkout we have no pending record of (created elsewhere, or the record was
            # lost): the provider's event is the truth, so record it anyway.
            donation = Donation(provider=provider, provider_checkout_id=event.checkout_id)
        elif donation.state == Donation.State.PAID:
            return None
        donation.amount_cents = event.amount_cents
        donation.currency = event.currency.upper()
        donation.frequency = event.frequency
        donation.email = normalise_email(event.email) or donation.email
        donation.name = event.name.strip() or donation.name
        donation.provider_payment_id = event.payment_id
        donation.provider_customer_id = event.customer_id
        donation.state = Donation.State.PAID
        donation.paid_at = event.occurred_at or timezone.now()
        if event.subscription_id:
            donation.recurring_gift, _created = RecurringGift.objects.get_or_create(
                provider=provider,
                provider_subscription_id=event.subscription_id,
                defaults={
                    "campaign": donation.campaign,
                    "amount_cents": donation.amount_cents,
                    "currency": donation.currency,
                    "frequency": donation.frequency,
                    "email": donation.email,
                    "name": donation.name,
                    "user": donation.user,
                    "provider_customer_id": event.customer_id,
                    "started_at": donation.paid_at,
                },
            )
        donation.save()
        transaction.on_commit(lambda: send_receipt.enqueue(donation.pk))
    return donation


def record_renewal(*, provider: str, event: ProviderEvent) -> Donation | None:
    """Record one more payment of a recurring gift. Raises UnknownSubscription (and releases
    the event) when the gift is not known yet."""
    with transaction.atomic():
        if not _claim_event(provider=provider, event=event):
            return None
        gift = (
            RecurringGift.objects.select_for_update()
            .filter(provider=provider, provider_subscription_id=event.subscription_id)
            .first()
        )
        if gift is None:
            raise UnknownSubscription(event.subscription_id)
        if Donation.objects.filter(
            provider=provider, provider_payment_id=event.payment_id
        ).exists():
            return None
        donation = Donation.objects.create(
            campaign=gift.campaign,
            amount_cents=event.amount_cents,
            currency=event.currency.upper(),
            frequency=event.frequency or gift.frequency,
            email=gift.email or normalise_email(event.email),
            name=gift.name or event.name.strip(),
            user=gift.user,
            recurring_gift=gift,
            provider=provider,
            provider_payment_id=event.payment_id,
            provider_customer_id=event.customer_id,
            state=Donation.State.PAID,
            paid_at=event.occurred_at or timezone.now(),
        )
        if gift.amount_cents != event.amount_cents:
            # The donor changed the amount at the provider: keep the gift's record current.
            gift.amount_cents = event.amount_cents
            gift.save(update_fields=["amount_cents"])
        transaction.on_commit(lambda: send_receipt.enqueue(donation.pk))
    return donation


def record_cancellation(*, provider: str, event: ProviderEvent) -> RecurringGift | None:
    """The provider ended a subscription (cancelled here, at the provider, or payments
    failed): mark the gift cancelled."""
    with transaction.atomic():
        if not _claim_event(provider=provider, event=event):
            return None
        gift = (
            RecurringGift.objects.select_for_update()
            .filter(provider=provider, provider_subscription_id=event.subscription_id)
            .first()
        )
        if gift is None:
            logger.info("Cancellation for unknown subscription %s", event.subscription_id)
            return None
        if gift.state == RecurringGift.State.ACTIVE:
            gift.state = RecurringGift.State.CANCELLED
            gift.cancelled_at = event.occurred_at or timezone.now()
            gift.save(update_fields=["state", "cancelled_at"])
    return gift


def record_checkout_declined(*, donation: Donation) -> Donation:
    """The reader's payment was declined on the (offline) payment page."""
    with transaction.atomic():
        updated = Donation.objects.filter(pk=donation.pk, state=Donation.State.PENDING).update(
            state=Donation.State.DECLINED
        )
    if updated:
        donation.state = Donation.State.DECLINED
    return donation


def cancel_recurring_gift(*, gift: RecurringGift, by_email: str) -> RecurringGift:
    """Stop a recurring gift at the provider and mark it cancelled. `by_email` is the verified
    address of the person asking (a signed link or a signed-in account); it must be the
    gift's, or the address of the account it is linked to."""
    by_email = normalise_email(by_email)
    owner_emails = {gift.email}
    if gift.user is not None:
        owner_emails.add(normalise_email(gift.user.email))
    if not by_email or by_email not in owner_emails:
        raise PermissionDenied("This gift belongs to someone else.")
    if gift.state != RecurringGift.State.ACTIVE:
        return gift
    # Outside the transaction: a slow provider must not hold the row lock. If this raises,
    # nothing local changed and the donor can try again.
    get_provider(gift.provider).cancel_subscription(subscription_id=gift.provider_subscription_id)
    with transaction.atomic():
        gift = RecurringGift.objects.select_for_update().get(pk=gift.pk)
        if gift.state == RecurringGift.State.ACTIVE:
            gift.state = RecurringGift.State.CANCELLED
            gift.cancelled_at = timezone.now()
            gift.save(update_fields=["state", "cancelled_at"])
    return gift


def erase_donor_data(*, user: Any, email: str) -> int:
    """Anonymise what we hold about a person who deletes their account: amounts, dates and
    provider ids stay for the accounts; name and address go, and the account link is cut.
    Returns the number of donation records changed."""
    email = normalise_email(email)
    with transaction.atomic():
        donations = Donation.objects.of_donor(email=email, user=user)
        count = donations.update(email="", name="", user=None)
        RecurringGift.objects.of_donor(email=email, user=user).update(email="", name="", user=None)
    return count


def export_donor_data(*, user: Any) -> dict[str, list[dict[str, Any]]]:
    """A person's gifts for "Download my data"."""
    email = normalise_email(user.email)
    donations = Donation.objects.of_donor(email=email, user=user).order_by("created_at")
    gifts = RecurringGift.objects.of_donor(email=email, user=user).order_by("started_at")
    return {
        "donations": [
            {
                "reference": str(d.reference),
                "amount_cents": d.amount_cents,
                "currency": d.currency,
                "frequency": d.frequency,
                "state": d.state,
                "email": d.email,
                "name": d.name,
                "created_at": d.created_at.isoformat(),
                "paid_at": d.paid_at.isoformat() if d.paid_at else None,
                "provider": d.provider,
            }
            for d in donations
        ],
        "recurring_gifts": [
            {
                "amount_cents": g.amount_cents,
                "currency": g.currency,
                "frequency": g.frequency,
                "state": g.state,
                "email": g.email,
                "name": g.name,
                "started_at": g.started_at.isoformat(),
                "cancelled_at": g.cancelled_at.isoformat() if g.cancelled_at else None,
            }
            for g in gifts
        ],
    }
