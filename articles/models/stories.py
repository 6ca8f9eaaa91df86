"""Authoring models: sections, authors, photos and stories."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from ..addresses import reverse_fast
from ..images import validate_photo_upload
from ..sanitize import has_text, sanitize_html

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "ListItem": True,
    "OrderedList": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "History": True,
}


class SanitizedHTMLField(ProseEditorField):
    """A prose-editor field whose value is cleaned with the body allowlist on every save,
    whichever path wrote it, not only when an admin form is validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_fast("newsroom:section", slug=self.slug)


class Photo(models.Model):
    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_photo_upload],
        help_text=_("JPEG, PNG, WebP or GIF; at most 40 megapixels and 20 MB."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point x (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point y (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ("-uploaded_at",)
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption[:80] or str(self.image.name)

    @property
    def crop_position(self) -> str:
        """The focal point as sorl-thumbnail's crop argument ("40% 30%")."""
        return f"{self.focal_x}% {self.focal_y}%"


class Author(models.Model):
    """A byline. It can be a staff member (linked to a User) or an outside contributor such
    as a wire agency."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_fast("newsroom:author", slug=self.slug)


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, *, now=None) -> ArticleQuerySet:
        """The one definition of what readers may see: a published (or scheduled) story whose
        publication time has come. Decided at query time, so a scheduled story goes live on
        time whether or not a worker runs."""
        now = now or timezone.now()
        return self.filter(
            status__in=LIVE_STATUSES, published_at__isnull=False, published_at__lte=now
        )

    def in_section(self, section: Section) -> ArticleQuerySet:
        return self.filter(section=section)

    def by_author(self, author: Author) -> ArticleQuerySet:
        return self.filter(authors=author)

    def tagged(self, tag: Tag) -> ArticleQuerySet:
        """Stories carrying `tag`, looked up one by one in the tagged-item index. A page of
        the tag's newest stories then walks the newest stories and stops after one page
        (1.5 ms for a tag on 5,000 of 100,000 stories), where taggit's own join, which casts
        the object id and so cannot use that index from the story's side, gathered and
        sorted all 5,000 (27 ms). The tag is a row, not a slug, so PostgreSQL plans with its
        own statistics: for a rare tag it starts from the tagged items instead."""
        return self.filter(
            Exists(
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(self.model),
                    tag=tag,
                    object_id=OuterRef("pk"),
                )
            )
        )

    def overdue(self, *, now=None) -> ArticleQuerySet:
        """Scheduled stories whose time has come but whose publish-time task has not run
        (it moves them to PUBLISHED): readers already see them, but the side effects are
        missing. The admin lists them and `catch_up_publishing` runs them."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.SCHEDULED, published_at__lte=now)

    def editable_by(self, user) -> ArticleQuerySet:
        """The stories `user` may open in the admin: every story for those who may edit any,
        only their own for contributors, none for anyone else."""
        if not user.is_active or not user.has_perm("articles.change_article"):
            return self.none()
        if user.has_perm("articles.edit_any_article"):
            return self.all()
        return self.filter(created_by=user)

    def with_corrections(self) -> ArticleQuerySet:
        """Prefetch the corrections shown on the article page (oldest first) in one query."""
        from .workflow import Correction

        return self.prefetch_related(
            Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "pk"))
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def without_body(self) -> ArticleQuerySet:
        """For lists of stories: the body, by far the longest column, stays in the database.
        Only for pages that never read it; each story would fetch it with a query of its own."""
        return self.defer("body")

    def for_cards(self) -> ArticleQuerySet:
        """Everything a list of stories shows, fetched in a fixed number of queries however
        long the list is: section and lede photo joined, bylines and tags prefetched."""
        return self.select_related("section", "lede_photo").prefetch_related(
            bylines_prefetch(), tags_prefetch()
        )


# Both keep their rows in a plain list (`to_attr`), read by Article.ordered_authors and
# Article.tag_list: prefetching into the related managers makes Django build a filtered
# queryset per story, which for a list of twenty stories cost more than the two queries.
def bylines_prefetch() -> Prefetch:
    return Prefetch(
        "bylines",
        queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk"),
        to_attr="prefetched_bylines",
    )


def tags_prefetch() -> Prefetch:
    return Prefetch("tags", to_attr="prefetched_tags")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = SanitizedHTMLField(_("body"), blank=True, extensions=BODY_EXTENSIONS)
    lede_photo = models.ForeignKey(
        Photo,
        verbose_name=_("lede photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lede_of",
    )
    lede_caption = models.CharField(
        _("lede caption"),
        max_length=500,
        blank=True,
        help_text=_("Overrides the photo's own caption for this story."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        Author,
        verbose_name=_("authors"),
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True, db_index=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_("The story may not be published or scheduled before this time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_articles",
    )
    # Optimistic concurrency: every saved edit increments it; a form carrying an older
    # number was opened before someone else's save and is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[ArticleQuerySet] = ArticleQuerySet.as_manager()  # type: ignore[assignment]
    # Set before a save to label the revision it creates and name who made it (both read
    # by simple-history).
    _change_reason: str
    _history_user: Any
    history = HistoricalRecords(excluded_fields=["updated_at"], user_related_name="+")

    class Meta:
        ordering = ("-published_at", "-pk")
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("edit_any_article", _("Can edit stories created by others")),
            ("review_article", _("Can review stories (request changes)")),
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("manage_corrections", _("Can add corrections to published stories")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            # A section page walks its live stories newest first down this index and stops
            # after one page, instead of reading every story of the section.
            models.Index(
                fields=["section", "-published_at"],
                condition=Q(status__in=["scheduled", "published"]),
                name="article_live_section_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(published_at__isnull=False),
                name="article_live_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        """A readable, stable address: /2026/11/28/slug/ by the local publication date. The
        slug alone identifies the story; the date is there for readers and is corrected by a
        redirect when it no longer matches."""
        day = timezone.localdate(self.published_at or timezone.now())
        return reverse_fast(
            "newsroom:article", year=day.year, month=day.month, day=day.day, slug=self.slug
        )

    @property
    def is_live(self) -> bool:
        return (
            self.status in LIVE_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_overdue(self) -> bool:
        return self.status == Article.Status.SCHEDULED and self.is_live

    def is_editable_by(self, user) -> bool:
        """Whether `user` may change this story's content (not its state): editors any story,
        a writer their own until they submit it (then it belongs to the editors until sent
        back with changes requested)."""
        if not user.is_active or not user.has_perm("articles.change_article"):
            return False
        if user.has_perm("articles.edit_any_article"):
            return True
        return (
            self.created_by_id is not None
            and self.created_by_id == user.pk
            and self.status in (Article.Status.DRAFT, Article.Status.CHANGES_REQUESTED)
        )

    def missing_for_publication(self) -> list[str]:
        """The publish checklist: what must be fixed before the story may go live, as
        sentences for the editor. Empty when it is ready."""
        missing: list[str | Promise] = []
        if not self.headline.strip():
            missing.append(_("a headline"))
        if not self.standfirst.strip():
            missing.append(_("a standfirst"))
        if not has_text(self.body):
            missing.append(_("body text"))
        if not self.section_id:
            missing.append(_("a section"))
        if self.pk is None or not self.bylines.exists():
            missing.append(_("at least one author"))
        if self.lede_photo is None:
            missing.append(_("a lede photo"))
        else:
            if not self.lede_photo.alt_text.strip():
                missing.append(_("alt text on the lede photo"))
            if not self.lede_photo.credit.strip():
                missing.append(_("a credit on the lede photo"))
        return [str(item) for item in missing]

    @property
    def caption(self) -> str:
        """The caption shown under the lede photo: the story's own, else the photo's."""
        if self.lede_caption:
            return self.lede_caption
        return self.lede_photo.caption if self.lede_photo else ""

    @property
    def ordered_authors(self) -> list[Author]:
        """Bylines in order; uses `bylines_prefetch()` when it has run."""
        bylines = self.__dict__.get("prefetched_bylines")
        if bylines is None:
            bylines = self.bylines.all()
        return [byline.author for byline in bylines]

    @property
    def tag_list(self) -> list[Tag]:
        """The story's tags; uses `tags_prefetch()` when it has run."""
        tags = self.__dict__.get("prefetched_tags")
        return list(self.tags.all()) if tags is None else tags

    def forget_prefetched_lists(self) -> None:
        """Drop what `bylines_prefetch()` and `tags_prefetch()` left on this instance. Django
        empties its own prefetch cache when a related manager changes or the instance is
        reloaded, but not lists kept with `to_attr`; see `refresh_from_db` and
        `forget_prefetched_tags`."""
        self.__dict__.pop("prefetched_bylines", None)
        self.__dict__.pop("prefetched_tags", None)

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None:  # as Django does for its own prefetch cache
            self.forget_prefetched_lists()


def forget_prefetched_tags(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """Receiver of `m2m_changed` for a story's tags (taggit sends it from `add`, `remove`,
    `set` and `clear`): the list `tag_list` reads would otherwise name the old tags."""
    if action.startswith("post_") and isinstance(instance, Article):
        instance.__dict__.pop("prefetched_tags", None)


def forget_prefetched_bylines(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Receiver of `post_save` and `post_delete` for a byline: the story instance it was
    saved through (`article.bylines.create(...)`, a form) no longer lists its authors."""
    if ArticleAuthor.article.is_cached(instance):
        instance.article.__dict__.pop("prefetched_bylines", None)


# A scheduled story is live once its time has come; see ArticleQuerySet.published().
LIVE_STATUSES = (Article.Status.SCHEDULED, Article.Status.PUBLISHED)


class ArticleAuthor(models.Model):
    """A byline: an author on a story, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("order", "pk")
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline"),
        ]

    def __str__(self) -> str:
        return self.author.name
