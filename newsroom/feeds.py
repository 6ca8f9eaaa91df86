"""RSS 2.0 and Atom feeds for the whole site and for each section, tag and author.

Each feed is one class with an `Atom` twin; items are the newest published stories with the
lede photo as an enclosure."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Article, ArticleQuerySet, Author, Section

FEED_LENGTH = 30


class StoryFeed(Feed):
    """The whole site."""

    description = settings.SITE_DESCRIPTION

    def title(self, obj=None) -> str:
        return settings.SITE_NAME

    def link(self, obj=None) -> str:
        return reverse("newsroom:home")

    def stories(self, obj) -> ArticleQuerySet:
        return Article.objects.published()

    def items(self, obj=None) -> list[Article]:
        return list(self.stories(obj).for_cards().without_body().newest_first()[:FEED_LENGTH])

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.standfirst

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.ordered_authors)

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tag_list]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        photo = item.lede_photo
        if not photo or not photo.image:
            return []
        try:
            length = photo.image.size
        except OSError:
            return []
        mime = mimetypes.guess_type(photo.image.name or "")[0] or "image/jpeg"
        return [Enclosure(f"{settings.SITE_URL}{photo.image.url}", str(length), mime)]


class SectionFeed(StoryFeed):
    def get_object(self, request, slug: str) -> Section:
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj=None) -> str:
        return obj.get_absolute_url()

    def description(self, obj=None) -> str:
        return obj.description or settings.SITE_DESCRIPTION

    def stories(self, obj) -> ArticleQuerySet:
        return Article.objects.published().in_section(obj)


class TagFeed(StoryFeed):
    def get_object(self, request, slug: str) -> Tag:
        tag = get_object_or_404(Tag, slug=slug)
        # As the tag page: a tag used only on unpublished stories must not reveal itself.
        if not Article.objects.published().tagged(tag).exists():
            raise Http404
        return tag

    def title(self, obj=None) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj=None) -> str:
        return reverse("newsroom:tag", kwargs={"slug": obj.slug})

    def description(self, obj=None) -> str:
        return str(_("Stories tagged “%(tag)s”.") % {"tag": obj.name})

    def stories(self, obj) -> ArticleQuerySet:
        return Article.objects.published().tagged(obj)


class AuthorFeed(StoryFeed):
    def get_object(self, request, slug: str) -> Author:
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj=None) -> str:
        return obj.get_absolute_url()

    def description(self, obj=None) -> str:
        return str(_("Stories by %(name)s.") % {"name": obj.name})

    def stories(self, obj) -> ArticleQuerySet:
        return Article.objects.published().by_author(obj)


def atom(feed_class: type[StoryFeed]) -> type[StoryFeed]:
    """The Atom twin of an RSS feed class."""

    def subtitle(self, obj=None) -> str:
        return self.description(obj) if callable(self.description) else self.description

    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": subtitle},
    )


AtomStoryFeed = atom(StoryFeed)
AtomSectionFeed = atom(SectionFeed)
AtomTagFeed = atom(TagFeed)
AtomAuthorFeed = atom(AuthorFeed)
