"""Hand-made or mangled admin addresses and posts get a page, never a 500."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.admin_guards import GuardedAdminMixin
from articles.models import Article
from tests.articles.conftest import story_form_data
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
OUR_APPS = ("accounts", "articles", "newsletter", "donations", "newsroom")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def our_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ]


def test_every_admin_of_ours_and_its_inlines_are_guarded():
    for model_admin in our_admins():
        assert isinstance(model_admin, GuardedAdminMixin), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline, GuardedAdminMixin), inline


@pytest.mark.parametrize(
    "query",
    [
        "{field}__year=9999",
        "{field}__year=9999&{field}__month=12",
        "{field}__year=9999&{field}__month=12&{field}__day=31",
    ],
)
@pytest.mark.parametrize(
    "model_admin",
    [model_admin for model_admin in our_admins() if model_admin.date_hierarchy],
    ids=str,
)
def test_date_hierarchy_at_the_end_of_the_calendar_answers_like_a_bad_filter(
    admin_client, model_admin, query
):
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin_client.get(f"{url}?{query.format(field=model_admin.date_hierarchy)}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "field, value",
    [
        ("lede_photo", "abc"),
        ("lede_photo", "99999999999999999999"),
        ("section", "1.5"),
        ("bylines-0-author", "abc"),
    ],
)
def test_story_form_with_a_mangled_autocomplete_value_keeps_the_editors_text(
    admin_client, field, value
):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    typed = "<p>Three paragraphs the editor wrote this morning.</p>"
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        story_form_data(story, body=typed, **{field: value}),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Three paragraphs the editor wrote this morning." in response.text
    assert Article.objects.get(pk=story.pk).body != typed


def test_search_ignores_nul_characters(admin_client):
    story = ArticleFactory(headline="Harbour wall repaired")
    url = reverse("admin:articles_article_changelist")
    assert story.headline in admin_client.get(url, {"q": "wall\x00"}).text
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "wall\x00",
            "app_label": "newsroom",
            "model_name": "frontpagepin",
            "field_name": "article",
        },
    ).json()
    assert [row["text"] for row in found["results"]] == [story.headline]
