"""allauth hooks: how account emails leave, how a new reader is saved, plain-word errors, and
the second-factor rules for staff."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User, normalise_email
from .tasks import message_payload, seal, send_sealed_email


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("That email address and password do not match an account."),
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes and try again, "
            "or reset your password."
        ),
        "rate_limited": _("Too many requests in a short time. Wait a minute and try again."),
        "incorrect_code": _("That code is not right. Check the latest email we sent you."),
        "invalid_password_reset": _(
            "This reset link has expired or has been used. Ask for a new one below."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now (the request is at hand), send later from a task: every address, known
        or not, costs the request the same work."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        send_sealed_email.enqueue(seal(message_payload(message)))

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.email = normalise_email(user.email)
        user.display_name = form.cleaned_data.get("display_name", "") or ""
        if commit:
            user.save()
        return user


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("That code is not right. Use the current code from your app."),
        "cannot_delete_authenticator": _(
            "Staff accounts must keep a second factor: add another one before removing this."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if not (settings.STAFF_REQUIRE_MFA and user.is_staff):
            return True
        primary = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        others = Authenticator.objects.filter(user=user, type__in=primary).exclude(
            pk=authenticator.pk
        )
        return others.exists()
