"""What "Download my data" contains: the account itself plus a section from every app that
answers `personal_data_requested` (newsletter subscription and consent, donations, ...)."""

from __future__ import annotations

from typing import Any, cast

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from .models import User, UserSession
from .signals import personal_data_requested


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def account_section(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_staff": user.is_staff,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "second_factors": [
            {
                "type": auth.type,
                "created_at": _iso(auth.created_at),
                "last_used_at": _iso(auth.last_used_at),
            }
            for auth in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "signed_in_sessions": [
            {"started_at": _iso(session.created_at)}
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }


def collect_personal_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "account": account_section(user),
    }
    for _receiver, answer in personal_data_requested.send(sender=User, user=user):
        if answer:
            section, payload = cast(tuple[str, Any], answer)
            data[section] = payload
    return data
