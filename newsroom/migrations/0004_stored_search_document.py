"""PostgreSQL: keep each story's weighted search document in a stored generated column.

Ranking needs the document of every matching story; computed on the fly, a common word made
PostgreSQL run to_tsvector over thousands of bodies per search (seconds at 10,000 stories).
Stored, it is computed once per write and the GIN index moves onto the column. The column is
not a model field (SQLite has no tsvector): only newsroom/search.py reads it, by name.
The SQL is written out here rather than imported, so this migration keeps meaning what it
meant when it ran; tests/newsroom/test_search.py checks it still matches search.py."""

import importlib

from django.db import migrations

COLUMN = "newsroom_search_document"
OLD_INDEX = "newsroom_article_search_gin"
INDEX = "newsroom_article_search_document_gin"
# Unqualified column names: a generated column's expression refers to its own row.
DOCUMENT_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')"
)


def store_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {COLUMN} tsvector"
        f" GENERATED ALWAYS AS ({DOCUMENT_SQL}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING GIN ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def compute_document_on_the_fly(apps, schema_editor):
    """Back to 0003: the expression index instead of the stored column."""
    if schema_editor.connection.vendor != "postgresql":
        return
    previous = importlib.import_module("newsroom.migrations.0003_search_indexes")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON articles_article"
        f" USING GIN ({previous.PG_DOCUMENT_SQL})"
    )
    schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0003_search_indexes")]

    operations = [migrations.RunPython(store_document, compute_document_on_the_fly)]
