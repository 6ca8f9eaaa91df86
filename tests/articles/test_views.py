from __future__ import annotations

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.preview import preview_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def draft(**kwargs):
    return ArticleFactory(status=Status.DRAFT, published_at=None, **kwargs)


def test_staff_preview_renders_a_draft_in_the_article_layout(client, contributor):
    story = draft(created_by=contributor, headline="Secret harbour plan")
    client.force_login(contributor)
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 200
    assert "newsroom/article_detail.html" in [t.name for t in response.templates]
    assert response.context["read_more"] == []
    assert "Secret harbour plan" in response.text
    assert "Preview" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_staff_preview_of_someone_elses_draft_is_not_found_for_a_contributor(
    client, contributor, other_contributor
):
    story = draft(created_by=other_contributor)
    client.force_login(contributor)
    assert client.get(reverse("articles:preview", args=[story.pk])).status_code == 404


def test_staff_preview_sends_anonymous_visitors_to_sign_in(client):
    story = draft()
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_signed_link_shows_the_draft_without_an_account_or_a_cookie(client):
    story = draft(headline="Embargoed budget story")
    response = client.get(preview_url(story.pk))
    assert response.status_code == 200
    assert "Embargoed budget story" in response.text
    assert not response.cookies


def test_signed_link_answers_head_like_get(client):
    story = draft(headline="Embargoed budget story")
    response = client.head(preview_url(story.pk))
    assert response.status_code == 200
    assert not response.content


def test_expired_signed_link_gets_a_clear_page(client):
    story = draft(headline="Old news")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 49 * 3600):
        url = preview_url(story.pk)
    response = client.get(url)
    assert response.status_code == 410
    assert "This preview link has expired" in response.text
    assert "Old news" not in response.text


def test_link_just_inside_48_hours_still_works(client):
    story = draft()
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 47 * 3600):
        url = preview_url(story.pk)
    assert client.get(url).status_code == 200


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_forged_signed_link_gets_a_clear_page(client):
    story = draft(headline="Not for you")
    mine = draft()
    # A valid link's payload swapped for another story's keeps a signature that no longer fits.
    payload, stamp, signature = token_of(preview_url(mine.pk)).split(":")
    other_payload = token_of(preview_url(story.pk)).split(":")[0]
    forged_tokens = (
        f"{other_payload}:{stamp}:{signature}",
        signing.dumps({"article": story.pk}, salt="guessed-salt", compress=True),
        f"{payload}:{stamp}:{signature[:-3]}abc",
        "nonsense",
    )
    for forged in forged_tokens:
        url = reverse("articles:shared-preview", args=[forged])
        response = client.get(url)
        assert response.status_code == 404
        assert "This preview link is not valid" in response.text
        assert "Not for you" not in response.text


def test_signed_link_to_a_deleted_story_says_so(client):
    story = draft()
    url = preview_url(story.pk)
    story.delete()
    response = client.get(url)
    assert response.status_code == 404
    assert "no longer available" in response.text


def test_corrections_page_lists_corrections_on_live_stories_only(client, editor):
    live = ArticleFactory(headline="Bridge reopens")
    services.add_correction(article=live, by=editor, kind="correction", text="It was Tuesday.")
    withdrawn = ArticleFactory(headline="Withdrawn story")
    services.add_correction(article=withdrawn, by=editor, kind="update", text="Hidden text.")
    services.unpublish_article(article=withdrawn, by=editor, reason="Legal")
    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    assert "Bridge reopens" in response.text and "It was Tuesday." in response.text
    assert "Hidden text." not in response.text
    assert reverse("articles:corrections-feed") in response.text
    assert not response.cookies


def test_corrections_feed_is_rss_with_each_correction(client, editor):
    live = ArticleFactory(headline="Bridge reopens")
    correction = services.add_correction(
        article=live, by=editor, kind="clarification", text="The bridge is the old one."
    )
    response = client.get(reverse("articles:corrections-feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.text
    assert "<title>Clarification: Bridge reopens</title>" in body
    assert "The bridge is the old one." in body
    assert f"#correction-{correction.pk}" in body


def test_corrections_includes_render_notice_and_list_without_per_item_queries(
    editor, django_assert_num_queries
):
    story = ArticleFactory()
    for text in ("First fix.", "Second fix."):
        services.add_correction(article=story, by=editor, kind="correction", text=text)
    article = Article.objects.with_corrections().get(pk=story.pk)
    with django_assert_num_queries(0):
        notice = render_to_string(
            "articles/includes/_corrections_notice.html", {"article": article}
        )
        listing = render_to_string("articles/includes/_corrections_list.html", {"article": article})
    assert "corrected or updated 2 times" in notice
    assert listing.index("First fix.") < listing.index("Second fix.")
    assert 'id="corrections"' in listing


def test_corrections_includes_render_nothing_without_corrections():
    article = Article.objects.with_corrections().get(pk=ArticleFactory().pk)
    assert (
        render_to_string("articles/includes/_corrections_list.html", {"article": article}).strip()
        == ""
    )


def test_scheduled_story_reaches_readers_when_its_time_comes(client, editor):
    story = draft(headline="Tide tables for spring")
    services.schedule_article(article=story, by=editor, at=timezone.now() + timedelta(minutes=2))
    home = client.get(reverse("newsroom:home"))
    assert "Tide tables for spring" not in home.text
    # No worker and no purge will run at that moment, so no copy of the page, shared caches'
    # included, may outlive it.
    assert int(re.search(r"s-maxage=(\d+)", home["Cache-Control"])[1]) <= 120
    # Time passes: the story's moment is behind us and the page cache's copy has expired.
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    caches["pages"].clear()
    assert "Tide tables for spring" in client.get(reverse("newsroom:home")).text
