"""Newsroom roles as users, and helpers to post the admin's story form."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from articles.models import Article
from tests.factories import StaffFactory

ROLE_GROUPS = {"contributor": "Contributor", "editor": "Editor", "chief": "Chief editor"}


def ensure_roles() -> None:
    """Create the role groups as the data migration does. A transactional test (browser
    journeys) flushes every table, groups included, so tests cannot rely on the migration
    having left them."""
    if Group.objects.filter(name__in=ROLE_GROUPS.values()).count() < len(ROLE_GROUPS):
        importlib.import_module("articles.migrations.0003_workflow_roles").create_roles(apps, None)


@pytest.fixture
def roles(db):
    ensure_roles()


def make_member(role: str, **kwargs: Any):
    ensure_roles()
    user = StaffFactory(**kwargs)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture
def contributor(db):
    return make_member("contributor", display_name="Cora Contributor")


@pytest.fixture
def other_contributor(db):
    return make_member("contributor", display_name="Otto Other")


@pytest.fixture
def editor(db):
    return make_member("editor", display_name="Edie Editor")


@pytest.fixture
def chief(db):
    return make_member("chief", display_name="Chiara Chief")


def story_form_data(article: Article | None = None, **overrides: Any) -> dict[str, Any]:
    """What the admin's story form posts for `article` (a new story when None)."""
    bylines = list(article.bylines.all()) if article else []
    data: dict[str, Any] = {
        "headline": article.headline if article else "Ferry timetable cut for winter",
        "slug": article.slug if article else "ferry-timetable-cut",
        "standfirst": article.standfirst if article else "Two sailings a day go.",
        "body": article.body if article else "<p>The operator confirmed it.</p>",
        "lede_photo": (article.lede_photo_id or "") if article else "",
        "lede_caption": article.lede_caption if article else "",
        "section": (article.section_id or "") if article else "",
        "tags": "",
        "language": "en",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "expected_version": article.version if article else "",
        "bylines-TOTAL_FORMS": len(bylines),
        "bylines-INITIAL_FORMS": len(bylines),
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
    }
    for index, byline in enumerate(bylines):
        data[f"bylines-{index}-id"] = byline.pk
        data[f"bylines-{index}-article"] = article.pk
        data[f"bylines-{index}-author"] = byline.author_id
        data[f"bylines-{index}-order"] = byline.order
    data.update(overrides)
    return data
