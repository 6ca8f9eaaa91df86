"""Drafts, scheduled and unpublished stories never appear on any reader surface."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.newsroom.factories import FrontPagePinFactory

pytestmark = pytest.mark.django_db

HIDDEN = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"status": Article.Status.CHANGES_REQUESTED},
    {"status": Article.Status.UNPUBLISHED},
    {"status": Article.Status.SCHEDULED, "in_future": True},
    {"status": Article.Status.PUBLISHED, "in_future": True},
]


@pytest.mark.parametrize("hidden", HIDDEN, ids=lambda kwargs: "-".join(map(str, kwargs.values())))
def test_hidden_stories_appear_on_no_surface(client, hidden):
    hidden = dict(hidden)
    when = timezone.now() + (
        timedelta(hours=2) if hidden.pop("in_future", False) else -timedelta(minutes=5)
    )
    section = SectionFactory()
    author = AuthorFactory()
    visible = ArticleFactory(
        headline="Visible lighthouse story", section=section, authors=[author], tags=["quay"]
    )
    secret = ArticleFactory(
        headline="Secret lighthouse story",
        slug="secret-story",
        section=section,
        authors=[author],
        tags=["quay"],
        published_at=when,
        **hidden,
    )
    FrontPagePinFactory(article=secret, position=0)
    month = timezone.localtime(visible.published_at).strftime("%Y-%m")
    surfaces = [
        reverse("newsroom:home"),
        visible.get_absolute_url(),  # its "Read more" box
        section.get_absolute_url(),
        author.get_absolute_url(),
        reverse("newsroom:tag", args=["quay"]),
        reverse("newsroom:search") + "?q=lighthouse",
        reverse("newsroom:search") + "?q=secret",
        reverse("newsroom:feed-rss"),
        reverse("newsroom:feed-atom"),
        reverse("newsroom:section-feed-rss", args=[section.slug]),
        reverse("newsroom:section-feed-atom", args=[section.slug]),
        reverse("newsroom:tag-feed-rss", args=["quay"]),
        reverse("newsroom:tag-feed-atom", args=["quay"]),
        reverse("newsroom:author-feed-rss", args=[author.slug]),
        reverse("newsroom:author-feed-atom", args=[author.slug]),
        reverse("newsroom:sitemap"),
        reverse("newsroom:sitemap-section", args=[f"stories-{month}"]),
        reverse("newsroom:news-sitemap"),
    ]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Secret lighthouse" not in body, url
        assert "secret-story" not in body, url
    assert "Visible lighthouse story" in client.get(reverse("newsroom:home")).content.decode()
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_a_future_month_with_only_scheduled_stories_is_not_in_the_sitemap_index(client):
    ArticleFactory()
    later = ArticleFactory(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=62)
    )
    month = timezone.localtime(later.published_at).strftime("%Y-%m")
    assert f"stories-{month}" not in client.get(reverse("newsroom:sitemap")).content.decode()
    direct = client.get(reverse("newsroom:sitemap-section", args=[f"stories-{month}"]))
    assert "<loc>" not in direct.content.decode()
