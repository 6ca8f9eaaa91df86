import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from articles.models import Article
from articles.signals import story_changed
from newsroom.pagecache import (
    page_surrogate_keys,
    purge_keys,
    purge_story_pages,
    story_surrogate_keys,
)
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, StaffFactory
from tests.newsroom.helpers import cache_state

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    # Port 1 on loopback: nothing listens there, so every call fails fast.
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.2,
        "SOCKET_TIMEOUT": 0.2,
    },
}


@pytest.fixture
def newsroom():
    """A story with a section, two tags and two authors, plus a story that shares none of
    them, so a purge can be seen to leave unrelated pages alone."""
    section, other_section = SectionFactory(slug="politics"), SectionFactory(slug="culture")
    author, coauthor, other_author = AuthorFactory(), AuthorFactory(), AuthorFactory()
    story = ArticleFactory(section=section, authors=[author, coauthor], tags=["port", "council"])
    other = ArticleFactory(section=other_section, authors=[other_author], tags=["theatre"])
    related = {
        "home": reverse("newsroom:home"),
        "story": story.get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": reverse("newsroom:tag", args=["port"]),
        "second tag": reverse("newsroom:tag", args=["council"]),
        "author": author.get_absolute_url(),
        "coauthor": coauthor.get_absolute_url(),
    }
    unrelated = {
        "other story": other.get_absolute_url(),
        "other section": other_section.get_absolute_url(),
        "other tag": reverse("newsroom:tag", args=["theatre"]),
        "other author": other_author.get_absolute_url(),
    }
    return story, related, unrelated


