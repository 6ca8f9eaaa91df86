"""Reader revenue: campaigns (what we ask), donations (what was given), recurring gifts
(standing orders at a payment provider) and the provider events already processed.

Money is integer cents plus an ISO 4217 code; every time is aware UTC."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Self

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.fields import InvalidJSONInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


class Provider(models.TextChoices):
    OFFLINE = "offline", _("Offline (development)")
    STRIPE = "stripe", _("Stripe")


class Placement(models.TextChoices):
    BANNER = "banner", _("Top banner")
    AFTER_STORY = "after_story", _("After the story")
    SUPPORT_PAGE = "support_page", _("Support page")


def placement_field(placement: str) -> str:
    """The Campaign flag that switches a placement on ("banner" → "show_banner")."""
    return f"show_{Placement(placement).value}"


def format_money(cents: int, currency: str) -> str:
    """`$5`, `$5.50`, `EUR 12`: whole amounts without decimals, as readers say them."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency.upper(), f"{currency.upper()} ")
    whole, rest = divmod(cents, 100)
    return f"{symbol}{whole:,}" if rest == 0 else f"{symbol}{whole:,}.{rest:02d}"


def _check_amount_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value
    ):
        raise ValidationError(_("Enter a list of positive amounts in cents, e.g. [500, 1000]."))


