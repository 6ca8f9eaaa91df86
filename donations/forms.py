"""Reader-facing donation forms. Every problem becomes a message a reader can act on."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import normalise_email

from .models import Campaign, Frequency, format_money
from .tokens import form_stamp_age, make_form_stamp

HONEYPOT_FIELD = "website"
# An amount of 10**15 or more is refused unread: far beyond any gift, and beyond what
# Decimal's 28 digits of precision can check to the cent ("1e26" raised InvalidOperation).
AMOUNT_LIMIT_EXPONENT = 15


def parse_amount(text: str) -> int:
    """`"12.50"`, `"$1,000"` → cents. Raises ValidationError with a reader-facing message."""
    cleaned = text.strip().lstrip("$€£").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(
            _("Enter the amount as a number, such as 5 or 12.50."), code="invalid"
        ) from None
    if not value.is_finite() or value.adjusted() >= AMOUNT_LIMIT_EXPONENT:
        raise forms.ValidationError(
            _("Enter the amount as a number, such as 5 or 12.50."), code="invalid"
        )
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError(
            _("Enter the amount in whole cents, with at most two digits after the point."),
            code="whole_cents",
        )
    return int(value * 100)


class GiftForm(forms.Form):
    """Frequency and amount, and (on the last step) who gives. The inline prompt on cached
    story pages sends only the first part; the checkout page then asks for the email."""

    campaign = forms.IntegerField(widget=forms.HiddenInput)
    currency = forms.CharField(max_length=3, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label=_("How often would you like to give?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often to give: Once, Monthly or Annual."),
            "invalid_choice": _("Choose how often to give: Once, Monthly or Annual."),
        },
    )
    custom_amount = forms.CharField(label=_("Other amount"), required=False, max_length=20)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("For your receipt, and a link to manage your gifts."),
        error_messages={
            "required": _("Enter your email address so we can send your receipt."),
            "invalid": _("Enter a valid email address, such as name@example.org."),
        },
    )
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=150)
    # Honeypot: hidden from people by CSS and aria-hidden, filled in by naive bots.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, campaign: Campaign, ask_email: bool = True, **kwargs: Any):
        self.campaign_obj = campaign
        self.ask_email = ask_email
        kwargs.setdefault(
            "initial",
            {
                "frequency": campaign.default_frequency,
                f"amount_{campaign.default_frequency}": campaign.default_amount_cents,
            },
        )
        kwargs["initial"] = {
            "campaign": campaign.pk,
            "currency": campaign.currency,
            "rendered": make_form_stamp(),
            **kwargs["initial"],
        }
        # Its own id prefix: the newsletter box on the same page has an email field and a
        # honeypot too, and Django's default "id_%s" would give both the same ids.
        kwargs.setdefault("auto_id", "gift_%s")
        super().__init__(*args, **kwargs)
        labels = {
            Frequency.ONCE: "%(amount)s",
            Frequency.MONTHLY: str(_("%(amount)s a month")),
            Frequency.ANNUAL: str(_("%(amount)s a year")),
        }
        for frequency in Frequency:
            self.fields[f"amount_{frequency.value}"] = forms.TypedChoiceField(
                label=_("%(frequency)s amount") % {"frequency": frequency.label},
                choices=[
                    (cents, labels[frequency] % {"amount": format_money(cents, campaign.currency)})
                    for cents in campaign.amounts_for(frequency)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the amounts shown.")},
            )
        if not ask_email:
            self.fields["email"].required = False

    def amount_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(f.value, self[f"amount_{f.value}"]) for f in Frequency]

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email") or ""
        if "\n" in email or "\r" in email:
            raise forms.ValidationError(_("Enter a valid email address, such as name@example.org."))
        return normalise_email(email)

    def clean_name(self) -> str:
        return " ".join((self.cleaned_data.get("name") or "").split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        frequency = data.get("frequency")
        amount_cents: int | None = None
        custom = (data.get("custom_amount") or "").strip()
        if custom:
            try:
                amount_cents = parse_amount(custom)
            except forms.ValidationError as error:
                self.add_error("custom_amount", error)
                return data
        elif frequency:
            amount_cents = data.get(f"amount_{frequency}")
        if frequency and amount_cents is None:
            self.add_error(
                "custom_amount", _("Choose an amount or enter your own in “Other amount”.")
            )
            return data
        if amount_cents is not None:
            problems = self.campaign_obj.check_gift(
                amount_cents=amount_cents,
                currency=data.get("currency") or "",
                frequency=frequency or Frequency.ONCE,
            )
            for problem in problems:
                self.add_error("custom_amount" if custom else None, problem)
        data["amount_cents"] = amount_cents
        return data

    def check_human(self, *, now: float | None = None) -> str | None:
        """Why the last step looks automated, or None. Checked only when money is about to
        move, so a reader's first click from a cached page is never refused."""
        if self.data.get(HONEYPOT_FIELD):
            return str(_("We could not start this payment. Please try again."))
        age = form_stamp_age(self.data.get("rendered") or "", now=now)
        if age is None or age < settings.DONATIONS_MIN_SUBMIT_SECONDS:
            return str(_("Please take a moment to check your details, then press Continue again."))
        return None


class ManageLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address you gave with"),
        error_messages={
            "required": _("Enter the email address you gave with."),
            "invalid": _("Enter a valid email address, such as name@example.org."),
        },
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if "\n" in email or "\r" in email:
            raise forms.ValidationError(_("Enter a valid email address, such as name@example.org."))
        return normalise_email(email)
