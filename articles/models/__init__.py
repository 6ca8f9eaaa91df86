"""Authoring models, split by concept and re-exported here: `from articles.models import ...`."""

from .stories import (
    BODY_EXTENSIONS,
    LIVE_STATUSES,
    Article,
    ArticleAuthor,
    ArticleQuerySet,
    Author,
    Photo,
    SanitizedHTMLField,
    Section,
    bylines_prefetch,
    tags_prefetch,
)
from .workflow import (
    PRESENCE_WINDOW,
    ArticleSlugHistory,
    AuditEntry,
    Correction,
    EditingPresence,
    find_moved_article,
)

__all__ = [
    "BODY_EXTENSIONS",
    "LIVE_STATUSES",
    "PRESENCE_WINDOW",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "ArticleSlugHistory",
    "AuditEntry",
    "Author",
    "Correction",
    "EditingPresence",
    "Photo",
    "SanitizedHTMLField",
    "Section",
    "bylines_prefetch",
    "find_moved_article",
    "tags_prefetch",
]
