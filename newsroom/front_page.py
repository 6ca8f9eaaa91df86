"""What the home page shows: the editors' pinned lead and top stories, filled up with the
newest, then a rail per section and a list of the latest stories."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Section

from .models import FrontPagePin

POOL_SIZE = 60
TOP_STORIES = 4
RAIL_LENGTH = 4
LATEST_LENGTH = 8


@dataclass
class FrontPage:
    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    rails: list[tuple[Section, list[Article]]] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)


def build_front_page(*, now=None) -> FrontPage:
    """Two queries for the stories (plus the byline and tag prefetches) and one for the
    sections, whatever the number of stories. Pinned stories come first in pin order, but
    only when `published()` lets readers see them."""
    now = now or timezone.now()
    pin = FrontPagePin.objects.current(now=now).filter(article=OuterRef("pk")).values("position")
    pool: list[Article] = list(
        Article.objects.published(now=now)
        .for_cards()
        .annotate(pin_position=Subquery(pin[:1]))
        .order_by(F("pin_position").asc(nulls_last=True), "-published_at", "-pk")[:POOL_SIZE]
    )
    if not pool:
        return FrontPage()
    rest = pool[1 + TOP_STORIES :]
    rest.sort(key=lambda story: (story.published_at, story.pk), reverse=True)
    sections = list(Section.objects.all())
    rails: dict[int, list[Article]] = {section.pk: [] for section in sections}
    for story in rest:
        rail = rails.get(story.section_id or 0)
        if rail is not None and len(rail) < RAIL_LENGTH:
            rail.append(story)
    return FrontPage(
        lead=pool[0],
        top=pool[1 : 1 + TOP_STORIES],
        rails=[(section, rails[section.pk]) for section in sections if rails[section.pk]],
        latest=rest[:LATEST_LENGTH],
    )
