"""Answers to other apps' signals. Each receiver only calls a service or sets a flag: the
flow itself lives in `services`."""

from __future__ import annotations

from typing import Any

from . import selectors, services


def export_donations(sender: Any, *, user: Any, **kwargs: Any) -> tuple[str, dict]:
    return "donations", services.export_donor_data(user=user)


def erase_donations(sender: Any, *, user: Any, email: str, **kwargs: Any) -> None:
    services.erase_donor_data(user=user, email=email)


def quiet_prompts_for_donor(sender: Any, *, request: Any, user: Any, **kwargs: Any) -> None:
    """A donor with an active recurring gift who signs in stops seeing prompts on every page,
    cached or not: the sign-in response (private by nature) carries the "gave" cookie, set by
    `middleware.QuietDonorCookieMiddleware` when it sees this flag."""
    if request is not None and selectors.has_active_recurring_gift(email=user.email, user=user):
        request.donations_quiet_donor = True
