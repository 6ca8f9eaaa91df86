"""Writes with rules or side effects on accounts. Keyword-only, run in a transaction; mail
and other side effects go out on commit."""

from __future__ import annotations

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Reader, StaffMember, User
from .sessions import end_sessions
from .signals import personal_data_erased

logger = logging.getLogger(__name__)


def update_display_name(*, user: User, display_name: str) -> User:
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user


def end_other_sessions(*, user: User, current_session_key: str | None) -> int:
    """Sign out everywhere else: returns how many sessions were ended."""
    with transaction.atomic():
        return end_sessions(user=user, keep_session_key=current_session_key)


def deactivate_user(*, user: User, by: User | None) -> None:
    """Stop an account from signing in and end every session it has."""
    with transaction.atomic():
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        ended = end_sessions(user=user)
    logger.info(
        "Account %s deactivated by %s; %s sessions ended", user.pk, by.pk if by else None, ended
    )


def _forget_admin_history(user: User, addresses: set[str]) -> None:
    """The admin's action log names the account it touched (its email, as `str(user)`),
    records what the account itself did, and names other objects by their text, which for a
    newsletter subscriber or a donation is the address: all of it goes with the account."""
    types = ContentType.objects.get_for_models(
        User, Reader, StaffMember, for_concrete_models=False
    ).values()
    LogEntry.objects.filter(content_type__in=types, object_id=str(user.pk)).delete()
    LogEntry.objects.filter(user=user).delete()
    for address in addresses:
        LogEntry.objects.filter(
            Q(object_repr__icontains=address) | Q(change_message__icontains=address)
        ).delete()


def delete_account(*, user: User, by: User | None) -> None:
    """Delete an account and the personal data held for it everywhere.

    Apps that hold data under the person's user or email answer `personal_data_erased` inside
    this transaction (removing or anonymising it); if one of them fails, nothing is deleted."""
    user_id, email = user.pk, user.email
    with transaction.atomic():
        personal_data_erased.send(sender=User, user=user, email=email)
        end_sessions(user=user)
        addresses = {email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        _forget_admin_history(user, addresses)
        user.delete()
        # Addresses are unique per account, but an unverified duplicate may linger elsewhere.
        EmailAddress.objects.filter(email__in=addresses, verified=False).delete()
    logger.info("Account %s deleted by %s", user_id, by.pk if by else "its owner or a task")


def unverified_accounts():
    cutoff = timezone.now() - timedelta(days=settings.ACCOUNTS_UNVERIFIED_MAX_AGE_DAYS)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    return User.objects.filter(
        date_joined__lt=cutoff, is_staff=False, is_superuser=False, last_login__isnull=True
    ).exclude(pk__in=verified)


def purge_unverified_accounts(*, by: User | None) -> int:
    """Remove reader accounts whose address was never verified within the allowed days.

    Such an account never proved it owns its address and never signed in, so it holds no
    personal data of its own; data other apps hold under that address (a newsletter
    subscription confirmed on its own) is not the account's to erase."""
    removed = 0
    for user in unverified_accounts().iterator():
        with transaction.atomic():
            EmailAddress.objects.filter(user=user).delete()
            end_sessions(user=user)
            user.delete()
        removed += 1
    logger.info("Removed %s unverified accounts (by %s)", removed, by.pk if by else "a task")
    return removed


def record_verified_email(*, user: User) -> EmailAddress:
    """Mark the account's address as verified without a mail round trip: for accounts a
    trusted person sets up (the demo loader, `createsuperuser` followed by this), which
    otherwise get a verification mail at their first sign-in."""
    with transaction.atomic():
        address, _created = EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return address
