"""Page cache hits answered in front of Django's request cycle.

A hit served by `PageCacheMiddleware` still goes through Django's WSGI handler: the
`request_started` and `request_finished` signals (which walk every database connection and
every cache alias), the middleware chain, and the response's own close. That was a third of
a hit's time, for nothing a stored page needs. This WSGI application sits in front of
Django's (see newsroom.wsgi) and answers hits itself, reusing the same pieces Django would
run for them:

- the Host header is validated the same way (`request.get_host()`); a host not allowed is
  left to Django, which answers 400;
- `SecurityMiddleware` runs on the request (an HTTPS redirect is left to Django) and on the
  response, so a hit carries the same HSTS, nosniff, Referrer-Policy and
  Cross-Origin-Opener-Policy headers;
- the middleware placed after it (CSP, clickjacking, ...) already shaped the stored page.

Anything else (a miss, a POST, a signed-in reader, an error) goes to Django untouched, with
a mark in the environ so a miss is not looked up twice. Database connections that outlive
`CONN_MAX_AGE` are closed at the next request Django handles instead of at a hit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse, HttpResponseBase
from django.middleware.security import SecurityMiddleware

from .pagecache import LOOKED_UP, serve_hit

logger = logging.getLogger(__name__)

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PageCacheFront:
    def __init__(self, application: WSGIApplication) -> None:
        self.application = application
        # Only its request and response hooks are used; it never calls a view.
        self.security = SecurityMiddleware(self._unused)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") in {"GET", "HEAD"}:
            response = self._hit(environ)
            if response is not None:
                start_response(
                    f"{response.status_code} {response.reason_phrase}", list(response.items())
                )
                # Bytes, not the response object: closing that would send request_finished.
                return [response.content]
        return self.application(environ, start_response)

    def _hit(self, environ: dict[str, Any]) -> HttpResponse | None:
        request = WSGIRequest(environ)
        try:
            request.get_host()
            if self.security.process_request(request) is not None:
                return None
            response = serve_hit(request)
        except DisallowedHost:
            return None  # Django answers 400 and logs it
        except Exception:
            # A hit is an optimisation: Django renders the page instead of failing it.
            logger.exception("page cache front failed; the page is rendered instead")
            return None
        if response is None:
            environ[LOOKED_UP] = True
            return None
        return self.security.process_response(request, response)

    @staticmethod
    def _unused(request: Any) -> HttpResponseBase:
        raise AssertionError("PageCacheFront never passes a request on through its middleware")
