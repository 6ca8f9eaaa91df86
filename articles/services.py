"""Every change to a story's state goes through one of these functions.

Contract for each transition: it checks that `by` may do it (PermissionDenied) and that the
story is in a state it applies to (ValidationError with a readable message), locks the row
with SELECT ... FOR UPDATE inside `transaction.atomic()`, writes an `AuditEntry`, and sends
`articles.signals.story_changed` only after the commit. The passed `article` is refreshed
from the locked row, so callers get the saved state back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import (
    PRESENCE_WINDOW,
    Article,
    ArticleSlugHistory,
    AuditEntry,
    Correction,
    EditingPresence,
    Photo,
    Section,
)
from .signals import StoryPlacement, story_changed

Status = Article.Status

SUBMITTABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
PUBLISHABLE = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
SCHEDULABLE = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
UNPUBLISHABLE = (Status.SCHEDULED, Status.PUBLISHED)
# Fields a restored revision brings back. The workflow state and its times are not content:
# restoring an old text must not republish or unschedule a story.
RESTORABLE_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "lede_photo_id",
    "lede_caption",
    "section_id",
    "language",
    "embargo_until",
)


def local_time(value: datetime) -> str:
    """A time as shown to editors: in the newsroom's zone, with the zone named."""
    shown = date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return f"{shown} ({timezone.get_current_timezone_name()})"


def _require(user, perm: str, message: str) -> None:
    if not (user and user.is_active and user.has_perm(perm)):
        raise PermissionDenied(message)


def _require_edit(user, article: Article) -> None:
    if not (user and article.is_editable_by(user)):
        raise PermissionDenied(_("You may not change this story."))


def _require_state(article: Article, allowed: tuple[str, ...], verb: str) -> None:
    if article.status not in allowed:
        raise ValidationError(
            _("A story that is “%(state)s” cannot be %(verb)s.")
            % {"state": article.get_status_display(), "verb": verb}
        )


def _lock(article: Article) -> Article:
    """Re-read the story under a row lock (call inside an atomic block) and copy the locked
    state onto the caller's instance."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    article.refresh_from_db()
    return locked


def _check_ready(article: Article, *, at: datetime) -> None:
    """The publish checklist plus the embargo, as one ValidationError listing everything."""
    problems = [
        _("Missing: %(item)s.") % {"item": item} for item in article.missing_for_publication()
    ]
    if article.embargo_until and at < article.embargo_until:
        problems.append(
            _("The story is under embargo until %(time)s.")
            % {"time": local_time(article.embargo_until)}
        )
    if problems:
        raise ValidationError(problems)


def _move(article: Article, *, to: str, by, action: str, note: str = "", **fields: Any) -> None:
    from_status = article.status
    article.status = to
    for name, value in fields.items():
        setattr(article, name, value)
    article._change_reason = action  # recorded on the history entry by simple-history
    _sign_revision(article, by)
    article.save()
    AuditEntry.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=to,
        note=note,
        actor=by if by and by.is_authenticated else None,
    )


def _sign_revision(article: Article, by) -> None:
    """Name `by` on the revision the next save creates, also outside a request (commands,
    tasks), where simple-history's middleware cannot tell who it was."""
    article._history_user = by if by is not None and by.is_authenticated else None


def _announce(article: Article, change: str, *, before: StoryPlacement | None = None) -> None:
    transaction.on_commit(
        lambda: story_changed.send(sender=Article, article=article, change=change, before=before)
    )


def _saved_placement(article: Article) -> StoryPlacement:
    """Where the story appears according to the database, before an edit reaches it."""
    return StoryPlacement.of(Article.objects.select_related("section").get(pk=article.pk))


def available_transitions(*, article: Article, user) -> list[str]:
    """The workflow steps the change form offers `user` on this story: the same rules the
    transitions enforce, so a button is never shown for a step that would be refused for
    lack of permission or the wrong state (the checklist may still refuse it)."""
    steps: list[str] = []
    status = article.status
    if status in SUBMITTABLE and article.is_editable_by(user):
        steps.append("submit")
    if status == Status.IN_REVIEW and user.has_perm("articles.review_article"):
        steps.append("request-changes")
    if user.has_perm("articles.publish_article"):
        if status in PUBLISHABLE:
            steps.append("publish")
        if status in SCHEDULABLE:
            steps.append("schedule")
        if status in UNPUBLISHABLE:
            steps.append("unpublish")
    if article.is_live and user.has_perm("articles.manage_corrections"):
        steps.append("correct")
    return steps


