"""Reads for the reader pages that are more than one queryset call: the front page and the
"Read more" box. Each runs a fixed number of queries, whatever the number of stories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models import Value as V
from django.db.models.expressions import RawSQL
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, Section, bylines_prefetch

from .models import FrontPagePin

POOL_SIZE = 60
TOP_STORIES = 4
RAIL_LENGTH = 4
LATEST_LENGTH = 8
READ_MORE_LENGTH = 3
READ_MORE_CANDIDATES = 30
# The newest published stories "Read more" looks among: a few months of a newsroom's work.
READ_MORE_WINDOW = 1_000


@dataclass
class FrontPage:
    """What the home page shows: the editors' pinned lead and top stories, filled up with
    the newest, then a rail per section and a list of the latest stories."""

    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    rails: list[tuple[Section, list[Article]]] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)


def _front_page_stories(*, now, size: int) -> list[Article]:
    """The first `size` stories of the home page: the pinned ones in pin order (only when
    `published()` lets readers see them), then the newest. Two queries that walk an index
    and stop early: nothing is computed for every story in the archive."""
    stories = Article.objects.published(now=now).without_body().select_related("lede_photo")
    pinned = list(
        stories.filter(front_page_pin__in=FrontPagePin.objects.current(now=now)).order_by(
            "front_page_pin__position", "front_page_pin__pk"
        )[: min(size, 1 + TOP_STORIES)]
    )
    newest = stories.exclude(pk__in=[story.pk for story in pinned]).newest_first()
    return pinned + list(newest[: size - len(pinned)])


def build_front_page(*, now=None) -> FrontPage:
    """A fixed number of queries whatever the number of stories: the pinned and the newest
    stories, the sections, and the bylines of the stories shown as cards."""
    pool = _front_page_stories(now=now or timezone.now(), size=POOL_SIZE)
    if not pool:
        return FrontPage()
    sections = list(Section.objects.all())
    by_pk = {section.pk: section for section in sections}
    for story in pool:
        # The rails need every section anyway: sharing those instances costs less than a
        # join that builds a copy of its section for each of the pool's stories.
        if story.section_id in by_pk:
            story.section = by_pk[story.section_id]
    rest = pool[1 + TOP_STORIES :]
    rest.sort(key=lambda story: (story.published_at, story.pk), reverse=True)
    rails: dict[int, list[Article]] = {section.pk: [] for section in sections}
    for story in rest:
        rail = rails.get(story.section_id or 0)
        if rail is not None and len(rail) < RAIL_LENGTH:
            rail.append(story)
    lead = pool[0]
    front = FrontPage(
        lead=lead,
        top=pool[1 : 1 + TOP_STORIES],
        rails=[(section, rails[section.pk]) for section in sections if rails[section.pk]],
        latest=rest[:LATEST_LENGTH],
    )
    # Only the cards name their authors, not the "Latest" list nor the rest of the pool.
    cards = [lead, *front.top, *(story for _, rail in front.rails for story in rail)]
    prefetch_related_objects(cards, bylines_prefetch())
    return front


def front_page_story_ids(*, now=None) -> list[int]:
    """The lead and top stories of the home page, in order (the weekly newsletter opens with
    them, see NEWSLETTER_TOP_STORIES)."""
    stories = _front_page_stories(now=now or timezone.now(), size=1 + TOP_STORIES)
    return [story.pk for story in stories]


def related_stories(article: Article, limit: int = READ_MORE_LENGTH) -> list[Article]:
    """Up to `limit` other published stories in one query: those sharing the most tags
    first, then those of the same section, newest first within each.

    They are chosen among the newest `READ_MORE_CANDIDATES` stories that share a tag or the
    section, looked for among the newest `READ_MORE_WINDOW` published stories (see
    `_read_more_candidates`), so the cost is the same whatever the size of the archive or of
    a tag. The ranking runs in the database too, so only the `limit` stories shown are
    loaded."""
    tag_ids = [tag.pk for tag in article.tag_list]
    if not tag_ids and not article.section_id:
        return []
    shared: Any = V(0)
    if tag_ids:
        # COUNT without GROUP BY: one row, 0 when no tag is shared.
        shared = Subquery(
            TaggedItem.objects.filter(
                # Django keeps content types in memory: no join on the content type table.
                content_type=ContentType.objects.get_for_model(Article),
                tag_id__in=tag_ids,
                object_id=OuterRef("pk"),
            )
            .order_by()
            .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
            .values("n")
        )
    return list(
        Article.objects.filter(pk__in=_read_more_candidates(article, shared))
        .without_body()
        .annotate(
            shared=shared,
            same_section=ExpressionWrapper(
                Q(section_id=article.section_id), output_field=BooleanField()
            ),
        )
        .select_related("section", "lede_photo")
        .order_by("-shared", "-same_section", "-published_at", "-pk")[:limit]
    )


def _read_more_candidates(article: Article, shared: Any) -> RawSQL:
    """The ids of the newest `READ_MORE_CANDIDATES` stories that share a tag (`shared`, the
    count of shared tags, is above 0) or the section with `article`, among the newest
    `READ_MORE_WINDOW` published stories.

    SQL around the ORM's own query of the window, because the ORM cannot select from a
    subquery, and only that shape has the database walk the newest stories one by one,
    counting each one's shared tags through the tagged-item index, and stop at the 30th
    candidate: typically about a hundred lookups, never more than the window. Written as a
    filter on the stories instead, the plan depends on the planner's guesses: PostgreSQL
    either hashes every story that carries one of the tags first (15,000 rows, 12 ms at
    100,000 stories) or looks up the whole window and sorts it. The shared tags are counted
    by a scalar subquery, which PostgreSQL does not turn into such a hash as it does EXISTS."""
    window = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")
        # Named, so the SQL around it can refer to them (SQLite names columns by alias only).
        .values(w_id=F("pk"), w_section=F("section_id"), w_time=F("published_at"), w_shared=shared)[
            :READ_MORE_WINDOW
        ]
    )
    window_sql, window_params = window.query.sql_with_params()
    related = "w.w_shared > 0"
    params: list[Any] = list(window_params)
    if article.section_id:
        related += " OR w.w_section = %s"
        params.append(article.section_id)
    sql = (
        f"SELECT w.w_id FROM ({window_sql}) w WHERE {related}"  # noqa: S608 - values bound
        " ORDER BY w.w_time DESC, w.w_id DESC LIMIT %s"
    )
    return RawSQL(sql, (*params, READ_MORE_CANDIDATES))  # noqa: S611 - every value bound


MASTHEAD_CACHE_KEY = "newsroom:masthead-sections"


def masthead_sections() -> list[Section]:
    """The sections named in every page's masthead. They change a few times a year and are
    on every page, so they are kept in the cache (emptied whenever a section is saved or
    deleted, see NewsroomConfig.ready) instead of costing each page a query."""
    sections = cache.get(MASTHEAD_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.only("name", "slug").order_by("order", "name"))
        cache.set(MASTHEAD_CACHE_KEY, sections, timeout=None)
    return sections


def forget_masthead_sections(**kwargs: Any) -> None:
    cache.delete(MASTHEAD_CACHE_KEY)
