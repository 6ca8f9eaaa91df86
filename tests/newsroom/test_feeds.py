from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.newsroom.factories import bulk_stories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)  # noqa: S314 -- our own output


def test_site_rss_feed_lists_stories_with_the_lede_as_enclosure(client):
    story = ArticleFactory(headline="Ferry returns", tags=["ferries"])
    root = xml(client, reverse("newsroom:feed-rss"))
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Ferry returns"]
    enclosure = items[0].find("enclosure")
    assert enclosure.get("url").endswith(story.lede_photo.image.url)
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == story.lede_photo.image.size
    assert items[0].findtext("category") == "ferries"


def test_site_atom_feed_is_atom_with_an_enclosure_link(client):
    ArticleFactory(headline="Quay reopens")
    root = xml(client, reverse("newsroom:feed-atom"))
    assert root.tag == f"{ATOM}feed"
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Quay reopens"
    assert entry.find(f"{ATOM}link[@rel='enclosure']") is not None


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_section_tag_and_author_feeds_hold_only_their_stories(client, kind, flavour):
    section = SectionFactory()
    author = AuthorFactory()
    mine = ArticleFactory(headline="Mine", section=section, authors=[author], tags=["quay"])
    ArticleFactory(headline="Other story", tags=["other"])
    slug = {"section": section.slug, "tag": "quay", "author": author.slug}[kind]
    root = xml(client, reverse(f"newsroom:{kind}-feed-{flavour}", args=[slug]))
    if flavour == "rss":
        titles = [item.findtext("title") for item in root.findall("./channel/item")]
    else:
        titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == [mine.headline]


def test_feeds_of_unknown_things_are_404(client):
    assert client.get(reverse("newsroom:section-feed-rss", args=["nope"])).status_code == 404
    assert client.get(reverse("newsroom:author-feed-atom", args=["nope"])).status_code == 404


def test_pages_announce_their_feeds(client):
    section = SectionFactory()
    ArticleFactory(section=section)
    home = client.get(reverse("newsroom:home")).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in home
    assert 'rel="alternate" type="application/atom+xml"' in home
    html = client.get(section.get_absolute_url()).content.decode()
    assert reverse("newsroom:section-feed-atom", args=[section.slug]) in html


def test_sitemap_index_names_months_and_the_other_sections(client):
    ArticleFactory(published_at=timezone.now() - timedelta(days=62))
    ArticleFactory()
    root = xml(client, reverse("newsroom:sitemap"))
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    months = [loc for loc in locations if "sitemap-stories-" in loc]
    assert len(months) >= 2
    for name in ("sections", "tags", "authors", "pages"):
        assert any(loc.endswith(f"sitemap-{name}.xml") for loc in locations), name
    for location in locations:
        path = location.split("testserver", 1)[1]
        assert xml(client, path).tag == f"{SITEMAP}urlset"


def test_month_sitemap_lists_that_months_stories(client):
    story = ArticleFactory()
    month = timezone.localtime(story.published_at).strftime("%Y-%m")
    root = xml(client, reverse("newsroom:sitemap-section", args=[f"stories-{month}"]))
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations == [f"http://testserver{story.get_absolute_url()}"]
    assert root.find(f"{SITEMAP}url/{SITEMAP}lastmod") is not None


@pytest.mark.parametrize("section", ["stories-2026-13", "stories-abcd", "nothing", "stories-"])
def test_unknown_sitemap_sections_are_404(client, section):
    assert client.get(reverse("newsroom:sitemap-section", args=[section])).status_code == 404


def test_news_sitemap_has_the_last_48_hours_with_publication(client, settings):
    settings.SITE_URL = "https://news.example.org"
    recent = ArticleFactory(headline="Fresh & new")
    ArticleFactory(headline="Old story", published_at=timezone.now() - timedelta(hours=49))
    root = xml(client, reverse("newsroom:news-sitemap"))
    urls = root.findall(f"{SITEMAP}url")
    assert len(urls) == 1
    assert (
        urls[0].findtext(f"{SITEMAP}loc") == f"https://news.example.org{recent.get_absolute_url()}"
    )
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == settings.SITE_NAME
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}publication_date")


# The budget is the feed's own rendering: the page cache is off so no request is a hit.
@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("count", [5, 500])
def test_feed_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries, count):
    stories = bulk_stories(count)
    urls = [
        reverse("newsroom:feed-rss"),
        reverse("newsroom:feed-atom"),
        reverse("newsroom:section-feed-rss", args=[stories[0].section.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200, url
