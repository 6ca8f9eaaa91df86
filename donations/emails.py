"""Donor emails: the receipt and the self-service link. Each is sent at most once per
reason; the receipt claims `receipt_sent_at` before sending so a retried task cannot send two."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Donation
from .tokens import make_manage_token


def _manage_url(email: str) -> str:
    return settings.SITE_URL + reverse("donations:manage", args=[make_manage_token(email)])


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"donations/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"donations/email/{template}.html", context), "text/html"
    )
    message.send()


def send_receipt_email(*, donation_id: int) -> bool:
    """Send the receipt for a paid donation once; False when already sent or not owed."""
    claimed = (
        Donation.objects.filter(
            pk=donation_id, state=Donation.State.PAID, receipt_sent_at__isnull=True
        )
        .exclude(email="")
        .update(receipt_sent_at=timezone.now())
    )
    if not claimed:
        return False
    donation = Donation.objects.select_related("recurring_gift").get(pk=donation_id)
    try:
        _send(
            to=donation.email,
            subject=_("Thank you for supporting %(site)s") % {"site": settings.SITE_NAME},
            template="receipt",
            context={"donation": donation, "manage_url": _manage_url(donation.email)},
        )
    except Exception:
        # Give the receipt back to a later retry rather than marking it as sent.
        Donation.objects.filter(pk=donation_id).update(receipt_sent_at=None)
        raise
    return True


def send_manage_link_email(*, email: str) -> None:
    _send(
        to=email,
        subject=_("Your gifts to %(site)s") % {"site": settings.SITE_NAME},
        template="manage_link",
        context={"manage_url": _manage_url(email)},
    )
