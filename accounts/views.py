"""My account: the signed-in person's own page (never cached, never shown to others)."""

from __future__ import annotations

import json
import secrets
import time

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from . import panels, services
from .forms import DeleteAccountForm, DisplayNameForm
from .models import User
from .personal_data import collect_personal_data


class AuthenticatedHttpRequest(HttpRequest):
    """What a `login_required` view receives."""

    user: User


DELETION_CODE_SESSION_KEY = "accounts_deletion_code"
DELETION_CODE_SECONDS = 15 * 60
DELETION_CODE_ATTEMPTS = 5
DELETION_CODE_RESEND_SECONDS = 60


@never_cache
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DisplayNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_display_name(
            user=request.user, display_name=form.cleaned_data["display_name"]
        )
        messages.success(request, _("Your display name was saved."))
        return redirect("accounts:home")
    return render(
        request,
        "accounts/home.html",
        {"form": form, "panels": panels.render_panels(request)},
    )


@never_cache
@login_required
@require_POST
def sign_out_elsewhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    ended = services.end_other_sessions(
        user=request.user, current_session_key=request.session.session_key
    )
    messages.success(
        request,
        ngettext(
            "Signed out of %(count)d other session.",
            "Signed out of %(count)d other sessions.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("accounts:home")


@never_cache
@login_required
@require_GET
def download_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = collect_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _code_digest(request: AuthenticatedHttpRequest, code: str) -> str:
    return salted_hmac(
        "accounts.deletion-code", f"{request.user.pk}:{code}", algorithm="sha256"
    ).hexdigest()


def _send_deletion_code(request: AuthenticatedHttpRequest) -> bool:
    """Email a fresh code (at most one a minute); False when asked again too soon."""
    previous = request.session.get(DELETION_CODE_SESSION_KEY)
    if previous and previous["sent"] > time.time() - DELETION_CODE_RESEND_SECONDS:
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[DELETION_CODE_SESSION_KEY] = {
        "digest": _code_digest(request, code),
        "sent": time.time(),
        "expires": time.time() + DELETION_CODE_SECONDS,
        "attempts": 0,
    }
    get_adapter(request).send_mail(
        "accounts/email/deletion_code",
        request.user.email,
        {"code": code, "minutes": DELETION_CODE_SECONDS // 60},
    )
    return True


def _deletion_code_checker(request: AuthenticatedHttpRequest):
    def check(code: str) -> bool:
        state = request.session.get(DELETION_CODE_SESSION_KEY)
        if not state or state["expires"] < time.time():
            return False
        state["attempts"] += 1
        request.session[DELETION_CODE_SESSION_KEY] = state
        if state["attempts"] > DELETION_CODE_ATTEMPTS:
            return False
        return constant_time_compare(state["digest"], _code_digest(request, code))

    return check


@never_cache
@login_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "send-code":
        if _send_deletion_code(request):
            messages.info(request, _("We emailed you a code. Enter it below to confirm."))
        else:
            messages.info(request, _("We sent you a code less than a minute ago: use that one."))
        return redirect("accounts:delete")
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None,
        request=request,
        user=user,
        expected_code_check=_deletion_code_checker(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=user, by=user)
        except ProtectedError:
            # Another app keeps a record it may not lose (one that must stay tied to a person).
            messages.error(
                request,
                _(
                    "Your account is linked to records we must keep, so it cannot be deleted "
                    "here. Write to us and we will remove your personal data by hand."
                ),
            )
            return redirect("accounts:home")
        logout(request)
        return redirect("accounts:deleted")
    return render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "needs_code": not user.has_usable_password(),
            "code_sent": DELETION_CODE_SESSION_KEY in request.session,
        },
    )


@require_safe
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
