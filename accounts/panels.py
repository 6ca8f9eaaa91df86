"""Sections of "My account" contributed by other apps.

Apps that depend on accounts (newsletter, donations) add a panel in their
`AppConfig.ready()`; accounts never imports them:

    from accounts import panels
    panels.register(newsletter_panel)

A panel is a callable `(request) -> (template_name, context)`, or None to show nothing for this
person. Panels are rendered in the order they were registered."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

Panel = Callable[[HttpRequest], tuple[str, dict] | None]

registry: list[Panel] = []


def register(panel: Panel) -> Panel:
    """Add a panel (usable as a decorator); registering the same callable twice adds it once."""
    if panel not in registry:
        registry.append(panel)
    return panel


def render_panels(request: HttpRequest) -> list[SafeString]:
    rendered = []
    for panel in registry:
        answer = panel(request)
        if answer is not None:
            template_name, context = answer
            rendered.append(render_to_string(template_name, context, request=request))
    return rendered
