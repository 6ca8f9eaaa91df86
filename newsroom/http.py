"""Caching headers for anonymous reader pages.

Reader pages never read the session or the user, so they are the same for everyone and may
be kept by browsers and CDNs: `Cache-Control: public, max-age=READER_PAGE_MAX_AGE` and an ETag
of the body, with 304 Not Modified for a matching conditional GET."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.http import conditional_page


def reader_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def with_cache_control(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 301):
            patch_cache_control(response, public=True, max_age=settings.READER_PAGE_MAX_AGE)
        return response

    # conditional_page runs outermost: it adds the ETag after the body is rendered and
    # answers 304 when the reader's copy is current.
    return conditional_page(with_cache_control)


class ReaderPageMixin:
    """For class-based reader views."""

    @method_decorator(reader_page)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
