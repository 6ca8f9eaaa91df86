"""Builds the demo newsroom described in `articles.demo.content`.

Every `ensure_*` function is idempotent: it looks things up by slug or email and creates only
what is missing, never updating or duplicating what is already there (a developer may have
edited a demo story or changed a demo password). The plan is deterministic: the same seed gives
the same stories, people and pictures; only publication times follow the clock, counted back
from `now`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.services import record_verified_email

from ..models import Article, ArticleAuthor, Author, Photo, Section
from . import content
from .pictures import paint_picture

SEED = 20261128
PUBLISHED_STORIES = 60
# Published stories are spread evenly over this many days before now.
SPREAD_DAYS = 58


@dataclass(frozen=True)
class StoryPlan:
    slug: str
    headline: str
    standfirst: str
    body: str
    section: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]  # author slugs, in byline order
    status: str
    published_at: datetime | None
    scene: str
    picture_seed: int
    caption: str
    credit: str


def plan_stories(*, now: datetime) -> list[StoryPlan]:
    """The demo's stories, newest first: PUBLISHED_STORIES published ones going back about
    two months from `now` (templates used in turn, each time with other places, people and
    numbers), then the drafts of `content.DRAFTS` and one story scheduled for tomorrow
    morning."""
    rng = random.Random(SEED)  # noqa: S311 - repeatable sample content, not a secret
    by_key = {template.key: template for template in content.TEMPLATES}
    slots: list[tuple[content.StoryTemplate, str, tuple[str, ...] | None]] = [
        (content.TEMPLATES[index % len(content.TEMPLATES)], Article.Status.PUBLISHED, None)
        for index in range(PUBLISHED_STORIES)
    ]
    slots += [(by_key[key], Article.Status.DRAFT, (author,)) for key, author in content.DRAFTS]
    slots.append((by_key[content.SCHEDULED], Article.Status.SCHEDULED, None))
    step = timedelta(days=SPREAD_DAYS) / PUBLISHED_STORIES
    tomorrow = timezone.localtime(now) + timedelta(days=1)
    scheduled_at = tomorrow.replace(hour=7, minute=30, second=0, microsecond=0)
    used_slugs: set[str] = set()
    used_headlines: set[str] = set()
    plans = []
    for index, (template, status, authors) in enumerate(slots):
        fill, headline = _fresh_fill(template, rng, used_headlines)
        published_at: datetime | None = None
        if status == Article.Status.PUBLISHED:
            published_at = _working_hours(
                now - timedelta(hours=1) - step * index, rng, latest=now - timedelta(hours=1)
            )
        elif status == Article.Status.SCHEDULED:
            published_at = scheduled_at
        plans.append(
            StoryPlan(
                slug=_unique_slug(headline, used_slugs),
                headline=headline,
                standfirst=template.standfirst.format_map(fill),
                body="\n".join(part.format_map(fill) for part in template.paragraphs),
                section=template.section,
                tags=template.tags,
                authors=authors or _bylines(template, rng),
                status=status,
                published_at=published_at,
                scene=template.scene,
                picture_seed=rng.randrange(1_000_000),
                caption=template.caption.format_map(fill),
                credit=f"{rng.choice(content.PHOTOGRAPHERS)} / {content.PAPER}",
            )
        )
    return plans


def _working_hours(moment: datetime, rng: random.Random, *, latest: datetime) -> datetime:
    """A time on the same local day as `moment` between 07:00 and 21:00, as a newsroom
    publishes; `moment` itself when that time would be later than `latest`."""
    local = timezone.localtime(moment)
    day_time = local.replace(hour=rng.randint(7, 20), minute=rng.randint(0, 59))
    chosen = day_time if day_time <= latest else local
    return chosen.replace(second=0, microsecond=0)


def _fresh_fill(
    template: content.StoryTemplate, rng: random.Random, used_headlines: set[str]
) -> tuple[dict[str, str], str]:
    """Draw substitutions until the headline differs from every earlier one: the same draw
    twice would read as a duplicate story."""
    for _attempt in range(50):
        fill = _fill(template, rng)
        headline = template.headline.format_map(fill)
        if headline not in used_headlines:
            used_headlines.add(headline)
            return fill, headline
    raise ValueError(f"Demo template {template.key!r} needs more variety in its headline.")


def _fill(template: content.StoryTemplate, rng: random.Random) -> dict[str, str]:
    district, district2 = rng.sample(content.DISTRICTS, 2)
    firsts = rng.sample(content.FIRST_NAMES, 5)
    lasts = rng.sample(content.LAST_NAMES, 5)
    people = [f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)]
    fill = {
        "city": content.CITY,
        "district": district,
        "district2": district2,
        "street": rng.choice(content.STREETS),
        "business": rng.choice(content.BUSINESSES),
        "weekday": rng.choice(content.WEEKDAYS),
        "person": people[0],
        "person_last": lasts[0],
        "person2": people[1],
        "councillor": f"Councillor {people[2]}",
        "councillor_last": f"Councillor {lasts[2]}",
        "councillor2": f"Councillor {people[3]}",
        "official": people[4],
    }
    for name, (low, high) in template.numbers.items():
        fill[name] = f"{rng.randint(low, high):,}"
    for name, options in template.choices.items():
        fill[name] = rng.choice(options)
    return fill


def _bylines(template: content.StoryTemplate, rng: random.Random) -> tuple[str, ...]:
    if template.wire:
        return (content.WIRE_AGENCY,)
    staff = [author for author in content.AUTHORS if author.slug != content.WIRE_AGENCY]
    first = rng.choice([author for author in staff if template.section in author.sections])
    if rng.random() < 0.25:
        second = rng.choice([author for author in staff if author is not first])
        return (first.slug, second.slug)
    return (first.slug,)


def _unique_slug(headline: str, used: set[str]) -> str:
    base = slugify(headline)[:190]
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug


def ensure_sections() -> dict[str, Section]:
    sections = {}
    for order, spec in enumerate(content.SECTIONS):
        sections[spec.slug], _ = Section.objects.get_or_create(
            slug=spec.slug,
            defaults={"name": spec.name, "description": spec.description, "order": order},
        )
    return sections


def ensure_staff() -> dict[str, User]:
    """The demo staff accounts (development only), each in the Group named by its role when
    that group exists; the chief editor is also a superuser."""
    users = {}
    for spec in content.STAFF:
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "display_name": spec.display_name,
                "is_staff": True,
                "is_superuser": spec.is_superuser,
            },
        )
        if created:
            user.set_password(content.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # Staff set up by a trusted person sign in without a verification round trip.
        record_verified_email(user=user)
        group = Group.objects.filter(name=spec.role).first()
        if group is not None:
            user.groups.add(group)
        users[spec.email] = user
    return users


def ensure_authors(users: dict[str, User]) -> dict[str, Author]:
    authors = {}
    for spec in content.AUTHORS:
        authors[spec.slug], _ = Author.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "bio": spec.bio,
                "user": users.get(spec.user_email) if spec.user_email else None,
            },
        )
    return authors


def ensure_story(
    plan: StoryPlan,
    *,
    sections: dict[str, Section],
    authors: dict[str, Author],
    photo_size: tuple[int, int] | None = None,
) -> bool:
    """Create the story `plan` describes, with its lede photo, bylines and tags, unless a
    story with its slug exists. Return whether it was created."""
    if Article.objects.filter(slug=plan.slug).exists():
        return False
    picture = paint_picture(
        scene=plan.scene,
        seed=plan.picture_seed,
        size=photo_size or settings.DEMO_PHOTO_SIZE,
    )
    with transaction.atomic():
        # Assigned rather than `photo.image.save(..., save=False)`: on that path Django reads
        # the dimensions from the already-consumed content and leaves width/height empty.
        photo = Photo.objects.create(
            image=ContentFile(picture.jpeg, name=f"{plan.slug[:60]}.jpg"),
            caption=plan.caption,
            credit=plan.credit,
            alt_text=picture.alt_text,
        )
        article = Article.objects.create(
            slug=plan.slug,
            headline=plan.headline,
            standfirst=plan.standfirst,
            body=plan.body,
            section=sections[plan.section],
            lede_photo=photo,
            status=plan.status,
            published_at=plan.published_at,
            # The first byline's staff account owns the story (contributors see their own).
            created_by=authors[plan.authors[0]].user,
        )
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=authors[slug], order=order)
            for order, slug in enumerate(plan.authors)
        )
        article.tags.add(*plan.tags)
        if plan.published_at is not None:
            # A demo story was written before it went out and not touched since; without this
            # every old story would show an "updated" time of the moment the demo was loaded.
            Article.objects.filter(pk=article.pk).update(
                created_at=plan.published_at - timedelta(hours=2), updated_at=plan.published_at
            )
    return True


def login_table() -> str:
    """The demo staff logins as an aligned, indented table for the `make run` banner."""
    width = max(len(spec.email) for spec in content.STAFF)
    lines = [f"  Demo staff logins (development only), password {content.DEMO_PASSWORD}:"]
    lines += [f"    {spec.email:<{width}}  {spec.role}" for spec in content.STAFF]
    return "\n".join(lines)
