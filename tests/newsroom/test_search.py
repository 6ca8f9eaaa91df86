import importlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import search
from newsroom.search import parse_query, search_stories
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def found(query):
    return list(search_stories(Article.objects.published(), query).stories)


def test_a_word_finds_stories_by_headline_standfirst_and_body():
    by_headline = ArticleFactory(headline="Lighthouse keeper retires")
    by_standfirst = ArticleFactory(standfirst="The old lighthouse will close.")
    by_body = ArticleFactory(body="<p>Beyond the lighthouse, nothing.</p>")
    ArticleFactory(headline="Ferry news", body="<p>Nothing relevant.</p>")
    assert found("lighthouse") == [by_headline, by_standfirst, by_body]


def test_stemming_matches_other_forms_of_a_word():
    story = ArticleFactory(headline="Fishermen protest new quotas")
    assert found("protesting") == [story]


def test_only_published_stories_are_found():
    live = ArticleFactory(headline="Breakwater budget approved")
    ArticleFactory(headline="Breakwater draft", status=Article.Status.DRAFT)
    ArticleFactory(headline="Breakwater gone", status=Article.Status.UNPUBLISHED)
    ArticleFactory(
        headline="Breakwater tomorrow",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert found("breakwater") == [live]


def test_web_search_syntax_phrases_or_and_exclusion():
    wall = ArticleFactory(headline="Harbour wall repaired", body="<p>Stone.</p>")
    tide = ArticleFactory(headline="Harbour tide tables", body="<p>Wall of water.</p>")
    ferry = ArticleFactory(headline="Ferry strike", body="<p>Winter sailings.</p>")
    assert found('"harbour wall"') == [wall]
    assert set(found("ferry or tide")) == {tide, ferry}
    assert found("harbour -tide") == [wall]


def test_edits_are_searchable_and_deleted_stories_are_gone():
    story = ArticleFactory(headline="Market opens")
    story.headline = "Fish auction opens"
    story.save()
    assert found("auction") == [story]
    assert found("market") == []
    story.delete()
    assert found("auction") == []


@pytest.mark.parametrize("query", ["", "   ", "!!!", '"', "-", "or", "AND NOT (", "*", "NEAR(a b)"])
def test_empty_or_garbage_queries_find_nothing_and_do_not_fail(query):
    ArticleFactory(headline="Anything at all")
    assert found(query) == []


def test_a_nul_byte_in_a_query_separates_words_and_never_reaches_the_database():
    # PostgreSQL refuses a NUL byte in any text parameter (DataError, a 500 for the reader).
    story = ArticleFactory(headline="Storm closes the quay")
    assert found("storm\x00quay") == [story]


def test_reader_input_is_never_read_as_fts_syntax():
    story = ArticleFactory(headline="Quay NEAR the market")
    assert found("NEAR") == [story]
    assert found('quay" AND "nothinghere') == []


def test_parse_query_reads_web_search_syntax():
    parsed = parse_query('"harbour wall" ferry or tide -storm')
    assert parsed.any_of == (("harbour wall",), ("ferry", "tide"))
    assert parsed.excluded == ("storm",)


def test_highlight_marks_matching_words_and_escapes_the_rest():
    story = ArticleFactory(standfirst="", body="<p>The <b>harbour</b> &lt;script&gt; wall.</p>")
    snippet = search.highlight(story, "harbour")
    assert "<mark>harbour</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_search_page_shows_ranked_results_with_snippets(client):
    story = ArticleFactory(headline="Storm closes the quay", body="<p>The storm hit hard.</p>")
    response = client.get(reverse("newsroom:search"), {"q": "storm"})
    html = response.content.decode()
    assert list(response.context["stories"]) == [story]
    assert "<mark>storm</mark>" in html.lower() or "<mark>Storm</mark>" in html
    assert "1 story matches" in html or "One story matches" in html


def test_search_page_is_friendly_for_empty_and_too_long_queries(client):
    empty = client.get(reverse("newsroom:search")).content.decode()
    assert "Type a word or two" in empty
    long = client.get(reverse("newsroom:search"), {"q": "x" * 500})
    assert long.status_code == 200
    assert "too long" in long.content.decode()
    nothing = client.get(reverse("newsroom:search"), {"q": "zzzqqq"}).content.decode()
    assert "No stories match" in nothing


def test_a_long_query_is_shortened_in_the_title_only(client):
    """A refused 500-character query would be the whole tab name and the first thing a screen
    reader reads; the title keeps its start, the search box still holds all of it."""
    query = "harbour " + "x" * 492
    response = client.get(reverse("newsroom:search"), {"q": query})
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "harbour xxx" in title
    assert query not in title and len(title) < 120
    assert f'value="{query}"' in html


def test_a_too_long_query_marks_the_search_box_and_ties_the_message_to_it(client):
    """A screen reader on the search box hears why the search was not run."""
    html = client.get(reverse("newsroom:search"), {"q": "x" * 500}).content.decode()
    box = re.search(r'<input id="search-q"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in box
    described_by = re.search(r'aria-describedby="([^"]+)"', box).group(1).split()
    message = re.search(rf'id="{described_by[0]}"[^>]*>([^<]*)<', html).group(1)
    assert "too long" in message
    assert "search-help" in described_by
    fine = client.get(reverse("newsroom:search"), {"q": "storm"}).content.decode()
    assert "aria-invalid" not in re.search(r'<input id="search-q"[^>]*>', fine).group(0)


def test_search_page_reads_control_characters_in_the_query_as_spaces(client):
    story = ArticleFactory(headline="Storm closes the quay")
    response = client.get(reverse("newsroom:search"), {"q": "storm\x00quay\x1b"})
    assert response.status_code == 200
    assert response.context["query"] == "storm quay"
    assert list(response.context["stories"]) == [story]
    assert "\x00" not in response.content.decode()


def test_migrations_build_the_objects_search_uses():
    sqlite_objects = importlib.import_module("newsroom.migrations.0003_search_indexes")
    assert sqlite_objects.FTS_TABLE == search.FTS_TABLE
    stored = importlib.import_module("newsroom.migrations.0004_stored_search_document")
    assert stored.COLUMN == search.PG_DOCUMENT_COLUMN


def test_the_database_keeps_its_search_index_in_step_with_stories():
    """PostgreSQL: the GIN index exists. SQLite: the FTS5 triggers come back after a
    migration drops them (SQLite drops triggers whenever a table is rebuilt)."""
    story = ArticleFactory(headline="Regatta results")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes"
                " WHERE indexname = 'newsroom_article_search_document_gin'"
            )
            (definition,) = cursor.fetchone()
        assert "gin" in definition.lower() and search.PG_DOCUMENT_COLUMN in definition
        with connection.cursor() as cursor:
            # Few rows make a sequential scan, or walking another index in order, cheaper:
            # forbid both to see that the GIN index answers the match.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = search.pg_newest_matches(Article.objects.all(), "regatta").order_by().explain()
        assert "newsroom_article_search_document_gin" in plan
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {search.FTS_TABLE}_au")
    Article.objects.filter(pk=story.pk).update(headline="Rowing results")
    search.ensure_sqlite_search_objects()
    assert found("rowing") == [story]
    story.headline = "Sailing results"
    story.save()
    assert found("sailing") == [story]


def test_highlight_keeps_paragraphs_apart():
    story = ArticleFactory(standfirst="", body="<p>End of one.</p><p>Start of harbour.</p>")
    assert "one. Start" in search.highlight(story, "harbour")


def test_the_search_page_says_how_many_match_and_counts_only_where_it_must(client):
    for n in range(3):
        ArticleFactory(headline=f"Regatta day {n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("newsroom:search"), {"q": "regatta"})
    assert "3 stories match" in response.content.decode()
    counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    # PostgreSQL has read the matching ids before ranking them; SQLite counts.
    assert bool(counts) == (connection.vendor != "postgresql")


def test_postgresql_says_when_more_stories_match_than_it_ranked(client, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL limits how many matches it ranks")
    monkeypatch.setattr(search, "PG_RANKED_MATCHES", 2)
    now = timezone.now()
    stories = [
        ArticleFactory(headline="Regatta", published_at=now - timedelta(hours=n)) for n in range(3)
    ]
    response = client.get(reverse("newsroom:search"), {"q": "regatta"})
    html = response.content.decode()
    assert "More than 2 stories match" in html and "best of the newest 2" in html
    assert set(response.context["stories"]) == set(stories[:2])
