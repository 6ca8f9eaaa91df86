"""Reader-site models: the editors' front-page order and the static pages."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import BODY_EXTENSIONS, Article, SanitizedHTMLField
from articles.sanitize import sanitize_html


class FrontPagePinQuerySet(models.QuerySet["FrontPagePin"]):
    def current(self, *, now=None) -> FrontPagePinQuerySet:
        """Pins still in force. Whether the pinned story may be shown is decided separately,
        by `Article.objects.published()`, so a pin can never surface a draft."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class FrontPagePin(models.Model):
    """An editor's placement of a story on the home page. The lowest position is the lead,
    the next ones are the top stories; empty places are filled with the newest stories."""

    article = models.OneToOneField(
        Article,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="front_page_pin",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("0 is the lead story, then the top stories.")
    )
    expires_at = models.DateTimeField(
        _("pinned until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep the story pinned until you remove it."),
    )

    objects = FrontPagePinQuerySet.as_manager()

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("front-page pin")
        verbose_name_plural = _("front-page pins")

    def __str__(self) -> str:
        return f"{self.position}: {self.article}"


class Page(models.Model):
    """A static page (About, Privacy Policy, Terms, Contact) edited in the admin."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("Shown to search engines.")
    )
    # The sanitiser is passed explicitly: the field's default hands the admin form a factory
    # (`lambda config: sanitize_html`) where prose-editor expects the function itself.
    body = SanitizedHTMLField(
        _("body"), blank=True, extensions=BODY_EXTENSIONS, sanitize=sanitize_html
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("title",)
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("newsroom:page", kwargs={"slug": self.slug})
