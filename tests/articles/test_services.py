from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles import services
from articles.models import Article, AuditEntry, find_moved_article
from articles.signals import story_changed
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def changes():
    """The story_changed signals sent, as (article pk, change) pairs."""
    sent: list[tuple[int | None, str]] = []

    def receiver(sender, article, change, **kwargs):
        sent.append((article.pk, change))

    story_changed.connect(receiver, dispatch_uid="test-changes")
    yield sent
    story_changed.disconnect(dispatch_uid="test-changes")


def draft(**kwargs):
    kwargs.setdefault("status", Status.DRAFT)
    kwargs.setdefault("published_at", None)
    return ArticleFactory(**kwargs)


def test_submit_writes_an_audit_entry_and_signals_after_commit(
    contributor, changes, django_capture_on_commit_callbacks
):
    story = draft(created_by=contributor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_article(article=story, by=contributor, note="Ready")
        assert changes == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    entry = AuditEntry.objects.get(article=story)
    assert (entry.action, entry.from_status, entry.to_status, entry.note, entry.actor) == (
        "submitted",
        Status.DRAFT,
        Status.IN_REVIEW,
        "Ready",
        contributor,
    )
    assert changes == [(story.pk, "submitted")]


def test_contributor_cannot_submit_someone_elses_draft(contributor, other_contributor):
    story = draft(created_by=other_contributor)
    with pytest.raises(PermissionDenied):
        services.submit_article(article=story, by=contributor)
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_request_changes_only_from_review(editor):
    story = draft()
    with pytest.raises(ValidationError, match="cannot be sent back"):
        services.request_changes(article=story, by=editor)


def test_contributor_resubmits_after_changes_were_requested(contributor, editor):
    story = draft(created_by=contributor)
    services.submit_article(article=story, by=contributor)
    services.request_changes(article=story, by=editor, note="Name the source")
    services.submit_article(article=story, by=contributor)
    assert story.status == Status.IN_REVIEW
    assert list(story.audit_entries.order_by("pk").values_list("action", flat=True)) == [
        "submitted",
        "changes requested",
        "submitted",
    ]


def test_publish_is_refused_with_the_list_of_what_is_missing(editor):
    photo = PhotoFactory(alt_text="", credit="")
    story = draft(standfirst="", section=None, lede_photo=photo, authors=[])
    with pytest.raises(ValidationError) as refused:
        services.publish_article(article=story, by=editor)
    messages = " ".join(refused.value.messages)
    for missing in ("standfirst", "section", "author", "alt text", "credit"):
        assert missing in messages
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "body", ["", "   ", "<p> </p>", "<p><br></p>", "<p>&nbsp;</p>\n<h2></h2><hr>"]
)
def test_publishing_or_scheduling_a_story_without_body_text_is_refused(editor, body):
    story = draft(body=body)
    with pytest.raises(ValidationError, match=r"Missing: body text\."):
        services.publish_article(article=story, by=editor)
    with pytest.raises(ValidationError, match=r"Missing: body text\."):
        services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=1))
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_a_body_of_one_short_line_is_enough_to_publish(editor):
    story = draft(body="<p>Ferry cancelled.</p>")
    services.publish_article(article=story, by=editor)
    assert story.status == Status.PUBLISHED


def test_publish_without_lede_photo_is_refused(editor):
    story = draft(lede_photo=None)
    with pytest.raises(ValidationError, match="lede photo"):
        services.publish_article(article=story, by=editor)


def test_publish_sets_time_and_signals(editor, changes, django_capture_on_commit_callbacks):
    story = draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=story, by=editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.is_live
    assert changes == [(story.pk, "published")]


def test_publishing_before_the_embargo_is_refused(editor):
    story = draft(embargo_until=timezone.now() + timedelta(hours=2))
    with pytest.raises(ValidationError, match="embargo"):
        services.publish_article(article=story, by=editor)
    with pytest.raises(ValidationError, match="embargo"):
        services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=1))
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_scheduling_after_the_embargo_is_allowed(editor):
    story = draft(embargo_until=timezone.now() + timedelta(hours=2))
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=3))
    assert story.status == Status.SCHEDULED


def test_scheduling_in_the_past_is_refused(editor):
    with pytest.raises(ValidationError, match="future"):
        services.schedule_article(
            article=draft(), by=editor, at=timezone.now() - timedelta(minutes=1)
        )


def test_scheduled_story_appears_when_the_clock_reaches_its_time(editor):
    at = timezone.now() + timedelta(hours=1)
    story = draft()
    services.schedule_article(article=story, by=editor, at=at)
    assert story not in Article.objects.published()
    assert story not in Article.objects.published(now=at - timedelta(seconds=1))
    assert story in Article.objects.published(now=at)
    assert story in Article.objects.overdue(now=at + timedelta(minutes=5))


def test_publication_task_completes_an_overdue_story_once(editor, changes):
    story = draft()
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=1))
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    from articles.tasks import run_publication

    run_publication.enqueue(article_id=story.pk)
    run_publication.enqueue(article_id=story.pk)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert story.audit_entries.filter(action="went live", actor=None).count() == 1
    assert not Article.objects.overdue().exists()


def test_publication_task_leaves_a_story_rescheduled_later_alone(editor):
    story = draft()
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=1))
    services.complete_publication(article_id=story.pk)
    assert Article.objects.get(pk=story.pk).status == Status.SCHEDULED


