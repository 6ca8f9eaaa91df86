from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from articles import services
from articles.models import Article, AuditEntry
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, UserFactory

from .conftest import story_form_data

pytestmark = pytest.mark.django_db
Status = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(**kwargs):
    return ArticleFactory(status=Status.DRAFT, published_at=None, **kwargs)


def test_contributor_tampered_post_of_status_and_time_still_saves_a_draft(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("admin:articles_article_add"),
        story_form_data(
            status="published",
            published_at_0="2020-01-01",
            published_at_1="10:00",
            created_by=UserFactory().pk,
            version=99,
        ),
    )
    assert response.status_code == 302
    story = Article.objects.get(slug="ferry-timetable-cut")
    assert (story.status, story.published_at, story.created_by, story.version) == (
        Status.DRAFT,
        None,
        contributor,
        1,
    )


def test_contributor_tampered_edit_cannot_publish_or_lift_the_embargo(client, contributor):
    embargo = timezone.now() + timedelta(days=2)
    story = draft(created_by=contributor, embargo_until=embargo)
    client.force_login(contributor)
    client.post(
        change_url(story),
        story_form_data(
            story,
            headline="Changed",
            status="published",
            published_at_0="2020-01-01",
            published_at_1="10:00",
            embargo_until_0="",
            embargo_until_1="",
        ),
    )
    story.refresh_from_db()
    assert story.headline == "Changed"
    assert story.status == Status.DRAFT and story.published_at is None
    assert story.embargo_until == embargo


def test_contributor_cannot_open_another_contributors_draft(client, contributor, other_contributor):
    story = draft(created_by=other_contributor)
    client.force_login(contributor)
    response = client.get(change_url(story))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    listing = client.get(reverse("admin:articles_article_changelist"))
    assert story.headline not in listing.text


def test_contributor_story_in_review_is_read_only_for_them(client, contributor):
    story = ArticleFactory(status=Status.IN_REVIEW, published_at=None, created_by=contributor)
    client.force_login(contributor)
    response = client.get(change_url(story))
    assert response.status_code == 200
    assert 'name="headline"' not in response.text
    response = client.post(change_url(story), story_form_data(story, headline="Sneaky"))
    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).headline == story.headline


def test_change_form_shows_steps_for_the_role_not_a_status_dropdown(client, editor, contributor):
    story = ArticleFactory(status=Status.IN_REVIEW, published_at=None, created_by=contributor)
    client.force_login(editor)
    page = client.get(change_url(story)).text
    assert 'name="status"' not in page
    for button in ("Request changes", "Publish now", "Schedule"):
        assert button in page
    assert "Unpublish</button>" not in page
    assert "Publish at (Europe/London)" in page
    assert "Embargo until (Europe/London)" in page


def test_stale_second_save_is_refused_naming_who_and_when(client, editor, chief):
    story = draft(created_by=editor)
    first = story_form_data(story, headline="Editor's version")
    second = story_form_data(story, body="<p>Chief's careful rewrite.</p>")
    client.force_login(editor)
    assert client.post(change_url(story), first).status_code == 302
    client.force_login(chief)
    response = client.post(change_url(story), second)
    assert response.status_code == 200
    page = response.text
    assert "Not saved: Edie Editor saved this story at" in page
    assert "(Europe/London)" in page
    assert "Your refused text (not saved)" in page
    assert "Chief&#x27;s careful rewrite." in page
    story.refresh_from_db()
    assert story.headline == "Editor's version" and story.version == 2
    assert "careful rewrite" not in story.body


def test_saving_an_unchanged_form_adds_no_revision(client, editor):
    story = draft(created_by=editor)
    revisions = story.history.count()
    client.force_login(editor)
    client.post(change_url(story), story_form_data(story))
    story.refresh_from_db()
    assert story.history.count() == revisions
    assert story.version == 1


def test_change_form_says_who_else_has_the_story_open(client, editor, chief):
    story = draft(created_by=editor)
    client.force_login(chief)
    client.get(change_url(story))
    client.force_login(editor)
    page = client.get(change_url(story)).text
    assert "Chiara Chief has had this story open since" in page


def test_save_and_submit_button_submits_after_saving(client, contributor):
    client.force_login(contributor)
    client.post(
        reverse("admin:articles_article_add"), story_form_data(_save_and_submit="Save and submit")
    )
    story = Article.objects.get(slug="ferry-timetable-cut")
    assert story.status == Status.IN_REVIEW
    assert story.audit_entries.filter(action="submitted", actor=contributor).exists()


