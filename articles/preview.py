"""Signed preview links: someone without an account may read a draft until the link
expires (ARTICLES_PREVIEW_MAX_AGE seconds, 48 hours by default)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "articles.preview"


class PreviewLinkExpired(Exception):
    pass


class PreviewLinkInvalid(Exception):
    pass


def max_age() -> int:
    return settings.ARTICLES_PREVIEW_MAX_AGE


def preview_url(article_pk: int) -> str:
    token = signing.dumps({"article": article_pk}, salt=SALT, compress=True)
    return reverse("articles:shared-preview", kwargs={"token": token})


def preview_expires_at() -> datetime:
    return timezone.now() + timedelta(seconds=max_age())


def read_token(token: str) -> int:
    """The story's primary key from a preview token; raises PreviewLinkExpired or
    PreviewLinkInvalid (forged, truncated or for something else)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise PreviewLinkExpired from exc
    except signing.BadSignature as exc:
        raise PreviewLinkInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("article"), int):
        raise PreviewLinkInvalid
    return data["article"]
