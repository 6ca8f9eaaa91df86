import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_three_roles_exist():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Contributor", "Editor", "Chief editor"} <= names


def test_contributor_writes_but_cannot_publish_review_delete_or_see_users():
    granted = perms("Contributor")
    assert {"articles.add_article", "articles.change_article"} <= granted
    forbidden = {
        "articles.publish_article",
        "articles.review_article",
        "articles.edit_any_article",
        "articles.manage_corrections",
        "articles.delete_article",
        "accounts.view_user",
    }
    assert not granted & forbidden


def test_editor_has_every_story_power_but_no_user_powers():
    granted = perms("Editor")
    assert {
        "articles.publish_article",
        "articles.review_article",
        "articles.edit_any_article",
        "articles.manage_corrections",
        "articles.change_section",
        "articles.change_author",
        "articles.change_photo",
        "taggit.change_tag",
    } <= granted
    assert not {p for p in granted if p.startswith(("accounts.", "auth."))}


def test_only_the_chief_editor_manages_users():
    chief = perms("Chief editor")
    assert perms("Editor") < chief
    assert chief - perms("Editor") == {
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "auth.view_group",
    }
