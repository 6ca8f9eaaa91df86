# ruff: noqa: S608, S611
# The SQL here is assembled from module constants only; reader input reaches the database
# solely as query parameters.
"""Full-text search over stories.

`search_stories(queryset, query)` is the only entry point. It narrows the queryset it is given
(always `Article.objects.published()` from the view), so only what readers may see can be
found. PostgreSQL uses a weighted tsvector (headline > standfirst > body), stored per story
with a GIN index; SQLite uses an FTS5 table kept in sync by triggers. Both understand
web-search syntax: words, "quoted phrases", `or`, and `-excluded` words.

The database objects are created by the `newsroom` migrations `0003_search_indexes` and
`0004_stored_search_document`; the SQLite
triggers are re-created after every migrate (`ensure_sqlite_search_objects`) because SQLite
drops them whenever a later migration rebuilds the articles table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as escape_text
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, ArticleQuerySet

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"

# The weighted document, stored per story in a generated column with a GIN index (migration
# 0004): ranking reads it instead of running to_tsvector over every matching body.
PG_DOCUMENT_COLUMN = "newsroom_search_document"
PG_DOCUMENT_SQL = f"articles_article.{PG_DOCUMENT_COLUMN}"
# How many of the newest matching stories are ranked (and so can be found) for one search.
PG_RANKED_MATCHES = 1000
PG_IDS_SQL = "SELECT unnest(%s::bigint[])"

FTS_TABLE = "newsroom_article_fts"
# External-content FTS5 table: it stores only the index and reads text from articles_article.
SQLITE_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "headline, standfirst, body, content='articles_article', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_ai": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles_article BEGIN"
        f" INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)"
        " VALUES (new.id, new.headline, new.standfirst, new.body); END"
    ),
    f"{FTS_TABLE}_ad": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles_article BEGIN"
        f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)"
        " VALUES ('delete', old.id, old.headline, old.standfirst, old.body); END"
    ),
    f"{FTS_TABLE}_au": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON articles_article BEGIN"
        f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)"
        " VALUES ('delete', old.id, old.headline, old.standfirst, old.body);"
        f" INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)"
        " VALUES (new.id, new.headline, new.standfirst, new.body); END"
    ),
}
# bm25 weights per column: headline > standfirst > body.
SQLITE_RANK_SQL = (
    f"SELECT bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE}"
    f" WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = articles_article.id"
)
SQLITE_MATCH_SQL = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
# C0 control characters and DEL: nothing a reader means to search for. NUL in particular is
# refused by PostgreSQL in any text parameter.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|td|th|pre)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuery:
    """A web-search query split into its parts: each `any_of` group is a list of words or
    phrases of which one must match; every group must match; `excluded` must not."""

    any_of: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        return [term for group in self.any_of for term in group]


def clean_query(text: str) -> str:
    """A reader's query as one line: control characters and runs of whitespace become single
    spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def parse_query(text: str) -> ParsedQuery:
    """Parse web-search syntax the way PostgreSQL's websearch_to_tsquery reads it."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(text[:MAX_QUERY_LENGTH]):
        negated, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or" and groups:
            join_next = True
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        raw = phrase if phrase is not None else bare
        words = _WORD.findall(raw or "")
        if not words:
            continue
        term = " ".join(words)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(tuple(tuple(group) for group in groups), tuple(excluded))


def _fts5_expression(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression. Every term is a quoted string, so no reader input is ever
    read as FTS5 syntax (and so can never raise a syntax error)."""

    def quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    groups = []
    for group in parsed.any_of:
        alternatives = " OR ".join(quote(term) for term in group)
        groups.append(f"({alternatives})" if len(group) > 1 else alternatives)
    expression = " AND ".join(groups)
    for term in parsed.excluded:
        expression = f"({expression}) NOT {quote(term)}"
    return expression


@dataclass(frozen=True)
class SearchResults:
    """The stories matching a query, best first, and their number when it is known without
    a count: PostgreSQL reads the ids of the newest matches before ranking them."""

    stories: ArticleQuerySet
    count: int | None = None
    # More stories match than the PG_RANKED_MATCHES newest that were ranked.
    more_than_ranked: bool = False


