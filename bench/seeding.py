"""Bulk seeding of a benchmark newsroom: sections, authors, tags, a few shared photos and N
published stories, written with `bulk_create` in batches (10,000 stories in seconds, 100,000 in
about a minute) instead of one save per story."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAuthor, Author, Photo, Section

SECTIONS = ["News", "Politics", "Business", "Culture", "Sport", "Environment", "Opinion"]
PLACES = ["harbour", "quay", "lighthouse", "ferry", "estuary", "breakwater", "dunes", "pier"]
SUBJECTS = [
    "council", "budget", "fishing fleet", "school", "hospital", "festival", "flood defences",
    "housing", "bus routes", "wind farm", "museum", "lifeboat crew", "market", "library",
]  # fmt: skip
VERBS = ["debates", "approves", "delays", "questions", "celebrates", "rejects", "reviews"]
TEXT = (
    "the council said on Tuesday that the plan would go ahead after months of consultation "
    "residents gathered outside the town hall to hear the result while traders along the quay "
    "worried about the cost of repairs and the timetable for the work which engineers expect "
    "to take two winters the harbour master welcomed the decision but warned that storms had "
    "already damaged the outer wall and that insurance would not cover everything"
)
WORDS = TEXT.split()
TAG_NAMES = [f"{place} {subject}" for place in PLACES[:6] for subject in SUBJECTS[:10]]

AUTHORS = 40
PHOTOS = 8
Progress = Callable[[int], None]


def _paragraphs(rng: random.Random, count: int) -> str:
    paragraphs = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(45, 80))]
        paragraphs.append("<p>" + " ".join(words).capitalize() + ".</p>")
    return "".join(paragraphs)


def _image(index: int) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30 + index * 20, 80, 140)).save(buffer, "JPEG", quality=70)
    return ContentFile(buffer.getvalue(), name=f"bench-{index}.jpg")


def seed_site(rng: random.Random) -> tuple[list[Section], list[Author], list[Photo], list[Tag]]:
    """Everything but the stories: small, created one by one."""
    sections = [
        Section.objects.get_or_create(slug=slugify(name), defaults={"name": name, "order": i})[0]
        for i, name in enumerate(SECTIONS)
    ]
    authors = [
        Author.objects.get_or_create(
            slug=f"reporter-{i}", defaults={"name": f"Reporter {i}", "bio": "Covers the coast."}
        )[0]
        for i in range(AUTHORS)
    ]
    photos = list(Photo.objects.filter(credit="Bench"))
    for i in range(len(photos), PHOTOS):
        photos.append(
            Photo.objects.create(
                image=_image(i),
                caption=f"Boats in the {PLACES[i % len(PLACES)]} at dawn",
                credit="Bench",
                alt_text="Fishing boats moored in a grey harbour",
            )
        )
    tags = [Tag.objects.get_or_create(name=name, slug=slugify(name))[0] for name in TAG_NAMES]
    return sections, authors, photos, tags


def seed_stories(
    *, count: int, batch_size: int = 2000, seed: int = 7, progress: Progress | None = None
) -> int:
    """Create `count` published stories (with bylines and tags) spread over the past years;
    returns the number created. Deterministic for a given `seed`."""
    rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not security
    sections, authors, photos, tags = seed_site(rng)
    article_type = ContentType.objects.get_for_model(Article)
    now = timezone.now()
    span_minutes = max(count, 1) * 90  # about 16 stories a day, newest an hour ago
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            stories = []
            for i in range(created, created + size):
                place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
                headline = f"{subject.capitalize()} {rng.choice(VERBS)} {place} plan {i}"
                stories.append(
                    Article(
                        headline=headline,
                        slug=f"bench-{i}-{slugify(headline)}"[:200],
                        standfirst=f"What the {subject} decision means for the {place}.",
                        body=_paragraphs(rng, rng.randint(5, 9)),
                        section=sections[i % len(sections)],
                        lede_photo=photos[i % len(photos)],
                        status=Article.Status.PUBLISHED,
                        published_at=now - timedelta(hours=1, minutes=rng.randrange(span_minutes)),
                    )
                )
            stories = Article.objects.bulk_create(stories)
            bylines, tagged = [], []
            for story in stories:
                for order, author in enumerate(rng.sample(authors, rng.choice((1, 1, 2)))):
                    bylines.append(ArticleAuthor(article=story, author=author, order=order))
                for tag in rng.sample(tags, 3):
                    tagged.append(
                        TaggedItem(tag=tag, content_type=article_type, object_id=story.pk)
                    )
            ArticleAuthor.objects.bulk_create(bylines)
            TaggedItem.objects.bulk_create(tagged)
        created += size
        if progress:
            progress(size)
    return created
