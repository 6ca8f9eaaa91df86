import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_urls(db):
    story = ArticleFactory(tags=["quay"])
    author = story.ordered_authors[0]
    return [
        reverse("newsroom:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        author.get_absolute_url(),
        reverse("newsroom:tag", args=["quay"]),
        reverse("newsroom:search") + "?q=harbour",
        reverse("newsroom:page", args=["about"]),
        reverse("newsroom:feed-rss"),
        reverse("newsroom:feed-atom"),
        reverse("newsroom:section-feed-rss", args=[story.section.slug]),
        reverse("newsroom:sitemap"),
        reverse("newsroom:news-sitemap"),
        reverse("newsroom:robots"),
    ]


def test_anonymous_pages_set_no_cookie_and_do_not_touch_the_session(client, reader_urls):
    for url in reader_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_anonymous_pages_are_publicly_cacheable(client, reader_urls, settings):
    settings.READER_PAGE_MAX_AGE = 123
    for url in reader_urls:
        cache_control = client.get(url).headers["Cache-Control"]
        assert "public" in cache_control and "max-age=123" in cache_control, url


def test_a_conditional_get_with_the_etag_answers_304(client, reader_urls):
    for url in reader_urls:
        first = client.get(url)
        etag = first.headers["ETag"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304, url
        assert again.content == b""


def test_a_changed_story_gets_a_new_etag(client, django_capture_on_commit_callbacks):
    from articles.services import update_article
    from tests.articles.conftest import make_member

    story = ArticleFactory(headline="First version")
    etag = client.get(story.get_absolute_url()).headers["ETag"]
    story.headline = "Second version"
    # Through the editing service, as the admin saves it: that also purges the page cache.
    with django_capture_on_commit_callbacks(execute=True):
        update_article(article=story, by=make_member("editor"), previous_slug=story.slug)
    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Second version" in response.content.decode()


def test_month_sitemaps_answer_304_to_if_modified_since(client):
    from django.utils import timezone

    story = ArticleFactory()
    month = timezone.localtime(story.published_at).strftime("%Y-%m")
    url = reverse("newsroom:sitemap-section", args=[f"stories-{month}"])
    last_modified = client.get(url).headers["Last-Modified"]
    again = client.get(url, headers={"if-modified-since": last_modified})
    assert again.status_code == 304


def test_a_signed_in_editor_reading_the_site_gets_no_session_cookie_either(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    story = ArticleFactory()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies


def test_crawlers_may_use_head_on_sitemaps_and_robots(client):
    for name in ("newsroom:sitemap", "newsroom:news-sitemap", "newsroom:robots"):
        assert client.head(reverse(name)).status_code == 200, name
    assert client.post(reverse("newsroom:robots")).status_code == 405
