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
