"""The donations section of "My account" (registered in `DonationsConfig.ready`)."""

from __future__ import annotations

from django.http import HttpRequest

from . import selectors


def account_panel(request: HttpRequest) -> tuple[str, dict] | None:
    """The signed-in person's recurring and past gifts: two queries however many there are."""
    user = request.user
    if not user.is_authenticated:
        return None
    return (
        "donations/includes/_account_panel.html",
        {
            "gifts": list(selectors.recurring_gifts_for(email=user.email, user=user)),
            "donations": list(selectors.donations_for(email=user.email, user=user)),
        },
    )
