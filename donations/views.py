"""Donation pages and endpoints. Thin: rules live in forms/models, writes in `services`.

Which responses may be cached: only the `/support/` page, which renders like a story page
(no session, no cookie, no CSRF token). Everything that sets the prompt cookie, shows a
person's gifts or takes money is private and `no-store`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from accounts.models import normalise_email

from . import prompts, selectors, services
from .emails import send_manage_link_email
from .forms import GiftForm, ManageLinkForm
from .models import Campaign, Donation, Placement, Provider, RecurringGift
from .providers import InvalidWebhook, ProviderError, get_provider, payment_methods_text
from .providers.offline import OfflineProvider
from .tokens import make_form_stamp, read_manage_token

if TYPE_CHECKING:
    from accounts.views import AuthenticatedHttpRequest

logger = logging.getLogger(__name__)


def _email_key(group: str, request: HttpRequest) -> str:
    return normalise_email(request.POST.get("email", ""))


def _checkout_rate_limited(request: HttpRequest) -> bool:
    by_ip = is_ratelimited(
        request,
        group="donations:checkout:ip",
        key="ip",
        rate=settings.DONATIONS_CHECKOUT_RATE_PER_IP,
        method="POST",
        increment=True,
    )
    by_email = is_ratelimited(
        request,
        group="donations:checkout:email",
        key=_email_key,
        rate=settings.DONATIONS_CHECKOUT_RATE_PER_EMAIL,
        method="POST",
        increment=True,
    )
    return by_ip or by_email


@require_safe
@cache_control(public=True, max_age=settings.READER_PAGE_MAX_AGE)
def support(request: HttpRequest) -> HttpResponse:
    campaign = Campaign.objects.current(Placement.SUPPORT_PAGE)
    return render(request, "donations/support.html", {"campaign": campaign})


def _render_checkout(request: HttpRequest, form: GiftForm, *, status: int = 200) -> HttpResponse:
    response = render(
        request,
        "donations/checkout.html",
        {
            "form": form,
            "campaign": form.campaign_obj,
            "with_email": True,
            "payment_methods": payment_methods_text(),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _fresh_stamp(form: GiftForm) -> GiftForm:
    data = {**dict(form.data.items()), "rendered": make_form_stamp()}
    fresh = GiftForm(data, campaign=form.campaign_obj)
    fresh.is_valid()
    return fresh


# CSRF-exempt on purpose: the prompt posting here sits in cached story pages that carry no
# CSRF cookie or token. What protects it instead: a honeypot field, a signed "rendered at"
# stamp with a minimum time before the money step, rate limits per IP and per email address
# (django-ratelimit), server-side validation of every value against the campaign, and no
# state change that could hurt the reader: a forged cross-site POST can at most open a
# checkout page the reader still has to complete at the provider.
@csrf_exempt
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    campaign = (
        Campaign.objects.running().filter(pk=request.POST.get("campaign") or 0).first()
        # isdecimal, not isdigit: int() refuses digits such as "²".
        if (request.POST.get("campaign") or "").isdecimal()
        else None
    ) or Campaign.objects.current(Placement.SUPPORT_PAGE)
    if campaign is None:
        return render(request, "donations/support.html", {"campaign": None}, status=404)
    final_step = "email" in request.POST
    form = GiftForm(request.POST, campaign=campaign, ask_email=final_step)
    if not form.is_valid():
        return _render_checkout(request, form, status=400 if final_step else 200)
    if not final_step:
        # First click from a prompt: nothing moves yet, ask who gives on a private page.
        initial = {key: value for key, value in form.cleaned_data.items() if value is not None}
        initial.pop("rendered", None)
        return _render_checkout(request, GiftForm(campaign=campaign, initial=initial))
    refusal = form.check_human()
    if refusal:
        fresh = _fresh_stamp(form)
        fresh.add_error(None, refusal)
        return _render_checkout(request, fresh, status=400)
    if _checkout_rate_limited(request):
        form.add_error(None, _("Too many attempts from here. Please wait a while and try again."))
        return _render_checkout(request, form, status=429)
    try:
        started = services.start_checkout(
            campaign=campaign,
            amount_cents=form.cleaned_data["amount_cents"],
            currency=form.cleaned_data["currency"],
            frequency=form.cleaned_data["frequency"],
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            user=request.user,
            base_url=f"{request.scheme}://{request.get_host()}",
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_checkout(request, form, status=400)
    except ProviderError:
        form.add_error(
            None,
            _("Our payment provider could not be reached. Nothing was charged; please try again."),
        )
        return _render_checkout(request, form, status=502)
    return HttpResponseRedirect(started.session.redirect_url, status=303)


@never_cache
@require_http_methods(["GET", "POST"])
def offline_pay(request: HttpRequest, reference) -> HttpResponse:
    donation = get_object_or_404(Donation, reference=reference, provider=Provider.OFFLINE)
    if donation.state != Donation.State.PENDING:
        return redirect("donations:thanks", reference=donation.reference)
    if request.method == "GET":
        return render(request, "donations/offline_pay.html", {"donation": donation})
    thanks = redirect("donations:thanks", reference=donation.reference)
    if request.POST.get("action") == "approve":
        services.record_provider_event(
            provider=Provider.OFFLINE,
            event=OfflineProvider().completion_event(donation=donation),
        )
        prompts.remember_gift(thanks)
    else:
        services.record_checkout_declined(donation=donation)
    return thanks


@never_cache
@require_safe
def thanks(request: HttpRequest, reference) -> HttpResponse:
    """Where the hosted checkout sends the reader back. Private and uncached; the one GET that
    sets the "gave" cookie, because a hosted checkout can only return by GET. For Stripe the
    webhook may not have arrived yet, so a matching `session_id` counts as completed."""
    donation = get_object_or_404(
        Donation.objects.select_related("recurring_gift"), reference=reference
    )
    returned_from_provider = bool(
        donation.provider_checkout_id
        and request.GET.get("session_id") == donation.provider_checkout_id
    )
    response = render(
        request,
        "donations/thanks.html",
        {
            "donation": donation,
            "confirming": returned_from_provider and donation.state == "pending",
        },
    )
    if donation.state == Donation.State.PAID or returned_from_provider:
        prompts.remember_gift(response)
    return response


@csrf_exempt  # authenticated by the provider's signature over the raw body instead
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    provider = get_provider(Provider.STRIPE)
    try:
        event = provider.parse_webhook(payload=request.body, headers=request.headers)
    except InvalidWebhook as error:
        logger.warning("Rejected a payment webhook: %s", error)
        return HttpResponseBadRequest("invalid webhook")
    try:
        services.record_provider_event(provider=Provider.STRIPE, event=event)
    except services.UnknownSubscription:
        # Not recorded as processed: Stripe retries until the checkout event has landed.
        return HttpResponse("subscription not known yet", status=409)
    return HttpResponse("ok")


# CSRF-exempt on purpose: the form sits in cached pages without a CSRF token, and the only
# effect is a cookie on the requester's own browser that hides prompts for a few days. A
# forged cross-site POST can do no more than that, so there is nothing to protect; a per-IP
# rate limit still keeps it from being hammered.
@csrf_exempt
@require_POST
def remind_later(request: HttpRequest) -> HttpResponse:
    if is_ratelimited(
        request,
        group="donations:remind-later",
        key="ip",
        rate=settings.DONATIONS_REMIND_RATE_PER_IP,
        method="POST",
        increment=True,
    ):
        # A page, because a reader without JavaScript sees it; the script only reads the status.
        response: HttpResponse = render(request, "429.html", status=429)
        response["Cache-Control"] = "private, no-store"
        return response
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response = JsonResponse({"snoozed_days": settings.DONATIONS_SNOOZE_DAYS})
    else:
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        response = HttpResponseRedirect(target.split("#")[0] + "#donation-snoozed", status=303)
    response["Cache-Control"] = "private, no-store"
    prompts.remember_snooze(request, response)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def manage_request(request: HttpRequest) -> HttpResponse:
    """Ask for a self-service link. The answer is the same whether or not we hold gifts for
    the address, so the form cannot be used to find out who gave."""
    form = ManageLinkForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        limited = is_ratelimited(
            request,
            group="donations:manage-link",
            key="ip",
            rate=settings.DONATIONS_CHECKOUT_RATE_PER_IP,
            method="POST",
            increment=True,
        )
        if limited:
            form.add_error(None, _("Too many attempts from here. Please wait a while."))
        else:
            email = form.cleaned_data["email"]
            if Donation.objects.of_donor(email=email).exists():
                send_manage_link_email(email=email)
            sent = True
    return render(request, "donations/manage_request.html", {"form": form, "sent": sent})


def _email_from_token(token: str) -> str:
    email = read_manage_token(token)
    if not email:
        raise Http404(_("This link has expired or is not valid."))
    return email


@never_cache
@require_safe
def manage(request: HttpRequest, token: str) -> HttpResponse:
    email = read_manage_token(token)
    if not email:
        return render(request, "donations/manage_expired.html", status=400)
    return render(
        request,
        "donations/manage.html",
        {
            "email": email,
            "token": token,
            "donations": selectors.donations_for(email=email),
            "gifts": selectors.recurring_gifts_for(email=email),
        },
    )


@require_POST
def manage_cancel(request: HttpRequest, token: str, gift_id: int) -> HttpResponse:
    email = _email_from_token(token)
    gift = get_object_or_404(RecurringGift.objects.select_related("user"), pk=gift_id)
    _cancel_gift(request, gift=gift, by_email=email)
    return redirect("donations:manage", token=token)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_cancel(request: AuthenticatedHttpRequest, gift_id: int) -> HttpResponse:
    """The cancel button of the donations panel on "My account". A GET (a reader sent back
    here after signing in) just shows "My account", where the button lives."""
    if request.method != "POST":
        return redirect("accounts:home")
    user = request.user
    # Only the person's own gifts can be found: anyone else's answers 404, like a wrong id.
    gift = get_object_or_404(
        selectors.recurring_gifts_for(email=user.email, user=user).select_related("user"),
        pk=gift_id,
    )
    _cancel_gift(request, gift=gift, by_email=user.email)
    return redirect("accounts:home")


def _cancel_gift(request: HttpRequest, *, gift: RecurringGift, by_email: str) -> None:
    """Cancel through the provider and tell the donor how it went."""
    try:
        services.cancel_recurring_gift(gift=gift, by_email=by_email)
    except PermissionDenied:
        raise Http404 from None
    except ProviderError:
        messages.error(
            request, _("We could not reach our payment provider. Please try again shortly.")
        )
    else:
        messages.success(
            request, _("Your recurring gift is cancelled. Thank you for your support.")
        )