class AmountListFormField(forms.JSONField):
    """Django's JSON form field, also refusing what `json.loads` rejects with a plain
    ValueError rather than a JSONDecodeError: an integer of more than 4,300 digits (Python's
    limit on converting a string to an int). Django let that through as a 500."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        # Re-showing the form reads the posted text again: show it back as typed.
        try:
            return super().bound_data(data, initial)
        except ValueError:
            return InvalidJSONInput(data)


class AmountListField(models.JSONField):
    """A list of suggested amounts in cents, typed as JSON by editors in the campaign form."""

    default_validators = [_check_amount_list]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": AmountListFormField, **kwargs})


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def running(self, at=None) -> CampaignQuerySet:
        at = at or timezone.now()
        return self.filter(starts_at__lte=at).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))

    def for_placement(self, placement: str) -> CampaignQuerySet:
        return self.filter(**{placement_field(placement): True})

    def current(self, placement: str) -> Campaign | None:
        """The campaign a placement shows now: the most recently started running one."""
        return self.running().for_placement(placement).order_by("-starts_at", "-pk").first()


def pick_current(campaigns: list[Campaign], placement: str) -> Campaign | None:
    """`CampaignQuerySet.current` over an already fetched list of running campaigns, so one
    query serves every placement on a page."""
    field = placement_field(placement)
    candidates = [c for c in campaigns if getattr(c, field)]
    return max(candidates, key=lambda c: (c.starts_at, c.pk), default=None)


class Campaign(models.Model):
    name = models.CharField(_("internal name"), max_length=120)
    title = models.CharField(_("message title"), max_length=200)
    message = models.TextField(
        _("message"), help_text=_("Plain text; a blank line starts a new paragraph.")
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    amounts_once = AmountListField(_("suggested one-off amounts (cents)"), default=list)
    amounts_monthly = AmountListField(_("suggested monthly amounts (cents)"), default=list)
    amounts_annual = AmountListField(_("suggested annual amounts (cents)"), default=list)
    default_frequency = models.CharField(
        _("default frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    default_amount_cents = models.PositiveIntegerField(_("default amount (cents)"), default=500)
    minimum_cents = models.PositiveIntegerField(_("minimum (cents)"), default=200)
    maximum_cents = models.PositiveIntegerField(_("maximum (cents)"), default=1_000_000)
    starts_at = models.DateTimeField(_("runs from"), default=timezone.now)
    ends_at = models.DateTimeField(_("runs until"), null=True, blank=True)
    show_banner = models.BooleanField(_("top “Support us!” banner"), default=True)
    show_after_story = models.BooleanField(_("message after the story"), default=True)
    show_support_page = models.BooleanField(_("support page"), default=True)

    objects: ClassVar[CampaignQuerySet] = CampaignQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-starts_at",)
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.currency = (self.currency or "").upper()
        errors: dict[str, Any] = {}
        if len(self.currency) != 3 or not self.currency.isalpha():
            errors["currency"] = _("Use a three-letter ISO code such as USD.")
        if self.minimum_cents < 1:
            errors["minimum_cents"] = _("The minimum must be at least one cent.")
        if self.maximum_cents <= self.minimum_cents:
            errors["maximum_cents"] = _("The maximum must be above the minimum.")
        if self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The campaign must end after it starts.")
        for frequency in Frequency:
            field = f"amounts_{frequency.value}"
            amounts = getattr(self, field)
            if isinstance(amounts, list) and any(
                isinstance(a, int) and not self.minimum_cents <= a <= self.maximum_cents
                for a in amounts
            ):
                errors[field] = _(
                    "Every suggested amount must lie between the minimum and maximum."
                )
        if not self.minimum_cents <= self.default_amount_cents <= self.maximum_cents:
            errors["default_amount_cents"] = _(
                "The default amount must lie between the minimum and maximum."
            )
        if errors:
            raise ValidationError(errors)

    def check_gift(self, *, amount_cents: int, currency: str, frequency: str) -> list[str]:
        """Every reason this campaign cannot take the gift, as messages for the reader."""
        problems = []
        if frequency not in Frequency.values:
            problems.append(str(_("Choose how often to give: Once, Monthly or Annual.")))
        if (currency or "").upper() != self.currency:
            problems.append(
                str(_("Gifts are taken in %(currency)s only.") % {"currency": self.currency})
            )
        if amount_cents < self.minimum_cents:
            problems.append(
                str(
                    _("The smallest gift we can take is %(amount)s.")
                    % {"amount": format_money(self.minimum_cents, self.currency)}
                )
            )
        elif amount_cents > self.maximum_cents:
            problems.append(
                str(
                    _("The largest gift we can take online is %(amount)s.")
                    % {"amount": format_money(self.maximum_cents, self.currency)}
                )
            )
        return problems

    def amounts_for(self, frequency: str) -> list[int]:
        return list(getattr(self, f"amounts_{Frequency(frequency).value}") or [])

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.message.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def lowest_monthly_cents(self) -> int:
        return min(self.amounts_monthly or [self.minimum_cents])


class DonorQuerySet[M: models.Model](models.QuerySet[M]):
    def of_donor(self, *, email: str, user=None) -> Self:
        """A person's gifts: those given under their address plus those linked to their
        account (a reader may have given before signing up, or with another address)."""
        condition = Q(email=email)
        if user is not None and user.pk:
            condition |= Q(user=user)
        return self.filter(condition)


class DonationQuerySet(DonorQuerySet["Donation"]):
    def paid(self) -> DonationQuerySet:
        return self.filter(state=Donation.State.PAID)


class RecurringGiftQuerySet(DonorQuerySet["RecurringGift"]):
    def active(self) -> RecurringGiftQuerySet:
        return self.filter(state=RecurringGift.State.ACTIVE)


class Gift(models.Model):
    """What a one-off donation and a recurring gift both record: the money, who gave it and
    through which provider. Integer cents with an ISO currency code."""

    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    email = models.EmailField(_("donor email"), blank=True)
    name = models.CharField(_("donor name"), max_length=150, blank=True)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_customer_id = models.CharField(_("provider customer id"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def amount_display(self) -> str:
        return format_money(self.amount_cents, self.currency)


class RecurringGift(Gift):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="recurring_gifts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recurring_gifts",
    )
    provider_subscription_id = models.CharField(_("provider subscription id"), max_length=255)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects: ClassVar[RecurringGiftQuerySet] = RecurringGiftQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-started_at",)
        verbose_name = _("recurring gift")
        verbose_name_plural = _("recurring gifts")
        constraints = [
            models.UniqueConstraint(
                fields=("provider", "provider_subscription_id"), name="one_gift_per_subscription"
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount_display} {self.get_frequency_display()}"


class Donation(Gift):
    class State(models.TextChoices):
        PENDING = "pending", _("Checkout started")
        PAID = "paid", _("Paid")
        DECLINED = "declined", _("Declined")

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="donations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
    )
    recurring_gift = models.ForeignKey(
        RecurringGift,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
    )
    provider_checkout_id = models.CharField(_("provider checkout id"), max_length=255, blank=True)
    provider_payment_id = models.CharField(_("provider payment id"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)

    objects: ClassVar[DonationQuerySet] = DonationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        permissions = [("export_donations", _("Can export donations as CSV"))]
        constraints = [
            # A checkout or a provider payment (invoice) is recorded at most once, whatever
            # the events say: the database is the last line against double counting.
            models.UniqueConstraint(
                fields=("provider", "provider_checkout_id"),
                condition=~Q(provider_checkout_id=""),
                name="one_donation_per_checkout",
            ),
            models.UniqueConstraint(
                fields=("provider", "provider_payment_id"),
                condition=~Q(provider_payment_id=""),
                name="one_donation_per_payment",
            ),
        ]
        indexes = [models.Index(fields=("email",)), models.Index(fields=("state", "created_at"))]

    def __str__(self) -> str:
        return f"{self.amount_display} {self.get_frequency_display()} ({self.get_state_display()})"


class ProcessedEvent(models.Model):
    """A provider event already acted on. The unique constraint is what makes a replayed or
    concurrently delivered webhook a no-op: the second insert fails inside its transaction."""

    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    event_id = models.CharField(_("event id"), max_length=255)
    event_type = models.CharField(_("event type"), max_length=100)
    processed_at = models.DateTimeField(_("processed"), default=timezone.now)

    class Meta:
        ordering = ("-processed_at",)
        verbose_name = _("processed provider event")
        verbose_name_plural = _("processed provider events")
        constraints = [
            models.UniqueConstraint(fields=("provider", "event_id"), name="one_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"
