"""Factories and bulk builders for the reader-site tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAuthor
from newsroom.models import FrontPagePin, Page
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory


class FrontPagePinFactory(DjangoModelFactory):
    class Meta:
        model = FrontPagePin

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(int)


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>Page text.</p>"


def bulk_stories(count: int, *, sections: int = 3, authors: int = 3, photos: int = 3) -> list:
    """`count` live stories with two bylines, two tags, a section and a lede photo each,
    written with bulk_create so that 500 of them take a fraction of a second."""
    section_objs = [SectionFactory() for _ in range(sections)]
    author_objs = [AuthorFactory() for _ in range(authors)]
    photo_objs = [PhotoFactory() for _ in range(photos)]
    now = timezone.now()
    stories = Article.objects.bulk_create(
        Article(
            headline=f"Bulk story {n} about the harbour",
            slug=f"bulk-{n}",
            standfirst="A story made in bulk.",
            body="<p>Quay and ferry news.</p>",
            section=section_objs[n % sections],
            lede_photo=photo_objs[n % photos],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(count)
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=story, author=author_objs[(n + k) % authors], order=k)
        for n, story in enumerate(stories)
        for k in range(2)
    )
    tags = [Tag.objects.create(name=f"topic {k}", slug=f"topic-{k}") for k in range(4)]
    content_type = TaggedItem.objects.model._meta.get_field("content_type").related_model
    article_type = content_type.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tags[(n + k) % 4], content_type=article_type, object_id=story.pk)
        for n, story in enumerate(stories)
        for k in range(2)
    )
    return stories
