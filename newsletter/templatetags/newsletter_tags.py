from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from ..forms import SignupForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/_signup_box.html", takes_context=True)
def newsletter_signup(context: template.Context) -> dict[str, Any]:
    """The signup box. Renders the same for every reader (no session, no CSRF token), so the
    page around it stays cacheable; the page's path is recorded as where they signed up."""
    request = context.get("request")
    return {
        "form": SignupForm(source=request.path if request is not None else ""),
        "request": request,
    }


@register.filter
def absolute_url(url: str) -> str:
    """An address that works from inside an email: site-relative paths get SITE_URL in front,
    already absolute ones (media on a CDN) are kept."""
    if not url or "://" in url:
        return url or ""
    return f"{settings.SITE_URL}{url}"
