"""The second factor for staff: the admin admits a staff member only when this session passed
one (TOTP, a recovery code or a passkey), if `STAFF_REQUIRE_MFA` is on.

allauth's public signals (`authenticator_used`, `authenticator_added`) mark the session; the
mark survives the session-key rotation at sign-in and is wiped by sign-out."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import User

SESSION_KEY = "accounts_second_factor_user"
PRIMARY_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def mark_second_factor_passed(request: HttpRequest, user: User) -> None:
    request.session[SESSION_KEY] = str(user.pk)


def passed_second_factor(request: HttpRequest) -> bool:
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def admits_to_admin(request: HttpRequest) -> bool:
    """Replaces `AdminSite.has_permission`."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return not settings.STAFF_REQUIRE_MFA or passed_second_factor(request)


def second_factor_redirect(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Where a signed-in staff member must go before the admin, or None when admitted."""
    if not settings.STAFF_REQUIRE_MFA or passed_second_factor(request):
        return None
    types = set(Authenticator.objects.filter(user=request.user).values_list("type", flat=True))
    if not types & set(PRIMARY_TYPES):
        messages.info(
            request,
            _("Staff accounts need a second factor. Set up an authenticator app to continue."),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    url = "mfa_reauthenticate"
    if Authenticator.Type.TOTP not in types and Authenticator.Type.RECOVERY_CODES not in types:
        url = "mfa_reauthenticate_webauthn"
    return HttpResponseRedirect(f"{reverse(url)}?{urlencode({'next': next_url})}")


def safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def admin_login(view):
    """Wraps `admin.site.login`: the admin never shows its own password form. Visitors go to
    the allauth sign-in (with `next`), staff who still owe a second factor go to provide one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        next_url = safe_next(request, reverse("admin:index"))
        if not request.user.is_authenticated:
            query = urlencode({"next": next_url})
            return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return second_factor_redirect(request, next_url) or HttpResponseRedirect(next_url)

    return wrapper
