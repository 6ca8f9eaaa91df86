"""The editorial journey in Chromium: a contributor writes and submits a story, an editor
sends it back, the contributor revises and resubmits, the editor schedules it, time passes,
and a reader finds it on the front page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from accounts.services import record_verified_email
from articles.models import Article
from tests.articles.conftest import make_member
from tests.factories import AuthorFactory, PhotoFactory, SectionFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def sign_in(browser, live_server):
    """Open a browser context signed in as a user; every context is closed before the
    live server stops, so no request thread outlives the test."""
    contexts = []

    def open_as(user):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return signed_in_page(context.new_page(), live_server, user)

    yield open_as
    for context in contexts:
        context.close()


def signed_in_page(page, live_server, user):
    """Sign in through the site's sign-in page, which the admin's login redirects to."""
    record_verified_email(user=user)
    page.goto(live_server.url + reverse("admin:index"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


def choose(page, field_id: str, search: str) -> None:
    """Pick a value in one of the admin's autocomplete (select2) widgets."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{search}')")


@pytest.mark.django_db(transaction=True)
def test_story_goes_from_draft_through_review_to_the_front_page(
    sign_in, live_server, page, browser
):
    contributor = make_member("contributor", display_name="Cora Contributor")
    editor = make_member("editor", display_name="Edie Editor")
    SectionFactory(name="Coast", slug="coast")
    PhotoFactory(caption="Lighthouse in fog")
    AuthorFactory(name="Cora Byline")

    # The contributor writes and submits.
    writer = sign_in(contributor)
    writer.goto(live_server.url + reverse("admin:articles_article_add"))
    writer.fill("#id_headline", "Lighthouse keepers return to Gull Point")
    writer.fill("#id_standfirst", "The light is staffed again after forty years.")
    writer.locator(".ProseMirror >> visible=true").first.click()
    writer.keyboard.type("Two keepers moved in on Monday.")
    choose(writer, "id_lede_photo", "Lighthouse in fog")
    choose(writer, "id_section", "Coast")
    choose(writer, "id_bylines-0-author", "Cora Byline")
    writer.click("input[name=_save_and_submit]")
    writer.get_by_text("Saved and submitted for review.").wait_for()
    story = Article.objects.get(headline="Lighthouse keepers return to Gull Point")
    assert story.status == Article.Status.IN_REVIEW
    change_url = live_server.url + reverse("admin:articles_article_change", args=[story.pk])

    # The editor asks for changes.
    desk = sign_in(editor)
    desk.goto(change_url)
    desk.fill("#wf-changes-note", "Say who the keepers are.")
    desk.get_by_role("button", name="Request changes").click()
    desk.get_by_text("Sent back to the writer for changes.").wait_for()

    # The contributor revises and resubmits.
    writer.goto(change_url)
    writer.get_by_text("Say who the keepers are.", exact=True).wait_for()
    writer.fill("#id_standfirst", "Ann and Bo Harker staff the light again after forty years.")
    writer.click("input[name=_save_and_submit]")
    writer.get_by_text("Saved and submitted for review.").wait_for()

    # The editor schedules it for tomorrow morning.
    desk.goto(change_url)
    tomorrow = timezone.localtime() + timedelta(days=1)
    desk.fill("#wf-schedule-at", tomorrow.strftime("%Y-%m-%dT07:30"))
    desk.get_by_role("button", name="Schedule").click()
    desk.get_by_text("Scheduled for").wait_for()
    story.refresh_from_db()
    assert story.status == Article.Status.SCHEDULED

    home = live_server.url + reverse("newsroom:home")
    page.goto(home)
    assert page.get_by_text("Lighthouse keepers return to Gull Point").count() == 0

    # Time passes: the scheduled time is now behind us; no worker has run.
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    # ...and the page cache's copies expired at that moment (see newsroom.pagecache).
    caches["pages"].clear()

    # A fresh reader: the first one's browser may keep the home page for its max-age.
    reader = browser.new_context()
    page = reader.new_page()
    page.goto(home)
    page.get_by_role("link", name="Lighthouse keepers return to Gull Point").first.click()
    page.get_by_role("heading", name="Lighthouse keepers return to Gull Point").wait_for()
    assert "Ann and Bo Harker" in page.content()
    reader.close()
