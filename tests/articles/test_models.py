from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def published_ids(**kwargs):
    return set(Article.objects.published(**kwargs).values_list("pk", flat=True))


def test_published_story_in_the_past_is_visible():
    story = ArticleFactory()
    assert story.pk in published_ids()
    assert story.is_live


def test_draft_is_never_visible_even_with_a_past_time():
    story = ArticleFactory(status=Article.Status.DRAFT)
    assert story.pk not in published_ids()
    assert not story.is_live


@pytest.mark.parametrize(
    "status",
    [Article.Status.IN_REVIEW, Article.Status.CHANGES_REQUESTED, Article.Status.UNPUBLISHED],
)
def test_unfinished_or_withdrawn_stories_are_not_visible(status):
    story = ArticleFactory(status=status)
    assert story.pk not in published_ids()


def test_future_published_story_is_not_visible_until_its_time():
    at = timezone.now() + timedelta(hours=2)
    story = ArticleFactory(status=Article.Status.PUBLISHED, published_at=at)
    assert story.pk not in published_ids()
    assert story.pk in published_ids(now=at)
    assert story.pk in published_ids(now=at + timedelta(seconds=1))
    assert story.pk not in published_ids(now=at - timedelta(seconds=1))


def test_scheduled_story_goes_live_at_its_time_without_any_worker():
    at = timezone.now() + timedelta(minutes=30)
    story = ArticleFactory(status=Article.Status.SCHEDULED, published_at=at)
    assert story.pk not in published_ids()
    assert story.pk in published_ids(now=at)


def test_a_live_status_without_a_time_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_bylines_keep_their_order():
    from tests.factories import AuthorFactory

    first, second = AuthorFactory(name="Ana Field"), AuthorFactory(name="Bo Reed")
    story = ArticleFactory(authors=[second, first])
    assert [a.name for a in story.ordered_authors] == ["Bo Reed", "Ana Field"]


def test_caption_prefers_the_story_own_caption():
    story = ArticleFactory(lede_caption="")
    assert story.caption == story.lede_photo.caption
    story.lede_caption = "The quay on Tuesday"
    assert story.caption == "The quay on Tuesday"


def prefetched(story):
    from articles.models import bylines_prefetch, tags_prefetch

    return Article.objects.prefetch_related(bylines_prefetch(), tags_prefetch()).get(pk=story.pk)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda story: story.tags.add("port"), {"harbour", "port"}),
        (lambda story: story.tags.remove("harbour"), set()),
        (lambda story: story.tags.set(["council"]), {"council"}),
        (lambda story: story.tags.clear(), set()),
    ],
)
def test_tag_list_follows_tag_changes_after_a_prefetch(change, expected):
    story = prefetched(ArticleFactory(tags=["harbour"]))
    assert [tag.name for tag in story.tag_list] == ["harbour"]
    change(story)
    assert {tag.name for tag in story.tag_list} == expected


def test_ordered_authors_follow_byline_changes_after_a_prefetch():
    from tests.factories import AuthorFactory

    story = prefetched(ArticleFactory(authors=[AuthorFactory(name="A. Writer")]))
    assert [a.name for a in story.ordered_authors] == ["A. Writer"]
    story.bylines.create(author=AuthorFactory(name="B. Writer"), order=2)
    assert [a.name for a in story.ordered_authors] == ["A. Writer", "B. Writer"]
    story.bylines.get(order=2).delete()
    story.refresh_from_db()
    assert [a.name for a in story.ordered_authors] == ["A. Writer"]


def test_tagged_finds_the_stories_carrying_the_tag_and_no_others():
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from articles.models import Section

    quay = [ArticleFactory(tags=["quay"]), ArticleFactory(tags=["quay", "ferries"])]
    other = ArticleFactory(tags=["ferries"])
    tag = Tag.objects.get(slug="quay")
    # Another kind of object with the same id, tagged the same, is not that story.
    TaggedItem.objects.create(
        tag=tag, content_type=ContentType.objects.get_for_model(Section), object_id=other.pk
    )
    found = Article.objects.tagged(tag)
    assert sorted(found.values_list("pk", flat=True)) == sorted(story.pk for story in quay)


def test_the_story_factory_makes_a_story_ready_to_publish():
    assert ArticleFactory().missing_for_publication() == []