def test_workflow_refusal_is_shown_as_a_message(client, editor):
    story = draft(standfirst="")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_workflow", args=[story.pk, "publish"]), follow=True
    )
    assert "Missing: a standfirst." in response.text
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_workflow_panel_lists_an_empty_body_among_what_publishing_needs(client, editor):
    story = draft(body="<p><br></p>")
    client.force_login(editor)
    panel = client.get(change_url(story)).context["missing_for_publication"]
    assert panel == ["body text"]


def test_schedule_with_a_malformed_time_gives_a_clear_message(client, editor):
    story = draft()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_workflow", args=[story.pk, "schedule"]),
        {"at": "next tuesday"},
        follow=True,
    )
    assert "Give the publication time as date and time" in response.text


def test_schedule_time_is_read_in_the_newsroom_time_zone(client, editor):
    story = draft()
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_workflow", args=[story.pk, "schedule"]),
        {"at": "2099-07-01T09:30"},  # British summer time: 08:30 UTC
    )
    story.refresh_from_db()
    assert story.published_at.isoformat() == "2099-07-01T08:30:00+00:00"


def take_step(client, story, action: str, **data: str):
    """Post one step of the change form's workflow panel and follow back to the form."""
    url = reverse("admin:articles_article_workflow", args=[story.pk, action])
    return client.post(url, data, follow=True)


@pytest.mark.parametrize(
    "at",
    [
        "2027-03-28T01:30",  # does not exist: the clocks go from 01:00 to 02:00
        "2027-10-31T01:30",  # happens twice: the clocks go back from 02:00 to 01:00
        "9999-12-31T23:59-05:00",  # after 9999-12-31 once in UTC, as stored
    ],
)
def test_schedule_at_a_time_the_newsroom_clock_cannot_name_gives_a_message(client, editor, at):
    story = draft()
    client.force_login(editor)
    response = take_step(client, story, "schedule", at=at)
    assert response.status_code == 200
    assert (
        "it may be ambiguous or it may not exist" in response.text
        or "Give the publication time as date and time" in response.text
    )
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


@pytest.mark.parametrize("action", ["correct", "unpublish", "publish"])
def test_workflow_note_with_a_nul_character_is_refused_with_a_message(client, editor, action):
    # PostgreSQL cannot store NUL in text: it must never reach a service.
    story = ArticleFactory() if action != "publish" else draft()
    audit_entries = AuditEntry.objects.count()
    client.force_login(editor)
    response = take_step(client, story, action, note="Wrong\x00date", kind="correction")
    assert "Null characters are not allowed." in response.text
    assert Article.objects.get(pk=story.pk).status == story.status
    assert not story.corrections.exists()
    # Not a lookup for the NUL: PostgreSQL refuses one in a query parameter too.
    assert AuditEntry.objects.count() == audit_entries


def test_a_refused_step_shows_the_note_typed_again_once(client, editor):
    story = draft(standfirst="")
    client.force_login(editor)
    response = take_step(client, story, "publish", note="Lawyer cleared the quote")
    assert "Missing: a standfirst." in response.text
    assert (
        '<textarea id="wf-publish-note" name="note">\nLawyer cleared the quote</textarea>'
        in response.text
    )
    assert "Lawyer cleared the quote" not in client.get(change_url(story)).text


def test_a_refused_schedule_shows_the_time_typed_again(client, editor):
    story = draft()
    client.force_login(editor)
    response = take_step(client, story, "schedule", at="2001-01-05T09:00")
    assert "Choose a time in the future" in response.text
    assert 'name="at" min="' in response.text
    assert 'value="2001-01-05T09:00"' in response.text


def test_a_refused_correction_keeps_its_type(client, editor):
    story = ArticleFactory()
    client.force_login(editor)
    response = take_step(client, story, "correct", note="  ", kind="clarification")
    assert "Write the text of the correction." in response.text
    assert '<option value="clarification" selected>' in response.text


def test_changelist_queries_do_not_grow_with_the_list(
    client, editor, django_assert_max_num_queries
):
    section = SectionFactory()
    for _ in range(3):
        ArticleFactory(section=section, authors=[AuthorFactory(), AuthorFactory()])
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _ in range(10):
        ArticleFactory(section=section, authors=[AuthorFactory(), AuthorFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "state-badge--published" in response.text
    assert "publication time (europe/london)" in response.text.lower()


def test_changelist_warns_about_overdue_scheduled_stories(client, editor):
    story = draft()
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(hours=1))
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(hours=1))
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert "catch_up_publishing" in response.text
    overdue = client.get(reverse("admin:articles_article_changelist") + "?overdue=yes")
    assert story.headline in overdue.text


