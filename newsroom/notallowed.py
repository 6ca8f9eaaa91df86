"""A method a view does not take (a GET of a form's POST-only endpoint, from a bookmark, a
reload or the history) gets the site's 405 page.

Django's `require_http_methods` and class-based views answer it with an empty body, which
browsers replace with their own error screen: no site layout, no language, no way home. A 405
that already has a body (an API's own answer) is left alone; the Allow header is kept."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from .views import method_not_allowed


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code != 405 or not isinstance(response, HttpResponse):
            return response
        if response.content:
            return response
        page = method_not_allowed(request)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
