"""Subscribers, weekly issues and the delivery ledger that makes sending resumable."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import normalise_email
from articles.models import Article

# A task worker sends a confirmation within seconds of the signup; one still unsent after this
# long is overdue.
CONFIRMATION_GRACE = timedelta(minutes=5)


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    def receiving(self) -> SubscriberQuerySet:
        """Those who may be sent an issue now: confirmed, and nothing since (unsubscribe,
        bounce) has taken them off the list."""
        return self.filter(state=Subscriber.State.CONFIRMED)

    def confirmation_overdue(self, *, now) -> SubscriberQuerySet:
        """Pending addresses whose confirmation email was asked for `CONFIRMATION_GRACE` ago or
        more and has not gone: its task was lost, or the task workers are down."""
        return self.filter(
            state=Subscriber.State.PENDING, confirmation_due_at__lte=now - CONFIRMATION_GRACE
        )

    def for_email(self, email: str) -> SubscriberQuerySet:
        """The row of an address, whatever its case or surrounding spaces (stored normalised)."""
        return self.filter(email=normalise_email(email))

    def counts_by_state(self) -> dict[str, int]:
        counts = dict(self.values_list("state").annotate(n=Count("pk")).order_by())
        return {state: counts.get(state, 0) for state in Subscriber.State.values}


class Subscriber(models.Model):
    """One address on the list. No IP address is kept: the rate limit lives in the cache."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")

    # Always stored through accounts.models.normalise_email, so "unique" means unique
    # regardless of case.
    email = models.EmailField(_("email address"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    source = models.CharField(
        _("signed up on"),
        max_length=200,
        blank=True,
        help_text=_("The page (or place) where the reader asked to subscribe."),
    )
    consent_version = models.CharField(_("consent wording version"), max_length=40)
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=200, blank=True)
    # Confirmation emails sent on `confirmations_day` (local date): caps them per address.
    confirmations_day = models.DateField(null=True, blank=True, editable=False)
    confirmations_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    # Set with the signup that asks for a confirmation email, in its transaction; cleared when
    # the email goes. A task lost between the commit and its enqueue (the database cut just
    # then) leaves it set, and `catch_up_confirmations` sends what is overdue.
    confirmation_due_at = models.DateTimeField(
        _("confirmation email due since"), null=True, blank=True, editable=False
    )

    objects: ClassVar[SubscriberQuerySet] = SubscriberQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        permissions = [("export_subscribers", _("Can export subscribers as CSV"))]

    def __str__(self) -> str:
        return self.email

    def move_to(self, state: str, *, now=None) -> None:
        """Set the state and stamp the time of the change (the caller saves)."""
        now = now or timezone.now()
        self.state = state
        self.state_changed_at = now
        stamp = {
            self.State.CONFIRMED: "confirmed_at",
            self.State.UNSUBSCRIBED: "unsubscribed_at",
            self.State.BOUNCED: "bounced_at",
        }.get(self.State(state))
        if stamp:
            setattr(self, stamp, now)


class IssueQuerySet(models.QuerySet["Issue"]):
    def sent(self) -> IssueQuerySet:
        return self.filter(state=Issue.State.SENT)

    def due(self, *, now=None) -> IssueQuerySet:
        return self.filter(state=Issue.State.SCHEDULED, send_at__lte=now or timezone.now())

    def with_progress(self) -> IssueQuerySet:
        return self.annotate(
            deliveries_total=Count("deliveries"),
            deliveries_sent=Count("deliveries", filter=Q(deliveries__status="sent")),
        )


class Issue(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    stories = models.ManyToManyField(
        Article, through="IssueStory", related_name="newsletter_issues", blank=True
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    week_of = models.DateField(
        _("week of"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set on automatically composed issues: the Monday of their week."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects: ClassVar[IssueQuerySet] = IssueQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-send_at", "-pk")
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.SCHEDULED)

    def ordered_stories(self) -> list[Article]:
        """The issue's stories in the editor's order, with what a card needs."""
        return list(
            Article.objects.filter(issue_places__issue=self)
            .for_cards()
            .order_by("issue_places__position", "issue_places__pk")
        )


class IssueStory(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="places")
    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="issue_places"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("story in issue")
        verbose_name_plural = _("stories in issue")
        constraints = [
            models.UniqueConstraint(fields=["issue", "article"], name="unique_issue_story"),
        ]

    def __str__(self) -> str:
        return str(self.article)


class Delivery(models.Model):
    """One issue to one subscriber. Rows are created when sending starts; the unique
    constraint is what makes a second start or a resumed send unable to double anyone."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped (no longer confirmed)")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="unique_delivery"),
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status_idx")]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"
