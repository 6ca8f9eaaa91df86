"""Sets the "gave" prompt cookie on the response to a sign-in by a recurring donor.

It acts only when `receivers.quiet_prompts_for_donor` flagged the request; on every other
request it does nothing at all (no session, no user, no cookie), so cached pages are untouched."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import prompts


class QuietDonorCookieMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "donations_quiet_donor", False):
            prompts.remember_gift(response)
        return response