def test_catch_up_command_publishes_overdue_stories(editor, capsys):
    story = draft()
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=1))
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(hours=1))
    call_command("catch_up_publishing", "--dry-run")
    assert Article.objects.get(pk=story.pk).status == Status.SCHEDULED
    call_command("catch_up_publishing")
    assert Article.objects.get(pk=story.pk).status == Status.PUBLISHED
    out = capsys.readouterr().out
    assert "Overdue:" in out and "Caught up 1" in out


def test_unpublish_needs_a_reason_and_hides_the_story(editor):
    story = ArticleFactory()
    with pytest.raises(ValidationError, match="why"):
        services.unpublish_article(article=story, by=editor, reason="  ")
    services.unpublish_article(article=story, by=editor, reason="Legal advice")
    assert story not in Article.objects.published()
    assert story.audit_entries.get().note == "Legal advice"


def test_correction_bumps_updated_time_and_is_audited(editor, changes):
    story = ArticleFactory()
    Article.objects.filter(pk=story.pk).update(updated_at=timezone.now() - timedelta(days=1))
    correction = services.add_correction(
        article=story, by=editor, kind="clarification", text="The mayor spoke second."
    )
    story.refresh_from_db()
    assert story.updated_at >= correction.created_at - timedelta(seconds=1)
    assert story.updated_at > timezone.now() - timedelta(minutes=1)
    assert story.audit_entries.filter(action="clarification added").exists()


def test_correction_refused_on_unpublished_story(editor):
    with pytest.raises(ValidationError, match="published"):
        services.add_correction(article=draft(), by=editor, kind="correction", text="x")


def test_contributor_cannot_correct(contributor):
    with pytest.raises(PermissionDenied):
        services.add_correction(
            article=ArticleFactory(), by=contributor, kind="correction", text="x"
        )


def test_restore_revision_brings_back_old_text_as_a_new_revision(editor):
    story = draft(created_by=editor, headline="First headline")
    first = story.history.latest()
    story.headline = "Second headline"
    services.update_article(article=story, by=editor, previous_slug=story.slug)
    count = story.history.count()
    services.restore_revision(article=story, by=editor, history_id=first.history_id)
    story.refresh_from_db()
    assert story.headline == "First headline"
    assert story.history.count() == count + 1
    assert story.version == 3
    assert story.history.latest().history_user == editor


def test_restore_refuses_a_revision_of_another_story(editor):
    story, other = draft(), draft()
    with pytest.raises(ValidationError):
        services.restore_revision(
            article=story, by=editor, history_id=other.history.latest().history_id
        )


def test_changing_a_published_slug_keeps_the_old_address(editor):
    story = ArticleFactory(slug="old-slug")
    story.slug = "new-slug"
    services.update_article(article=story, by=editor, previous_slug="old-slug")
    assert find_moved_article("old-slug") == story
    assert find_moved_article("never-existed") is None


def test_draft_slug_changes_are_not_remembered(editor):
    story = draft(slug="draft-slug")
    story.slug = "better-slug"
    services.update_article(article=story, by=editor, previous_slug="draft-slug")
    assert find_moved_article("draft-slug") is None


def test_old_slug_of_an_unpublished_story_leads_nowhere(editor):
    story = ArticleFactory(slug="was-here")
    story.slug = "now-here"
    services.update_article(article=story, by=editor, previous_slug="was-here")
    services.unpublish_article(article=story, by=editor, reason="Withdrawn")
    assert find_moved_article("was-here") is None


def test_available_transitions_fit_role_and_state(contributor, editor):
    story = draft(created_by=contributor)
    assert services.available_transitions(article=story, user=contributor) == ["submit"]
    assert services.available_transitions(article=story, user=editor) == [
        "submit",
        "publish",
        "schedule",
    ]
    live = ArticleFactory()
    assert services.available_transitions(article=live, user=editor) == ["unpublish", "correct"]
    assert services.available_transitions(article=live, user=contributor) == []


def test_presence_keeps_the_first_open_time_and_lists_others(contributor, editor):
    story = draft(created_by=contributor)
    assert services.note_editing(article=story, by=contributor) == []
    others = services.note_editing(article=story, by=editor)
    assert [presence.user for presence in others] == [contributor]
    opened = others[0].opened_at
    again = services.note_editing(article=story, by=editor)
    assert again[0].opened_at == opened


def test_republishing_keeps_the_first_publication_time(editor):
    first = timezone.now() - timedelta(days=3)
    story = ArticleFactory(published_at=first)
    services.unpublish_article(article=story, by=editor, reason="Checking a fact")
    services.publish_article(article=story, by=editor)
    assert story.published_at == first
    assert story.is_live


def test_publishing_a_story_unscheduled_before_its_time_goes_live_now(editor):
    story = draft()
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(days=1))
    services.unpublish_article(article=story, by=editor, reason="Held back")
    services.publish_article(article=story, by=editor)
    assert story.is_live


def test_restore_refuses_a_slug_another_story_has_taken_since(editor):
    story = draft(created_by=editor, slug="harbour-plan")
    old = story.history.latest()
    story.slug = "harbour-plan-v2"
    services.update_article(article=story, by=editor, previous_slug="harbour-plan")
    draft(slug="harbour-plan")
    with pytest.raises(ValidationError, match="another story"):
        services.restore_revision(article=story, by=editor, history_id=old.history_id)
    assert Article.objects.get(pk=story.pk).slug == "harbour-plan-v2"


def test_restore_drops_a_photo_deleted_since(editor):
    story = draft(created_by=editor)
    old = story.history.latest()
    photo = story.lede_photo
    story.lede_photo = None
    services.update_article(article=story, by=editor, previous_slug=story.slug)
    photo.delete()
    services.restore_revision(article=story, by=editor, history_id=old.history_id)
    assert Article.objects.get(pk=story.pk).lede_photo is None
