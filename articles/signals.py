"""Signals other apps may listen to. `articles` never imports its listeners (imports point
one way: newsroom → articles), so page-cache purges and similar side effects hang here.

`story_changed` is sent after the transaction that changed a story commits, with
`article` (the Article, as saved; for "deleted" it no longer exists), `change` (a short verb:
"published", "unpublished", "edited", "corrected", "scheduled", "deleted", and the
newsroom-internal "submitted" and "changes_requested", which change nothing readers see) and
`before` (a `StoryPlacement` of the story before an edit or deletion, else None), so a
listener can reach the pages a story has just left as well as those it now appears on. Sent
by `articles.services`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from .models import Article

story_changed = Signal()


@dataclass(frozen=True)
class StoryPlacement:
    """Where a story appears on the reader site: its address, section, tags and bylines."""

    slug: str
    section_slug: str | None
    tag_slugs: frozenset[str]
    author_slugs: frozenset[str]

    @classmethod
    def of(cls, article: Article) -> StoryPlacement:
        """The placement saved in the database for `article` (three small queries)."""
        return cls(
            slug=article.slug,
            section_slug=article.section.slug if article.section else None,
            tag_slugs=frozenset(article.tags.values_list("slug", flat=True)),
            author_slugs=frozenset(article.authors.values_list("slug", flat=True)),
        )
