"""`{% donation_prompt placement %}`: the donation message for a placement ("banner",
"after_story" or "support_page").

The output is the same for every reader, so pages that include it stay cacheable: it reads no
session, user or cookie. Whether a reader sees it is decided in the browser from the signed
prompt cookie (see `donations.prompts`). At most one inline prompt (the message with its form)
is rendered per page; the banner is a link and does not count."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from donations.forms import GiftForm
from donations.models import Campaign, Placement, format_money, pick_current
from donations.providers import payment_methods_text

register = template.Library()

_INLINE_RENDERED = "_donations_inline_prompt_rendered"
_ASSETS_LINKED = "_donations_assets_linked"
_CAMPAIGNS = "_donations_running_campaigns"


def _first_time(request: Any, flag: str) -> bool:
    """True the first time `flag` is asked about for this request (always without one).
    Marking the request object is per-response bookkeeping, not session or cookie state."""
    if request is None:
        return True
    if getattr(request, flag, False):
        return False
    setattr(request, flag, True)
    return True


def _running_campaigns(request: Any) -> list[Campaign]:
    """Running campaigns, fetched once per request whatever the number of placements."""
    if request is None:
        return list(Campaign.objects.running())
    if not hasattr(request, _CAMPAIGNS):
        setattr(request, _CAMPAIGNS, list(Campaign.objects.running()))
    return getattr(request, _CAMPAIGNS)


@register.inclusion_tag("donations/includes/_prompt.html", takes_context=True)
def donation_prompt(context: template.Context, placement: str) -> dict[str, Any]:
    try:
        placement = Placement(placement).value
    except ValueError:
        raise template.TemplateSyntaxError(
            f"donation_prompt: unknown placement {placement!r}"
        ) from None
    request = context.get("request")
    campaign = pick_current(_running_campaigns(request), placement)
    inline = placement != Placement.BANNER
    if campaign and inline and not _first_time(request, _INLINE_RENDERED):
        campaign = None
    return {
        "campaign": campaign,
        # The stylesheet and script go out once per page, with the first prompt.
        "link_assets": bool(campaign) and _first_time(request, _ASSETS_LINKED),
        "placement": placement,
        "inline": inline,
        "form": GiftForm(campaign=campaign, ask_email=placement == Placement.SUPPORT_PAGE)
        if campaign and inline
        else None,
        "with_email": placement == Placement.SUPPORT_PAGE,
        "next_path": request.path if request is not None else "/",
        "payment_methods": payment_methods_text(),
        "lowest_monthly": format_money(campaign.lowest_monthly_cents, campaign.currency)
        if campaign
        else "",
        "snooze_days": settings.DONATIONS_SNOOZE_DAYS,
    }
