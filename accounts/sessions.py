"""Which sessions belong to whom, how long they may live, and how to end them.

Every sign-in goes through `django.contrib.auth.login`, whose `user_logged_in` signal records
the new session key here (see `accounts.receivers`). Ending a session deletes it from the
session store, whatever the engine (database, cached database, cache)."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import User, UserSession


def session_lifetime(user: User) -> timedelta:
    """Staff sessions last at most 12 hours, readers' at most 14 days (from sign-in)."""
    seconds = settings.STAFF_SESSION_MAX_AGE if user.is_staff else settings.READER_SESSION_MAX_AGE
    return timedelta(seconds=seconds)


def apply_session_lifetime(request: HttpRequest, user: User) -> None:
    """Fix the session's end as a moment, not as seconds of inactivity, so that activity never
    stretches it past the limit."""
    request.session.set_expiry(timezone.now() + session_lifetime(user))


def record_session(request: HttpRequest, user: User) -> None:
    """Note the session as the user's; drop the user's notes of sessions old enough to have
    expired on their own (no session outlives the longest lifetime)."""
    longest = timedelta(
        seconds=max(settings.READER_SESSION_MAX_AGE, settings.STAFF_SESSION_MAX_AGE)
    )
    UserSession.objects.filter(user=user, created_at__lt=timezone.now() - longest).delete()
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


def forget_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def end_sessions(*, user: User, keep_session_key: str | None = None) -> int:
    """End every recorded session of `user` except `keep_session_key`; return how many."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    rows = UserSession.objects.filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store_class().delete(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