def create_article(*, article: Article, by) -> Article:
    """Save a new story as a draft owned by `by`, whatever state the caller put on it."""
    if not (by and by.is_active and by.has_perm("articles.add_article")):
        raise PermissionDenied(_("You may not write stories."))
    with transaction.atomic():
        article.status = Status.DRAFT
        article.published_at = None
        article.created_by = by
        article.version = 1
        article._change_reason = "created"
        _sign_revision(article, by)
        article.save()
        AuditEntry.objects.create(
            article=article, action="created", to_status=Status.DRAFT, actor=by
        )
    return article


def update_article(*, article: Article, by, previous_slug: str) -> Article:
    """Save an edit to a story's content (the caller has checked the version under a lock,
    see ArticleAdminForm). A published story's old slug is kept so its address keeps
    working."""
    _require_edit(by, article)
    with transaction.atomic():
        before = _saved_placement(article)
        article.version += 1
        _sign_revision(article, by)
        article.save()
        if previous_slug and previous_slug != article.slug and article.published_at:
            ArticleSlugHistory.objects.filter(slug=article.slug).delete()
            ArticleSlugHistory.objects.update_or_create(
                slug=previous_slug, defaults={"article": article}
            )
        EditingPresence.objects.filter(article=article, user=by).delete()
        _announce(article, "edited", before=before)
    return article


def submit_article(*, article: Article, by, note: str = "") -> Article:
    _require_edit(by, article)
    with transaction.atomic():
        _lock(article)
        _require_state(article, SUBMITTABLE, _("submitted for review"))
        _move(article, to=Status.IN_REVIEW, by=by, action="submitted", note=note)
        _announce(article, "submitted")
    return article


def request_changes(*, article: Article, by, note: str = "") -> Article:
    _require(by, "articles.review_article", _("Only editors may request changes."))
    with transaction.atomic():
        _lock(article)
        _require_state(article, (Status.IN_REVIEW,), _("sent back for changes"))
        _move(article, to=Status.CHANGES_REQUESTED, by=by, action="changes requested", note=note)
        _announce(article, "changes_requested")
    return article


def publish_article(*, article: Article, by, note: str = "") -> Article:
    """Publish now; readers' caches are told after the commit."""
    _require(by, "articles.publish_article", _("Only editors may publish stories."))
    now = timezone.now()
    with transaction.atomic():
        _lock(article)
        _require_state(article, PUBLISHABLE, _("published"))
        _check_ready(article, at=now)
        # A story taken down and put back keeps its first publication time (and address).
        first = article.published_at
        republished = article.status == Status.UNPUBLISHED and first is not None and first <= now
        published_at = first if republished else now
        _move(
            article,
            to=Status.PUBLISHED,
            by=by,
            action="published",
            note=note,
            published_at=published_at,
        )
        _announce(article, "published")
    return article


def schedule_article(*, article: Article, by, at: datetime, note: str = "") -> Article:
    """Schedule for `at` (in the future). Readers see the story from then on whatever
    happens (see ArticleQuerySet.published); a deferred task runs the side effects, and
    `catch_up_publishing` runs them if no worker was there to do it."""
    _require(by, "articles.publish_article", _("Only editors may schedule stories."))
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at <= timezone.now():
        raise ValidationError(_("Choose a time in the future, or publish now."))
    with transaction.atomic():
        _lock(article)
        _require_state(article, SCHEDULABLE, _("scheduled"))
        _check_ready(article, at=at)
        _move(article, to=Status.SCHEDULED, by=by, action="scheduled", note=note, published_at=at)
        _announce(article, "scheduled")
        _enqueue_publication(article, at=at)
    return article


def unpublish_article(*, article: Article, by, reason: str) -> Article:
    _require(by, "articles.publish_article", _("Only editors may unpublish stories."))
    if not reason.strip():
        raise ValidationError(_("Say why the story is taken down."))
    with transaction.atomic():
        _lock(article)
        _require_state(article, UNPUBLISHABLE, _("unpublished"))
        _move(article, to=Status.UNPUBLISHED, by=by, action="unpublished", note=reason.strip())
        _announce(article, "unpublished")
    return article


