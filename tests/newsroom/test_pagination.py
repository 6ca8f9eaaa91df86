from datetime import timedelta

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.pagination import UncountedPaginator
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_pages_follow_each_other_until_the_last_story():
    stories = list(range(45))
    paginator = UncountedPaginator(stories, 20)
    first, third = paginator.page(1), paginator.page(3)
    assert list(first) == stories[:20]
    assert first.has_next() and not first.has_previous() and first.next_page_number() == 2
    assert (first.start_index(), first.end_index()) == (1, 20)
    assert list(third) == stories[40:]
    assert not third.has_next() and third.has_previous() and third.previous_page_number() == 2
    assert (third.start_index(), third.end_index()) == (41, 45)
    with pytest.raises(EmptyPage):
        third.next_page_number()
    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_a_list_that_fills_its_last_page_exactly_has_no_next_page():
    page = UncountedPaginator(list(range(40)), 20).page(2)
    assert len(page) == 20 and not page.has_next()


def test_an_empty_list_has_an_empty_first_page_unless_told_otherwise():
    page = UncountedPaginator([], 20).page(1)
    assert len(page) == 0 and not page.has_other_pages()
    assert (page.start_index(), page.end_index()) == (0, 0)
    with pytest.raises(EmptyPage):
        UncountedPaginator([], 20, allow_empty_first_page=False).page(1)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("abc", PageNotAnInteger),
        ("1.5", PageNotAnInteger),
        (1.5, PageNotAnInteger),
        (None, PageNotAnInteger),
        (0, EmptyPage),
        (-1, EmptyPage),
        (2**62, EmptyPage),
        ("9" * 30, EmptyPage),
    ],
)
def test_bad_page_numbers_are_refused_before_any_query(number, error, django_assert_num_queries):
    paginator = UncountedPaginator(Article.objects.all(), 20)
    with django_assert_num_queries(0), pytest.raises(error):
        paginator.page(number)


def test_get_page_falls_back_to_the_first_page():
    paginator = UncountedPaginator(list(range(5)), 2)
    assert paginator.get_page("abc").number == 1
    assert paginator.get_page(99).number == 1
    assert paginator.get_page(3).number == 3


def test_it_never_counts_and_says_so_when_asked():
    paginator = UncountedPaginator(list(range(5)), 2)
    with pytest.raises(TypeError):
        paginator.count  # noqa: B018 - the property raises
    with pytest.raises(TypeError):
        paginator.num_pages  # noqa: B018 - the property raises
    with pytest.raises(ValueError, match="orphans"):
        UncountedPaginator([], 2, orphans=1)


def test_a_page_is_one_query_for_one_story_more_than_it_shows():
    ArticleFactory.create_batch(3)
    paginator = UncountedPaginator(Article.objects.order_by("pk"), 2)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
    assert len(page) == 2 and page.has_next()
    [query] = queries.captured_queries
    assert "COUNT" not in query["sql"].upper()
    assert "LIMIT 3" in query["sql"].upper()


def _list_pages(story: Article) -> list[str]:
    return [
        story.section.get_absolute_url(),
        story.ordered_authors[0].get_absolute_url(),
        reverse("newsroom:tag", args=["quay"]),
    ]


def test_section_tag_and_author_pages_link_older_and_newer_stories_without_counting(client):
    section, author = SectionFactory(), AuthorFactory()
    now = timezone.now()
    stories = [
        ArticleFactory(
            section=section, authors=[author], tags=["quay"], published_at=now - timedelta(hours=n)
        )
        for n in range(21)
    ]
    for url in _list_pages(stories[0]):
        with CaptureQueriesContext(connection) as queries:
            first = client.get(url)
        sql = [q["sql"].upper() for q in queries.captured_queries]
        assert not any("COUNT(" in q for q in sql), url
        # Nor asked whether the list is empty before loading its first page.
        assert not any(q.startswith('SELECT 1 AS "A"') for q in sql), url
        html = first.content.decode()
        assert first.status_code == 200 and len(first.context["stories"]) == 20, url
        assert 'rel="next"' in html and 'rel="prev"' not in html and "Page 1<" in html, url
        second = client.get(url + "?page=2")
        html = second.content.decode()
        assert list(second.context["stories"]) == stories[20:], url
        assert 'rel="prev"' in html and 'rel="next"' not in html and "Page 2<" in html, url
        assert client.get(url + "?page=3").status_code == 404, url
        assert client.get(url + "?page=last").status_code == 404, url


def test_search_still_counts_its_results(client):
    for _ in range(11):
        ArticleFactory(headline="Harbour works")
    response = client.get(reverse("newsroom:search") + "?q=harbour&page=last")
    assert response.status_code == 200
    html = response.content.decode()
    assert "11 stories match" in html and "Page 2 of 2" in html
