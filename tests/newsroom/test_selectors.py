from datetime import timedelta

import pytest
from django.utils import timezone

from newsroom import selectors
from newsroom.selectors import READ_MORE_CANDIDATES, related_stories
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_related_stories_rank_shared_tags_then_section_then_newest():
    section, elsewhere = SectionFactory(), SectionFactory()
    now = timezone.now()
    story = ArticleFactory(section=section, tags=["port", "ferry"])

    def hours_ago(hours: int, **kwargs):
        return ArticleFactory(published_at=now - timedelta(hours=hours), **kwargs)

    one_tag_newer = hours_ago(2, section=elsewhere, tags=["port"])
    one_tag_older = hours_ago(6, section=elsewhere, tags=["ferry"])
    both_tags = hours_ago(5, section=elsewhere, tags=["port", "ferry"])
    one_tag_same_section = hours_ago(4, section=section, tags=["ferry"])
    section_only = hours_ago(1, section=section)
    hours_ago(1, section=elsewhere, tags=["unrelated"])

    assert related_stories(story, limit=6) == [
        both_tags,
        one_tag_same_section,
        one_tag_newer,
        one_tag_older,
        section_only,
    ]


def test_related_stories_are_chosen_among_the_newest_candidates_only():
    section = SectionFactory()
    now = timezone.now()
    story = ArticleFactory(section=section, tags=["port"])
    old_but_tagged = ArticleFactory(
        section=SectionFactory(), tags=["port"], published_at=now - timedelta(days=30)
    )
    for n in range(READ_MORE_CANDIDATES):
        ArticleFactory(section=section, published_at=now - timedelta(hours=n + 1))

    assert old_but_tagged not in related_stories(story)


def test_related_stories_take_one_query(django_assert_num_queries):
    story = ArticleFactory(tags=["port"])
    ArticleFactory(section=story.section, tags=["port"])
    # The article page has prefetched the story's tags.
    story = type(story).objects.prefetch_related("tags").get(pk=story.pk)
    with django_assert_num_queries(1):
        assert len(related_stories(story)) == 1


def test_related_stories_look_among_the_newest_published_stories_only(monkeypatch):
    monkeypatch.setattr(selectors, "READ_MORE_WINDOW", 4)
    now = timezone.now()
    story = ArticleFactory(tags=["port"], published_at=now - timedelta(days=60))
    in_window = ArticleFactory(tags=["port"], published_at=now - timedelta(hours=3))
    beyond = ArticleFactory(tags=["port"], published_at=now - timedelta(days=10))
    for hours in (1, 2):
        ArticleFactory(published_at=now - timedelta(hours=hours))  # unrelated, but newer

    # The four newest: two unrelated stories, `in_window`, and the fourth, `beyond`.
    assert related_stories(story) == [in_window, beyond]
    ArticleFactory(published_at=now - timedelta(hours=4))  # pushes `beyond` out
    assert related_stories(story) == [in_window]


def test_with_fewer_stories_than_the_window_every_story_is_looked_at():
    now = timezone.now()
    story = ArticleFactory(tags=["port"])
    oldest = ArticleFactory(tags=["port"], published_at=now - timedelta(days=3650))
    assert related_stories(story) == [oldest]
