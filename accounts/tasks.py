"""Background work of the accounts app.

Account emails (verification, sign-in codes, reset links) leave through `send_sealed_email`:
the request only renders and enqueues, so answering for a known address takes as long as for
an unknown one. The message is sealed (encrypted with a key derived from SECRET_KEY) before it
is stored with the task, so the task table holds neither the address nor the one-time links."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

logger = logging.getLogger(__name__)


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"accounts.mail:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(message: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(message).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    return json.loads(_fernet().decrypt(token.encode()))


def message_payload(message: EmailMultiAlternatives) -> dict[str, Any]:
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
    }


@task
def send_sealed_email(sealed: str) -> None:
    try:
        payload = unseal(sealed)
    except InvalidToken:
        # SECRET_KEY changed since the mail was queued: it can no longer be read, and a new
        # request from the person will produce a fresh one.
        logger.warning("Dropped an account email sealed with a previous SECRET_KEY.")
        return
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()


@task
def purge_unverified_accounts() -> int:
    from .services import purge_unverified_accounts as purge

    return purge(by=None)
