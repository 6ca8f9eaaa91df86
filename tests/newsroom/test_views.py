from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_lead_and_section_groups(client):
    older = ArticleFactory(headline="Older story", published_at=timezone.now() - timedelta(days=2))
    lead = ArticleFactory(headline="Newest story")
    response = client.get(reverse("newsroom:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert lead.headline in html and older.headline in html
    assert response.context["lead"] == lead


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


def make_stories(count):
    sections = [SectionFactory() for _ in range(3)]
    authors = [AuthorFactory() for _ in range(3)]
    for n in range(count):
        ArticleFactory(
            section=sections[n % 3],
            authors=[authors[n % 3], authors[(n + 1) % 3]],
            tags=["a", f"t{n % 4}"],
        )


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries, count):
    make_stories(count)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("newsroom:home")).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_article_query_count_does_not_grow_with_stories(
    client, django_assert_max_num_queries, count
):
    make_stories(count)
    story = Article.objects.published().first()
    with django_assert_max_num_queries(8):
        assert client.get(story.get_absolute_url()).status_code == 200