def test_admin_home_shows_the_workflow_blocks(client, editor, contributor):
    mine = draft(created_by=editor, headline="My own draft")
    waiting = ArticleFactory(
        status=Status.IN_REVIEW, published_at=None, headline="Waiting one", created_by=contributor
    )
    soon = draft(headline="Coming soon")
    services.schedule_article(article=soon, by=editor, at=timezone.now() + timedelta(hours=3))
    live = ArticleFactory(headline="Out already")
    client.force_login(editor)
    page = client.get(reverse("admin:index")).text
    for heading in ("Awaiting review", "My drafts", "Scheduled next", "Recently published"):
        assert heading in page
    for story in (mine, waiting, soon, live):
        assert story.headline in page


def test_contributor_dashboard_shows_only_their_stories(client, contributor, other_contributor):
    draft(created_by=other_contributor, headline="Not yours")
    draft(created_by=contributor, headline="Yours")
    client.force_login(contributor)
    page = client.get(reverse("admin:index")).text
    assert "Yours" in page and "Not yours" not in page


def test_publish_bulk_action_is_offered_only_to_those_who_may_publish(client, editor, contributor):
    draft(created_by=contributor)
    url = reverse("admin:articles_article_changelist")
    client.force_login(contributor)
    assert "publish_selected" not in client.get(url).text
    assert "delete_selected" not in client.get(url).text
    client.force_login(editor)
    assert "publish_selected" in client.get(url).text


def test_publish_bulk_action_reports_refusals(client, editor):
    ready, incomplete = draft(), draft(standfirst="")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, incomplete.pk]},
        follow=True,
    )
    assert Article.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=incomplete.pk).status == Status.DRAFT
    assert "Missing: a standfirst." in response.text


def test_contributor_forged_publish_action_is_refused(client, contributor):
    story = draft(created_by=contributor)
    client.force_login(contributor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_history_page_and_diff_between_two_revisions(client, editor):
    story = draft(created_by=editor, body="<p>Boats left at dawn.</p><p>Gulls followed.</p>")
    client.force_login(editor)
    client.post(
        change_url(story),
        story_form_data(
            story,
            headline="Boats leave early",
            body="<p>Boats left before dawn.</p><p>Gulls followed.</p><p>Rain came.</p>",
        ),
    )
    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).text
    assert "Edie Editor" in history and "Created" in history
    new, old = story.history.all()[:2]
    response = client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"old": old.history_id, "new": new.history_id},
    )
    page = response.text
    assert "<del>at</del><ins>before</ins>" in page
    assert '<p class="para--inserted">' in page and "<ins>Rain came.</ins>" in page
    assert '<p class="para--same">Gulls followed.</p>' in page
    assert "Boats leave early" in page


def test_restore_from_the_history_page(client, editor):
    story = draft(created_by=editor, headline="Original")
    original = story.history.latest()
    client.force_login(editor)
    client.post(change_url(story), story_form_data(story, headline="Rewritten"))
    client.post(reverse("admin:articles_article_restore", args=[story.pk, original.history_id]))
    assert Article.objects.get(pk=story.pk).headline == "Original"


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_contributor_cannot_restore_a_revision_once_the_story_is_submitted(
    client, contributor, editor, status
):
    story = draft(created_by=contributor, headline="Original")
    original = story.history.latest()
    story.headline = "Edited by the desk"
    services.update_article(article=story, by=editor, previous_slug=story.slug)
    published_at = timezone.now() - timedelta(hours=1) if status == Status.PUBLISHED else None
    Article.objects.filter(pk=story.pk).update(status=status, published_at=published_at)
    client.force_login(contributor)
    client.post(reverse("admin:articles_article_restore", args=[story.pk, original.history_id]))
    story.refresh_from_db()
    assert story.headline == "Edited by the desk"
    with pytest.raises(PermissionDenied):
        services.restore_revision(article=story, by=contributor, history_id=original.history_id)