def complete_publication(*, article_id: int) -> Article | None:
    """The publish-time side effects, run by the task (or by `catch_up_publishing`): a
    scheduled story whose time has come becomes PUBLISHED and readers' caches are told.
    Does nothing for a story that was unscheduled, rescheduled later or already done, so
    running it twice is harmless."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Status.SCHEDULED:
            return article
        if article.published_at is None or article.published_at > timezone.now():
            return article
        _move(article, to=Status.PUBLISHED, by=None, action="went live")
        _announce(article, "published")
    return article


def _enqueue_publication(article: Article, *, at: datetime) -> None:
    from django.tasks import default_task_backend

    from .tasks import run_publication

    def enqueue() -> None:
        if default_task_backend.supports_defer:
            run_publication.using(run_after=at).enqueue(article_id=article.pk)
        # Without a deferring backend the query-time rule still shows the story on time;
        # `catch_up_publishing` (and the admin's overdue list) covers the side effects.

    transaction.on_commit(enqueue)


def add_correction(*, article: Article, by, kind: str, text: str) -> Correction:
    """Append a correction, clarification or update to a live story and bump its updated
    time so readers and feeds see that it changed."""
    _require(by, "articles.manage_corrections", _("Only editors may add corrections."))
    if not text.strip():
        raise ValidationError(_("Write the text of the correction."))
    if kind not in Correction.Kind.values:
        raise ValidationError(_("Choose a correction type."))
    with transaction.atomic():
        _lock(article)
        if not article.is_live:
            raise ValidationError(_("Corrections are added to published stories only."))
        correction = Correction.objects.create(
            article=article, kind=kind, text=text.strip(), created_by=by
        )
        article._change_reason = f"{kind} added"
        _sign_revision(article, by)
        article.save(update_fields=["updated_at"])
        AuditEntry.objects.create(
            article=article,
            action=f"{kind} added",
            from_status=article.status,
            to_status=article.status,
            note=correction.text,
            actor=by,
        )
        _announce(article, "corrected")
    return correction


def restore_revision(*, article: Article, by, history_id: int) -> Article:
    """Bring back an old revision's content as a new revision; the history keeps both."""
    _require_edit(by, article)
    with transaction.atomic():
        _lock(article)
        record = article.history.filter(history_id=history_id).first()
        if record is None:
            raise ValidationError(_("That revision does not belong to this story."))
        if Article.objects.exclude(pk=article.pk).filter(slug=record.slug).exists():
            raise ValidationError(
                _("That revision's slug “%(slug)s” now belongs to another story.")
                % {"slug": record.slug}
            )
        previous_slug = article.slug
        for name in RESTORABLE_FIELDS:
            setattr(article, name, getattr(record, name))
        # A photo or section deleted since that revision cannot come back with it.
        if article.lede_photo_id and not Photo.objects.filter(pk=article.lede_photo_id).exists():
            article.lede_photo_id = None
        if article.section_id and not Section.objects.filter(pk=article.section_id).exists():
            article.section_id = None
        article._change_reason = f"restored revision of {local_time(record.history_date)}"
        update_article(article=article, by=by, previous_slug=previous_slug)
        AuditEntry.objects.create(
            article=article,
            action="revision restored",
            from_status=article.status,
            to_status=article.status,
            note=article._change_reason,
            actor=by,
        )
    return article


def delete_article(*, article: Article, by) -> None:
    _require(by, "articles.delete_article", _("Only editors may delete stories."))
    with transaction.atomic():
        _lock(article)
        before = _saved_placement(article)
        article.delete()
        _announce(article, "deleted", before=before)


def note_editing(*, article: Article, by) -> list[EditingPresence]:
    """Record that `by` has the story's form open and return everyone else who has it open
    (within PRESENCE_WINDOW), longest first. Opening again within the window keeps the
    original "open since" time."""
    now = timezone.now()
    presence, created = EditingPresence.objects.get_or_create(
        article=article, user=by, defaults={"opened_at": now, "seen_at": now}
    )
    if not created:
        if presence.seen_at < now - PRESENCE_WINDOW:
            presence.opened_at = now
        presence.seen_at = now
        presence.save(update_fields=["opened_at", "seen_at"])
    return list(
        EditingPresence.objects.current(now=now)
        .filter(article=article)
        .exclude(user=by)
        .order_by("opened_at")
    )