def search_stories(queryset: ArticleQuerySet, query: str) -> SearchResults:
    """Stories of `queryset` matching `query`, best first. An empty or meaningless query
    (no words) finds nothing rather than everything."""
    query = clean_query(query)
    parsed = parse_query(query)
    if not parsed.any_of:
        return SearchResults(queryset.none(), count=0)
    if connection.vendor == "postgresql":
        tsquery = _pg_tsquery(query)
        # A word found in most stories would otherwise have every match ranked on every
        # search; the newest matches are the ones a news reader wants, so only they are.
        # (Read first, not as a subquery: the document's SQL names the outer table.) One
        # more than that tells whether there are others.
        newest = list(pg_newest_matches(queryset, query)[: PG_RANKED_MATCHES + 1])
        more_than_ranked = len(newest) > PG_RANKED_MATCHES
        del newest[PG_RANKED_MATCHES:]
        stories = (
            # One array parameter rather than a thousand: binding each id separately cost
            # more CPU than the rest of the page.
            queryset.filter(pk__in=RawSQL(PG_IDS_SQL, [newest]))
            .annotate(document=_pg_document(), rank=SearchRank(F("document"), tsquery))
            .order_by("-rank", "-published_at", "-pk")
        )
        return SearchResults(stories, count=len(newest), more_than_ranked=more_than_ranked)
    expression = _fts5_expression(parsed)
    return SearchResults(
        queryset.filter(pk__in=RawSQL(SQLITE_MATCH_SQL, [expression]))
        .annotate(rank=RawSQL(SQLITE_RANK_SQL, [expression], output_field=FloatField()))
        .order_by("rank", "-published_at", "-pk")
    )


def _pg_document() -> RawSQL:
    return RawSQL(PG_DOCUMENT_SQL, [], output_field=SearchVectorField())


def _pg_tsquery(query: str) -> SearchQuery:
    return SearchQuery(query[:MAX_QUERY_LENGTH], config=SEARCH_CONFIG, search_type="websearch")


def pg_newest_matches(queryset: ArticleQuerySet, query: str):
    """PostgreSQL: the primary keys of the stories of `queryset` matching `query`, newest
    first (a lazy queryset; the GIN index finds them)."""
    return (
        queryset.annotate(document=_pg_document())
        .filter(document=_pg_tsquery(query))
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )


def highlight(article: Article, query: str, words: int = 36) -> SafeString:
    """A short excerpt of the story around the first matching word, with the query's words
    wrapped in <mark>. Built from escaped plain text, so the markup is ours alone."""
    parsed = parse_query(query)
    words_in_query = [word for term in parsed.terms for word in term.split()]
    stems = {word.lower()[: max(4, len(word) - 2)] for word in words_in_query}
    # A space after each block, so that paragraphs do not run together once tags are gone.
    body = _BLOCK_END.sub(r"\g<0> ", article.body)
    text = " ".join(unescape(strip_tags(f"{article.standfirst} {body}")).split())
    tokens = text.split(" ")
    if not stems or not tokens:
        return mark_safe(escape(" ".join(tokens[:words])))

    # One search over the whole text finds the first match; the spaces before it count the
    # words before it (stems never contain a space, so no match spans two words).
    any_stem = re.compile("|".join(re.escape(stem) for stem in stems))
    lowered = text.lower()
    found = any_stem.search(lowered)
    first = lowered.count(" ", 0, found.start()) if found else 0
    start = max(0, first - words // 3)
    window = tokens[start : start + words]
    # html.escape: the words are plain str, so Django's lazy-aware wrapper is not needed.
    parts = [
        f"<mark>{escape_text(t)}</mark>" if any_stem.search(t.lower()) else escape_text(t)
        for t in window
    ]
    prefix = "… " if start else ""
    suffix = " …" if start + words < len(tokens) else ""
    return mark_safe(prefix + " ".join(parts) + suffix)


def ensure_sqlite_search_objects(using: str = "default") -> None:
    """Create the FTS5 table and its triggers when missing, and rebuild the index when a
    trigger had to be re-created (rows may have changed while it was gone)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        tables = conn.introspection.table_names(cursor)
        if "articles_article" not in tables:
            return
        cursor.execute(SQLITE_CREATE_TABLE)
        cursor.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type = 'trigger' AND tbl_name = 'articles_article'"
        )
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
