"""A database that does not answer (restarting, failing over, out of connections) is a
temporary fault, not a bug: the reader gets 503 with `Retry-After` and a page that says so,
and, after a form, to send it again, instead of the generic 500. Load balancers and CDNs read
503 as "try again later" (a CDN may serve its stale copy meanwhile).

Only errors raised while the view runs or its template renders reach this. The page does not
claim that nothing was saved: a view may fail after a commit (in an `on_commit` callback, or
in a second transaction). Sending again is the right advice either way: a newsletter signup
is looked up by its address, and a gift is only charged on the payment provider's page."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from .views import bare_error_page

logger = logging.getLogger(__name__)

# Long enough for PostgreSQL to restart or fail over, short enough that readers come back.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered without context processors or database."""
    response = bare_error_page("503.html", 503, after_form=request.method not in ("GET", "HEAD"))
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Django logs a 500 itself; this response replaces it, so the event is logged here.
        logger.error(
            "Database unavailable: %s %s",
            request.method,
            request.path,
            exc_info=exception,
            extra={"status_code": 503},
        )
        return database_unavailable(request)
