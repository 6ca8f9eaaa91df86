"""Full-text search objects, per database vendor (see newsroom/search.py).

The SQL is written out here rather than imported, so this migration keeps meaning what it
meant when it ran; tests/newsroom/test_search.py checks it still matches search.py."""

from django.db import migrations

PG_INDEX = "newsroom_article_search_gin"
PG_DOCUMENT_SQL = (
    "(setweight(to_tsvector('english'::regconfig, coalesce(articles_article.headline, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig,"
    " coalesce(articles_article.standfirst, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(articles_article.body, '')), 'C'))"
)
FTS_TABLE = "newsroom_article_fts"
SQLITE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "headline, standfirst, body, content='articles_article', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles_article BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)"
    " VALUES (new.id, new.headline, new.standfirst, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles_article BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)"
    " VALUES ('delete', old.id, old.headline, old.standfirst, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON articles_article BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)"
    " VALUES ('delete', old.id, old.headline, old.standfirst, old.body);"
    f" INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)"
    " VALUES (new.id, new.headline, new.standfirst, new.body); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]


def create_search_objects(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON articles_article USING GIN ({PG_DOCUMENT_SQL})"
        )
    elif vendor == "sqlite":
        for statement in SQLITE_SQL:
            schema_editor.execute(statement)


def drop_search_objects(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    elif vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_static_pages"), ("articles", "0001_initial")]

    operations = [migrations.RunPython(create_search_objects, drop_search_objects)]
