import json
import re
from html.parser import HTMLParser

import pytest

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


class MetaCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_json_ld_is_a_complete_news_article(client, settings):
    settings.SITE_URL = "https://news.example.org"
    first, second = AuthorFactory(name="Ada Quayle"), AuthorFactory(name="Joel Marsh")
    story = ArticleFactory(
        headline="Storm </script><script>alert(1)</script>",
        standfirst="The quay flooded.",
        authors=[first, second],
    )
    html = client.get(story.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert [author["name"] for author in data["author"]] == ["Ada Quayle", "Joel Marsh"]
    assert all(author["@type"] == "Person" for author in data["author"])
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"]
    assert data["isAccessibleForFree"] is True
    assert data["publisher"]["name"] == settings.SITE_NAME
    assert data["image"]["caption"] == story.caption
    assert data["image"]["creditText"] == story.lede_photo.credit
    assert data["image"]["url"].startswith("https://news.example.org/media/")
    assert "<script>alert(1)" not in html


def test_article_has_open_graph_twitter_canonical_and_description(client, settings):
    settings.SITE_URL = "https://news.example.org"
    story = ArticleFactory(headline="Harbour wall", standfirst="Repairs start on Monday.")
    parser = MetaCollector()
    parser.feed(client.get(story.get_absolute_url()).content.decode())
    meta = parser.meta
    url = f"https://news.example.org{story.get_absolute_url()}"
    assert meta["description"] == "Repairs start on Monday."
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Harbour wall"
    assert meta["og:url"] == url
    assert meta["og:image"].startswith("https://news.example.org/media/")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == "Harbour wall"
    canonical = [link for link in parser.links if link.get("rel") == "canonical"]
    assert [link["href"] for link in canonical] == [url]
