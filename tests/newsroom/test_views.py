from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory
from tests.newsroom.factories import FrontPagePinFactory, bulk_stories

pytestmark = pytest.mark.django_db


def test_home_shows_the_lead_and_section_groups(client):
    older = ArticleFactory(headline="Older story", published_at=timezone.now() - timedelta(days=2))
    lead = ArticleFactory(headline="Newest story")
    response = client.get(reverse("newsroom:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert lead.headline in html and older.headline in html
    assert response.context["front"].lead == lead


def test_home_lead_and_top_stories_follow_the_editors_pins(client):
    newest = ArticleFactory(headline="Newest of all")
    pinned_lead = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    pinned_second = ArticleFactory(published_at=timezone.now() - timedelta(days=4))
    FrontPagePinFactory(article=pinned_second, position=2)
    FrontPagePinFactory(article=pinned_lead, position=1)
    front = client.get(reverse("newsroom:home")).context["front"]
    assert front.lead == pinned_lead
    assert front.top[:2] == [pinned_second, newest]


def test_expired_and_unpublished_pins_fall_back_to_the_newest(client):
    newest = ArticleFactory()
    expired = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    FrontPagePinFactory(article=expired, expires_at=timezone.now() - timedelta(minutes=1))
    draft = ArticleFactory(status=Article.Status.DRAFT)
    FrontPagePinFactory(article=draft, position=0)
    response = client.get(reverse("newsroom:home"))
    assert response.context["front"].lead == newest
    assert draft.headline not in response.content.decode()


def test_home_without_stories_says_so(client):
    response = client.get(reverse("newsroom:home"))
    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


def test_article_page_has_the_reference_structure(client):
    author = AuthorFactory(name="Mira Holm")
    story = ArticleFactory(
        headline="Ferry timetable changes",
        standfirst="Winter sailings cut.",
        authors=[author],
        tags=["ferries", "transport"],
    )
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Ferry timetable changes" in html
    assert "Winter sailings cut." in html
    assert f'href="{author.get_absolute_url()}"' in html
    assert "<figure" in html and "<figcaption>" in html
    assert story.lede_photo.caption in html and story.lede_photo.credit in html
    assert f'alt="{story.lede_photo.alt_text}"' in html
    assert 'rel="canonical"' in html
    assert reverse("newsroom:tag", args=["ferries"]) in html


def test_article_page_shares_without_third_party_scripts(client):
    import re

    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'aria-label="Share this story"' in html
    assert "bsky.app/intent/compose" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="/static/js/share.js" defer>' in scripts
    for script in scripts:
        # Only data blocks and our own deferred files: nothing third-party, nothing blocking.
        assert script == '<script type="application/ld+json">' or re.fullmatch(
            r'<script src="/static/js/[\w.-]+\.js" defer>', script
        ), script


def test_read_more_prefers_shared_tags_then_section(client):
    section = SectionFactory()
    story = ArticleFactory(section=section, tags=["port"])
    tagged = ArticleFactory(tags=["port"], headline="Same tag elsewhere")
    same_section = ArticleFactory(section=section, headline="Same section")
    ArticleFactory(headline="Unrelated")
    hidden = ArticleFactory(section=section, tags=["port"], status=Article.Status.DRAFT)
    response = client.get(story.get_absolute_url())
    read_more = response.context["read_more"]
    assert read_more[:2] == [tagged, same_section]
    assert hidden not in read_more and story not in read_more
    assert len(read_more) <= 3


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"status": Article.Status.PUBLISHED, "published_at_delta": timedelta(hours=3)},
        {"status": Article.Status.SCHEDULED, "published_at_delta": timedelta(hours=3)},
    ],
)
def test_drafts_and_future_stories_answer_404(client, kwargs):
    delta = kwargs.pop("published_at_delta", -timedelta(hours=1))
    story = ArticleFactory(published_at=timezone.now() + delta, **kwargs)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_wrong_date_in_the_url_redirects_to_the_canonical_address(client):
    story = ArticleFactory(slug="quay-repairs")
    url = reverse(
        "newsroom:article", kwargs={"year": 2001, "month": 1, "day": 1, "slug": story.slug}
    )
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_section_page_lists_its_stories_newest_first(client):
    section = SectionFactory(name="Harbour", description="Boats and quays.")
    old = ArticleFactory(section=section, published_at=timezone.now() - timedelta(days=1))
    new = ArticleFactory(section=section)
    ArticleFactory(headline="Elsewhere")
    response = client.get(section.get_absolute_url())
    assert list(response.context["stories"]) == [new, old]
    assert "Boats and quays." in response.content.decode()
    assert reverse("newsroom:section-feed-rss", args=[section.slug]) in response.content.decode()


def test_author_page_shows_bio_photo_and_stories(client):
    author = AuthorFactory(name="Ada Quayle", bio="Covers the port.", photo=PhotoFactory())
    story = ArticleFactory(authors=[author])
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Ada Quayle" in html and "Covers the port." in html
    assert story.headline in html
    assert 'alt="Ada Quayle"' in html


