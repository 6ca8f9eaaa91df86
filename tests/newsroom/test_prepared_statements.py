"""On PostgreSQL the statements of reader pages are prepared once per connection (see
DATABASES in newsroom/settings/base.py), except the search's (newsroom/statements.py), and
the pages stay the same."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def threshold(settings):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    settings.PAGE_CACHE_ENABLED = False  # every load runs the view's queries
    return connection.settings_dict["OPTIONS"]["prepare_threshold"]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def load_again_and_again(client, url: str, times: int) -> None:
    first = client.get(url).content
    for _ in range(times):
        assert client.get(url).content == first


def test_an_article_page_runs_on_prepared_statements(client, threshold):
    story = ArticleFactory(tags=["harbour", "ferries"])
    ArticleFactory(section=story.section, tags=["harbour"])  # something to "Read more"
    load_again_and_again(client, story.get_absolute_url(), threshold)
    prepared = prepared_statements()
    assert any('FROM "articles_article"' in statement for statement in prepared)
    assert any('FROM "articles_correction"' in statement for statement in prepared)


def test_search_plans_each_run_for_its_words(client, threshold):
    ArticleFactory(headline="Harbour ferry timetable changes")
    url = reverse("newsroom:search") + "?q=harbour"
    load_again_and_again(client, url, threshold)
    assert "Harbour ferry timetable changes" in client.get(url).content.decode()
    assert not [s for s in prepared_statements() if "newsroom_search_document" in s]
    # Only the search went without: the connection prepares again afterwards.
    assert connection.connection.prepare_threshold == threshold