def test_anonymous_page_is_stored_then_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    story = ArticleFactory()
    first = client.get(story.get_absolute_url())
    assert first.headers["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cached_page_carries_surrogate_keys_and_shared_cache_headers(client):
    story = ArticleFactory()
    for response in (client.get(story.get_absolute_url()), client.get(story.get_absolute_url())):
        assert response.headers["Surrogate-Key"] == f"article:{story.slug}"
        assert response.headers["Cache-Tag"] == f"article:{story.slug}"
        cache_control = response.headers["Cache-Control"]
        assert "public" in cache_control
        assert "max-age=60" in cache_control
        assert "s-maxage=300" in cache_control
        assert "stale-while-revalidate=30" in cache_control
        assert "Set-Cookie" not in response.headers


def test_a_cache_hit_gets_a_fresh_csp_nonce_in_header_and_body(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    from newsroom import pagecache

    # Simulate a page that used its nonce: store one whose body and header carry it.
    key = pagecache._page_key(client.get(story.get_absolute_url()).wsgi_request)
    entry = caches["pages"].get(key)
    entry["nonce"] = "OLDNONCE"
    entry["content"] += b'<script nonce="OLDNONCE"></script>'
    entry["headers"].append(("Content-Security-Policy", "script-src 'nonce-OLDNONCE'"))
    caches["pages"].set(key, entry)
    pagecache.worker_memory().clear()  # served by a worker that has no copy yet

    one, two = client.get(story.get_absolute_url()), client.get(story.get_absolute_url())
    assert one.headers["X-Page-Cache"] == two.headers["X-Page-Cache"] == "hit"
    nonces = []
    for response in (one, two):
        header = response.headers["Content-Security-Policy"]
        nonce = header.split("'nonce-")[1].split("'")[0]
        assert nonce != "OLDNONCE"
        assert f'nonce="{nonce}"'.encode() in response.content
        assert b"OLDNONCE" not in response.content
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_head_request_is_served_from_the_cache(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    response = client.head(story.get_absolute_url())
    assert response.headers["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_signed_in_staff_bypass_the_cache_and_get_private_pages(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    client.force_login(StaffFactory())
    response = client.get(story.get_absolute_url())
    assert response.headers["X-Page-Cache"] == "bypass"
    assert "private" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]


def test_a_staff_render_is_never_stored_for_anonymous_readers(client):
    story = ArticleFactory()
    client.force_login(StaffFactory())
    client.get(story.get_absolute_url())
    client.logout()
    client.cookies.clear()
    assert cache_state(client, story.get_absolute_url()) == "miss"


def test_a_response_that_sets_a_cookie_is_not_stored(client, monkeypatch):
    from newsroom import views

    story = ArticleFactory()
    original = views.ArticleDetailView.get

    def get_with_cookie(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(views.ArticleDetailView, "get", get_with_cookie)
    first = client.get(story.get_absolute_url())
    assert "X-Page-Cache" not in first.headers
    assert "Surrogate-Key" not in first.headers
    assert "X-Page-Cache" not in client.get(story.get_absolute_url()).headers


def test_pages_not_found_and_unknown_query_parameters_are_not_stored(client):
    story = ArticleFactory()
    missing = reverse(
        "newsroom:article", kwargs={"year": 2020, "month": 1, "day": 1, "slug": "no-such-story"}
    )
    assert client.get(missing).status_code == 404
    assert "X-Page-Cache" not in client.get(missing).headers
    junk = story.get_absolute_url() + "?utm_source=x"
    assert "X-Page-Cache" not in client.get(junk).headers
    assert cache_state(client, story.section.get_absolute_url() + "?page=1") == "miss"
    assert cache_state(client, story.section.get_absolute_url() + "?page=1") == "hit"


@override_settings(PAGE_CACHE_ENABLED=False)
def test_disabled_cache_still_sends_cdn_headers_but_stores_nothing(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    response = client.get(story.get_absolute_url())
    assert "X-Page-Cache" not in response.headers
    assert response.headers["Surrogate-Key"] == f"article:{story.slug}"


@pytest.mark.parametrize("change", ["published", "unpublished", "corrected", "edited"])
def test_story_change_purges_exactly_the_pages_that_show_the_story(client, newsroom, change):
    story, related, unrelated = newsroom
    for url in [*related.values(), *unrelated.values()]:
        client.get(url)
        assert cache_state(client, url) == "hit"

    if change == "unpublished":
        Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    story_changed.send(sender=Article, article=story, change=change)

    for name, url in related.items():
        assert cache_state(client, url) != "hit", name
    for name, url in unrelated.items():
        assert cache_state(client, url) == "hit", name
    if change == "unpublished":
        assert client.get(related["story"]).status_code == 404


def test_publishing_a_new_story_purges_the_listings_it_appears_in(client, newsroom):
    story, related, _ = newsroom
    client.get(related["section"])
    fresh = ArticleFactory(section=story.section, status=Article.Status.DRAFT)
    assert fresh.headline not in client.get(related["section"]).content.decode()
    Article.objects.filter(pk=fresh.pk).update(status=Article.Status.PUBLISHED)
    story_changed.send(sender=Article, article=fresh, change="published")
    assert fresh.headline in client.get(related["section"]).content.decode()


def test_purge_set_names_story_home_section_tags_authors_feeds_and_sitemaps(newsroom):
    story, _, _ = newsroom
    authors = sorted(f"author:{a.slug}" for a in story.authors.all())
    assert story_surrogate_keys(story) == {
        f"article:{story.slug}",
        "home",
        "section:politics",
        "tag:port",
        "tag:council",
        *authors,
        "feeds",
        "sitemaps",
    }


def test_purge_story_pages_is_the_service_the_admin_can_call(client, newsroom):
    story, related, _ = newsroom
    client.get(related["story"])
    assert purge_story_pages(article=story) == story_surrogate_keys(story)
    assert cache_state(client, related["story"]) == "miss"


@pytest.mark.parametrize(
    ("view_name", "kwargs", "keys"),
    [
        ("newsroom:home", {}, ["home"]),
        ("newsroom:section", {"slug": "politics"}, ["section:politics"]),
        ("newsroom:tag", {"slug": "port"}, ["tag:port"]),
        ("newsroom:author", {"slug": "mira"}, ["author:mira"]),
        ("newsroom:feed-rss", {}, ["feeds"]),
        ("newsroom:feed-atom", {}, ["feeds"]),
        ("newsroom:section-feed-rss", {"slug": "politics"}, ["feeds", "section:politics"]),
        ("newsroom:tag-feed-atom", {"slug": "port"}, ["feeds", "tag:port"]),
        ("newsroom:author-feed-rss", {"slug": "mira"}, ["feeds", "author:mira"]),
        ("newsroom:sitemap", {}, ["sitemaps"]),
        ("newsroom:sitemap-section", {"section": "articles"}, ["sitemaps"]),
        ("newsroom:news-sitemap", {}, ["sitemaps"]),
    ],
)
def test_page_keys_come_from_the_url_name_and_kwargs(view_name, kwargs, keys):
    assert page_surrogate_keys(view_name, kwargs) == keys


def test_article_page_key_comes_from_the_slug_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert page_surrogate_keys("newsroom:article", {"slug": "quay-works"}) == [
            "article:quay-works"
        ]


def test_an_article_page_is_purged_when_a_story_in_its_read_more_changes(client):
    section = SectionFactory()
    story = ArticleFactory(section=section)
    neighbour = ArticleFactory(section=section)
    response = client.get(story.get_absolute_url())
    assert f"article:{neighbour.slug}" in response.headers["Surrogate-Key"].split()
    assert cache_state(client, story.get_absolute_url()) == "hit"
    purge_story_pages(article=neighbour)
    assert cache_state(client, story.get_absolute_url()) == "miss"


def test_a_story_moved_to_another_section_and_retagged_leaves_its_old_pages_too():
    from articles.signals import StoryPlacement

    old, new = SectionFactory(slug="old-desk"), SectionFactory(slug="new-desk")
    story = ArticleFactory(section=old, tags=["ferries"])
    before = StoryPlacement.of(story)
    story.section = new
    story.save()
    story.tags.set(["harbour"])
    keys = purge_story_pages(article=story, before=before)
    assert {"section:old-desk", "section:new-desk", "tag:ferries", "tag:harbour"} <= keys


def test_a_purge_during_a_render_leaves_no_stale_page(client, monkeypatch):
    """The version snapshot is taken before rendering, so a page rendered while its story
    changed is recognised as stale on the next request."""
    from newsroom import views

    story = ArticleFactory()
    original = views.ArticleDetailView.get

    def get_then_purge(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        purge_keys([f"article:{story.slug}"])
        return response

    monkeypatch.setattr(views.ArticleDetailView, "get", get_then_purge)
    client.get(story.get_absolute_url())
    monkeypatch.setattr(views.ArticleDetailView, "get", original)
    assert cache_state(client, story.get_absolute_url()) == "miss"


def test_an_evicted_version_key_invalidates_pages_that_depended_on_it(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    caches["pages"].delete(f"sk:article:{story.slug}")
    assert cache_state(client, story.get_absolute_url()) == "miss"
    assert cache_state(client, story.get_absolute_url()) == "hit"


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": CLOSED_PORT_REDIS,
    }
)
def test_pages_answer_200_and_purges_do_not_fail_while_redis_is_down(client):
    story = ArticleFactory()
    for url in (story.get_absolute_url(), reverse("newsroom:home")):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response.headers
    assert purge_story_pages(article=story)


def test_a_worker_that_never_stored_the_page_still_checks_its_recorded_keys(client):
    from newsroom import pagecache

    story = ArticleFactory()
    client.get(story.get_absolute_url())
    pagecache._known_keys.clear()  # as in another gunicorn worker
    assert cache_state(client, story.get_absolute_url()) == "hit"
    pagecache._known_keys.clear()
    purge_story_pages(article=story)
    assert cache_state(client, story.get_absolute_url()) == "miss"


def test_a_cached_page_is_refused_to_a_host_not_allowed(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    with override_settings(ALLOWED_HOSTS=["news.example.org"]):
        assert client.get(story.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_pages_expire_when_the_next_scheduled_story_goes_live(client):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(seconds=90)
    )
    response = client.get(reverse("newsroom:home"))
    assert response.headers["X-Page-Cache"] == "miss"
    assert "s-maxage=90" in response.headers["Cache-Control"] or (
        "s-maxage=89" in response.headers["Cache-Control"]
    )
    pages = caches["pages"]
    stored = [key for key in pages._cache if ":page:" in key]  # locmem internals
    assert stored
    assert all(pages._expire_info[key] - time.time() <= 90 for key in stored)


def test_nothing_scheduled_leaves_the_usual_lifetimes(client):
    response = client.get(reverse("newsroom:home"))
    assert "s-maxage=300" in response.headers["Cache-Control"]


def test_deleting_a_story_purges_every_page_that_showed_it(
    client, newsroom, django_capture_on_commit_callbacks
):
    from articles.services import delete_article
    from tests.articles.conftest import make_member

    story, related, unrelated = newsroom
    editor = make_member("editor")
    for url in [*related.values(), *unrelated.values()]:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        delete_article(article=story, by=editor)
    for name, url in related.items():
        # A miss, or a 404 (never stored) where the story was the page's only one.
        assert cache_state(client, url) != "hit", name
    for name, url in unrelated.items():
        assert cache_state(client, url) == "hit", name
