"""Whether a reader sees donation prompts, decided without making cached pages uncacheable.

How it works (the contract every part of the app keeps):

* Reader pages are cached and identical for everyone: the prompt HTML is always in them, and
  rendering it never reads the session, `request.user` or a cookie, nor sets one.
* A reader's "quiet" state lives in one signed cookie (`DONATIONS_COOKIE_NAME`), whose value is
  `<state>.<until>` signed with Django's signer: state `snooze` ("Remind me later") or `gave`
  (just gave, or a signed-in donor with an active recurring gift); `until` is a UTC Unix time
  computed from *server* time when the cookie is set.
* Only POST endpoints and private, uncached responses set it: the remind-later POST, the offline
  payment POST, the private thank-you page a hosted checkout returns to, and the response to a
  sign-in (see `middleware`). A GET of a cached reader page never does.
* `static/js/donations.js` (deferred) reads the cookie's `<state>.<until>` part (before the
  signer's `:<timestamp>:<signature>`) and hides every
  `[data-donation-prompt]` while `until` is in the future by the browser clock. The signature
  only matters to the server (`is_quiet`), which trusts nothing it did not sign; in the browser
  the worst a forged value can do is hide prompts from the person who forged it.
* Without JavaScript the remind-later POST redirects back to the story with
  `#donation-snoozed`; CSS `:target` then swaps the prompt's form for a short confirmation, so
  the form-free state is reached without a script. Later cached pages still contain the prompt
  for no-JS readers: hiding it there would need `Vary: Cookie` on every story, which would end
  shared caching. That is the documented trade-off.
* The cookie is not HttpOnly because the script must read it; it holds no personal data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SALT = "donations.prompt-quiet"
SNOOZE = "snooze"
GAVE = "gave"


def quiet_until(request: HttpRequest) -> tuple[str, datetime] | None:
    """The verified (state, until) from the reader's cookie, or None."""
    raw = request.get_signed_cookie(settings.DONATIONS_COOKIE_NAME, default=None, salt=SALT)
    if not raw:
        return None
    state, _, until = raw.partition(".")
    if state not in (SNOOZE, GAVE) or not until.isdigit():
        return None
    return state, datetime.fromtimestamp(int(until), tz=UTC)


def is_quiet(request: HttpRequest, *, now: datetime | None = None) -> bool:
    found = quiet_until(request)
    return bool(found) and found[1] > (now or timezone.now())  # type: ignore[index]


def set_quiet_cookie(
    response: HttpResponse, *, state: str, days: int, now: datetime | None = None
) -> None:
    until = (now or timezone.now()) + timedelta(days=days)
    response.set_signed_cookie(
        settings.DONATIONS_COOKIE_NAME,
        f"{state}.{int(until.timestamp())}",
        salt=SALT,
        max_age=days * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
        samesite="Lax",
    )


def remember_snooze(request: HttpRequest, response: HttpResponse) -> None:
    """ "Remind me later", unless the reader already gave: a snooze must not shorten that."""
    found = quiet_until(request)
    if found and found[0] == GAVE and found[1] > timezone.now():
        return
    set_quiet_cookie(response, state=SNOOZE, days=settings.DONATIONS_SNOOZE_DAYS)


def remember_gift(response: HttpResponse) -> None:
    set_quiet_cookie(response, state=GAVE, days=settings.DONATIONS_THANKED_DAYS)