def test_moving_the_embargo_past_a_scheduled_time_is_refused(client, editor):
    at = timezone.now() + timedelta(hours=1)
    story = ArticleFactory(status=Status.SCHEDULED, published_at=at, created_by=editor)
    later = timezone.localtime(at + timedelta(days=2))
    client.force_login(editor)
    response = client.post(
        change_url(story),
        story_form_data(
            story,
            embargo_until_0=later.strftime("%Y-%m-%d"),
            embargo_until_1=later.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 200
    assert "before this embargo ends" in response.content.decode()
    story.refresh_from_db()
    assert story.embargo_until is None


def test_a_changed_slug_answers_the_old_address_with_a_permanent_redirect(client, editor):
    story = ArticleFactory(slug="old-quay-story", created_by=editor)
    old_url = story.get_absolute_url()
    client.force_login(editor)
    client.post(change_url(story), story_form_data(story, slug="new-quay-story"))
    reader = type(client)()
    response = reader.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == Article.objects.get(pk=story.pk).get_absolute_url()
    assert reader.get(response["Location"]).status_code == 200


def test_contributor_cannot_read_history_of_others(client, contributor, other_contributor):
    story = draft(created_by=other_contributor)
    client.force_login(contributor)
    response = client.get(reverse("admin:articles_article_history", args=[story.pk]))
    assert response.status_code == 404


# --- users and roles ----------------------------------------------------------------------


def user_form(user, **overrides):
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "is_active": "on",
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return data


def test_editor_cannot_see_users(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_chief_editor_grants_roles_but_not_superuser(client, chief):
    reporter = UserFactory()
    client.force_login(chief)
    client.post(
        reverse("admin:accounts_user_change", args=[reporter.pk]),
        user_form(
            reporter,
            is_staff="on",
            is_superuser="on",
            groups=[Group.objects.get(name="Contributor").pk],
        ),
    )
    reporter.refresh_from_db()
    assert reporter.is_staff and not reporter.is_superuser
    assert list(reporter.groups.values_list("name", flat=True)) == ["Contributor"]


def test_user_manager_without_chief_role_cannot_grant_staff_or_groups(client, roles):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    target = UserFactory()
    client.force_login(clerk)
    client.post(
        reverse("admin:accounts_user_change", args=[target.pk]),
        user_form(
            target,
            display_name="Renamed",
            is_staff="on",
            groups=[Group.objects.get(name="Editor").pk],
        ),
    )
    target.refresh_from_db()
    assert target.display_name == "Renamed"
    assert not target.is_staff and not target.groups.exists()


def test_chief_editor_cannot_change_a_superuser(client, chief):
    boss = User.objects.create_superuser("boss@example.org", "x" * 16)
    client.force_login(chief)
    response = client.post(
        reverse("admin:accounts_user_change", args=[boss.pk]),
        user_form(boss, email="chief-took-over@example.org"),
    )
    assert response.status_code in (302, 403)
    assert User.objects.get(pk=boss.pk).email == "boss@example.org"


def test_view_on_site_is_offered_for_live_stories_only(client, editor):
    client.force_login(editor)
    assert "View on site" not in client.get(change_url(draft())).text
    assert "View on site" in client.get(change_url(ArticleFactory())).text


def test_changing_only_the_bylines_is_a_new_version(client, editor):
    story = draft(created_by=editor)
    extra = AuthorFactory()
    data = story_form_data(story)
    data.update(
        {
            "bylines-TOTAL_FORMS": 2,
            "bylines-1-article": story.pk,
            "bylines-1-author": extra.pk,
            "bylines-1-order": 1,
        }
    )
    client.force_login(editor)
    client.post(change_url(story), data)
    story.refresh_from_db()
    assert story.version == 2
    assert extra in story.ordered_authors


def test_admin_edit_and_delete_announce_the_change_after_commit(
    client, editor, django_capture_on_commit_callbacks
):
    from articles.signals import story_changed

    sent = []

    def receiver(sender, article, change, **kwargs):
        sent.append((article.headline, change))

    story_changed.connect(receiver, dispatch_uid="admin-test")
    try:
        story = ArticleFactory(created_by=editor)
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(change_url(story), story_form_data(story, headline="Fixed headline"))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    finally:
        story_changed.disconnect(dispatch_uid="admin-test")
    assert sent == [("Fixed headline", "edited"), ("Fixed headline", "deleted")]


def test_a_tag_longer_than_a_tag_may_be_is_refused_next_to_the_field(client, editor):
    # PostgreSQL refuses a tag name over its column's 100 characters: a 500 on save.
    story = draft(created_by=editor)
    client.force_login(editor)
    response = client.post(
        change_url(story), story_form_data(story, tags=f"harbour, {'x' * 101}", body="<p>Kept</p>")
    )
    assert response.status_code == 200
    assert "at most 100 characters" in response.context["adminform"].form.errors["tags"][0]
    assert "Kept" in response.text
    assert list(Article.objects.get(pk=story.pk).tags.names()) == []


def test_a_tag_typed_in_another_case_reuses_the_existing_tag(client, editor):
    ArticleFactory(tags=["Harbour"])
    story = draft(created_by=editor)
    client.force_login(editor)
    response = client.post(change_url(story), story_form_data(story, tags="harbour, HARBOUR"))
    assert response.status_code == 302
    assert list(Article.objects.get(pk=story.pk).tags.names()) == ["Harbour"]
    assert Tag.objects.count() == 1