def test_tag_page_lists_tagged_stories(client):
    story = ArticleFactory(tags=["lighthouse"])
    ArticleFactory(tags=["other"])
    response = client.get(reverse("newsroom:tag", args=["lighthouse"]))
    assert list(response.context["stories"]) == [story]


def test_a_tag_used_only_on_drafts_is_a_404(client):
    ArticleFactory(tags=["secret-plan"], status=Article.Status.DRAFT)
    assert client.get(reverse("newsroom:tag", args=["secret-plan"])).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "1.5", "9" * 30])
def test_bad_page_numbers_are_404(client, page):
    section = SectionFactory()
    author = AuthorFactory()
    ArticleFactory(section=section, authors=[author], tags=["quay"])
    for url in (
        section.get_absolute_url(),
        author.get_absolute_url(),
        reverse("newsroom:tag", args=["quay"]),
        reverse("newsroom:search") + "?q=harbour",
    ):
        separator = "&" if "?" in url else "?"
        assert client.get(f"{url}{separator}page={page}").status_code == 404, url


def test_second_page_of_a_section(client):
    section = SectionFactory()
    for _ in range(21):
        ArticleFactory(section=section)
    response = client.get(section.get_absolute_url() + "?page=2")
    assert response.status_code == 200
    assert len(response.context["stories"]) == 1
    assert 'rel="prev"' in response.content.decode()


def test_static_pages_exist_from_the_data_migration(client):
    for slug in ("about", "privacy", "terms", "contact"):
        response = client.get(reverse("newsroom:page", args=[slug]))
        assert response.status_code == 200, slug
    assert reverse("newsroom:page", args=["privacy"]) == "/pages/privacy/"


def test_robots_txt_names_both_sitemaps(client, settings):
    settings.SITE_URL = "https://news.example.org"
    body = client.get(reverse("newsroom:robots")).content.decode()
    assert "Sitemap: https://news.example.org/sitemap.xml" in body
    assert "Sitemap: https://news.example.org/news-sitemap.xml" in body
    assert "Disallow: /admin/" in body


# The budget is the page's own rendering: the page cache is off so no request is a hit.
@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("count", [5, 500])
def test_home_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries, count):
    bulk_stories(count)
    # The first view generates and records the photo renditions once; then the page is warm.
    assert client.get(reverse("newsroom:home")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("newsroom:home")).status_code == 200


# The budget is the page's own rendering: the page cache is off so no request is a hit.
@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("count", [5, 500])
def test_article_query_count_does_not_grow_with_stories(
    client, django_assert_max_num_queries, count
):
    stories = bulk_stories(count)
    url = stories[count // 2].get_absolute_url()
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["read_more"]


# The budget is the page's own rendering: the page cache is off so no request is a hit.
@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("count", [5, 500])
def test_list_pages_query_count_does_not_grow_with_stories(
    client, django_assert_max_num_queries, count
):
    stories = bulk_stories(count)
    story = stories[0]
    urls = [
        story.section.get_absolute_url(),
        story.ordered_authors[0].get_absolute_url(),
        reverse("newsroom:tag", args=[story.tags.first().slug]),
        reverse("newsroom:search") + "?q=harbour",
    ]
    for url in urls:
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200, url


def test_article_page_weighs_under_50_kb_compressed_without_blocking_scripts(client):
    import gzip
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    story = ArticleFactory(
        body="".join(f"<p>Paragraph {n} of a long story about the quay.</p>" for n in range(60)),
        tags=["quay", "ferries"],
    )
    for _ in range(3):
        ArticleFactory(section=story.section)
    html = client.get(story.get_absolute_url()).content
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert stylesheets
    css = b"".join(Path(finders.find(name.decode())).read_bytes() for name in stylesheets)
    total = len(gzip.compress(html)) + len(gzip.compress(css))
    assert total <= 50_000
    for script in re.findall(rb"<script[^>]*src=[^>]*>", html):
        assert b"defer" in script or b"async" in script


def test_the_stylesheet_has_a_print_layout_without_navigation():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/site.css")).read_text()
    print_rules = css.split("@media print", 1)[1]
    for hidden in (".masthead__nav", ".share", ".read-more"):
        assert hidden in print_rules.split("}", 1)[0]


def test_article_page_shows_its_corrections_notice_and_list(client):
    from articles.models import Correction

    story = ArticleFactory()
    Correction.objects.create(
        article=story, kind="correction", text="An earlier version gave the wrong ferry time."
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'class="corrections-notice"' in html and 'href="#corrections"' in html
    assert 'id="corrections"' in html
    assert "An earlier version gave the wrong ferry time." in html


def test_a_tag_feed_of_a_tag_used_only_on_drafts_is_a_404(client):
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, tags=["secret-plan"])
    for name in ("newsroom:tag", "newsroom:tag-feed-rss", "newsroom:tag-feed-atom"):
        assert client.get(reverse(name, args=["secret-plan"])).status_code == 404, name
