"""The sitemap index (stories by month, sections, tags, authors, static pages) and the
Google News sitemap of the last 48 hours."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Section

from .models import Page

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 stories per sitemap


class MonthStoriesSitemap(Sitemap):
    """The stories first published in one month (newsroom time)."""

    limit = 5000

    def __init__(self, year: int, month: int) -> None:
        super().__init__()
        tz = timezone.get_current_timezone()
        self.start = datetime(year, month, 1, tzinfo=tz)
        self.end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .only("slug", "published_at", "updated_at")
            .order_by("published_at", "pk")
        )

    def lastmod(self, item: Article):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.all()


class AuthorSitemap(Sitemap):
    def items(self):
        return Author.objects.filter(articles__in=Article.objects.published()).distinct()


class TagSitemap(Sitemap):
    def items(self):
        return (
            Tag.objects.filter(article__in=Article.objects.published()).distinct().order_by("name")
        )

    def location(self, item: Tag) -> str:
        return reverse("newsroom:tag", kwargs={"slug": item.slug})


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.all()

    def lastmod(self, item: Page):
        return item.updated_at


STATIC_SECTIONS: dict[str, type[Sitemap]] = {
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "pages": PageSitemap,
}
_MONTH = re.compile(r"stories-(\d{4})-(\d{2})\Z")


class SitemapSections(Mapping[str, Sitemap]):
    """Django's sitemap views take a dict of sections; this one has a section per month
    with published stories, found when the index is asked for them."""

    def _months(self) -> list[str]:
        months = Article.objects.published().dates("published_at", "month", order="DESC")
        return [f"stories-{month:%Y-%m}" for month in months]

    def __iter__(self) -> Iterator[str]:
        yield from self._months()
        yield from STATIC_SECTIONS

    def __len__(self) -> int:
        return len(self._months()) + len(STATIC_SECTIONS)

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __getitem__(self, key: str) -> Sitemap:
        if not isinstance(key, str):
            raise KeyError(key)
        if key in STATIC_SECTIONS:
            return STATIC_SECTIONS[key]()
        match = _MONTH.match(key)
        if not match or not 1 <= int(match[2]) <= 12:
            raise KeyError(key)
        return MonthStoriesSitemap(int(match[1]), int(match[2]))


def news_sitemap_stories(*, now=None) -> list[Article]:
    now = now or timezone.now()
    return list(
        Article.objects.published(now=now)
        .filter(published_at__gte=now - NEWS_SITEMAP_WINDOW)
        .only("headline", "slug", "published_at", "language")
        .newest_first()[:NEWS_SITEMAP_LIMIT]
    )
