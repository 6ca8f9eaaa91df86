"""The role × action matrix, exercised through the admin as a browser would: every allowed
cell works, every denied cell is refused and leaves the database exactly as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from articles.models import Article, ArticleAuthor, AuditEntry, Correction
from tests.factories import ArticleFactory, StaffFactory

from .conftest import make_member, story_form_data

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ("anonymous", "contributor", "editor", "chief")
ALLOWED = {
    "add": {"contributor", "editor", "chief"},
    "edit own": {"contributor", "editor", "chief"},
    "edit other's": {"editor", "chief"},
    "submit": {"contributor", "editor", "chief"},
    "request changes": {"editor", "chief"},
    "publish": {"editor", "chief"},
    "schedule": {"editor", "chief"},
    "unpublish": {"editor", "chief"},
    "correct": {"editor", "chief"},
    "delete": {"editor", "chief"},
    "manage users and roles": {"chief"},
}


def snapshot() -> dict:
    """Every row an action of the matrix could touch."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "bylines": list(ArticleAuthor.objects.order_by("pk").values()),
        "audit": list(AuditEntry.objects.order_by("pk").values()),
        "corrections": list(Correction.objects.order_by("pk").values()),
        "history": list(Article.history.order_by("history_id").values("history_id")),
        "users": list(User.objects.order_by("pk").values("pk", "is_staff", "is_superuser")),
        "memberships": list(
            User.groups.through.objects.order_by("pk").values("user_id", "group_id")
        ),
    }


def workflow_url(article: Article, step: str) -> str:
    return reverse("admin:articles_article_workflow", args=[article.pk, step])


class World:
    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.writer = make_member("contributor", display_name="Wren Writer")
        owner = actor or self.writer
        self.own = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=owner)
        self.others = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=self.writer)
        self.in_review = ArticleFactory(
            status=Status.IN_REVIEW, published_at=None, created_by=self.writer
        )
        self.live = ArticleFactory(created_by=self.writer)
        self.target_user = StaffFactory(email="new.reporter@example.org")


def do_add(client, world):
    client.post(reverse("admin:articles_article_add"), story_form_data())


def done_add(world):
    return Article.objects.filter(slug="ferry-timetable-cut").exists()


def do_edit_own(client, world):
    client.post(
        reverse("admin:articles_article_change", args=[world.own.pk]),
        story_form_data(world.own, headline="Edited headline"),
    )


def done_edit_own(world):
    return Article.objects.get(pk=world.own.pk).headline == "Edited headline"


def do_edit_others(client, world):
    client.post(
        reverse("admin:articles_article_change", args=[world.others.pk]),
        story_form_data(world.others, headline="Edited headline"),
    )


def done_edit_others(world):
    return Article.objects.get(pk=world.others.pk).headline == "Edited headline"


def do_submit(client, world):
    client.post(workflow_url(world.own, "submit"))


def done_submit(world):
    return Article.objects.get(pk=world.own.pk).status == Status.IN_REVIEW


def do_request_changes(client, world):
    client.post(workflow_url(world.in_review, "request-changes"), {"note": "Add a source."})


def done_request_changes(world):
    return Article.objects.get(pk=world.in_review.pk).status == Status.CHANGES_REQUESTED


def do_publish(client, world):
    client.post(workflow_url(world.in_review, "publish"))


def done_publish(world):
    return Article.objects.get(pk=world.in_review.pk).status == Status.PUBLISHED


def do_schedule(client, world):
    at = timezone.localtime() + timedelta(days=1)
    client.post(workflow_url(world.in_review, "schedule"), {"at": at.strftime("%Y-%m-%dT%H:%M")})


def done_schedule(world):
    return Article.objects.get(pk=world.in_review.pk).status == Status.SCHEDULED


def do_unpublish(client, world):
    client.post(workflow_url(world.live, "unpublish"), {"note": "Legal complaint."})


def done_unpublish(world):
    return Article.objects.get(pk=world.live.pk).status == Status.UNPUBLISHED


def do_correct(client, world):
    client.post(
        workflow_url(world.live, "correct"), {"kind": "correction", "note": "The vote was 7-2."}
    )


def done_correct(world):
    return world.live.corrections.exists()


def do_delete(client, world):
    client.post(reverse("admin:articles_article_delete", args=[world.own.pk]), {"post": "yes"})


def done_delete(world):
    return not Article.objects.filter(pk=world.own.pk).exists()


def do_manage_users(client, world):
    user = world.target_user
    client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "display_name": user.display_name,
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name="Editor").pk],
            "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
            "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        },
    )


def done_manage_users(world):
    return world.target_user.groups.filter(name="Editor").exists()


ACTIONS = {
    "add": (do_add, done_add),
    "edit own": (do_edit_own, done_edit_own),
    "edit other's": (do_edit_others, done_edit_others),
    "submit": (do_submit, done_submit),
    "request changes": (do_request_changes, done_request_changes),
    "publish": (do_publish, done_publish),
    "schedule": (do_schedule, done_schedule),
    "unpublish": (do_unpublish, done_unpublish),
    "correct": (do_correct, done_correct),
    "delete": (do_delete, done_delete),
    "manage users and roles": (do_manage_users, done_manage_users),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_action_matrix(client, role, action):
    actor = None if role == "anonymous" else make_member(role)
    world = World(actor)
    if actor:
        client.force_login(actor)
    perform, happened = ACTIONS[action]
    before = snapshot()

    perform(client, world)

    if role in ALLOWED[action]:
        assert happened(world), f"{role} should be able to {action}"
    else:
        assert not happened(world)
        assert snapshot() == before, f"{role} was refused {action} but rows changed"


def test_every_action_of_the_matrix_has_an_expectation():
    assert set(ACTIONS) == set(ALLOWED)
