"""Answers to other apps' signals. Each one delegates to a service; no flow lives here."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.models import normalise_email

from . import services
from .consent import CONSENT_TEXT
from .models import Subscriber

# Anymail event types after which an address must not be mailed again.
STOP_EVENTS = {"bounced", "complained", "rejected"}


def report_personal_data(sender: Any, *, user, **kwargs: Any) -> tuple[str, list[dict]]:
    """The subscription(s) and consent record for "Download my data"."""
    rows = Subscriber.objects.filter(user=user) | Subscriber.objects.filter(
        email=normalise_email(user.email)
    )
    return (
        "newsletter",
        [
            {
                "email": row.email,
                "state": row.state,
                "signed_up_on": row.source,
                "created_at": row.created_at.isoformat(),
                "state_changed_at": row.state_changed_at.isoformat(),
                "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
                "unsubscribed_at": row.unsubscribed_at.isoformat() if row.unsubscribed_at else None,
                "bounced_at": row.bounced_at.isoformat() if row.bounced_at else None,
                "consent": {
                    "version": row.consent_version,
                    "given_at": row.consent_at.isoformat(),
                    "wording": str(CONSENT_TEXT),
                },
                "issues_sent": row.deliveries.filter(status="sent").count(),
            }
            for row in rows.distinct()
        ],
    )


def erase_personal_data(sender: Any, *, user, email: str, **kwargs: Any) -> None:
    services.erase_subscriber(email=email, user=user)


def anymail_configured() -> bool:
    """True when any mailer sends through django-anymail (an email service API)."""
    return any(
        str(config.get("BACKEND", "")).startswith("anymail.")
        for config in getattr(settings, "MAILERS", {}).values()
    )


def handle_tracking_event(sender: Any, *, event, esp_name: str = "", **kwargs: Any) -> None:
    if event.event_type in STOP_EVENTS and event.recipient:
        reason = f"{esp_name} {event.event_type}: {event.reject_reason or event.description or ''}"
        services.mark_bounced(email=event.recipient, reason=reason.strip())
