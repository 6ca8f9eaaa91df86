"""Machine-readable metadata for stories: schema.org JSON-LD and Open Graph values."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

# The characters that could end a <script> element or start markup inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def publisher() -> dict[str, Any]:
    return {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": settings.SITE_URL}


def article_json_ld(article: Article, image_url: str = "") -> dict[str, Any]:
    """schema.org NewsArticle for one story; `image_url` is the lede rendition to name."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "description": article.standfirst,
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in article.ordered_authors
        ],
        "publisher": publisher(),
        "isAccessibleForFree": True,
    }
    if article.section:
        data["articleSection"] = article.section.name
    if article.lede_photo and image_url:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute(image_url),
            "caption": article.caption,
            "creditText": article.lede_photo.credit,
        }
    return data


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A `<script type="application/ld+json">` element. It carries no CSP nonce on purpose:
    a data block is never executed, and a nonce would make the cached page differ per hit."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
