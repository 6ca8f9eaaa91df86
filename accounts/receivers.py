"""Receivers of Django's and allauth's sign-in signals (connected in AccountsConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User
from .sessions import apply_session_lifetime, end_sessions, forget_session, record_session
from .staff_mfa import mark_second_factor_passed


def on_user_logged_in(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    apply_session_lifetime(request, user)
    record_session(request, user)


def on_user_logged_out(sender, request: HttpRequest | None, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        forget_session(request.session.session_key)


def on_password_changed(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """A password change keeps this session (allauth rotated its key) and ends the others; a
    reset from a signed-out browser ends them all."""
    signed_in_here = getattr(request, "user", None) is not None and request.user.pk == user.pk
    keep = request.session.session_key if signed_in_here else None
    end_sessions(user=user, keep_session_key=keep)
    if signed_in_here:
        record_session(request, user)


def on_second_factor(sender, request: HttpRequest, user: User, **kwargs) -> None:
    mark_second_factor_passed(request, user)
