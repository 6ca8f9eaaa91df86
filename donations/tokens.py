"""Signed values the donations app hands out: the donor self-service link and the form's
"rendered at" stamp used to refuse submissions made faster than a person can."""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing

from accounts.models import normalise_email

MANAGE_SALT = "donations.manage-link"
FORM_SALT = "donations.form-rendered"


def make_manage_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=MANAGE_SALT, compress=True)


def read_manage_token(token: str) -> str | None:
    """The address a self-service link was sent to, or None when forged or expired."""
    try:
        return signing.loads(
            token, salt=MANAGE_SALT, max_age=settings.DONATIONS_MANAGE_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None


def make_form_stamp(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=FORM_SALT)


def form_stamp_age(stamp: str, now: float | None = None) -> float | None:
    """Seconds since the form was rendered, or None when the stamp is missing or forged."""
    try:
        rendered = int(signing.loads(stamp, salt=FORM_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (now if now is not None else time.time()) - rendered
