"""Signed links for one subscriber and one purpose.

A token carries the subscriber's id and a keyed digest of their address, signed with a salt
per purpose: a confirmation token cannot unsubscribe, a token for one address is useless for
any other row, and a token stops working once its row is erased or its address changes."""

from __future__ import annotations

from typing import Protocol

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Subscriber

CONFIRM = "newsletter.confirm"
UNSUBSCRIBE = "newsletter.unsubscribe"


class Addressee(Protocol):
    """A subscriber, or just the two fields of one that a token needs."""

    @property
    def pk(self) -> int: ...

    @property
    def email(self) -> str: ...


class BadToken(Exception):
    """The link is forged, mangled, or names nobody on the list."""


class ExpiredToken(BadToken):
    """The link was genuine but is older than it may be."""


def _address_digest(email: str) -> str:
    return salted_hmac("newsletter.address", email, algorithm="sha256").hexdigest()[:16]


def make_token(subscriber: Addressee, purpose: str) -> str:
    return signing.TimestampSigner(salt=purpose).sign(
        f"{subscriber.pk}.{_address_digest(subscriber.email)}"
    )


def read_token(token: str, purpose: str, *, max_age: int | None = None) -> Subscriber:
    """The subscriber a token was made for, or BadToken / ExpiredToken."""
    signer = signing.TimestampSigner(salt=purpose)
    try:
        value = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise BadToken from error
    pk, _, digest = value.partition(".")
    if not pk.isdigit():
        raise BadToken
    subscriber = Subscriber.objects.filter(pk=int(pk)).first()
    if subscriber is None or not constant_time_compare(digest, _address_digest(subscriber.email)):
        raise BadToken
    return subscriber
