"""The newsletter's section of "My account" (registered in `NewsletterConfig.ready`)."""

from __future__ import annotations

from django.http import HttpRequest

from .forms import AccountSubscriptionForm
from .models import Subscriber


def account_panel(request: HttpRequest) -> tuple[str, dict] | None:
    """The subscription state of the signed-in account's address, with the switch."""
    user = request.user
    if not user.is_authenticated or not user.email:
        return None
    subscriber = Subscriber.objects.for_email(user.email).first()
    state = subscriber.state if subscriber is not None else None
    subscribed = state == Subscriber.State.CONFIRMED
    return (
        "newsletter/includes/_account_panel.html",
        {
            "subscriber": subscriber,
            "subscribed": subscribed,
            "pending": state == Subscriber.State.PENDING,
            "bounced": state == Subscriber.State.BOUNCED,
            "switch_to": AccountSubscriptionForm.OFF if subscribed else AccountSubscriptionForm.ON,
        },
    )
