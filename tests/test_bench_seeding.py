import pytest
from taggit.models import TaggedItem

from articles.models import Article, ArticleAuthor
from bench.seeding import seed_stories

pytestmark = pytest.mark.django_db


def test_seeding_creates_live_stories_with_bylines_and_tags_in_batches():
    batches = []
    assert seed_stories(count=25, batch_size=10, progress=batches.append) == 25
    assert batches == [10, 10, 5]
    assert Article.objects.published().count() == 25
    assert ArticleAuthor.objects.count() >= 25
    assert TaggedItem.objects.count() == 75
    assert "<p>" in Article.objects.first().body


def test_seeded_stories_pass_the_publish_checklist():
    seed_stories(count=5, batch_size=5, progress=lambda _size: None)
    assert [story.missing_for_publication() for story in Article.objects.all()] == [[]] * 5
