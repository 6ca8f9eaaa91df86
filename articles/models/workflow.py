"""The records the editorial workflow keeps around a story: the audit trail of transitions,
corrections, retired slugs and who has a story open."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .stories import Article

# Someone who opened the change form longer ago than this is no longer shown as editing.
PRESENCE_WINDOW = timedelta(minutes=30)


class AuditEntry(models.Model):
    """One workflow step on a story: who did what, when, from which state to which."""

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system did it (scheduled publication)."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status or '-'} → {self.to_status or '-'}"


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def public(self) -> CorrectionQuerySet:
        """Corrections readers may see: those on stories that are live now."""
        return self.filter(article__in=Article.objects.published()).select_related("article")


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[CorrectionQuerySet] = CorrectionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


class ArticleSlugHistory(models.Model):
    """A slug a published story used to have, kept so its old address still leads to it."""

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    retired_at = models.DateTimeField(_("retired at"), default=timezone.now)

    class Meta:
        ordering = ("-retired_at",)
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")

    def __str__(self) -> str:
        return self.slug


def find_moved_article(slug: str) -> Article | None:
    """The live story that used to be published under `slug`, or None. The reader view
    answers an old address with a permanent redirect to the story's current one."""
    return Article.objects.published().filter(old_slugs__slug=slug).first()


class EditingPresenceQuerySet(models.QuerySet["EditingPresence"]):
    def current(self, *, now=None) -> EditingPresenceQuerySet:
        now = now or timezone.now()
        return self.filter(seen_at__gte=now - PRESENCE_WINDOW).select_related("user")


class EditingPresence(models.Model):
    """Who has a story's change form open, and since when. Refreshed each time the form is
    opened; a successful save removes it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("open since"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    objects: ClassVar[EditingPresenceQuerySet] = EditingPresenceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("editing presence")
        verbose_name_plural = _("editing presences")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_editor")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.article_id}"
