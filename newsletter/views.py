"""Reader-facing newsletter pages: signup, confirm, unsubscribe, archive, and the switch on
"My account".

Apart from that switch, none of them touches the session or sets a cookie: the signup box is
part of cached anonymous pages, and the confirm and unsubscribe links are opened from email by
readers who are usually not signed in. The switch is posted from the private, uncached account
page by a signed-in reader, so it uses the session and Django's CSRF protection as usual."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView
from django_ratelimit.decorators import ratelimit

from . import emails, services, tokens
from .forms import AccountSubscriptionForm, SignupForm
from .models import Issue

if TYPE_CHECKING:
    from accounts.views import AuthenticatedHttpRequest

IN_PLACE_HEADER = "fetch"  # X-Requested-With value sent by static/js/newsletter.js


def signup_rate(group: str, request: HttpRequest) -> str:
    return settings.NEWSLETTER_SIGNUP_RATE


def reader_page_cache(view):
    """Anonymous pages that browsers and CDNs may keep for READER_PAGE_MAX_AGE seconds."""
    return cache_control(public=True, max_age=settings.READER_PAGE_MAX_AGE)(view)


# csrf_exempt because the form is embedded in cached anonymous pages, which must not set a
# CSRF cookie. A forged signup is harmless: it can only cause one confirmation email (at most
# NEWSLETTER_CONFIRMATIONS_PER_DAY a day per address), and nobody is subscribed until the
# mailbox owner presses Confirm; the honeypot and the per-IP rate limit stop bulk abuse.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="newsletter-signup", key="ip", rate=signup_rate, method="POST", block=False)
def signup(request: HttpRequest) -> HttpResponse:
    in_place = request.headers.get("X-Requested-With") == IN_PLACE_HEADER
    if request.method != "POST":
        form = SignupForm(source=reverse("newsletter:signup"))
        response = _render_signup(request, form=form, in_place=False)
        patch_cache_control(response, public=True, max_age=settings.READER_PAGE_MAX_AGE)
        return response
    response = _handle_signup(request, in_place=in_place)
    add_never_cache_headers(response)
    return response


def _handle_signup(request: HttpRequest, *, in_place: bool) -> HttpResponse:
    if getattr(request, "limited", False):
        template = (
            "newsletter/includes/_signup_limited.html" if in_place else "newsletter/limited.html"
        )
        return render(request, template, status=429)
    form = SignupForm(request.POST)
    if not form.is_valid():
        return _render_signup(request, form=form, in_place=in_place, status=400)
    if not form.is_bot:
        services.subscribe(
            email=form.cleaned_data["email"],
            source=form.cleaned_data["source"] or reverse("newsletter:signup"),
        )
    # The same answer whether the address is new, pending, confirmed or a bot's: nobody can
    # learn from it who subscribes.
    template = (
        "newsletter/includes/_signup_done.html" if in_place else "newsletter/check_email.html"
    )
    return render(request, template, {"max_age_days": settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS})


def _render_signup(request, *, form: SignupForm, in_place: bool, status: int = 200):
    if in_place:
        return render(
            request, "newsletter/includes/_signup_form.html", {"form": form}, status=status
        )
    return render(request, "newsletter/signup.html", {"form": form}, status=status)


def _bad_link(request: HttpRequest, *, expired: bool = False) -> HttpResponse:
    return render(
        request,
        "newsletter/bad_link.html",
        {"expired": expired, "form": SignupForm(source=reverse("newsletter:signup"))},
        status=410 if expired else 400,
    )


# csrf_exempt: the signed token in the address is the credential, and these pages are opened
# from email without a session or CSRF cookie. Forging the POST needs the token itself.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    max_age = settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS * 24 * 3600
    try:
        subscriber = tokens.read_token(token, tokens.CONFIRM, max_age=max_age)
    except tokens.ExpiredToken:
        return _bad_link(request, expired=True)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method != "POST":
        # Mail scanners follow links with GET: only the button's POST confirms.
        return render(request, "newsletter/confirm.html", {"email": subscriber.email})
    if not services.confirm_subscription(subscriber=subscriber):
        return _bad_link(request)
    return redirect("newsletter:thanks")


@reader_page_cache
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/thanks.html")


# csrf_exempt as RFC 8058 requires: mail clients POST "List-Unsubscribe=One-Click" here with
# no cookie and no token other than the signed one in the address.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        # No age limit: the link in a years-old issue must still work.
        subscriber = tokens.read_token(token, tokens.UNSUBSCRIBE)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method != "POST":
        return render(request, "newsletter/unsubscribe.html", {"email": subscriber.email})
    services.unsubscribe(subscriber=subscriber)
    return render(
        request,
        "newsletter/unsubscribed.html",
        {
            "email": subscriber.email,
            # Resubscribing from here is recorded as from the signup page, not this link.
            "form": SignupForm(source=reverse("newsletter:signup")),
        },
    )


@method_decorator(reader_page_cache, name="dispatch")
class ArchiveView(ListView):
    template_name = "newsletter/archive.html"
    context_object_name = "issues"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Issue]:
        return Issue.objects.sent().order_by("-sent_at", "-pk")


@method_decorator(reader_page_cache, name="dispatch")
class IssueView(DetailView):
    template_name = "newsletter/issue_detail.html"
    context_object_name = "issue"

    def get_queryset(self) -> QuerySet[Issue]:
        return Issue.objects.sent()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["stories"] = self.object.ordered_stories()
        context["signup_url"] = emails.absolute(reverse("newsletter:signup"))
        return context


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_subscription(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Switch the newsletter on or off for the signed-in account's address. A GET (a reader
    sent back here after signing in) just shows "My account", where the switch lives."""
    if request.method != "POST":
        return redirect("accounts:home")
    form = AccountSubscriptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to subscribe or unsubscribe, then try again."))
        return redirect("accounts:home")
    subscribed = form.cleaned_data["subscribed"]
    email = request.user.email  # verified: allauth signs in only verified addresses
    services.set_subscription(email=email, user=request.user, subscribed=subscribed)
    if subscribed:
        message = _("You are subscribed: the newsletter goes to %(email)s every Friday.")
    else:
        message = _("You are unsubscribed: no more newsletters go to %(email)s.")
    messages.success(request, message % {"email": email})
    return redirect("accounts:home")
